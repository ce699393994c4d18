import { isInstallRace } from './job-queue';

describe('JobQueue start', () => {
  it('tries again only when another process was installing pg-boss’s schema at the same time', () => {
    // What PostgreSQL answered the loser in the cluster test through PgBouncer, and the "already exists" family.
    expect(isInstallRace({ code: '23505', message: 'duplicate key value violates unique constraint "pg_namespace_nspname_index"' })).toBe(
      true,
    );
    expect(isInstallRace({ code: '42P06' })).toBe(true);
    expect(isInstallRace({ code: '42P07' })).toBe(true);
    // A refused connection or a wrong password is not a race: the start fails as before.
    expect(isInstallRace(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(false);
    expect(isInstallRace({ code: '28P01' })).toBe(false);
    expect(isInstallRace(undefined)).toBe(false);
  });
});
