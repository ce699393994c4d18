import { Workbook } from 'exceljs';
import type { Response } from 'supertest';
import { countryName } from '@probity/evaluation';
import { translate } from '@probity/i18n';
import { type AgencyType, type Role, type Sex, UsersService, type UserView } from '@probity/identity';
import { PASSWORD, academyFactory, tokenFor } from '../factories';
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
 * The cooperation initiatives' report (issue 15 point 5): every figure checked against data seeded in SQL and counted
 * by hand.
 *
 * Institutions: the academies GE, UA, KG (and AZ, never a member), a regional organisation RO of KZ and KG.
 * Initiatives (members accepted unless said):
 *   I1 lead GE, international_cooperation, held, ends 2025-03-12: GE, UA, KG              countries GE KG UA
 *   I2 lead UA, financial_investigation, held, ends 2025-06-20: UA, RO (GE only invited)   countries KG KZ UA
 *   I3 facility's, international_cooperation, planned, ends 2025-11-05: GE, RO             countries GE KG KZ
 *   I4 lead GE, cancelled, ends 2025-04-01: GE, UA (never counted, nor anything of it)
 * Links: GE–KG 2 (I1, I3), GE–UA 1, GE–KZ 1, KG–UA 2 (I1, I2), KG–KZ 2 (I2, I3), KZ–UA 1; own: GE 2, KG 3, KZ 2, UA 2.
 * Participants: people with an account are described as identity has them, whatever their participant rows say: U1
 *   (female, prosecution, academy GE) in I1 and I3 for GE (rows: nothing, and a stale "another, other, KG"); U2 (male,
 *   prosecution, academy UA) in I2 for UA (row: nothing); guests: P2 I1/UA male customs UA; P3 I1/KG male police, no
 *   country (KG, the institution's); P4 I2/RO female drug_control KZ; P5 I2/RO nothing recorded; P6 I2/UA absent both
 *   days (not counted); P7 I1/UA female judiciary UA, absent one day, present the other; P8 in I4 (not counted).
 *   So 7 people, 8 participations.
 * Action items: I1 A1 done, A2 open due 2020 (overdue), A3 in progress due 2099 (open); I2 A4 dropped, A5 in progress
 *   due 2021 (overdue); I4 A6 (not counted).
 * Outcomes: I1 GE w3 (2,1,0,1,3,0), I1 UA w3 (1,2,1,0,1,1), I1 GE w6 (1,0,0,0,1,1), I2 RO w3 (0,4,0,2,0,0); I4 GE w3 (not counted).
 */
describe('cooperation initiatives report', () => {
  let t: TestApp;
  let manager: Person, root: Person, geAdmin: Person, uaAdmin: Person, kgAdmin: Person, azAdmin: Person, learner: Person, focal: Person;
  const academy: Record<string, string> = {};
  const inst: Record<string, string> = {};
  const initiative: Record<string, string> = {};

  const api = (path: string, who: Person) => t.http().get(`/api/v1/initiatives/reports${path}`).set('authorization', `Bearer ${who.token}`);
  const summary = async (query: string, who: Person = manager) => (await api(`/summary?${query}`, who).expect(200)).body as Report;

  async function person(roles: Role[], academyId?: string, description: { sex?: Sex; agencyType?: AgencyType } = {}): Promise<Person> {
    const email = `c${Math.random().toString(36).slice(2, 10)}@cooperation.test`;
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
    for (const country of ['GE', 'UA', 'KG', 'AZ']) {
      academy[country] = (await academyFactory(t.app, { country })).id;
      const [row] = await sql<{ id: string }>(
        `INSERT INTO assistance_institutions (kind, academy_id, name, country) VALUES ('academy', $1, $2, $3) RETURNING id`,
        [academy[country], JSON.stringify({ en: `Academy of ${country}` }), country],
      );
      inst[country] = row.id;
    }
    const [ro] = await sql<{ id: string }>(
      `INSERT INTO assistance_institutions (kind, name, countries) VALUES ('regional_organisation', '{"en":"Central Asian Centre"}', '{KZ,KG}') RETURNING id`,
    );
    inst.RO = ro.id;
    manager = await person(['facility_manager']);
    root = await person(['platform_admin']);
    geAdmin = await person(['academy_admin'], academy.GE);
    uaAdmin = await person(['academy_admin'], academy.UA);
    kgAdmin = await person(['academy_admin'], academy.KG);
    azAdmin = await person(['academy_admin'], academy.AZ);
    learner = await person(['learner'], academy.GE);
    focal = await person(['partner_focal_point']);
    const u1 = await person(['learner'], academy.GE, { sex: 'female', agencyType: 'prosecution' });
    const u2 = await person(['learner'], academy.UA, { sex: 'male', agencyType: 'prosecution' });

    const initiatives: [string, string | null, string, string, string, string][] = [
      ['I1', academy.GE, 'international_cooperation', 'held', '2025-03-11', '2025-03-12'],
      ['I2', academy.UA, 'financial_investigation', 'held', '2025-06-18', '2025-06-20'],
      ['I3', null, 'international_cooperation', 'planned', '2025-11-03', '2025-11-05'],
      ['I4', academy.GE, 'international_cooperation', 'cancelled', '2025-03-30', '2025-04-01'],
    ];
    for (const [name, lead, topic, status, starts, ends] of initiatives) {
      const [row] = await sql<{ id: string }>(
        `INSERT INTO cooperation_initiatives (reference, lead_academy_id, title, format, topic, status, starts_on, ends_on, venue)
         VALUES ($1, $2, $3, 'regional_meeting', $4, $5, $6, $7, 'Tbilisi') RETURNING id`,
        [`CI-2025-${name}`, lead, JSON.stringify({ en: `Initiative ${name}` }), topic, status, starts, ends],
      );
      initiative[name] = row.id;
    }
    const members: [string, string, string][] = [
      ['I1', 'GE', 'accepted'],
      ['I1', 'UA', 'accepted'],
      ['I1', 'KG', 'accepted'],
      ['I2', 'UA', 'accepted'],
      ['I2', 'RO', 'accepted'],
      ['I2', 'GE', 'invited'],
      ['I3', 'GE', 'accepted'],
      ['I3', 'RO', 'accepted'],
      ['I4', 'GE', 'accepted'],
      ['I4', 'UA', 'accepted'],
    ];
    for (const [i, institution, status] of members)
      await sql(`INSERT INTO cooperation_memberships (initiative_id, institution_id, status) VALUES ($1, $2, $3)`, [
        initiative[i],
        inst[institution],
        status,
      ]);
    const participant = async (
      i: string,
      institution: string,
      userId: string | null,
      name: string,
      sex: string | null,
      agency: string | null,
      country: string | null,
    ): Promise<string> =>
      (
        await sql<{ id: string }>(
          `INSERT INTO cooperation_participants (initiative_id, institution_id, user_id, full_name, sex, agency_type, country)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
          [initiative[i], inst[institution], userId, name, sex, agency, country],
        )
      )[0].id;
    await participant('I1', 'GE', u1.id, 'U1', null, null, null);
    await participant('I3', 'GE', u1.id, 'U1', 'another', 'other', 'KG');
    await participant('I2', 'UA', u2.id, 'U2', null, null, null);
    await participant('I1', 'UA', null, 'P2', 'male', 'customs', 'UA');
    await participant('I1', 'KG', null, 'P3', 'male', 'police', null);
    await participant('I2', 'RO', null, 'P4', 'female', 'drug_control', 'KZ');
    await participant('I2', 'RO', null, 'P5', null, null, null);
    const p6 = await participant('I2', 'UA', null, 'P6', 'male', 'border_guard', 'UA');
    const p7 = await participant('I1', 'UA', null, 'P7', 'female', 'judiciary', 'UA');
    await participant('I4', 'GE', null, 'P8', 'female', 'police', 'GE');
    await sql(
      `INSERT INTO cooperation_attendance (participant_id, day, present) VALUES
         ($1, '2025-06-18', false), ($1, '2025-06-19', false), ($2, '2025-03-11', false), ($2, '2025-03-12', true)`,
      [p6, p7],
    );
    const items: [string, number, string, string, string][] = [
      ['I1', 1, 'GE', 'done', '2025-05-01'],
      ['I1', 2, 'UA', 'open', '2020-01-01'],
      ['I1', 3, 'KG', 'in_progress', '2099-01-01'],
      ['I2', 1, 'UA', 'dropped', '2025-09-01'],
      ['I2', 2, 'RO', 'in_progress', '2021-01-01'],
      ['I4', 1, 'GE', 'open', '2020-01-01'],
    ];
    for (const [i, position, owner, status, due] of items)
      await sql(
        `INSERT INTO cooperation_action_items (initiative_id, position, body, owner_institution_id, due_on, status) VALUES ($1, $2, $3, $4, $5, $6)`,
        [initiative[i], position, `Action ${i}-${position}`, inst[owner], due, status],
      );
    const reports: [string, string, number, number[]][] = [
      ['I1', 'GE', 3, [2, 1, 0, 1, 3, 0]],
      ['I1', 'UA', 3, [1, 2, 1, 0, 1, 1]],
      ['I1', 'GE', 6, [1, 0, 0, 0, 1, 1]],
      ['I2', 'RO', 3, [0, 4, 0, 2, 0, 0]],
      ['I4', 'GE', 3, [9, 9, 9, 9, 9, 9]],
    ];
    for (const [i, institution, wave, counts] of reports)
      await sql(
        `INSERT INTO cooperation_outcome_reports (initiative_id, institution_id, wave, joint_investigations, mla_requests,
           extradition_requests, joint_operations, information_exchanges, mous_signed, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'Counts only')`,
        [initiative[i], inst[institution], wave, ...counts],
      );
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('counts every figure for all initiatives', async () => {
    const report = await summary('lang=en');
    expect(report.filters).toEqual({ from: null, to: null, country: null, topic: null, scope: 'all', academyId: null });
    expect(report.initiatives.total).toBe(3);
    expect(report.initiatives.institutions).toBe(4);
    expect(Object.fromEntries(report.initiatives.byTopic.map((g) => [g.topic, g.initiatives]))).toEqual({
      supply_reduction: 0,
      demand_reduction: 0,
      case_integrity: 0,
      financial_investigation: 1,
      forensics: 0,
      international_cooperation: 2,
      human_rights_in_investigation: 0,
      other: 0,
    });
    expect(report.initiatives.byCountryPair.map((p) => [p.a, p.b, p.initiatives])).toEqual([
      ['GE', 'KG', 2],
      ['KG', 'KZ', 2],
      ['KG', 'UA', 2],
      ['GE', 'KZ', 1],
      ['GE', 'UA', 1],
      ['KZ', 'UA', 1],
    ]);
    expect(report.initiatives.byCountryPair[0].label).toBe('Georgia – Kyrgyzstan');

    expect(report.matrix.countries).toEqual(['GE', 'KG', 'KZ', 'UA']);
    expect(report.matrix.labels).toEqual(['Georgia', 'Kyrgyzstan', 'Kazakhstan', 'Ukraine']);
    expect(report.matrix.cells).toEqual([
      [2, 2, 1, 1],
      [2, 3, 2, 2],
      [1, 2, 2, 1],
      [1, 2, 1, 2],
    ]);
    const n = report.matrix.countries.length;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(report.matrix.cells[i][j]).toBe(report.matrix.cells[j][i]);

    expect(report.participants.people).toBe(7);
    expect(report.participants.participations).toBe(8);
    const people = (rows: { code: string | null; people: number }[]) => rows.map((r) => [r.code, r.people]);
    expect(people(report.participants.bySex)).toEqual([
      ['female', 3],
      ['male', 3],
      ['another', 0],
      ['not_stated', 0],
      [null, 1],
    ]);
    // U1 and U2 once each, as identity describes them (prosecution), not as their participant rows do.
    expect(people(report.participants.byAgencyType)).toEqual([
      ['police', 1],
      ['prosecution', 2],
      ['customs', 1],
      ['drug_control', 1],
      ['intelligence', 0],
      ['border_guard', 0],
      ['judiciary', 1],
      ['other', 0],
      [null, 1],
    ]);
    expect(report.participants.bySex[4].label).toBe(translate('en', 'people:not_recorded'));
    // P3 has no country of their own: the Kyrgyz academy's.
    expect(people(report.participants.byCountry)).toEqual([
      ['GE', 1],
      ['KG', 1],
      ['KZ', 1],
      ['UA', 3],
      [null, 1],
    ]);

    expect(report.actionItems).toEqual({ total: 5, done: 1, overdue: 2, open: 1, dropped: 1 });

    expect(report.outcomes.total).toEqual({
      reports: 4,
      joint_investigations: 4,
      mla_requests: 7,
      extradition_requests: 1,
      joint_operations: 3,
      information_exchanges: 5,
      mous_signed: 2,
    });
    expect(report.outcomes.byWave).toEqual([
      {
        wave: 3,
        reports: 3,
        joint_investigations: 3,
        mla_requests: 7,
        extradition_requests: 1,
        joint_operations: 3,
        information_exchanges: 4,
        mous_signed: 1,
      },
      {
        wave: 6,
        reports: 1,
        joint_investigations: 1,
        mla_requests: 0,
        extradition_requests: 0,
        joint_operations: 0,
        information_exchanges: 1,
        mous_signed: 1,
      },
    ]);
    expect(report.outcomes.byMonth).toEqual([
      {
        month: '2025-03',
        reports: 3,
        joint_investigations: 4,
        mla_requests: 3,
        extradition_requests: 1,
        joint_operations: 1,
        information_exchanges: 5,
        mous_signed: 2,
      },
      {
        month: '2025-06',
        reports: 1,
        joint_investigations: 0,
        mla_requests: 4,
        extradition_requests: 0,
        joint_operations: 2,
        information_exchanges: 0,
        mous_signed: 0,
      },
    ]);
  });

  it('filters by period, country (a regional organisation standing for its members) and topic', async () => {
    const ua = await summary('country=UA');
    expect(ua.initiatives.total).toBe(2);
    expect(ua.matrix.countries).toEqual(['GE', 'KG', 'KZ', 'UA']);
    expect(ua.matrix.cells).toEqual([
      [1, 1, 0, 1],
      [1, 2, 1, 2],
      [0, 1, 1, 1],
      [1, 2, 1, 2],
    ]);
    expect(ua.outcomes.total.reports).toBe(4);

    // Kazakhstan takes part only through the regional organisation: I2 and I3.
    const kz = await summary('country=KZ');
    expect(kz.initiatives.total).toBe(2);
    // U1 (her I3 participation), U2, P4, P5; P6 absent both days.
    expect(kz.participants.people).toBe(4);
    expect(kz.actionItems).toEqual({ total: 2, done: 0, overdue: 1, open: 0, dropped: 1 });

    const later = await summary('from=2025-06-01&to=2025-12-31');
    expect(later.initiatives.total).toBe(2);
    expect(later.outcomes.total).toMatchObject({ reports: 1, mla_requests: 4 });
    expect(later.outcomes.byMonth.map((m) => m.month)).toEqual(['2025-06']);

    const topic = await summary('topic=international_cooperation');
    expect(topic.initiatives.total).toBe(2);
    expect(topic.actionItems.total).toBe(3);

    const nothing = await summary('country=KZ&topic=forensics');
    expect(nothing.initiatives.total).toBe(0);
    expect(nothing.matrix).toEqual({ countries: [], labels: [], cells: [] });
    expect(nothing.participants).toMatchObject({ people: 0, participations: 0, byCountry: [] });
    expect(nothing.outcomes.total.reports).toBe(0);
    expect(nothing.outcomes.byWave).toEqual([]);
  });

  it('refuses bad filters in the caller’s language, changing nothing', async () => {
    const backwards = await api('/summary?from=2025-05-01&to=2025-04-01&lang=ka', manager).expect(400);
    expect(backwards.body.code).toBe('validation_failed');
    expect(backwards.body.message).toContain(translate('ka', 'fields:to'));
    await api('/summary?country=ua', manager).expect(400);
    await api('/summary?topic=astrology', manager).expect(400);
    await api('/summary?from=2025-02-30', manager).expect(400);
    await api('/summary?academyId=x', manager).expect(400);
  });

  it('shows an academy administrator the initiatives their academy leads or takes part in; others 403', async () => {
    // GE: I1 (lead, member), I3 (member); not I2 (only invited), not I4 (cancelled).
    const ge = await summary('', geAdmin);
    expect(ge.filters).toMatchObject({ scope: 'academy', academyId: academy.GE });
    expect(ge.initiatives.total).toBe(2);
    expect(ge.matrix.countries).toEqual(['GE', 'KG', 'KZ', 'UA']);
    expect(ge.outcomes.total.reports).toBe(3);
    // UA: I1 (member) and I2 (lead).
    const ua = await summary('', uaAdmin);
    expect(ua.initiatives.total).toBe(2);
    expect(ua.actionItems).toEqual({ total: 5, done: 1, overdue: 2, open: 1, dropped: 1 });
    expect((await summary('', kgAdmin)).initiatives.total).toBe(1);
    const az = await summary('', azAdmin);
    expect(az.filters).toMatchObject({ scope: 'academy', academyId: academy.AZ });
    expect([az.initiatives.total, az.participants.people, az.actionItems.total, az.outcomes.total.reports, az.matrix.countries]).toEqual([
      0,
      0,
      0,
      0,
      [],
    ]);
    expect((await summary('', root)).initiatives.total).toBe(3);

    await api('/summary', learner).expect(403);
    await api('/summary', focal).expect(403);
    await api('/summary.csv', learner).expect(403);
    await api('/summary.xlsx', focal).expect(403);
    await t.http().get('/api/v1/initiatives/reports/summary').expect(401);
  });

  describe('exports', () => {
    const download = (format: string, query: string, who: Person = manager) =>
      api(`/summary.${format}?${query}`, who).buffer(true).parse(binary).expect(200);
    const exports = async () =>
      sql<{ actor_id: string; academy_id: string | null; entity_type: string; after: Record<string, unknown> }>(
        `SELECT actor_id, academy_id, entity_type, after FROM audit_entries WHERE action = 'report.exported' ORDER BY id`,
      );

    it('writes a CSV of every number, the matrix cell by cell, in the caller’s language', async () => {
      const res = await download('csv', 'lang=en');
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="cooperation-report-\d{4}-\d{2}-\d{2}\.csv"$/);
      const text = (res.body as Buffer).toString('utf8');
      const rows = csvRows(text);
      const c = (key: string) => translate('en', `cooperation_reports:${key}`);
      expect(rows[0]).toEqual(['Section', 'Table', 'Code', 'Label', 'Measure', 'Value']);
      const find = (table: string, code: string, measure?: string) =>
        rows.filter((r) => r[1] === table && r[2] === code && (!measure || r[4] === measure)).map((r) => r[5]);
      expect(find(c('summary.heading'), 'initiatives')).toEqual(['3']);
      expect(find(c('summary.heading'), 'people')).toEqual(['7']);
      expect(find(c('summary.heading'), 'overdue')).toEqual(['2']);
      expect(find(c('tables.initiatives_by_topic'), 'international_cooperation')).toEqual(['2']);
      expect(find(c('tables.country_pairs'), 'KG-UA')).toEqual(['2']);
      expect(find(c('tables.country_matrix'), 'KG-KG')).toEqual(['3']);
      expect(find(c('tables.country_matrix'), 'GE-KZ')).toEqual(['1']);
      expect(find(c('tables.country_matrix'), 'KZ-GE')).toEqual(['1']);
      expect(find(c('tables.people_by_country'), 'UA')).toEqual(['3']);
      expect(find(c('tables.action_items_by_state'), 'overdue')).toEqual(['2']);
      expect(find(c('tables.outcomes_total'), 'mla_requests')).toEqual(['7']);
      expect(find(c('tables.outcomes_by_wave'), '6', c('outcomes.mous_signed'))).toEqual(['1']);
      expect(find(c('tables.outcomes_by_month'), '2025-06', c('columns.reports'))).toEqual(['1']);
      expect(rows.find((r) => r[1] === c('tables.country_matrix') && r[2] === 'GE-UA')).toEqual([
        c('sections.links'),
        c('tables.country_matrix'),
        'GE-UA',
        'Georgia',
        'Ukraine',
        '1',
      ]);
      // Counts only: no participant's name, no initiative's title, no note.
      expect(text).not.toMatch(/U1|P4|Initiative I|Counts only|Action I/);
    });

    it('writes an XLSX with a sheet per section and the matrix as numbers; right to left in Urdu', async () => {
      const res = await download('xlsx', 'lang=ka');
      expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const workbook = new Workbook();
      await workbook.xlsx.load(Uint8Array.from(res.body as Buffer).buffer);
      const c = (key: string) => translate('ka', `cooperation_reports:${key}`);
      expect(workbook.worksheets.map((w) => w.name)).toEqual(
        [
          c('export.sheet_about'),
          c('sections.initiatives'),
          c('sections.links'),
          c('sections.participants'),
          c('sections.action_items'),
          c('sections.outcomes'),
        ].map((name) => name.slice(0, 31)),
      );
      const sheetOf = (section: string) => workbook.worksheets.find((w) => w.name === c(section).slice(0, 31))!;
      /** The rows of a sheet whose second cell (the code) is `code` and that hold a number. */
      const row = (section: string, code: string): unknown[] => {
        const found: unknown[][] = [];
        sheetOf(section).eachRow((r) => {
          const values = (r.values as unknown[]).slice(1);
          if (values[1] === code && values.some((v) => typeof v === 'number')) found.push(values);
        });
        expect(found).toHaveLength(1);
        return found[0];
      };
      // The matrix: rows GE, KG, KZ, UA and the same countries across; the pairs table's rows are "GE-KG" and so on.
      expect(row('sections.links', 'KG').slice(2)).toEqual([2, 3, 2, 2]);
      expect(row('sections.links', 'UA').slice(2)).toEqual([1, 2, 1, 2]);
      expect(row('sections.links', 'GE-KG').slice(2)).toEqual([2]);
      expect(row('sections.action_items', 'done').slice(2)).toEqual([1]);
      expect(row('sections.outcomes', '3').slice(2)).toEqual([3, 3, 7, 1, 3, 4, 1]);
      expect(row('sections.participants', 'female')).toEqual([translate('ka', 'people:sex.female'), 'female', 3]);
      expect(sheetOf('sections.links').views[0]).toMatchObject({ rightToLeft: false });

      const urdu = new Workbook();
      await urdu.xlsx.load(Uint8Array.from((await download('xlsx', 'lang=ur')).body as Buffer).buffer);
      expect(urdu.worksheets[2].name).toBe(translate('ur', 'cooperation_reports:sections.links').slice(0, 31));
      expect(urdu.worksheets[2].views[0]).toMatchObject({ rightToLeft: true });
    });

    it('records each download in the audit trail as report cooperation: who, format, filters', async () => {
      const before = (await exports()).length;
      await download('xlsx', 'from=2025-01-01&to=2025-06-30&country=KZ&topic=financial_investigation&lang=sw');
      await download('csv', 'lang=en', geAdmin);
      const entries = (await exports()).slice(before);
      expect(entries).toEqual([
        {
          actor_id: manager.id,
          academy_id: null,
          entity_type: 'report',
          after: {
            report: 'cooperation',
            format: 'xlsx',
            locale: 'sw',
            from: '2025-01-01',
            to: '2025-06-30',
            country: 'KZ',
            topic: 'financial_investigation',
            academyId: null,
          },
        },
        {
          actor_id: geAdmin.id,
          academy_id: academy.GE,
          entity_type: 'report',
          after: {
            report: 'cooperation',
            format: 'csv',
            locale: 'en',
            from: null,
            to: null,
            country: null,
            topic: null,
            academyId: academy.GE,
          },
        },
      ]);
      // A refused download is not recorded.
      await api('/summary.csv?to=2025-01-01&from=2025-02-01', manager).expect(400);
      await api('/summary.csv', learner).expect(403);
      expect((await exports()).length).toBe(before + 2);
    });
  });

  it('feeds the indicators: outcome counts summed by the initiative’s last day, by country', async () => {
    type Value = {
      period: string;
      value: number | null;
      n: number | null;
      breakdown: { key: string | null; value: number | null }[] | null;
    };
    const indicator = async (who: Person, body: object): Promise<Map<string, Value>> => {
      const created = await t
        .http()
        .post('/api/v1/indicators')
        .set('authorization', `Bearer ${who.token}`)
        .send({ title: { en: 'Cooperation outcomes' }, periodKind: 'year', baselineDate: '2024-01-01', ...body })
        .expect(201);
      return new Map((created.body.values as Value[]).map((v) => [v.period, v]));
    };
    const mla = await indicator(root, { code: 'CO-1', measure: 'cooperation_mla_requests', breakdown: 'country' });
    expect(mla.get('2025')).toMatchObject({ value: 7, n: 4 });
    expect(mla.get('2025')!.breakdown!.map((g) => [g.key, g.value])).toEqual([
      ['GE', 1],
      ['UA', 2],
      [null, 4],
    ]);
    expect(mla.get('2024')).toMatchObject({ value: 0 });
    expect((await indicator(root, { code: 'CO-2', measure: 'cooperation_joint_investigations' })).get('2025')).toMatchObject({ value: 4 });
    expect((await indicator(root, { code: 'CO-3', measure: 'cooperation_mous_signed', country: 'UA' })).get('2025')).toMatchObject({
      value: 1,
    });
    // An academy's indicator: its own institution's reports (GE: 2 + 1 information exchanges).
    expect((await indicator(geAdmin, { code: 'CO-4', measure: 'cooperation_information_exchanges' })).get('2025')).toMatchObject({
      value: 4,
      n: 2,
    });
    // Only a breakdown by country: outcomes are institutions' counts, not people.
    await t
      .http()
      .post('/api/v1/indicators')
      .set('authorization', `Bearer ${root.token}`)
      .send({
        title: { en: 'x' },
        code: 'CO-5',
        measure: 'cooperation_joint_operations',
        periodKind: 'year',
        baselineDate: '2024-01-01',
        breakdown: 'sex',
      })
      .expect(400);
  });

  describe('the page', () => {
    let visitor: Visitor;
    beforeAll(async () => {
      visitor = new Visitor(t);
      await visitor.login(manager.email, manager.password);
    });

    it('renders in Georgian: key figures, the matrix as a table with headers, charts with their tables, downloads', async () => {
      const page = await visitor.get('/initiatives/reports?lang=ka');
      expect(page.status).toBe(200);
      const c = (key: string) => translate('ka', `cooperation_reports:${key}`);
      expect(page.text).toContain('<html lang="ka" dir="ltr">');
      expect(page.text).toContain(`<h1>${c('title')}</h1>`);
      expect(page.text).toContain(`<tr data-figure="initiatives"><th scope="row">${c('figures.initiatives')}</th><td>3</td></tr>`);
      expect(page.text).toContain(`<caption>${c('matrix.caption')}</caption>`);
      const [ge, kg] = [countryName('ka', 'GE'), countryName('ka', 'KG')];
      expect(page.text).toContain(`<th scope="col">${ge}</th><th scope="col">${kg}</th>`);
      expect(page.text).toContain(
        `<tr data-country="KG"><th scope="row">${kg}</th><td>2</td><td class="diagonal">3</td><td>2</td><td>2</td></tr>`,
      );
      expect(page.text).toMatch(/<svg [^>]*role="img" aria-labelledby="chart-people-by-sex-title chart-people-by-sex-desc"/);
      expect(page.text).toContain(`<caption>${c('chart.table').replace('{{name}}', c('tables.outcomes_total'))}</caption>`);
      expect(page.text).toMatch(/href="\/initiatives\/reports\.xlsx\?lang(=|&#x3D;)ka"/);
      expect(page.text).not.toMatch(/cooperation_reports:/);

      const csv = await visitor.get('/initiatives/reports.csv?country=KZ&lang=en');
      expect(csv.status).toBe(200);
      expect(csv.text).toContain('Key figures,Key figures,initiatives,Initiatives,Initiatives,2');
    });

    it('renders in Swahili, and in Urdu right to left; shows a bad filter beside its field', async () => {
      const sw = await visitor.get('/initiatives/reports?lang=sw&country=KZ');
      expect(sw.status).toBe(200);
      expect(sw.text).toContain('<html lang="sw" dir="ltr">');
      expect(sw.text).toContain(`<h1>${translate('sw', 'cooperation_reports:title')}</h1>`);
      expect(sw.text).toMatch(/<option value="KZ" selected>/);
      expect(sw.text).toContain(translate('sw', 'cooperation_reports:outcomes.mla_requests'));
      expect(sw.text).not.toMatch(/cooperation_reports:/);

      const ur = await visitor.get('/initiatives/reports?lang=ur');
      expect(ur.text).toContain('<html lang="ur" dir="rtl">');
      expect(ur.text).toContain('direction="rtl"');

      const bad = await visitor.get('/initiatives/reports?lang=sw&from=2025-05-01&to=2025-01-01');
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('id="to-error"');
    });

    it('shows an academy administrator their academy’s initiatives; a learner 403', async () => {
      const admin = new Visitor(t);
      await admin.login(geAdmin.email, geAdmin.password);
      const page = await admin.get('/initiatives/reports?lang=en');
      expect(page.status).toBe(200);
      expect(page.text).toContain('<tr data-figure="initiatives"><th scope="row">Initiatives</th><td>2</td></tr>');
      const other = new Visitor(t);
      await other.login(learner.email, learner.password);
      expect((await other.get('/initiatives/reports')).status).toBe(403);
      expect((await other.get('/initiatives/reports.csv')).status).toBe(403);
    });
  });
});

interface OutcomeCounts {
  reports: number;
  joint_investigations: number;
  mla_requests: number;
  extradition_requests: number;
  joint_operations: number;
  information_exchanges: number;
  mous_signed: number;
}

interface Report {
  filters: Record<string, unknown>;
  initiatives: {
    total: number;
    institutions: number;
    byTopic: { topic: string; label: string; initiatives: number }[];
    byCountryPair: { a: string; b: string; label: string; initiatives: number }[];
  };
  matrix: { countries: string[]; labels: string[]; cells: number[][] };
  participants: {
    people: number;
    participations: number;
    bySex: { code: string | null; label: string; people: number }[];
    byAgencyType: { code: string | null; label: string; people: number }[];
    byCountry: { code: string | null; label: string; people: number }[];
  };
  actionItems: { total: number; done: number; overdue: number; open: number; dropped: number };
  outcomes: {
    total: OutcomeCounts;
    byWave: (OutcomeCounts & { wave: number })[];
    byMonth: (OutcomeCounts & { month: string })[];
  };
}
