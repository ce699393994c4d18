import { hostname } from 'node:os';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** A worker beats this often; one not heard of for `ALIVE_WITHIN_S` is counted as gone. */
export const HEARTBEAT_EVERY_MS = 15_000;
export const ALIVE_WITHIN_S = 60;

/**
 * A worker's sign of life in `worker_heartbeats` (workers serve no HTTP): written at start and every 15 s,
 * marked draining on SIGTERM, deleted when the worker stops. The servers' `/health/ready` reports how many
 * workers beat within the last minute (it does not make a server unready: a server serves without workers).
 */
@Injectable()
export class WorkerHeartbeat {
  private readonly logger = new Logger('Worker');
  readonly id = `${hostname()}:${process.pid}:${Date.now().toString(36)}`;
  private timer?: NodeJS.Timeout;
  private draining = false;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async beat(): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO worker_heartbeats (id, host, pid, draining) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET seen_at = now(), draining = EXCLUDED.draining`,
      [this.id, hostname(), process.pid, this.draining],
    );
  }

  /** Beats now and every `HEARTBEAT_EVERY_MS`; a failed beat (database away) is logged and retried next time. */
  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => {
      this.beat().catch((error: unknown) =>
        this.logger.warn(`heartbeat not written: ${error instanceof Error ? error.message : String(error)}`),
      );
    }, HEARTBEAT_EVERY_MS);
    this.timer.unref();
  }

  /** SIGTERM: the worker takes nothing new (the servers' readiness says so). */
  async drain(): Promise<void> {
    this.draining = true;
    await this.beat().catch(() => undefined);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.dataSource.query('DELETE FROM worker_heartbeats WHERE id = $1', [this.id]).catch(() => undefined);
  }

  /** Workers that beat within the last minute, and how many of them are draining. */
  static async alive(dataSource: DataSource): Promise<{ workers: number; draining: number }> {
    const [row] = await dataSource.query<{ workers: number; draining: number }[]>(
      `SELECT count(*)::int AS workers, count(*) FILTER (WHERE draining)::int AS draining
         FROM worker_heartbeats WHERE seen_at > now() - make_interval(secs => $1)`,
      [ALIVE_WITHIN_S],
    );
    return row;
  }
}
