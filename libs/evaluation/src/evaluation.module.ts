import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@probity/audit';
import { CohortsModule } from '@probity/cohorts';
import { IdentityModule } from '@probity/identity';
import { SurveyInvitation, SurveyResponse } from './entities/survey-answer.entity';
import { CohortSurvey } from './entities/survey-cohort.entity';
import { SurveyTemplate, SurveyTemplateItem } from './entities/survey-template.entity';
import { ReportsRepository } from './repositories/reports.repository';
import { SurveyAnswersRepository } from './repositories/survey-answers.repository';
import { SurveysRepository } from './repositories/surveys.repository';
import { ReportsService } from './reports.service';
import { SurveyAnswersService } from './survey-answers.service';
import { SurveyResultsService } from './survey-results.service';
import { SurveysService } from './surveys.service';

/** Reaction surveys (issue 13): templates, a cohort's survey, anonymous answers, results. */
const SURVEY_ENTITIES = [SurveyTemplate, SurveyTemplateItem, CohortSurvey, SurveyInvitation, SurveyResponse];
const SURVEY_REPOSITORIES = [SurveysRepository, SurveyAnswersRepository];
const SURVEY_SERVICES = [SurveysService, SurveyAnswersService, SurveyResultsService];
/** Training reports (issue 13, ADR 0010): one statement over the published `report_*` views, and its exports. */
const REPORT_PROVIDERS = [ReportsRepository, ReportsService];

/**
 * Evaluation and results (issue 13, ADR 0010): reaction surveys, follow-up waves, indicators and training reports.
 * It reads other contexts only through their services and the `report_*` views they publish. Repositories stay
 * inside the module.
 */
@Module({
  imports: [TypeOrmModule.forFeature([...SURVEY_ENTITIES]), AuditModule, IdentityModule, CohortsModule],
  providers: [...SURVEY_REPOSITORIES, ...SURVEY_SERVICES, ...REPORT_PROVIDERS],
  exports: [...SURVEY_SERVICES, ReportsService],
})
export class EvaluationModule {}
