import { Logger, type OnModuleDestroy } from '@nestjs/common';
import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { replicaPoolConfig } from './options';

/** While the replica is down, a background check (never a request) tries it again this often. */
export const REPLICA_RETRY_MS = 30_000;

/** How long a check waits for the replica's answer before it counts it down (`/health/ready` must answer promptly). */
export const REPLICA_CHECK_MS = 500;

/** A replica that stays down is warned about again at most this often. */
const REWARN_MS = 5 * 60_000;
/** A replica that comes back and fails again is warned about at most this often. */
const FLAP_MS = 60_000;

/** An error as one line of text (a refused connection to a name with two addresses is an AggregateError without a message). */
function errorText(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length) return error.errors.map(errorText).join('; ');
  if (error instanceof Error) return error.message || (error as { code?: string }).code || error.name;
  return String(error);
}

/**
 * Reads that tolerate replication lag, on the streaming replica named by PROBITY_DATABASE_REPLICA_URL (a plain pg
 * pool: the routes that use it run raw SQL, and a pool connects lazily, so a replica that is down at boot stops
 * nothing). Without the setting, `read` answers undefined and `query` reads the primary, as before.
 *
 * A replica that refuses, drops a connection or fails a statement is marked down: that read and every one after it
 * go to the primary (one warning with the error's text, then at most one every five minutes), and a background
 * check tries the replica again every 30 s. A check (also `/health/ready`'s) that gets no answer within 0.5 s counts
 * as a failure, so only the reads sent to a replica before it was seen failing wait for it (a hanging one: up to the
 * connection timeout). See docs/adr/0011-reads-from-a-replica.md.
 */
export class ReadReplica implements OnModuleDestroy {
  private readonly logger = new Logger('Database');
  private readonly pool?: Pool;
  /** When the replica was first seen down; undefined while it is (thought) up. */
  private downSince?: number;
  private warnedAt = 0;
  private retry?: NodeJS.Timeout;
  private checking?: Promise<'up' | 'down'>;
  private closed = false;

  constructor(
    private readonly primary: DataSource,
    url: string | undefined,
    private readonly retryMs = REPLICA_RETRY_MS,
  ) {
    if (!url) return;
    this.pool = new Pool(replicaPoolConfig(url));
    // An idle connection that the replica drops (restart, network) must not crash the process: it marks it down.
    this.pool.on('error', (error) => this.failed(error));
  }

  /** Whether PROBITY_DATABASE_REPLICA_URL is set. */
  get configured(): boolean {
    return this.pool !== undefined;
  }

  /** Whether reads go to the replica now: it is configured and not known to be down. */
  get usable(): boolean {
    return this.pool !== undefined && this.downSince === undefined && !this.closed;
  }

  /**
   * The rows of a read-only statement as the replica has them; undefined when there is no replica, it is down, or
   * the statement failed there (marked down and logged). The caller then reads the primary.
   */
  async read<T>(sql: string, params: unknown[] = []): Promise<T[] | undefined> {
    if (!this.pool || !this.usable) return undefined;
    try {
      return (await this.pool.query(sql, params)).rows as T[];
    } catch (error) {
      this.failed(error);
      return undefined;
    }
  }

  /** The rows from the replica when it can answer, else from the primary: for reads where a few seconds' lag is harmless. */
  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.read<T>(sql, params)) ?? this.primary.query<T[]>(sql, params);
  }

  /**
   * For `/health/ready` and the background retry: whether the replica answers `SELECT 1` within `waitMs` (null when
   * none is configured). No answer in time counts as a failure: reads skip a replica that hangs (a machine gone
   * without a word) instead of each waiting for the connection timeout. A success marks it up again. Concurrent
   * callers share one query; a check never makes the process unready.
   */
  async check(waitMs = REPLICA_CHECK_MS): Promise<'up' | 'down' | null> {
    const pool = this.pool;
    if (!pool) return null;
    this.checking ??= pool
      .query('SELECT 1')
      .then(
        () => {
          this.recovered();
          return 'up' as const;
        },
        (error: unknown) => {
          this.failed(error);
          return 'down' as const;
        },
      )
      .finally(() => (this.checking = undefined));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'down'>((resolve) => {
      timer = setTimeout(() => {
        this.failed(new Error(`no answer to SELECT 1 within ${waitMs} ms`));
        resolve('down');
      }, waitMs);
    });
    return Promise.race([this.checking, late]).finally(() => clearTimeout(timer));
  }

  private failed(error: unknown): void {
    if (this.closed) return;
    const now = Date.now();
    const first = this.downSince === undefined;
    this.downSince ??= now;
    // A replica that goes down warns at once (unless it already did within the minute: one that flaps), one that stays down every five minutes.
    if (now - this.warnedAt >= (first ? FLAP_MS : REWARN_MS)) {
      this.warnedAt = now;
      const since = first ? '' : ` (down since ${new Date(this.downSince).toISOString()})`;
      this.logger.warn(
        `read replica failed${since}: ${errorText(error)}; the catalogue and verification read from the primary, ` +
          `the replica is tried again every ${Math.round(this.retryMs / 1000)} s`,
      );
    }
    this.retry ??= setTimeout(() => {
      this.retry = undefined;
      void this.check();
    }, this.retryMs).unref();
  }

  private recovered(): void {
    if (this.downSince === undefined) return;
    const seconds = Math.round((Date.now() - this.downSince) / 1000);
    this.downSince = undefined;
    this.logger.log(`read replica answers again after ${seconds} s: the catalogue and verification read from it again`);
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    await this.pool?.end();
  }
}
