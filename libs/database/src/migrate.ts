import type { DataSource } from 'typeorm';

const MIGRATION_LOCK = 0x70726f6d; // "prom"

/**
 * Runs `work` while holding a session-level advisory lock, so that several replicas starting at
 * once migrate one after the other (the second finds nothing left to do).
 */
export async function withLock<T>(dataSource: DataSource, key: number, work: () => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [key]);
    return await work();
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [key]).catch(() => undefined);
    await runner.release();
  }
}

export async function migrate(dataSource: DataSource): Promise<string[]> {
  return withLock(dataSource, MIGRATION_LOCK, async () => (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name));
}
