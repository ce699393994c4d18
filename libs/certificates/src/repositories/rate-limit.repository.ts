import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { primaryPool, statementName } from '@probity/database';

/** Fixed-window counters per key (`rate_limits`, no entity), shared by every server replica. */
@Injectable()
export class RateLimitRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Counts one request of `key` in the current window of `windowSeconds`; answers the window's count so far. */
  async hit(key: string, windowSeconds: number): Promise<number> {
    // Every public verification runs this first: a prepared statement straight on the pool (see `primaryPool`).
    const { rows } = await primaryPool(this.dataSource).query<{ count: number }>({
      name: statementName('probity_rate_limit_hit'),
      text: `INSERT INTO rate_limits (key, window_start, count)
       VALUES ($1, to_timestamp(floor(extract(epoch FROM now()) / $2) * $2), 1)
       ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + 1 RETURNING count`,
      values: [key, windowSeconds],
    });
    return rows[0].count;
  }

  /** Drops windows older than an hour. */
  async prune(): Promise<void> {
    await this.dataSource.query(`DELETE FROM rate_limits WHERE window_start < now() - interval '1 hour'`);
  }
}
