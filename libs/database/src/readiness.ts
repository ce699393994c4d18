import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { JobQueue } from './job-queue';
import { ReadReplica } from './read-replica';
import { WorkerHeartbeat } from './worker-heartbeat';

export interface ReadinessReport {
  ready: boolean;
  /** Whether the database answers a query within the check's time. */
  db: 'up' | 'down';
  /** Whether every migration this version knows is applied. */
  migrations: 'applied' | 'pending' | 'unknown';
  /** Whether this process's job queue is started (started now if it was not yet). */
  queue: 'up' | 'down';
  /** Set once SIGTERM arrived: the process finishes what it has and takes nothing new. */
  draining: boolean;
  /** Workers that wrote a heartbeat within the last minute (not part of `ready`: a server serves without them). */
  workers: { alive: number; draining: number } | 'unknown';
  /**
   * Whether the read replica (PROBITY_DATABASE_REPLICA_URL) answers; null when none is configured. Not part of
   * `ready`: while it is down its reads go to the primary.
   */
  replica: 'up' | 'down' | null;
}

const CHECK_TIMEOUT_MS = 3000;

function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Whether this process should be sent work (`/health/ready` of a server; a worker can report the same):
 * the database answers, the migrations are applied, the job queue is started, and it is not draining.
 */
@Injectable()
export class Readiness {
  private drainingSince?: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: JobQueue,
    private readonly replica: ReadReplica,
  ) {}

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  /** From now on the process reports not-ready (its load balancer stops sending), though it still serves. */
  drain(): void {
    this.drainingSince ??= Date.now();
  }

  async check(): Promise<ReadinessReport> {
    const [db, replica] = await Promise.all([
      within(this.dataSource.query('SELECT 1'), CHECK_TIMEOUT_MS).then(
        () => 'up' as const,
        () => 'down' as const,
      ),
      // Waits at most REPLICA_CHECK_MS: a replica that does not answer must not make this answer late.
      this.replica.check().catch(() => 'down' as const),
    ]);
    const migrations = db === 'up' ? await this.migrations() : 'unknown';
    const queue =
      this.queue.started ||
      (db === 'up' &&
        (await within(this.queue.boss$(), CHECK_TIMEOUT_MS).then(
          () => true,
          () => false,
        )))
        ? ('up' as const)
        : ('down' as const);
    const draining = this.draining;
    const workers =
      db === 'up'
        ? await within(WorkerHeartbeat.alive(this.dataSource), CHECK_TIMEOUT_MS).then(
            (w) => ({ alive: w.workers, draining: w.draining }),
            () => 'unknown' as const,
          )
        : ('unknown' as const);
    return {
      ready: !draining && db === 'up' && migrations === 'applied' && queue === 'up',
      db,
      migrations,
      queue,
      draining,
      workers,
      replica,
    };
  }

  private async migrations(): Promise<'applied' | 'pending' | 'unknown'> {
    try {
      const table = this.dataSource.options.migrationsTableName ?? 'migrations';
      const rows: { name: string }[] = await within(this.dataSource.query(`SELECT name FROM "${table}"`), CHECK_TIMEOUT_MS);
      const applied = new Set(rows.map((r) => r.name));
      return this.dataSource.migrations.every((m) => applied.has(m.name ?? m.constructor.name)) ? 'applied' : 'pending';
    } catch {
      return 'unknown';
    }
  }
}
