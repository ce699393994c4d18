import type { DataSource } from 'typeorm';

const MIGRATION_LOCK = 0x70726f6d; // "prom"

/**
 * Runs `work` while holding an advisory lock, so that several replicas starting at once migrate one
 * after the other (the second finds nothing left to do). The lock is a transaction lock held by an open
 * transaction on a connection of its own: it also holds through PgBouncer in transaction mode (a
 * session lock and its unlock could land on two different server connections there) and is released
 * by PostgreSQL if this process dies. That transaction idles while `work` runs on other connections, so
 * it is exempt from `idle_in_transaction_session_timeout`, and waiting for the lock from `statement_timeout`.
 */
export async function withLock<T>(dataSource: DataSource, key: number, work: () => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    await runner.query('SET LOCAL idle_in_transaction_session_timeout = 0');
    await runner.query('SET LOCAL statement_timeout = 0');
    await runner.query('SELECT pg_advisory_xact_lock($1)', [key]);
    const result = await work();
    await runner.commitTransaction();
    return result;
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }
}

export async function migrate(dataSource: DataSource): Promise<string[]> {
  return withLock(dataSource, MIGRATION_LOCK, async () => (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name));
}
