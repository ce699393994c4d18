import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AssessmentsModule } from '@probity/assessments';
import { CohortsModule } from '@probity/cohorts';
import { DatabaseModule, JobQueue, validateEnv } from '@probity/database';
import { AttemptsProcessor } from './attempts.processor';
import { HealthProcessor } from './health.processor';
import { NotificationsProcessor } from './notifications.processor';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, validate: validateEnv, ignoreEnvFile: true, cache: true }),
    DatabaseModule,
    CohortsModule,
    AssessmentsModule,
  ],
  providers: [JobQueue, HealthProcessor, NotificationsProcessor, AttemptsProcessor],
})
export class WorkerModule {}
