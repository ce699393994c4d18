import { BootstrapService } from '../../apps/server/src/bootstrap.service';
import { DEMO_PASSWORD, NAPOR_REACTION_CODE, demoEmail } from '@probity/seed';
import { tokenFor } from '../factories';
import { type TestApp, createTestApp } from '../support/test-app';
import { Visitor } from '../support/visitor';

const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`];
type Value = {
  period: string;
  value: number | null;
  n: number | null;
  source: string;
  breakdown: { key: string | null; value: number | null }[] | null;
};
type Indicator = { id: string; code: string; academyId: string | null; editable: boolean; latest: Value | null; values: Value[] };

/**
 * The demo's indicator register on first start: knowledge by sex (its first half of 2026 entered by hand, with a
 * note), mean satisfaction computed from the past cohort's anonymous survey, and the platform-wide "officials
 * certified"; the register page shows their charts. Starting again changes nothing.
 */
describe('the demo’s indicator register', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp({
      env: { PROBITY_DEMO: '1', PROBITY_ADMIN_EMAIL: 'root@indicators-demo.test', PROBITY_ADMIN_PASSWORD: 'a-demo-root-password-2026' },
    });
    admin = await tokenFor(t.http, { email: demoEmail('GE', 'admin'), password: DEMO_PASSWORD });
  });
  afterAll(() => t?.close());

  const count = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM indicators')).rows[0].n;

  it('has three indicators with values, so that the register shows something on first start', async () => {
    const items = (
      await t
        .http()
        .get('/api/v1/indicators')
        .set(...bearer(admin))
        .expect(200)
    ).body.items as Indicator[];
    expect(items.map((i) => i.code).sort()).toEqual(['EU-1.1', 'EU-1.2', 'EU-2.1']);
    const byCode = (code: string) => items.find((i) => i.code === code)!;
    expect(byCode('EU-1.1').latest).toMatchObject({
      period: '2026-H1',
      value: 83.3,
      source: 'manual',
      breakdown: [expect.objectContaining({ key: 'female', value: 100 }), expect.objectContaining({ key: 'male', value: 66.7 })],
    });
    // Satisfaction: the Batumi cohort's survey (five answers, its threshold), the same mean as the survey comparison.
    const [template] = (await t.db.query<{ id: string }>('SELECT id FROM survey_templates WHERE code = $1', [NAPOR_REACTION_CODE])).rows;
    const comparison = (
      await t
        .http()
        .get(`/api/v1/surveys/templates/${template.id}/comparison`)
        .set(...bearer(admin))
        .expect(200)
    ).body as { rows: { overall: { mean: number } }[] };
    expect(comparison.rows).toHaveLength(1);
    expect(byCode('EU-1.2').latest).toMatchObject({ period: '2026', value: comparison.rows[0].overall.mean, n: 5, source: 'computed' });
    // Platform-wide, read-only to the academy; computed for every period since its baseline, by country.
    expect(byCode('EU-2.1')).toMatchObject({ academyId: null, editable: false });
    const certified = (
      await t
        .http()
        .get(`/api/v1/indicators/${byCode('EU-2.1').id}`)
        .set(...bearer(admin))
        .expect(200)
    ).body as Indicator;
    expect(certified.values.length).toBeGreaterThanOrEqual(2);
    expect(certified.values.every((v) => v.source === 'computed' && Array.isArray(v.breakdown))).toBe(true);

    const visitor = new Visitor(t);
    await visitor.login(demoEmail('GE', 'admin'), DEMO_PASSWORD);
    const page = await visitor.get('/indicators?lang=ka');
    expect(page.status).toBe(200);
    expect(page.text.match(/<article class="card indicator"/g)).toHaveLength(3);
    expect(page.text.match(/<svg [^>]*role="img"/g)).toHaveLength(3);
  });

  it('changes nothing when the server starts again', async () => {
    const before = await count();
    await t.app.get(BootstrapService).onApplicationBootstrap();
    expect(await count()).toBe(before);
  });
});
