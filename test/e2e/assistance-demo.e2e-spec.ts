import { BootstrapService } from '../../apps/server/src/bootstrap.service';
import { DEMO_PASSWORD, FACILITY_CODE, GEORGIAN_REQUEST, REGIONAL_REQUEST, demoEmail } from '@probity/seed';
import { tokenFor } from '../factories';
import { type TestApp, createTestApp } from '../support/test-app';
import { Visitor } from '../support/visitor';

/** The owner of the report's third recommendation, the overdue one. */
const MISSION_REPORT_OWNER = 'Logistics Department, Ministry of Internal Affairs';
const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`];
type Request = { id: string; reference: string; status: string; locale: string; title: string; decidedAt: string | null };
type Mission = {
  id: string;
  status: string;
  request: { id: string };
  experts: { fullName: string; lead: boolean; userId: string | null; vettingExpired: boolean; conflict: boolean }[];
  followUps: { wave: number; dueOn: string }[];
  participantCount: number;
  certificateCount: number;
  deliveredAt: string | null;
};

/**
 * The demo's Technical Assistance Facility on first start (issue 14 point 7): five experts; the Georgian academy's
 * request approved and delivered as a mission with certificates that verify publicly, a submitted report whose three
 * recommendations stand implemented, in progress and overdue, and evaluations; the regional organisation's request in
 * Russian under screening with a question and its answer. Starting again adds nothing.
 */
describe('the demo’s technical assistance facility', () => {
  let t: TestApp;
  let manager: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { PROBITY_DEMO: '1' } });
    manager = await tokenFor(t.http, { email: demoEmail(FACILITY_CODE, 'manager'), password: DEMO_PASSWORD });
  });
  afterAll(() => t?.close());

  const get = async (path: string, token: string) =>
    (
      await t
        .http()
        .get(path)
        .set(...bearer(token))
        .expect(200)
    ).body;

  const counts = async () =>
    (
      await t.db.query<Record<string, number>>(
        `SELECT (SELECT count(*)::int FROM users WHERE email LIKE '%@probity.demo') AS people,
                (SELECT count(*)::int FROM assistance_institutions) AS institutions,
                (SELECT count(*)::int FROM assistance_focal_points) AS "focalPoints",
                (SELECT count(*)::int FROM assistance_experts) AS experts,
                (SELECT count(*)::int FROM assistance_requests) AS requests,
                (SELECT count(*)::int FROM assistance_request_comments) AS comments,
                (SELECT count(*)::int FROM assistance_missions) AS missions,
                (SELECT count(*)::int FROM assistance_mission_participants) AS participants,
                (SELECT count(*)::int FROM assistance_participation_certificates) AS certificates,
                (SELECT count(*)::int FROM assistance_recommendations) AS recommendations,
                (SELECT count(*)::int FROM assistance_recommendation_updates) AS marks,
                (SELECT count(*)::int FROM assistance_evaluations) AS evaluations,
                (SELECT count(*)::int FROM audit_entries) AS audit`,
      )
    ).rows[0];

  it('has five experts: one serving public official, one whose vetting has run out, three with accounts', async () => {
    const page = (await get('/api/v1/assistance/experts?limit=50', manager)) as {
      total: number;
      items: { fullName: string; country: string; publicOfficial: boolean; vettingValid: boolean; userId: string | null }[];
    };
    expect(page.total).toBe(5);
    expect(page.items.map((e) => e.country).sort()).toEqual(['GE', 'KG', 'LT', 'PK', 'UA']);
    expect(page.items.filter((e) => e.publicOfficial).map((e) => e.country)).toEqual(['UA']);
    expect(page.items.filter((e) => !e.vettingValid).map((e) => e.country)).toEqual(['GE']);
    expect(page.items.filter((e) => e.userId).length).toBe(3);
  });

  it('has the Georgian request approved and the regional one under screening, in Russian, with a question answered', async () => {
    const { items, total } = (await get('/api/v1/assistance/requests', manager)) as { items: Request[]; total: number };
    expect(total).toBe(2);
    const georgian = items.find((r) => r.title === GEORGIAN_REQUEST.title)!;
    const regional = items.find((r) => r.title === REGIONAL_REQUEST.title)!;
    expect(georgian).toMatchObject({ status: 'approved', locale: 'ka', decidedAt: expect.stringMatching(/^2026-05-/) });
    expect(regional).toMatchObject({ status: 'screening', locale: 'ru', decidedAt: null });
    const thread = (await get(`/api/v1/assistance/requests/${regional.id}/comments`, manager)) as { fromFacility: boolean; body: string }[];
    expect(thread.map((c) => c.fromFacility)).toEqual([true, false]);
    expect(thread.every((c) => /[а-яё]{4,}/i.test(c.body))).toBe(true);
    // The focal point sees their organisation's request only; the Georgian academy's administrator only theirs.
    const focal = await tokenFor(t.http, { email: demoEmail(FACILITY_CODE, 'focal'), password: DEMO_PASSWORD });
    expect(((await get('/api/v1/assistance/requests', focal)) as { items: Request[] }).items.map((r) => r.id)).toEqual([regional.id]);
    const host = await tokenFor(t.http, { email: demoEmail('GE', 'admin'), password: DEMO_PASSWORD });
    expect(((await get('/api/v1/assistance/requests', host)) as { items: Request[] }).items.map((r) => r.id)).toEqual([georgian.id]);
    // Matching the regional request flags the expert who works for the requesting organisation.
    const matches = (await get(`/api/v1/assistance/requests/${regional.id}/matches`, manager)) as {
      items: { country: string; flags: { conflict: boolean } }[];
    };
    expect(matches.items.filter((m) => m.flags.conflict).map((m) => m.country)).toEqual(['KG']);
  });

  it('delivered the Georgian request as a mission whose certificates of participation verify publicly', async () => {
    const { items } = (await get('/api/v1/assistance/missions', manager)) as { items: { id: string; status: string }[] };
    expect(items.map((m) => m.status)).toEqual(['delivered']);
    const mission = (await get(`/api/v1/assistance/missions/${items[0].id}`, manager)) as Mission;
    expect(mission).toMatchObject({ status: 'delivered', participantCount: 3, certificateCount: 3 });
    expect(mission.deliveredAt).toMatch(/^2026-08-19/);
    expect(mission.experts.filter((e) => e.lead)).toHaveLength(1);
    expect(mission.experts).toHaveLength(2);
    expect(mission.experts.some((e) => e.conflict || e.vettingExpired)).toBe(false);
    // The 3-month follow-up is due, the 6-month one is not yet.
    const today = new Date().toISOString().slice(0, 10);
    expect(mission.followUps.map((f) => f.wave)).toEqual([3, 6]);
    expect(mission.followUps[0].dueOn <= today).toBe(true);

    const register = (await get(`/api/v1/assistance/missions/${mission.id}/attendance`, manager)) as {
      days: string[];
      rows: { participant: { learner: boolean }; daysPresent: number }[];
    };
    expect(register.days).toEqual(['2026-08-17', '2026-08-18', '2026-08-19']);
    expect(register.rows.map((r) => r.participant.learner).sort()).toEqual([false, true, true]);
    expect(register.rows.map((r) => r.daysPresent).sort()).toEqual([2, 3, 3]);

    const certificates = (await get(`/api/v1/assistance/missions/${mission.id}/certificates`, manager)) as {
      code: string;
      record: { daysPresent: number; issuer: { code: string } };
    }[];
    expect(certificates).toHaveLength(3);
    for (const certificate of certificates) {
      expect(certificate.record.issuer.code).toBe('GE');
      const verified = await t.http().get(`/api/v1/assistance/participation/${certificate.code}`).expect(200);
      expect(verified.body).toMatchObject({ code: certificate.code, valid: true, revoked: false });
    }
  });

  it('has the lead expert’s report: recommendations implemented, in progress and overdue; and five evaluations', async () => {
    const [mission] = (await t.db.query<{ id: string }>('SELECT id FROM assistance_missions')).rows;
    const lead = await tokenFor(t.http, { email: demoEmail(FACILITY_CODE, 'expert.lt'), password: DEMO_PASSWORD });
    // The lead expert sees only their mission.
    expect(((await get('/api/v1/assistance/missions', lead)) as { total: number }).total).toBe(1);
    // Their profile shows the mission with its evaluations: five answered, the mean of their 1–5 answers.
    const [{ mean }] = (
      await t.db.query<{ mean: string }>(
        `SELECT round(avg(a.value::text::numeric), 2)::text AS mean FROM assistance_evaluations e, jsonb_each(e.answers) a
          WHERE jsonb_typeof(a.value) = 'number'`,
      )
    ).rows;
    const profile = (await get('/api/v1/assistance/experts/me', lead)) as { missions: { evaluations: number; meanScore: number | null }[] };
    expect(profile.missions).toEqual([expect.objectContaining({ evaluations: 5, meanScore: Number(mean) })]);
    const report = (await get(`/api/v1/assistance/missions/${mission.id}/report`, lead)) as {
      state: string;
      submittedAt: string;
      recommendations: { position: number; status: string; overdue: boolean }[];
    };
    expect(report.state).toBe('submitted');
    expect(report.recommendations.map(({ position, status, overdue }) => ({ position, status, overdue }))).toEqual([
      { position: 1, status: 'implemented', overdue: false },
      { position: 2, status: 'in_progress', overdue: false },
      { position: 3, status: 'not_started', overdue: true },
    ]);
    // The manager's dashboard has something to do: the overdue recommendation and the request awaiting a decision.
    const lists = (await get('/api/v1/assistance/reports/facility/worklists', manager)) as {
      overdue: { position: number }[];
      awaiting: { title: string; status: string }[];
    };
    expect(lists.overdue.map((o) => o.position)).toEqual([3]);
    expect(lists.awaiting).toEqual([expect.objectContaining({ title: REGIONAL_REQUEST.title, status: 'screening' })]);
    // The dashboard's page shows both lists to the manager.
    const visitor = new Visitor(t);
    await visitor.login(demoEmail(FACILITY_CODE, 'manager'), DEMO_PASSWORD);
    const dashboard = await visitor.get('/assistance/dashboard');
    expect(dashboard.status).toBe(200);
    const section = (id: string) =>
      dashboard.text.slice(
        dashboard.text.indexOf(`id="${id}"`),
        dashboard.text.indexOf('</section>', dashboard.text.indexOf(`id="${id}"`)),
      );
    expect(section('facility-overdue')).toContain(MISSION_REPORT_OWNER);
    expect(section('facility-awaiting')).toContain(REGIONAL_REQUEST.title);
    // Two learners, two experts and the host answered.
    const answered = (
      await t.db.query<{ respondent: string; n: number }>(
        `SELECT respondent, count(*)::int AS n FROM assistance_evaluations WHERE mission_id = $1 GROUP BY respondent ORDER BY respondent`,
        [mission.id],
      )
    ).rows;
    expect(answered).toEqual([
      { respondent: 'expert', n: 2 },
      { respondent: 'host', n: 1 },
      { respondent: 'participant', n: 2 },
    ]);
  });

  it('adds nothing when the server starts again', async () => {
    const before = await counts();
    expect(before).toMatchObject({ experts: 5, requests: 2, missions: 1, certificates: 3, recommendations: 3 });
    await t.app.get(BootstrapService).onApplicationBootstrap();
    expect(await counts()).toEqual(before);
  });
});
