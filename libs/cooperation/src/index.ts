export * from './cooperation.module';
export * from './cooperation-model';
export * from './initiatives.public';
export * from './participation.public';
export * from './outcomes.public';
export * from './directory.public';
export * from './reporting.public';
export type { Initiative, InitiativeAgendaItem, InitiativeLink, Membership } from './entities/initiative.entity';
export type {
  ActionItem,
  ActionItemUpdate,
  Attendance,
  InitiativeFollowUp,
  Material,
  OutcomeReport,
  Participant,
} from './entities/record.entity';
export type { DirectoryConsent, DirectoryEntry } from './entities/directory.entity';
export * from './personal-data';
