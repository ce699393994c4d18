import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AssessmentsModule } from '@probity/assessments';
import { CohortsModule } from '@probity/cohorts';
import { CertificatesModule } from '@probity/certificates';
import { DatabaseModule, validateEnv } from '@probity/database';
import { FollowUpsModule } from '@probity/evaluation';
import { IndicatorsModule } from '@probity/evaluation';
import { AssistanceFollowUpsModule } from './assistance-follow-ups.processor';
import { CooperationFollowUpsModule } from './cooperation-follow-ups.processor';
import { AttemptsProcessor } from './attempts.processor';
import { CertificatesProcessor } from './certificates.processor';
import { FollowUpsProcessor } from './follow-ups.processor';
import { HealthProcessor } from './health.processor';
import { IndicatorsProcessor } from './indicators.processor';
import { NotificationsProcessor } from './notifications.processor';
import { PrivacyModule } from '@probity/privacy';
import { PrivacyExportsProcessor } from './privacy-exports.processor';
import { PrivacyRetentionProcessor } from './privacy-retention.processor';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, validate: validateEnv, ignoreEnvFile: true, cache: true }),
    DatabaseModule,
    CohortsModule,
    AssessmentsModule,
    CertificatesModule,
    FollowUpsModule,
    IndicatorsModule,
    AssistanceFollowUpsModule,
    CooperationFollowUpsModule,
    PrivacyModule,
  ],
  providers: [
    HealthProcessor,
    NotificationsProcessor,
    AttemptsProcessor,
    CertificatesProcessor,
    FollowUpsProcessor,
    IndicatorsProcessor,
    PrivacyExportsProcessor,
    PrivacyRetentionProcessor,
  ],
})
export class WorkerModule {}
