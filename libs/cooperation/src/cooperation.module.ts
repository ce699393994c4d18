import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AssistanceModule } from '@probity/assistance';
import { AuditModule } from '@probity/audit';
import { CohortsModule } from '@probity/cohorts';
import { EvaluationModule } from '@probity/evaluation';
import { IdentityModule } from '@probity/identity';
import { DIRECTORY_REPOSITORIES, DIRECTORY_SERVICES } from './directory.providers';
import { DirectoryConsent, DirectoryEntry } from './entities/directory.entity';
import { Initiative, InitiativeLink, Membership } from './entities/initiative.entity';
import {
  ActionItem,
  ActionItemUpdate,
  Attendance,
  InitiativeFollowUp,
  Material,
  OutcomeReport,
  Participant,
} from './entities/record.entity';
import { INITIATIVES_REPOSITORIES, INITIATIVES_SERVICES } from './initiatives.providers';
import { OUTCOMES_REPOSITORIES, OUTCOMES_SERVICES } from './outcomes.providers';
import { PARTICIPATION_REPOSITORIES, PARTICIPATION_SERVICES } from './participation.providers';
import { REPORTING_REPOSITORIES, REPORTING_SERVICES } from './reporting.providers';

/**
 * Cooperation initiatives (issue 15, ADR 0013): events that bring agencies of several countries together, who took
 * part, agreed action items, outcomes reported back, and an opt-in directory of counterparts. Stands on assistance
 * (institutions, missions), cohorts, identity, evaluation and audit, through their services.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      Initiative,
      Membership,
      InitiativeLink,
      Participant,
      Attendance,
      Material,
      ActionItem,
      ActionItemUpdate,
      InitiativeFollowUp,
      OutcomeReport,
      DirectoryEntry,
      DirectoryConsent,
    ]),
    AuditModule,
    IdentityModule,
    CohortsModule,
    EvaluationModule,
    AssistanceModule,
  ],
  providers: [
    ...INITIATIVES_REPOSITORIES,
    ...INITIATIVES_SERVICES,
    ...PARTICIPATION_REPOSITORIES,
    ...PARTICIPATION_SERVICES,
    ...OUTCOMES_REPOSITORIES,
    ...OUTCOMES_SERVICES,
    ...DIRECTORY_REPOSITORIES,
    ...DIRECTORY_SERVICES,
    ...REPORTING_REPOSITORIES,
    ...REPORTING_SERVICES,
  ],
  exports: [...INITIATIVES_SERVICES, ...PARTICIPATION_SERVICES, ...OUTCOMES_SERVICES, ...DIRECTORY_SERVICES, ...REPORTING_SERVICES],
})
export class CooperationModule {}
