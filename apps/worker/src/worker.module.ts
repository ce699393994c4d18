import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { DatabaseModule, JobQueue, validateEnv } from '@probity/database';
import { CohortsModule } from '@probity/cohorts';
import { HealthProcessor } from './health.processor';
import { NotificationsProcessor } from './notifications.processor';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, validate: validateEnv, ignoreEnvFile: true, cache: true }),
    DatabaseModule,
    CohortsModule,
  ],
  providers: [JobQueue, HealthProcessor, NotificationsProcessor],
})
export class WorkerModule {}
