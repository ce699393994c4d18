import { behindPgBouncer, poolTimeouts } from './options';

describe('pool settings behind PgBouncer (PROBITY_DB_PGBOUNCER)', () => {
  // process.env is shared by the test files a Jest worker runs: start from the defaults, put back what was there.
  const names = [
    'PROBITY_DB_PGBOUNCER',
    'PROBITY_DB_CONNECT_TIMEOUT_MS',
    'PROBITY_DB_STATEMENT_TIMEOUT_MS',
    'PROBITY_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS',
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
});
