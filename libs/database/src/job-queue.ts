import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PgBoss, type QueueOptions, type SendOptions } from 'pg-boss';
import type { EntityManager } from 'typeorm';
import { poolTimeouts } from './options';

/** Queues in the same PostgreSQL (pg-boss, schema `pgboss`): the server sends, the worker works. */
export const QUEUES = {
  health: 'probity.health',
  notifications: 'probity.notifications',
  attempts: 'probity.attempts',
  certificates: 'probity.certificates',
  followUps: 'probity.follow-ups',
  indicators: 'probity.indicators',
  privacyRetention: 'probity.privacy-retention',
} as const;

/**
 * Each queue's own settings (pg-boss applies them to every job sent to it). A certificate job is
 * resumable (learners already certified are skipped), so it is retried: a worker that stops sending
 * heartbeats (killed) loses it to another worker within `heartbeatSeconds` plus the monitor's round, and a
 * worker that stops (SIGTERM) hands it back at once.
 */
const QUEUE_OPTIONS: Partial<Record<string, QueueOptions>> = {
  [QUEUES.certificates]: { heartbeatSeconds: 30, retryLimit: 20, retryDelay: 0, expireInSeconds: 4 * 3600 },
};

/** Heartbeat expiry is found at most this long after it happens. */
const SUPERVISE_SECONDS = 15;

/** The states in which pg-boss will still run a message (now, or again after a failed attempt). */
const PENDING_STATES = new Set(['created', 'retry', 'active']);
const INSTALL_ATTEMPTS = 5;

/** A unique violation or "already exists" while creating pg-boss's schema: another process installed it at the same time. */
export function isInstallRace(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === '42P06' || code === '42P07' || code === '42710';
}

@Injectable()
export class JobQueue implements OnModuleDestroy {
  private readonly logger = new Logger('Jobs');
  private boss?: PgBoss;
  private starting?: Promise<PgBoss>;
  private readonly stop = new AbortController();

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
    // Processes starting together on a fresh database race to install pg-boss's schema. pg-boss takes an advisory
    // lock for it, but through PgBouncer in transaction mode the loser can still meet the winner's schema half-seen
    // ("duplicate key … pg_namespace_nspname_index", issue 12's cluster test, 9 of 14 runs): such a start is tried
    // again, and the second finds the schema installed.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.startOnce();
      } catch (error) {
        if (attempt >= INSTALL_ATTEMPTS || !isInstallRace(error)) throw error;
        this.logger.warn(`pg-boss's schema was being installed by another process (attempt ${attempt}); trying again`);
        await new Promise((resolve) => setTimeout(resolve, 250 * attempt + Math.floor(Math.random() * 250)));
      }
    }
  }

  private async startOnce(): Promise<PgBoss> {
    const boss = new PgBoss({
      connectionString: this.config.getOrThrow<string>('DATABASE_URL'),
      max: 4,
      // The app's pool's wait for a connection (PROBITY_DB_CONNECT_TIMEOUT_MS), not pg-boss's own 10 s: with
      // PostgreSQL down, enqueueing fails as fast as the app's queries do (503 + Retry-After), and so does start.
      connectionTimeoutMillis: poolTimeouts().connectionTimeoutMillis,
      // How often one of the processes looks for jobs whose heartbeat lapsed (default 60 s): a killed
      // worker's job is retried within `heartbeatSeconds` plus this, under a minute.
      superviseIntervalSeconds: SUPERVISE_SECONDS,
      monitorIntervalSeconds: SUPERVISE_SECONDS,
    });
    boss.on('error', (error: unknown) => this.logger.error(error instanceof Error ? error.message : String(error)));
    try {
      await boss.start();
      for (const name of Object.values(QUEUES)) {
        const options = QUEUE_OPTIONS[name];
        await boss.createQueue(name, options);
        // createQueue leaves an existing queue as it is: settings added later reach it through updateQueue.
        if (options) await boss.updateQueue(name, options);
      }
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

  /** Aborted when this process begins to stop: a running handler ends between two items and hands its job back. */
  get stopping(): AbortSignal {
    return this.stop.signal;
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

  /**
   * Whether pg-boss will still run the message `id` (queued, waiting for a retry, or held by a worker);
   * false when it failed for good, was cancelled or completed; undefined when no message has that id.
   */
  async pending(id: string): Promise<boolean | undefined> {
    const boss = await this.boss$();
    const { rows } = await boss.getDb().executeSql('SELECT state FROM pgboss.job WHERE id = $1', [id]);
    const [row] = rows as { state: string }[];
    return row ? PENDING_STATES.has(row.state) : undefined;
  }

  async onModuleDestroy(): Promise<void> {
    // Handlers watching `stopping` end within one item; the timeout only bounds one that does not.
    this.stop.abort();
    await this.boss?.stop({ graceful: true, timeout: 10_000 });
  }
}
