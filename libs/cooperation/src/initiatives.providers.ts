import type { Provider } from '@nestjs/common';
import { InitiativeAccessService } from './initiative-access.service';
import { InitiativeMembersService } from './initiative-members.service';
import { InitiativesService } from './initiatives.service';
import { MaterialsService } from './materials.service';
import { InitiativesRepository } from './repositories/initiatives.repository';

/** The initiatives part of the cooperation context: services exported, repositories kept inside. */
export const INITIATIVES_SERVICES: Provider[] = [InitiativeAccessService, InitiativesService, InitiativeMembersService, MaterialsService];
export const INITIATIVES_REPOSITORIES: Provider[] = [InitiativesRepository];
