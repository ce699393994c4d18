import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@probity/audit';
import { CohortsModule } from '@probity/cohorts';
import { CoursesModule } from '@probity/courses';
import { IdentityModule } from '@probity/identity';
import { SupervisorContact } from './entities/follow-up-contact.entity';
import { FollowUpInvitation, FollowUpLink, FollowUpResponse } from './entities/follow-up-invitation.entity';
import { FollowUpWave } from './entities/follow-up-wave.entity';
import { SurveyTemplate, SurveyTemplateItem } from './entities/survey-template.entity';
import { FollowUpAnswersService } from './follow-up-answers.service';
import { FollowUpInvitationsService } from './follow-up-invitations.service';
import { FollowUpResultsService } from './follow-up-results.service';
import { FollowUpsService } from './follow-ups.service';
import { FollowUpMailRepository } from './repositories/follow-up-mail.repository';
import { FollowUpsRepository } from './repositories/follow-ups.repository';

const SERVICES = [FollowUpsService, FollowUpAnswersService, FollowUpResultsService, FollowUpInvitationsService];

/**
 * Follow-up waves of the evaluation context (Kirkpatrick levels 3/4, ADR 0010): schedules, supervisors, invitations
 * and their mails, answers, results. A module of its own beside `EvaluationModule` (the server and the worker import
 * both); it shares the survey templates' tables, where its questionnaires are templates of their own kinds. Cohorts
 * are asked who completed and when, courses for a course's title, identity for names; their tables are never read.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      FollowUpWave,
      SupervisorContact,
      FollowUpInvitation,
      FollowUpLink,
      FollowUpResponse,
      SurveyTemplate,
      SurveyTemplateItem,
    ]),
    AuditModule,
    IdentityModule,
    CohortsModule,
    CoursesModule,
  ],
  providers: [FollowUpsRepository, FollowUpMailRepository, ...SERVICES],
  exports: SERVICES,
})
export class FollowUpsModule {}
