import { Global, Injectable, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { migrate } from './migrate';
import { JobQueue } from './job-queue';
import { databaseOptions } from './options';

@Injectable()
export class MigrationRunner implements OnModuleInit {
  private readonly logger = new Logger('Database');
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    const applied = await migrate(this.dataSource);
    if (applied.length) this.logger.log(`applied migrations: ${applied.join(', ')}`);
  }
}

/** The one DataSource of a process, migrated under an advisory lock before anything else starts. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({ ...databaseOptions(config.getOrThrow<string>('DATABASE_URL')), autoLoadEntities: true }),
    }),
  ],
  providers: [MigrationRunner, JobQueue],
  exports: [JobQueue],
})
export class DatabaseModule {}
