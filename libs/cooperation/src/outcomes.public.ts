// What the outcomes part of the cooperation context exports: action items, outcome reports and their follow-up.
export * from './dto/outcomes.dto';
export {
  ActionItemsService,
  InitiativeStandingService,
  type ActionItemDetails,
  type ActionItemView,
  type InitiativeStanding,
} from './action-items.service';
export { CooperationOutcomesService, type OutcomesView, type PendingWaveView } from './outcomes.service';
export { CooperationFollowUpsService, type CooperationFollowUpRun } from './cooperation-follow-ups.service';
export type { ActionItemRow, InitiativeFacts, PendingWave } from './repositories/outcomes.repository';
