import { BootstrapService } from '../../apps/server/src/bootstrap.service';
import { COOPERATION_INITIATIVE_TITLE, DEMO_PASSWORD, FACILITY_CODE, demoEmail } from '@probity/seed';
import { tokenFor } from '../factories';
import { type TestApp, createTestApp } from '../support/test-app';

const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`];

/**
 * The demo's cooperation initiative on first start (issue 15 point 6): a Georgia–Ukraine–Kyrgyzstan regional meeting
 * of the Georgian academy built on the Tbilisi–Kyiv cohort, held four months ago; the Ukrainian and Kyrgyz academies
 * accepted; seven participants of the three academies with their register; one action item done, one overdue; the
 * Georgian academy's 3-month outcome report; two people in the directory. Starting again adds nothing.
 */
describe('the demo’s cooperation initiative', () => {
  let t: TestApp;
  let manager: string;
  let initiativeId: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { PROBITY_DEMO: '1' } });
    manager = await tokenFor(t.http, { email: demoEmail(FACILITY_CODE, 'manager'), password: DEMO_PASSWORD });
    const [row] = (
      await t.db.query<{ id: string }>(`SELECT id FROM cooperation_initiatives WHERE title->>'en' = $1`, [COOPERATION_INITIATIVE_TITLE.en])
    ).rows;
    initiativeId = row?.id;
  }, 300_000);
  afterAll(() => t?.close());

  const get = async (path: string, token: string) =>
    (
      await t
        .http()
        .get(path)
        .set(...bearer(token))
        .expect(200)
    ).body;
  const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> =>
    (await t.db.query(text, params)).rows as T[];

  const counts = async () =>
    (
      await sql<Record<string, number>>(
        `SELECT (SELECT count(*)::int FROM cooperation_initiatives) AS initiatives,
                (SELECT count(*)::int FROM cooperation_memberships) AS memberships,
                (SELECT count(*)::int FROM cooperation_links) AS links,
                (SELECT count(*)::int FROM cooperation_participants) AS participants,
                (SELECT count(*)::int FROM cooperation_attendance) AS marks,
                (SELECT count(*)::int FROM cooperation_action_items) AS "actionItems",
                (SELECT count(*)::int FROM cooperation_action_item_updates) AS updates,
                (SELECT count(*)::int FROM cooperation_follow_ups) AS "followUps",
                (SELECT count(*)::int FROM cooperation_outcome_reports) AS outcomes,
                (SELECT count(*)::int FROM cooperation_directory_entries) AS directory,
                (SELECT count(*)::int FROM audit_entries) AS audit`,
      )
    )[0];

  it('is the Georgian academy’s meeting in four languages, held in the past, built on the Tbilisi–Kyiv cohort', async () => {
    expect(initiativeId).toBeDefined();
    const [initiative] = await sql<{
      status: string;
      title: Record<string, string>;
      purpose: Record<string, string>;
      academy: string;
      ends_on: string;
      months: number;
    }>(
      `SELECT i.status, i.title, i.purpose, a.code AS academy, i.ends_on::text,
              (SELECT count(*)::int FROM cooperation_follow_ups f WHERE f.initiative_id = i.id AND f.due_on <= CURRENT_DATE) AS months
         FROM cooperation_initiatives i JOIN academies a ON a.id = i.lead_academy_id WHERE i.id = $1`,
      [initiativeId],
    );
    expect(initiative).toMatchObject({ status: 'held', academy: 'GE', months: 1 });
    expect(Object.keys(initiative.title).sort()).toEqual(['en', 'ka', 'ru', 'uk']);
    expect(Object.keys(initiative.purpose).sort()).toEqual(['en', 'ka', 'ru', 'uk']);
    // Ended at least three months ago: the 3-month follow-up is due, the 6-month one not yet.
    expect(Date.parse(initiative.ends_on)).toBeLessThan(Date.now() - 90 * 86_400_000);
    const members = await sql<{ country: string; status: string }>(
      `SELECT a.country, m.status FROM cooperation_memberships m JOIN assistance_institutions n ON n.id = m.institution_id
         JOIN academies a ON a.id = n.academy_id WHERE m.initiative_id = $1 ORDER BY a.country`,
      [initiativeId],
    );
    expect(members).toEqual([
      { country: 'GE', status: 'accepted' },
      { country: 'KG', status: 'accepted' },
      { country: 'UA', status: 'accepted' },
    ]);
    const [link] = await sql<{ name: string }>(
      `SELECT c.name FROM cooperation_links l JOIN cohorts c ON c.id = l.cohort_id WHERE l.initiative_id = $1`,
      [initiativeId],
    );
    expect(link.name).toBe('Tbilisi–Kyiv cooperation cohort');
    const body = (await get(`/api/v1/initiatives/${initiativeId}?lang=ka`, manager)) as { status: string; titleText?: string };
    expect(body.status).toBe('held');
    if (body.titleText !== undefined) expect(body.titleText).toBe(COOPERATION_INITIATIVE_TITLE.ka);
  });

  it('shows in the cooperation report: three countries linked, seven people, one action item done and one overdue, a 3-month report', async () => {
    const report = (await get('/api/v1/initiatives/reports/summary?lang=en', manager)) as {
      initiatives: { total: number; byCountryPair: { a: string; b: string; initiatives: number }[] };
      matrix: { countries: string[]; cells: number[][] };
      participants: { people: number; participations: number; byCountry: { code: string | null; people: number }[] };
      actionItems: Record<string, number>;
      outcomes: { total: Record<string, number>; byWave: { wave: number; reports: number }[] };
    };
    expect(report.initiatives.total).toBe(1);
    expect(report.matrix).toEqual({
      countries: ['GE', 'KG', 'UA'],
      labels: ['Georgia', 'Kyrgyzstan', 'Ukraine'],
      cells: [
        [1, 1, 1],
        [1, 1, 1],
        [1, 1, 1],
      ],
    });
    // Georgia two learners; Ukraine a learner and a guest; Kyrgyzstan two learners and a guest (absent on the last day only).
    expect(report.participants).toMatchObject({ people: 7, participations: 7 });
    expect(report.participants.byCountry.map((g) => [g.code, g.people])).toEqual([
      ['GE', 2],
      ['KG', 3],
      ['UA', 2],
    ]);
    expect(report.actionItems).toEqual({ total: 2, done: 1, overdue: 1, open: 0, dropped: 0 });
    expect(report.outcomes.byWave).toEqual([expect.objectContaining({ wave: 3, reports: 1 })]);
    expect(report.outcomes.total).toMatchObject({ joint_investigations: 1, mla_requests: 2, information_exchanges: 1 });
    const marks = await sql<{ present: boolean; n: number }>(
      `SELECT a.present, count(*)::int AS n FROM cooperation_attendance a JOIN cooperation_participants p ON p.id = a.participant_id
        WHERE p.initiative_id = $1 GROUP BY a.present ORDER BY a.present`,
      [initiativeId],
    );
    expect(marks).toEqual([
      { present: false, n: 1 },
      { present: true, n: 20 },
    ]);
  });

  it('has two participants in the directory, with their consent recorded', async () => {
    const page = (await get('/api/v1/directory', manager)) as { total: number };
    expect(page.total).toBe(2);
    const consents = await sql<{ email: string; action: string }>(
      `SELECT u.email, c.action FROM cooperation_directory_consents c JOIN users u ON u.id = c.user_id ORDER BY u.email`,
    );
    expect(consents).toEqual([
      { email: demoEmail('GE', 'learner1'), action: 'opt_in' },
      { email: demoEmail('KG', 'learner1'), action: 'opt_in' },
    ]);
  });

  it('adds nothing when the server starts again', async () => {
    const before = await counts();
    expect(before).toMatchObject({ initiatives: 1, memberships: 3, participants: 7, actionItems: 2, outcomes: 1, directory: 2 });
    await t.app.get(BootstrapService).onApplicationBootstrap();
    expect(await counts()).toEqual(before);
  });
});
