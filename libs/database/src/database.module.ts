import { Global, Injectable, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource, TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { migrate } from './migrate';
import { JobQueue } from './job-queue';
import { databaseOptions } from './options';
import { ReadReplica } from './read-replica';
import { Readiness } from './readiness';
import { verifySharedSecret } from './settings';
import { WorkerHeartbeat } from './worker-heartbeat';

@Injectable()
export class MigrationRunner implements OnModuleInit {
  private readonly logger = new Logger('Database');
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ConfigService,
  ) {}

  async onModuleInit(): Promise<void> {
    const applied = await migrate(this.dataSource);
    if (applied.length) this.logger.log(`applied migrations: ${applied.join(', ')}`);
    // Every server and worker of this database must share PROBITY_SECRET: a mismatch stops start-up here.
    await verifySharedSecret(this.dataSource, this.config.getOrThrow<string>('PROBITY_SECRET'));
  }
}

/**
 * The one DataSource of a process, migrated under an advisory lock before anything else starts, and checked to
 * share PROBITY_SECRET with the other processes (server and worker alike: both import this module). Beside it,
 * ReadReplica: a pool on the read replica when PROBITY_DATABASE_REPLICA_URL is set (opened on first use).
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({ ...databaseOptions(config.getOrThrow<string>('DATABASE_URL')), autoLoadEntities: true }),
    }),
  ],
  providers: [
    MigrationRunner,
    JobQueue,
    Readiness,
    WorkerHeartbeat,
    {
      // The streaming replica for reads that tolerate lag (PROBITY_DATABASE_REPLICA_URL; unset: the primary).
      provide: ReadReplica,
      inject: [getDataSourceToken(), ConfigService],
      useFactory: (dataSource: DataSource, config: ConfigService) =>
        new ReadReplica(dataSource, config.get<string>('PROBITY_DATABASE_REPLICA_URL')),
    },
  ],
  exports: [JobQueue, Readiness, WorkerHeartbeat, ReadReplica],
})
export class DatabaseModule {}
