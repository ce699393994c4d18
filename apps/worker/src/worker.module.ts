import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { DatabaseModule, JobQueue, validateEnv } from '@probity/database';
import { HealthProcessor } from './health.processor';

@Module({
  imports: [ConfigModule.forRoot({ isGlobal: true, validate: validateEnv, ignoreEnvFile: true, cache: true }), DatabaseModule],
  providers: [JobQueue, HealthProcessor],
})
export class WorkerModule {}
