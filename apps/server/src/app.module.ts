import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { DatabaseModule, validateEnv } from '@probity/database';
import { AssessmentsModule } from '@probity/assessments';
import { CertificatesModule } from '@probity/certificates';
import { CohortsModule } from '@probity/cohorts';
import { CoursesModule } from '@probity/courses';
import { EvaluationModule } from '@probity/evaluation';
import { FollowUpsModule } from '@probity/evaluation';
import { IndicatorsModule } from '@probity/evaluation';
import { AssistanceModule } from '@probity/assistance';
import { CooperationModule } from '@probity/cooperation';
import { PrivacyModule } from '@probity/privacy';
import { PrivacyNoticesController } from './api/privacy-notices.controller';
import { PrivacyExportsController } from './api/privacy-exports.controller';
import { PrivacyErasureController } from './api/privacy-erasure.controller';
import { PrivacyRetentionController } from './api/privacy-retention.controller';
import { PrivacyErasurePages } from './pages/privacy-erasure.pages';
import { PrivacyRetentionPages } from './pages/privacy-retention.pages';
import { PrivacyNoticesPages } from './pages/privacy-notices.pages';
import { IdentityModule } from '@probity/identity';
import { JobsModule } from '@probity/jobs';
import { AcademiesController } from './api/academies.controller';
import { AuditController } from './api/audit.controller';
import { AssistanceInstitutionsController } from './api/assistance-institutions.controller';
import { AssistanceRequestsController } from './api/assistance-requests.controller';
import { AssistanceMissionsController } from './api/assistance-missions.controller';
import { AssistanceExpertsController, AssistanceMatchesController } from './api/assistance-experts.controller';
import { AssistanceOutcomesController } from './api/assistance-outcomes.controller';
import { ActionItemsController } from './api/action-items.controller';
import { DirectoryController } from './api/directory.controller';
import { PrivacyRegisterController } from './api/privacy-register.controller';
import { AssessmentsController } from './api/assessments.controller';
import { CertificatesController } from './api/certificates.controller';
import { AuthController } from './api/auth.controller';
import { CohortsController, MyCohortsController } from './api/cohorts.controller';
import { CoursesController } from './api/courses.controller';
import { FontsController } from './api/fonts.controller';
import { FollowUpsController } from './api/follow-ups.controller';
import { HealthController } from './api/health.controller';
import { IndicatorsController } from './api/indicators.controller';
import { ReportsController } from './api/reports.controller';
import { AssistanceReportsController } from './api/assistance-reports.controller';
import { InitiativesController } from './api/initiatives.controller';
import { InitiativesRecordController } from './api/initiatives-record.controller';
import { InitiativesPages } from './pages/initiatives.pages';
import { InitiativesReportsController } from './api/initiatives-reports.controller';
import { CohortSurveysController, SurveyTemplatesController } from './api/surveys.controller';
import { UsersController } from './api/users.controller';
import { BootstrapService } from './bootstrap.service';
import { AdminPages } from './pages/admin.pages';
import { AssistanceExpertsPages } from './pages/assistance-experts.pages';
import { AttemptPages } from './pages/attempt.pages';
import { BankPages } from './pages/bank.pages';
import { GradingPages } from './pages/grading.pages';
import { CertificateDesignPages } from './pages/certificate-design.pages';
import { CertificatesPages } from './pages/certificates.pages';
import { AuthPages } from './pages/auth.pages';
import { AssistanceRequestsPages } from './pages/assistance-requests.pages';
import { AssistanceMissionsPages } from './pages/assistance-missions.pages';
import { AssistanceOutcomesPages } from './pages/assistance-outcomes.pages';
import { CooperationOutcomesPages } from './pages/cooperation-outcomes.pages';
import { DirectoryPages } from './pages/directory.pages';
import { PrivacyRegisterPages } from './pages/privacy-register.pages';
import { CohortOverviewPage } from './pages/cohort-overview.page';
import { CohortRosterPages } from './pages/cohort-roster.pages';
import { CohortSessionsPages } from './pages/cohort-sessions.pages';
import { CohortsPages } from './pages/cohorts.pages';
import { CourseContentPages } from './pages/course-content.pages';
import { CourseTranslationPages } from './pages/course-translation.pages';
import { CoursesPages } from './pages/courses.pages';
import { DashboardPages } from './pages/dashboard.pages';
import { FollowUpLinkPages } from './pages/follow-up-link.pages';
import { FollowUpsPages } from './pages/follow-ups.pages';
import { InboxPages } from './pages/inbox.pages';
import { IndicatorsPages } from './pages/indicators.pages';
import { LearnPages } from './pages/learn.pages';
import { ReportsPages } from './pages/reports.pages';
import { AssistanceDashboardPages } from './pages/assistance-dashboard.pages';
import { CooperationReportsPages } from './pages/cooperation-reports.pages';
import { SurveysPages } from './pages/surveys.pages';
import { SurveyTemplatesPages } from './pages/survey-templates.pages';
import { VerifyPages } from './pages/verify.pages';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, validate: validateEnv, ignoreEnvFile: true, cache: true }),
    DatabaseModule,
    IdentityModule,
    CoursesModule,
    CohortsModule,
    AssessmentsModule,
    CertificatesModule,
    EvaluationModule,
    FollowUpsModule,
    IndicatorsModule,
    AssistanceModule,
    CooperationModule,
    PrivacyModule,
    JobsModule,
    TerminusModule,
  ],
  controllers: [
    HealthController,
    AuthController,
    CoursesController,
    CohortsController,
    AssessmentsController,
    CertificatesController,
    MyCohortsController,
    AcademiesController,
    UsersController,
    AuditController,
    ReportsController,
    AssistanceReportsController,
    InitiativesReportsController,
    SurveyTemplatesController,
    CohortSurveysController,
    FollowUpsController,
    IndicatorsController,
    AssistanceRequestsController,
    AssistanceInstitutionsController,
    AssistanceExpertsController,
    AssistanceMatchesController,
    AssistanceOutcomesController,
    AssistanceMissionsController,
    InitiativesController,
    InitiativesRecordController,
    ActionItemsController,
    DirectoryController,
    PrivacyRegisterController,
    PrivacyNoticesController,
    PrivacyExportsController,
    PrivacyErasureController,
    PrivacyRetentionController,
    FontsController,
    AuthPages,
    DashboardPages,
    AdminPages,
    CoursesPages,
    CourseContentPages,
    CourseTranslationPages,
    CohortsPages,
    CohortRosterPages,
    CohortSessionsPages,
    InboxPages,
    AttemptPages,
    GradingPages,
    BankPages,
    CertificatesPages,
    CertificateDesignPages,
    VerifyPages,
    LearnPages,
    ReportsPages,
    AssistanceDashboardPages,
    CooperationReportsPages,
    SurveysPages,
    SurveyTemplatesPages,
    FollowUpsPages,
    FollowUpLinkPages,
    IndicatorsPages,
    AssistanceRequestsPages,
    AssistanceMissionsPages,
    AssistanceExpertsPages,
    AssistanceOutcomesPages,
    InitiativesPages,
    CooperationOutcomesPages,
    DirectoryPages,
    PrivacyRegisterPages,
    PrivacyNoticesPages,
    PrivacyErasurePages,
    PrivacyRetentionPages,
  ],
  providers: [BootstrapService, CohortOverviewPage],
})
export class AppModule {}
