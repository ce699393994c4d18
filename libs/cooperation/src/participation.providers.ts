import type { Provider } from '@nestjs/common';
import { InitiativeParticipationService } from './participation.service';
import { InitiativeParticipationRepository } from './repositories/participation.repository';

/** The participation part of the cooperation context: services exported, repositories kept inside. */
export const PARTICIPATION_SERVICES: Provider[] = [InitiativeParticipationService];
export const PARTICIPATION_REPOSITORIES: Provider[] = [InitiativeParticipationRepository];
