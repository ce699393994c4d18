import type { Provider } from '@nestjs/common';
import { ActionItemsService, InitiativeStandingService } from './action-items.service';
import { CooperationFollowUpsService } from './cooperation-follow-ups.service';
import { CooperationOutcomesService } from './outcomes.service';
import { CooperationOutcomesRepository } from './repositories/outcomes.repository';

/** The outcomes part of the cooperation context: services exported, repositories kept inside. */
export const OUTCOMES_SERVICES: Provider[] = [
  InitiativeStandingService,
  ActionItemsService,
  CooperationOutcomesService,
  CooperationFollowUpsService,
];
export const OUTCOMES_REPOSITORIES: Provider[] = [CooperationOutcomesRepository];
