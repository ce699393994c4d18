import { behindPgBouncer, poolTimeouts, replicaPoolConfig } from './options';

describe('pool settings behind PgBouncer (PROBITY_DB_PGBOUNCER)', () => {
  // process.env is shared by the test files a Jest worker runs: start from the defaults, put back what was there.
  const names = [
    'PROBITY_DB_PGBOUNCER',
    'PROBITY_DB_CONNECT_TIMEOUT_MS',
    'PROBITY_DB_STATEMENT_TIMEOUT_MS',
    'PROBITY_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS',
    'PROBITY_DB_POOL',
    'PROBITY_DB_REPLICA_POOL',
  ];
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  beforeEach(() => names.forEach((name) => delete process.env[name]));
  afterEach(() => {
    for (const name of names) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it('sends the timeouts as startup parameters when connected to PostgreSQL itself', () => {
    expect(behindPgBouncer()).toBe(false);
    expect(poolTimeouts()).toEqual({
      connectionTimeoutMillis: 5000,
      statement_timeout: 30_000,
      idle_in_transaction_session_timeout: 60_000,
    });
  });

  it('sends none through PgBouncer (it refuses them; the role carries them), and keeps the pool wait', () => {
    process.env.PROBITY_DB_PGBOUNCER = '1';
    expect(behindPgBouncer()).toBe(true);
    expect(poolTimeouts()).toEqual({ connectionTimeoutMillis: 5000 });
  });

  it('sizes the replica pool from PROBITY_DB_REPLICA_POOL, else PROBITY_DB_POOL, else 10; read-only unless behind PgBouncer', () => {
    const url = 'postgres://replica.example/probity';
    expect(replicaPoolConfig(url)).toEqual({
      connectionString: url,
      max: 10,
      application_name: 'probity',
      connectionTimeoutMillis: 5000,
      statement_timeout: 30_000,
      idle_in_transaction_session_timeout: 60_000,
      options: '-c default_transaction_read_only=on',
    });
    process.env.PROBITY_DB_POOL = '6';
    expect(replicaPoolConfig(url).max).toBe(6);
    process.env.PROBITY_DB_REPLICA_POOL = '20';
    expect(replicaPoolConfig(url).max).toBe(20);
    process.env.PROBITY_DB_PGBOUNCER = '1';
    expect(replicaPoolConfig(url)).toEqual({ connectionString: url, max: 20, application_name: 'probity', connectionTimeoutMillis: 5000 });
  });
});
