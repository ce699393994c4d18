import { academyFactory, tokenFor, userFactory } from '../factories';
import { type TestApp, createTestApp } from '../support/test-app';

const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`];

/** Smaller leaks: caching of API answers, and what an academy's audit verification tells about others. */
describe('smaller leaks', () => {
  let t: TestApp;
  let ge: string, ua: string;
  let adminGe: string, adminUa: string, platform: string;

  beforeAll(async () => {
    t = await createTestApp();
    ge = (await academyFactory(t.app, { code: 'GEL' })).id;
    ua = (await academyFactory(t.app, { code: 'UAL' })).id;
    adminGe = await tokenFor(t.http, await userFactory(t.app, { roles: ['academy_admin'], academyId: ge }));
    adminUa = await tokenFor(t.http, await userFactory(t.app, { roles: ['academy_admin'], academyId: ua }));
    platform = await tokenFor(t.http, await userFactory(t.app, { roles: ['platform_admin'] }));
    // Some activity in both academies.
    for (let i = 0; i < 3; i++) await userFactory(t.app, { roles: ['learner'], academyId: ua });
    await userFactory(t.app, { roles: ['learner'], academyId: ge });
  });
  afterAll(() => t.close());

  it('marks every API answer Cache-Control: no-store, errors and the login too', async () => {
    const answers: { status: number; headers: Record<string, string> }[] = [
      await t
        .http()
        .get('/api/v1/me')
        .set(...bearer(adminGe)),
      await t.http().get('/api/v1/me'),
      await t.http().get('/api/v1/catalog'),
      await t
        .http()
        .get('/api/v1/users')
        .set(...bearer(adminGe)),
      await t.http().post('/api/v1/auth/login').send({ email: 'nobody@example.test', password: 'wrong password here' }),
      await t.http().get('/api/v1/verify/7KQ4M9XT2CJ'),
    ];
    for (const [i, answer] of answers.entries())
      expect(`${i} ${answer.status} ${answer.headers['cache-control']}`).toMatch(/^\d+ \d+ no-store$/);
  });

  it('lets an academy administrator verify only their academy’s audit entries, and says so', async () => {
    const { rows } = await t.db.query<{ academy_id: string | null; n: number }>(
      'SELECT academy_id, count(*)::int AS n FROM audit_entries GROUP BY academy_id',
    );
    const count = (id: string | null): number => rows.find((r) => r.academy_id === id)?.n ?? 0;
    const total = rows.reduce((sum, r) => sum + r.n, 0);
    const own = await t
      .http()
      .get('/api/v1/audit/verify')
      .set(...bearer(adminGe))
      .expect(200);
    expect(own.body).toEqual({ ok: true, scope: 'academy', academyId: ge, entries: count(ge) });
    expect(own.body.entries).toBeLessThan(total);
    const whole = await t
      .http()
      .get('/api/v1/audit/verify')
      .set(...bearer(platform))
      .expect(200);
    expect(whole.body).toEqual({ ok: true, scope: 'platform', entries: total });

    // An entry of another academy altered: that academy's and the platform's checks find it; this one's
    // check does not name another academy's entry.
    const { rows: target } = await t.db.query<{ id: string }>('SELECT id FROM audit_entries WHERE academy_id = $1 ORDER BY id LIMIT 1', [
      ua,
    ]);
    await t.db.query('ALTER TABLE audit_entries DISABLE TRIGGER USER');
    await t.db.query(`UPDATE audit_entries SET after = '{"tampered": true}' WHERE id = $1`, [target[0].id]);
    await t.db.query('ALTER TABLE audit_entries ENABLE TRIGGER USER');
    const theirs = await t
      .http()
      .get('/api/v1/audit/verify')
      .set(...bearer(adminUa))
      .expect(200);
    expect(theirs.body).toMatchObject({ ok: false, scope: 'academy', firstBrokenId: target[0].id });
    expect(
      (
        await t
          .http()
          .get('/api/v1/audit/verify')
          .set(...bearer(platform))
      ).body,
    ).toMatchObject({
      ok: false,
      firstBrokenId: target[0].id,
    });
    const mine = await t
      .http()
      .get('/api/v1/audit/verify')
      .set(...bearer(adminGe))
      .expect(200);
    expect(mine.body.firstBrokenId).not.toBe(target[0].id);
  });
});
