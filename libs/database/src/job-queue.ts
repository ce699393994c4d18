import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PgBoss } from 'pg-boss';

/** Queues in the same PostgreSQL (pg-boss, schema `pgboss`): the server sends, the worker works. */
export const QUEUES = {
  health: 'probity.health',
  notifications: 'probity.notifications',
  attempts: 'probity.attempts',
  certificates: 'probity.certificates',
} as const;

@Injectable()
export class JobQueue implements OnModuleDestroy {
  private readonly logger = new Logger('Jobs');
  private boss?: PgBoss;
  private starting?: Promise<PgBoss>;

  constructor(private readonly config: ConfigService) {}

  /** Connects (and installs pg-boss's schema on first use) once; later calls share the connection. */
  async boss$(): Promise<PgBoss> {
    this.starting ??= (async () => {
      const boss = new PgBoss({ connectionString: this.config.getOrThrow<string>('DATABASE_URL'), max: 4 });
      boss.on('error', (error: unknown) => this.logger.error(error instanceof Error ? error.message : String(error)));
      await boss.start();
      for (const name of Object.values(QUEUES)) await boss.createQueue(name);
      this.boss = boss;
      return boss;
    })();
    return this.starting;
  }

  async send(name: string, data: object, options: { retryLimit?: number } = {}): Promise<string | null> {
    return (await this.boss$()).send(name, data, options);
  }

  async onModuleDestroy(): Promise<void> {
    await this.boss?.stop({ graceful: true, timeout: 10_000 });
  }
}
