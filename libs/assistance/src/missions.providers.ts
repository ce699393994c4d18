import type { Provider } from '@nestjs/common';
import { MissionAccessService } from './mission-access.service';
import { MissionParticipantsService } from './mission-participants.service';
import { MissionsService } from './missions.service';
import { ParticipationService } from './participation.service';
import { MissionsRepository } from './repositories/missions.repository';
import { ParticipationRepository } from './repositories/participation.repository';

/** Missions, participants, attendance and certificates of participation (issue 14 point 4). */
export const MISSION_SERVICES: Provider[] = [MissionAccessService, MissionsService, MissionParticipantsService, ParticipationService];
export const MISSION_REPOSITORIES: Provider[] = [MissionsRepository, ParticipationRepository];
