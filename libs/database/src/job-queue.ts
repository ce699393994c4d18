import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PgBoss, type QueueOptions, type SendOptions } from 'pg-boss';
import type { EntityManager } from 'typeorm';

/** Queues in the same PostgreSQL (pg-boss, schema `pgboss`): the server sends, the worker works. */
export const QUEUES = {
  health: 'probity.health',
  notifications: 'probity.notifications',
  attempts: 'probity.attempts',
  certificates: 'probity.certificates',
} as const;

/** Each queue's own settings (pg-boss applies them to every job sent to it). */
const QUEUE_OPTIONS: Partial<Record<string, QueueOptions>> = {};

@Injectable()
export class JobQueue implements OnModuleDestroy {
  private readonly logger = new Logger('Jobs');
  private boss?: PgBoss;
  private starting?: Promise<PgBoss>;

  constructor(private readonly config: ConfigService) {}

  /**
   * Connects (and installs pg-boss's schema on first use) once; later calls share the connection.
   * A start that fails is forgotten, so the next call tries again: one refused connection while
   * PostgreSQL restarts must not leave this process unable to queue anything until it is restarted.
   */
  boss$(): Promise<PgBoss> {
    this.starting ??= this.start().catch((error: unknown) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  private async start(): Promise<PgBoss> {
    const boss = new PgBoss({ connectionString: this.config.getOrThrow<string>('DATABASE_URL'), max: 4 });
    boss.on('error', (error: unknown) => this.logger.error(error instanceof Error ? error.message : String(error)));
    try {
      await boss.start();
      for (const name of Object.values(QUEUES)) await boss.createQueue(name, QUEUE_OPTIONS[name]);
    } catch (error) {
      await boss.stop({ graceful: false, close: true }).catch(() => undefined);
      throw error;
    }
    this.boss = boss;
    return boss;
  }

  /** Whether this process has a started queue (for readiness). */
  get started(): boolean {
    return this.boss !== undefined;
  }

  async send(name: string, data: object, options: SendOptions = {}): Promise<string | null> {
    return (await this.boss$()).send(name, data, options);
  }

  /**
   * Sends inside the caller's transaction: the message exists if and only if the transaction
   * commits, so a job's row and its queue message are never one without the other.
   */
  async sendIn(manager: EntityManager, name: string, data: object, options: SendOptions = {}): Promise<string | null> {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) throw new Error('JobQueue.sendIn needs a transaction');
    const db = { executeSql: async (text: string, values?: unknown[]) => ({ rows: (await runner.query(text, values, true)).records }) };
    return (await this.boss$()).send(name, data, { ...options, db });
  }

  async onModuleDestroy(): Promise<void> {
    await this.boss?.stop({ graceful: true, timeout: 10_000 });
  }
}
