import { Workbook } from 'exceljs';
import type { Response } from 'supertest';
import { translate } from '@probity/i18n';
import { type AgencyType, type Role, type Sex, UsersService, type UserView } from '@probity/identity';
import { PASSWORD, academyFactory, tokenFor, versionFactory } from '../factories';
import { type TestApp, createTestApp } from '../support/test-app';
import { Visitor } from '../support/visitor';

type Person = UserView & { password: string; token: string };

/** Parses a binary answer (XLSX) into a Buffer. */
function binary(res: Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

/** A CSV answer as rows of cells (the writer's BOM dropped; no cell of these figures holds a comma or a quote). */
function csvRows(text: string): string[][] {
  return text
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter(Boolean)
    .map((line) => line.split(','));
}

/**
 * The facility's dashboard (issue 14 point 6): every figure checked against data seeded in SQL and counted by hand.
 *
 * Institutions: the academy GE's (GE), a national agency of KZ, a regional organisation of KZ and KG.
 * Requests (submitted → decided, UTC days):
 *   R1 GE financial_investigation workshop     approved  2025-02-01 → 02-11 (10 days)  mission M1 delivered 03-10..03-12
 *   R2 KZ forensics expert_mission             approved  2025-03-01 23:30 → 03-05 00:30 (4 days) M2 delivered 04-01..04-03
 *   R3 RO supply_reduction study_visit         rejected  2025-04-10 → 04-30 (20 days)
 *   R4 GE financial_investigation workshop     submitted 2025-05-01
 *   R5 KZ other workshop                       screening 2025-06-01
 *   R6 GE case_integrity workshop              draft (never counted)
 *   R7 RO demand_reduction workshop            withdrawn 2025-01-15
 *   R8 KZ forensics workshop                   approved  2024-12-20 → 2025-01-04 (15 days) M8 planned 2025-11-03..11-05
 *   R9 GE case_integrity short_course          approved  2025-07-01 → 07-03 (2 days)   M9 cancelled 08-10..08-11
 *   R10 RO international_cooperation workshop  approved  2025-08-01 → 08-06 (5 days)   M10 running 12-01..12-05
 * Decision days 2, 4, 5, 10, 15, 20: median 7.5, mean 9.3.
 * People: learners are described as identity has them (L1 female police, L2 male prosecution, both of academy GE),
 * whatever their participant rows say (L1's nothing, as the missions service records a learner; L2's a stale
 * "another, other, KG"). M1 — L1, L2 (absent one day, present the other), guest G1 (female, customs, GE), guest G2
 * (nothing recorded), guest G3 (absent both days: not reached); M2 — L1 again, guests G4 (male, border_guard, KZ),
 * G5 (male, police, KZ); M10 (running) and M9 (cancelled) have a guest each: not reached. So 6 people: L1 once.
 * Recommendations: M1's report submitted: A implemented (due 2025-06-01), B in progress (due 2025-06-01: overdue),
 * C not started (due 2099, its 3-month update given, the 6-month follow-up missed: overdue), D in progress (due 2099,
 * updated at both follow-ups); M2's report submitted: E not started (due 2099, no follow-up due); M10's report a draft: F (not counted).
 */
describe('assistance facility report', () => {
  let t: TestApp;
  let manager: Person, admin: Person, focal: Person, learner: Person, otherAdmin: Person, root: Person;
  let geAcademy: string, l1Id: string, l3: Person;
  const request: Record<string, string> = {};
  const mission: Record<string, string> = {};
  const reference: Record<string, string> = {};

  const api = (path: string, who: Person) => t.http().get(`/api/v1/assistance/reports${path}`).set('authorization', `Bearer ${who.token}`);
  const facility = async (query: string, who: Person = manager) => (await api(`/facility?${query}`, who).expect(200)).body as Report;

  async function person(roles: Role[], academyId?: string, description: { sex?: Sex; agencyType?: AgencyType } = {}): Promise<Person> {
    const email = `f${Math.random().toString(36).slice(2, 10)}@facility.test`;
    const created = await t.app.get(UsersService).create(null, {
      email,
      password: PASSWORD,
      fullName: `${roles[0]} ${email.slice(1, 5)}`,
      roles,
      academyId,
      locale: 'en',
      ...description,
    });
    return { ...created, password: PASSWORD, token: await tokenFor(t.http, { email, password: PASSWORD }) };
  }

  const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> =>
    (await t.db.query(text, params)).rows as T[];

  beforeAll(async () => {
    t = await createTestApp();
    const ge = await academyFactory(t.app, { country: 'GE' });
    const other = await academyFactory(t.app, { country: 'UA' });
    manager = await person(['facility_manager']);
    admin = await person(['academy_admin'], ge.id);
    otherAdmin = await person(['academy_admin'], other.id);
    focal = await person(['partner_focal_point']);
    learner = await person(['learner'], ge.id);
    root = await person(['platform_admin']);
    geAcademy = ge.id;
    // In identity: L1 female police, L2 male prosecution, L3 (trained only) female judiciary.
    const l1 = await person(['learner'], ge.id, { sex: 'female', agencyType: 'police' });
    const l2 = await person(['learner'], ge.id, { sex: 'male', agencyType: 'prosecution' });
    l3 = await person(['learner'], ge.id, { sex: 'female', agencyType: 'judiciary' });
    l1Id = l1.id;

    const [geInst] = await sql<{ id: string }>(
      `INSERT INTO assistance_institutions (kind, academy_id, name, country) VALUES ('academy', $1, '{"en":"Georgian Academy"}', 'GE') RETURNING id`,
      [ge.id],
    );
    const [kzInst] = await sql<{ id: string }>(
      `INSERT INTO assistance_institutions (kind, name, country) VALUES ('national_agency', '{"en":"KZ Drug Control","ru":"Агентство КЗ"}', 'KZ') RETURNING id`,
    );
    const [roInst] = await sql<{ id: string }>(
      `INSERT INTO assistance_institutions (kind, name, countries) VALUES ('regional_organisation', '{"en":"Central Asian Centre"}', '{KZ,KG}') RETURNING id`,
    );
    await sql(`INSERT INTO assistance_focal_points (user_id, institution_id) VALUES ($1, $2)`, [focal.id, kzInst.id]);

    const requests: [string, string, string, string, string, string | null, string | null][] = [
      ['R1', geInst.id, 'approved', 'financial_investigation', 'workshop', '2025-02-01T10:00Z', '2025-02-11T09:00Z'],
      ['R2', kzInst.id, 'approved', 'forensics', 'expert_mission', '2025-03-01T23:30Z', '2025-03-05T00:30Z'],
      ['R3', roInst.id, 'rejected', 'supply_reduction', 'study_visit', '2025-04-10T08:00Z', '2025-04-30T08:00Z'],
      ['R4', geInst.id, 'submitted', 'financial_investigation', 'workshop', '2025-05-01T08:00Z', null],
      ['R5', kzInst.id, 'screening', 'other', 'workshop', '2025-06-01T08:00Z', null],
      ['R6', geInst.id, 'draft', 'case_integrity', 'workshop', null, null],
      ['R7', roInst.id, 'withdrawn', 'demand_reduction', 'workshop', '2025-01-15T08:00Z', null],
      ['R8', kzInst.id, 'approved', 'forensics', 'workshop', '2024-12-20T08:00Z', '2025-01-04T08:00Z'],
      ['R9', geInst.id, 'approved', 'case_integrity', 'short_course', '2025-07-01T08:00Z', '2025-07-03T08:00Z'],
      ['R10', roInst.id, 'approved', 'international_cooperation', 'workshop', '2025-08-01T08:00Z', '2025-08-06T08:00Z'],
    ];
    for (const [name, institution, status, topic, format, submitted, decided] of requests) {
      reference[name] = `TAF-2025-${name.slice(1).padStart(4, '0')}`;
      const [row] = await sql<{ id: string }>(
        `INSERT INTO assistance_requests (reference, institution_id, locale, status, topic, format, title, submitted_at, decided_at)
         VALUES ($1, $2, 'en', $3, $4, $5, $6, $7, $8) RETURNING id`,
        [reference[name], institution, status, topic, format, `Request ${name}`, submitted, decided],
      );
      request[name] = row.id;
    }
    const missions: [string, string, string, string, string][] = [
      ['M1', 'R1', 'delivered', '2025-03-10', '2025-03-12'],
      ['M2', 'R2', 'delivered', '2025-04-01', '2025-04-03'],
      ['M8', 'R8', 'planned', '2025-11-03', '2025-11-05'],
      ['M9', 'R9', 'cancelled', '2025-08-10', '2025-08-11'],
      ['M10', 'R10', 'running', '2025-12-01', '2025-12-05'],
    ];
    for (const [name, req, status, starts, ends] of missions) {
      const [row] = await sql<{ id: string }>(
        `INSERT INTO assistance_missions (request_id, status, starts_on, ends_on, venue, delivered_at)
         VALUES ($1, $2::varchar, $3, $4::date, 'Tbilisi', CASE WHEN $2::varchar = 'delivered' THEN $4::date + 1 END) RETURNING id`,
        [request[req], status, starts, ends],
      );
      mission[name] = row.id;
    }
    const participant = async (
      m: string,
      userId: string | null,
      name: string,
      sex: string | null,
      agency: string | null,
      country: string | null,
    ): Promise<string> =>
      (
        await sql<{ id: string }>(
          `INSERT INTO assistance_mission_participants (mission_id, user_id, full_name, sex, agency_type, country)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
          [mission[m], userId, name, sex, agency, country],
        )
      )[0].id;
    await participant('M1', l1.id, 'L1', null, null, null);
    const l2m1 = await participant('M1', l2.id, 'L2', 'another', 'other', 'KG');
    await participant('M1', null, 'G1', 'female', 'customs', 'GE');
    await participant('M1', null, 'G2', null, null, null);
    const g3 = await participant('M1', null, 'G3', 'male', 'police', 'GE');
    await participant('M2', l1.id, 'L1', null, null, null);
    await participant('M2', null, 'G4', 'male', 'border_guard', 'KZ');
    await participant('M2', null, 'G5', 'male', 'police', 'KZ');
    await participant('M10', null, 'G6', 'female', 'police', 'KG');
    await participant('M9', null, 'G7', 'female', 'police', 'GE');
    await sql(
      `INSERT INTO assistance_mission_attendance (participant_id, day, present) VALUES
         ($1, '2025-03-10', false), ($1, '2025-03-11', true), ($2, '2025-03-10', false), ($2, '2025-03-11', false)`,
      [l2m1, g3],
    );

    await sql(
      `INSERT INTO assistance_mission_reports (mission_id, locale, submitted_at) VALUES ($1, 'en', now()), ($2, 'en', now()), ($3, 'en', NULL)`,
      [mission.M1, mission.M2, mission.M10],
    );
    const recommendation = async (m: string, position: number, status: string, due: string): Promise<string> =>
      (
        await sql<{ id: string }>(
          `INSERT INTO assistance_recommendations (mission_id, position, body, owner, due_on, status) VALUES ($1, $2, $3, 'Ministry', $4, $5) RETURNING id`,
          [mission[m], position, `Recommendation ${m}-${position}`, due, status],
        )
      )[0].id;
    await recommendation('M1', 1, 'implemented', '2025-06-01');
    await recommendation('M1', 2, 'in_progress', '2025-06-01');
    const c = await recommendation('M1', 3, 'not_started', '2099-01-01');
    const d = await recommendation('M1', 4, 'in_progress', '2099-01-01');
    await recommendation('M2', 1, 'not_started', '2099-06-01');
    await recommendation('M10', 1, 'not_started', '2020-01-01');
    await sql(`INSERT INTO assistance_mission_follow_ups (mission_id, wave, due_on) VALUES ($1, 3, '2025-06-12'), ($1, 6, '2025-09-12')`, [
      mission.M1,
    ]);
    await sql(
      `INSERT INTO assistance_recommendation_updates (recommendation_id, wave, status, "at") VALUES ($1, 3, 'not_started', '2025-07-01T09:00Z'), ($2, 3, 'in_progress', '2025-06-20T09:00Z'), ($2, 6, 'in_progress', now())`,
      [c, d],
    );
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('counts every figure for the whole facility', async () => {
    const report = await facility('lang=en');
    expect(report.filters).toEqual({ from: null, to: null, country: null, topic: null, scope: 'facility', institutionId: null });
    expect(report.requests.total).toBe(9);
    expect(report.requests.byState).toEqual({ submitted: 1, screening: 1, approved: 5, rejected: 1, withdrawn: 1 });
    expect(report.requests.byCountry).toEqual([
      { country: 'GE', label: 'Georgia', n: 3 },
      { country: 'KZ', label: 'Kazakhstan', n: 3 },
      { country: null, label: translate('en', 'facility:regional'), n: 3 },
    ]);
    expect(Object.fromEntries(report.requests.byTopic.map((g) => [g.topic, g.requests]))).toEqual({
      supply_reduction: 1,
      demand_reduction: 1,
      case_integrity: 1,
      financial_investigation: 2,
      forensics: 2,
      international_cooperation: 1,
      human_rights_in_investigation: 0,
      other: 1,
    });
    expect(report.requests.decisionDays).toEqual({ median: 7.5, mean: 9.3, n: 6 });

    expect(report.missions).toMatchObject({ total: 5, delivered: 2, planned: 1, running: 1, cancelled: 1 });
    const formats = Object.fromEntries(report.missions.byFormat.map(({ format, label: _, ...n }) => [format, n]));
    expect(formats).toEqual({
      expert_mission: { planned: 0, running: 0, delivered: 1, cancelled: 0, total: 1 },
      workshop: { planned: 1, running: 1, delivered: 1, cancelled: 0, total: 3 },
      study_visit: { planned: 0, running: 0, delivered: 0, cancelled: 0, total: 0 },
      short_course: { planned: 0, running: 0, delivered: 0, cancelled: 1, total: 1 },
    });

    expect(report.people.reached).toBe(6);
    const people = (rows: { code: string | null; people: number }[]) => rows.map((r) => [r.code, r.people]);
    expect(people(report.people.bySex)).toEqual([
      ['female', 2],
      ['male', 3],
      ['another', 0],
      ['not_stated', 0],
      [null, 1],
    ]);
    // L1 counted once, as identity describes her; L2 as identity describes him, not as his participant row does.
    expect(people(report.people.byAgencyType)).toEqual([
      ['police', 2],
      ['prosecution', 1],
      ['customs', 1],
      ['drug_control', 0],
      ['intelligence', 0],
      ['border_guard', 1],
      ['judiciary', 0],
      ['other', 0],
      [null, 1],
    ]);
    expect(report.people.bySex[4].label).toBe(translate('en', 'people:not_recorded'));
    expect(report.people.byCountry.map((g) => [g.country, g.n])).toEqual([
      ['GE', 3],
      ['KZ', 2],
      [null, 1],
    ]);
    expect(report.recommendations).toEqual({ total: 5, implemented: 1, inProgress: 2, notStarted: 2, overdue: 2 });
  });

  it('filters by period, country and topic', async () => {
    const quarter = await facility('from=2025-01-01&to=2025-03-31');
    expect(quarter.requests.total).toBe(3);
    expect(quarter.requests.byState).toEqual({ submitted: 0, screening: 0, approved: 2, rejected: 0, withdrawn: 1 });
    // R2 was submitted at 23:30 UTC on 1 March and decided at 00:30 on 5 March: four calendar days.
    expect(quarter.requests.decisionDays).toEqual({ median: 7, mean: 7, n: 2 });
    expect(quarter.missions).toMatchObject({ total: 1, delivered: 1, planned: 0 });
    expect(quarter.people.reached).toBe(4);
    expect(quarter.recommendations).toEqual({ total: 4, implemented: 1, inProgress: 2, notStarted: 1, overdue: 2 });

    // Kazakhstan: its agency's requests and the regional organisation's it belongs to.
    const kz = await facility('country=KZ');
    expect(kz.requests.total).toBe(6);
    expect(kz.requests.byCountry.map((g) => [g.country, g.n])).toEqual([
      ['KZ', 3],
      [null, 3],
    ]);
    expect(kz.missions).toMatchObject({ total: 3, delivered: 1, planned: 1, running: 1, cancelled: 0 });
    expect(kz.people.reached).toBe(3);
    expect(kz.people.byAgencyType.filter((g) => g.people).map((g) => [g.code, g.people])).toEqual([
      ['police', 2],
      ['border_guard', 1],
    ]);
    expect(kz.recommendations).toEqual({ total: 1, implemented: 0, inProgress: 0, notStarted: 1, overdue: 0 });

    const forensics = await facility('topic=forensics');
    expect(forensics.requests.total).toBe(2);
    expect(forensics.requests.decisionDays).toEqual({ median: 9.5, mean: 9.5, n: 2 });
    expect(forensics.missions).toMatchObject({ total: 2, delivered: 1, planned: 1 });

    const nobody = await facility('country=KG&topic=forensics&from=2025-01-01&to=2025-12-31');
    expect(nobody.requests.total).toBe(0);
    expect(nobody.requests.decisionDays).toEqual({ median: null, mean: null, n: 0 });
    expect(nobody.people).toMatchObject({ reached: 0, byCountry: [] });
    expect(nobody.recommendations.total).toBe(0);
  });

  it('refuses bad filters in the caller’s language, changing nothing', async () => {
    const backwards = await api('/facility?from=2025-05-01&to=2025-04-01&lang=ru', manager).expect(400);
    expect(backwards.body.code).toBe('validation_failed');
    expect(backwards.body.message).toContain(translate('ru', 'fields:to'));
    await api('/facility?country=kz', manager).expect(400);
    await api('/facility?topic=astrology', manager).expect(400);
    await api('/facility?from=2025-13-01', manager).expect(400);
    await api('/facility?institutionId=x', manager).expect(400);
  });

  it('shows focal points and academy administrators their own institution only; others 403', async () => {
    const mine = await facility('', admin);
    expect(mine.filters).toMatchObject({ scope: 'institution' });
    expect(mine.requests.total).toBe(3);
    expect(mine.requests.byState).toMatchObject({ submitted: 1, approved: 2 });
    expect(mine.missions).toMatchObject({ delivered: 1, cancelled: 1, total: 2 });
    expect(mine.people.reached).toBe(4);
    expect(mine.recommendations.total).toBe(4);

    const agency = await facility('', focal);
    expect(agency.requests.total).toBe(3);
    expect(agency.requests.byCountry.map((g) => [g.country, g.n])).toEqual([['KZ', 3]]);
    // The regional organisation's requests stay out, even asked for by country.
    expect((await facility('country=KZ', focal)).requests.total).toBe(3);

    const never = await facility('', otherAdmin);
    expect(never.filters).toMatchObject({ scope: 'institution', institutionId: null });
    expect([never.requests.total, never.missions.total, never.people.reached, never.recommendations.total]).toEqual([0, 0, 0, 0]);

    await api('/facility', learner).expect(403);
    await api('/facility.csv', learner).expect(403);
    await api('/facility.xlsx', learner).expect(403);
    await api('/facility/worklists', admin).expect(403);
    await api('/facility/worklists', focal).expect(403);
    await t.http().get('/api/v1/assistance/reports/facility').expect(401);
  });

  it('lists overdue recommendations and requests waiting, for managers', async () => {
    const lists = (await api('/facility/worklists?lang=en', manager).expect(200)).body as Worklists;
    expect(lists.overdueTotal).toBe(2);
    expect(lists.overdue.map((r) => [r.body, r.pastDue, r.missedWave])).toEqual([
      ['Recommendation M1-2', true, 6],
      ['Recommendation M1-3', false, 6],
    ]);
    expect(lists.overdue[0]).toMatchObject({
      reference: reference.R1,
      institution: 'Georgian Academy',
      dueOn: '2025-06-01',
      status: 'in_progress',
    });
    expect(lists.awaiting.map((r) => [r.reference, r.status])).toEqual([
      [reference.R4, 'submitted'],
      [reference.R5, 'screening'],
    ]);
    const kz = (await api('/facility/worklists?country=KZ', manager).expect(200)).body as Worklists;
    expect([kz.overdueTotal, kz.awaiting.map((r) => r.reference)]).toEqual([0, [reference.R5]]);
  });

  describe('exports', () => {
    const download = (format: string, query: string, who: Person = manager) =>
      api(`/facility.${format}?${query}`, who).buffer(true).parse(binary).expect(200);
    const exports = async () =>
      sql<{ actor_id: string; academy_id: string | null; entity_type: string; after: Record<string, unknown> }>(
        `SELECT actor_id, academy_id, entity_type, after FROM audit_entries WHERE action = 'report.exported' ORDER BY id`,
      );

    it('writes a CSV of every number, in the caller’s language', async () => {
      const res = await download('csv', 'country=KZ&lang=en');
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="facility-report-\d{4}-\d{2}-\d{2}\.csv"$/);
      const rows = csvRows((res.body as Buffer).toString('utf8'));
      const f = (key: string) => translate('en', `facility:${key}`);
      expect(rows[0]).toEqual(['Section', 'Table', 'Code', 'Label', 'Measure', 'Value']);
      const find = (table: string, code: string, measure?: string) =>
        rows.filter((r) => r[1] === table && r[2] === code && (!measure || r[4] === measure)).map((r) => r[5]);
      expect(find(f('summary.heading'), 'requests')).toEqual(['6']);
      expect(find(f('summary.heading'), 'reached')).toEqual(['3']);
      expect(find(f('tables.requests_by_state'), 'approved')).toEqual(['3']);
      expect(find(f('tables.requests_by_country'), '')).toEqual(['3']);
      expect(find(f('tables.missions_by_format'), 'workshop', f('mission_states.planned'))).toEqual(['1']);
      expect(find(f('tables.missions_by_format'), 'workshop', f('columns.total'))).toEqual(['2']);
      expect(find(f('tables.people_by_sex'), 'male')).toEqual(['2']);
      // KZ and the regional organisation: decisions after 4, 5, 15 and 20 days.
      expect(find(f('tables.decision_days'), 'median_days')).toEqual(['10']);
      expect(rows.find((r) => r[1] === f('tables.requests_by_country') && r[2] === 'KZ')).toEqual([
        f('sections.requests'),
        f('tables.requests_by_country'),
        'KZ',
        'Kazakhstan',
        f('columns.requests'),
        '3',
      ]);
      // No names: neither a participant's nor a request's title.
      expect((res.body as Buffer).toString('utf8')).not.toMatch(/G4|L1|Request R/);
    });

    it('writes an XLSX with a sheet per section, numbers as numbers, right to left in Urdu', async () => {
      const res = await download('xlsx', 'lang=ru');
      expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const workbook = new Workbook();
      await workbook.xlsx.load(Uint8Array.from(res.body as Buffer).buffer);
      const f = (key: string) => translate('ru', `facility:${key}`);
      expect(workbook.worksheets.map((w) => w.name)).toEqual([
        f('export.sheet_about'),
        f('sections.requests'),
        f('sections.missions'),
        f('sections.people'),
        f('sections.recommendations'),
      ]);
      /** The one row of a sheet whose first cell is `label` and that holds a number (a definition may share the label). */
      const row = (sheet: string, label: string): unknown[] => {
        const ws = workbook.getWorksheet(sheet)!;
        const found: unknown[][] = [];
        ws.eachRow((r) => {
          const values = (r.values as unknown[]).slice(1);
          if (values[0] === label && values.some((v) => typeof v === 'number')) found.push(values);
        });
        expect(found).toHaveLength(1);
        return found[0];
      };
      expect(row(f('sections.requests'), translate('ru', 'assistance:states.approved'))).toEqual([
        translate('ru', 'assistance:states.approved'),
        'approved',
        5,
      ]);
      expect(row(f('sections.requests'), f('figures.median_days'))).toEqual([f('figures.median_days'), 'median_days', 7.5]);
      expect(row(f('sections.missions'), translate('ru', 'assistance:formats.workshop')).slice(2)).toEqual([1, 1, 1, 0, 3]);
      expect(row(f('sections.people'), translate('ru', 'people:sex.female')).slice(2)).toEqual([2]);
      expect(row(f('sections.recommendations'), f('figures.overdue')).slice(2)).toEqual([2]);
      expect(row(f('export.sheet_about'), f('figures.reached'))).toEqual([f('figures.reached'), 6]);
      expect(workbook.getWorksheet(f('sections.people'))!.views[0]).toMatchObject({ rightToLeft: false });

      const urdu = new Workbook();
      await urdu.xlsx.load(Uint8Array.from((await download('xlsx', 'lang=ur')).body as Buffer).buffer);
      expect(urdu.worksheets[1].name).toBe(translate('ur', 'facility:sections.requests'));
      expect(urdu.worksheets[1].views[0]).toMatchObject({ rightToLeft: true });
    });

    it('records each download in the audit trail: who, format, filters', async () => {
      const before = (await exports()).length;
      await download('xlsx', 'from=2025-01-01&to=2025-06-30&country=KZ&topic=forensics&lang=ka');
      await download('csv', 'lang=en', admin);
      const entries = (await exports()).slice(before);
      expect(entries).toEqual([
        {
          actor_id: manager.id,
          academy_id: null,
          entity_type: 'report',
          after: {
            report: 'facility',
            format: 'xlsx',
            locale: 'ka',
            from: '2025-01-01',
            to: '2025-06-30',
            country: 'KZ',
            topic: 'forensics',
            institutionId: null,
          },
        },
        {
          actor_id: admin.id,
          academy_id: expect.any(String),
          entity_type: 'report',
          after: expect.objectContaining({ report: 'facility', format: 'csv', institutionId: expect.any(String) }),
        },
      ]);
      // A refused download is not recorded.
      await api('/facility.csv?to=2025-01-01&from=2025-02-01', manager).expect(400);
      expect((await exports()).length).toBe(before + 2);
    });
  });

  it('gives the indicator “people trained or assisted”: each person once across training and missions', async () => {
    // Training: L1 and L3 enrolled in a cohort of academy GE in May 2025 (L1 also took part in two missions).
    const trainer = await person(['trainer'], geAcademy);
    const version = await versionFactory(t.app, trainer, { lessons: 1 });
    const [{ course_id: courseId }] = await sql<{ course_id: string }>(`SELECT course_id FROM course_versions WHERE id = $1`, [
      version.versionId,
    ]);
    const post = (path: string, who: Person, body: object) =>
      t.http().post(path).set('authorization', `Bearer ${who.token}`).send(body).expect(201);
    const cohort = (
      await post('/api/v1/cohorts', admin, {
        courseVersionId: version.versionId,
        name: 'Fair trial 2025',
        locale: 'en',
        startsOn: '2025-05-01',
        endsOn: '2025-06-30',
        trainerIds: [trainer.id],
        completion: { minAttendancePercent: 0, requireAllLessons: true },
      })
    ).body.id as string;
    await post(`/api/v1/cohorts/${cohort}/enrolments`, admin, { userIds: [l1Id, l3.id] });
    await sql(`UPDATE enrolments SET enrolled_at = '2025-05-10T09:00Z' WHERE cohort_id = $1`, [cohort]);

    type Value = { period: string; value: number | null; breakdown: { key: string | null; value: number | null }[] | null };
    const indicator = async (who: Person, body: object): Promise<Map<string, Value>> => {
      const created = await post('/api/v1/indicators', who, {
        title: { en: 'Reached' },
        measure: 'people_trained_or_assisted',
        periodKind: 'year',
        baselineDate: '2024-01-01',
        ...body,
      });
      return new Map((created.body.values as Value[]).map((v) => [v.period, v]));
    };
    // Platform-wide, by sex: L1, L2, L3 as identity describes them, the guests G1, G2, G4, G5 as recorded on the missions.
    const all = await indicator(root, { code: 'TA-1', breakdown: 'sex' });
    expect(all.get('2025')).toMatchObject({ value: 7 });
    expect(all.get('2025')!.breakdown!.map((g) => [g.key, g.value])).toEqual([
      ['female', 3],
      ['male', 3],
      ['another', 0],
      ['not_stated', 0],
      [null, 1],
    ]);
    expect(all.get('2024')).toMatchObject({ value: 0 });
    // Academy GE: its own people (L1, L2, L3) and the guests of the mission it asked for (G1, G2).
    expect((await indicator(admin, { code: 'TA-2' })).get('2025')).toMatchObject({ value: 5 });
    // Kazakhstan: the guests recorded there (G4, G5).
    expect((await indicator(root, { code: 'TA-3', country: 'KZ' })).get('2025')).toMatchObject({ value: 2 });
    // A course: its trainees only (missions have no course).
    expect((await indicator(root, { code: 'TA-4', courseId })).get('2025')).toMatchObject({ value: 2 });
  });

  describe('the page', () => {
    let visitor: Visitor;
    beforeAll(async () => {
      visitor = new Visitor(t);
      await visitor.login(manager.email, manager.password);
    });

    it('renders in Russian: figures, charts with their tables, work lists, downloads', async () => {
      const page = await visitor.get('/assistance/dashboard?lang=ru');
      expect(page.status).toBe(200);
      const f = (key: string) => translate('ru', `facility:${key}`);
      expect(page.text).toContain('<html lang="ru" dir="ltr">');
      expect(page.text).toContain(`<h1>${f('title')}</h1>`);
      expect(page.text).toContain(`<tr data-figure="reached"><th scope="row">${f('figures.reached')}</th><td>6</td></tr>`);
      expect(page.text).toContain(`<th scope="row">${translate('ru', 'assistance:states.approved')}</th><td>5</td>`);
      expect(page.text).toMatch(/<svg [^>]*role="img" aria-labelledby="chart-people-by-sex-title chart-people-by-sex-desc"/);
      expect(page.text).toContain(`<caption>${f('chart.table').replace('{{name}}', f('tables.people_by_sex'))}</caption>`);
      expect(page.text).toContain(reference.R4);
      expect(page.text).toContain('Recommendation M1-2');
      expect(page.text).toContain(translate('ru', 'facility:worklists.missed_wave', { months: 6 }));
      expect(page.text).toMatch(/href="\/assistance\/dashboard\.xlsx\?lang(=|&#x3D;)ru"/);

      const csv = await visitor.get('/assistance/dashboard.csv?country=KZ&lang=en');
      expect(csv.status).toBe(200);
      expect(csv.text).toContain(`Key figures,Key figures,reached,People reached,People reached,3`);
    });

    it('renders in Urdu right to left, and shows a bad filter beside its field', async () => {
      const page = await visitor.get('/assistance/dashboard?lang=ur&country=KZ');
      expect(page.status).toBe(200);
      expect(page.text).toContain('<html lang="ur" dir="rtl">');
      expect(page.text).toContain(`<h1>${translate('ur', 'facility:title')}</h1>`);
      expect(page.text).toContain('direction="rtl"');
      expect(page.text).toMatch(/<option value="KZ" selected>/);

      const bad = await visitor.get('/assistance/dashboard?lang=ru&from=2025-05-01&to=2025-01-01');
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('id="to-error"');
    });

    it('is for facility managers only', async () => {
      const other = new Visitor(t);
      await other.login(admin.email, admin.password);
      expect((await other.get('/assistance/dashboard')).status).toBe(403);
      expect((await other.get('/assistance/dashboard.csv')).status).toBe(403);
    });
  });
});

interface Report {
  filters: Record<string, unknown>;
  requests: {
    total: number;
    byState: Record<string, number>;
    byCountry: { country: string | null; label: string; n: number }[];
    byTopic: { topic: string; label: string; requests: number }[];
    decisionDays: { median: number | null; mean: number | null; n: number };
  };
  missions: {
    total: number;
    delivered: number;
    planned: number;
    running: number;
    cancelled: number;
    byFormat: { format: string; label: string; planned: number; running: number; delivered: number; cancelled: number; total: number }[];
  };
  people: {
    reached: number;
    bySex: { code: string | null; label: string; people: number }[];
    byAgencyType: { code: string | null; label: string; people: number }[];
    byCountry: { country: string | null; label: string; n: number }[];
  };
  recommendations: { total: number; implemented: number; inProgress: number; notStarted: number; overdue: number };
}

interface Worklists {
  overdue: {
    body: string;
    reference: string;
    institution: string;
    dueOn: string;
    status: string;
    pastDue: boolean;
    missedWave: number | null;
  }[];
  overdueTotal: number;
  awaiting: { reference: string; status: string }[];
  awaitingTotal: number;
}
