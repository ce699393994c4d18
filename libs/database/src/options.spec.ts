import { behindPgBouncer, poolTimeouts } from './options';

describe('pool settings behind PgBouncer (PROBITY_DB_PGBOUNCER)', () => {
  const saved = process.env.PROBITY_DB_PGBOUNCER;
  afterEach(() => {
    if (saved === undefined) delete process.env.PROBITY_DB_PGBOUNCER;
    else process.env.PROBITY_DB_PGBOUNCER = saved;
  });

  it('sends the timeouts as startup parameters when connected to PostgreSQL itself', () => {
    delete process.env.PROBITY_DB_PGBOUNCER;
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
