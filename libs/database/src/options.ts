import type { Pool, PoolConfig } from 'pg';
import type { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';

/**
 * A whole number of milliseconds from the environment (validated by EnvDto at boot), else the default. For
 * settings read before Nest's ConfigService exists (the pool's options, the HTTP adapter's timeouts).
 */
export function envMilliseconds(name: string, fallback: number): number {
  const value = process.env[name];
  const n = value === undefined || value === '' ? NaN : Number(value);
  return Number.isInteger(n) && n >= 0 ? n : fallback;
}

/**
 * PROBITY_DB_PGBOUNCER=1: DATABASE_URL points at PgBouncer in transaction mode. Probity then sends no named
 * prepared statements (PgBouncer before 1.21 cannot route them) and no timeouts as startup parameters (PgBouncer
 * refuses them; set them on the role instead: `ALTER ROLE probity SET statement_timeout = '30s'`).
 */
export function behindPgBouncer(): boolean {
  return process.env.PROBITY_DB_PGBOUNCER === '1';
}

/**
 * The pool's timeouts (see EnvDto for each setting): how long a query waits for a connection, how long a
 * statement may run, and how long a connection may sit idle inside a transaction.
 */
export function poolTimeouts(): {
  connectionTimeoutMillis: number;
  statement_timeout?: number;
  idle_in_transaction_session_timeout?: number;
} {
  const connectionTimeoutMillis = envMilliseconds('PROBITY_DB_CONNECT_TIMEOUT_MS', 5000) || 5000;
  if (behindPgBouncer()) return { connectionTimeoutMillis };
  return {
    connectionTimeoutMillis,
    statement_timeout: envMilliseconds('PROBITY_DB_STATEMENT_TIMEOUT_MS', 30_000),
    idle_in_transaction_session_timeout: envMilliseconds('PROBITY_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS', 60_000),
  };
}

/** TypeORM settings shared by the server, the worker, the seed and the tests: migrations only. */
export function databaseOptions(url: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    // gen_random_uuid() is built into PostgreSQL 13+: no extension needed.
    uuidExtension: 'pgcrypto',
    extra: { max: Number(process.env.PROBITY_DB_POOL ?? 10), application_name: 'probity', ...poolTimeouts() },
    ...extra,
  } as DataSourceOptions;
}

/**
 * The read replica's pool (PROBITY_DATABASE_REPLICA_URL), set up like the primary's: PROBITY_DB_REPLICA_POOL
 * connections (default: PROBITY_DB_POOL, else 10) and the same timeouts, none of them sent through PgBouncer.
 * Talking to PostgreSQL itself, every transaction is read-only as well (`default_transaction_read_only`): a write
 * sent there by mistake fails loudly even when the URL names a writable server, never lands on the wrong copy.
 */
export function replicaPoolConfig(url: string): PoolConfig {
  const size = Number(process.env.PROBITY_DB_REPLICA_POOL || process.env.PROBITY_DB_POOL || 10);
  return {
    connectionString: url,
    max: size,
    application_name: 'probity',
    ...poolTimeouts(),
    ...(behindPgBouncer() ? {} : { options: '-c default_transaction_read_only=on' }),
  };
}

/**
 * The pg pool under TypeORM's DataSource, for the few hot statements that go straight to it (the token check, public
 * verification and its rate limit): TypeORM's query runner per call costs more than such a query itself (measured,
 * issue 12). Use with `statementName`, and only for single statements outside a transaction.
 */
export function primaryPool(dataSource: DataSource): Pool {
  return (dataSource.driver as unknown as { master: Pool }).master;
}

/** A named prepared statement (parsed once per connection) unless PgBouncer in transaction mode sits in between. */
export function statementName(name: string): string | undefined {
  return behindPgBouncer() ? undefined : name;
}
