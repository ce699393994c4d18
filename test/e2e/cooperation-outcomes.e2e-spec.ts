import { CooperationFollowUpsService } from '@probity/cooperation';
import { translate } from '@probity/i18n';
import { type Role, UsersService } from '@probity/identity';
import { PASSWORD, academyFactory, tokenFor } from '../factories';
import { type TestApp, createTestApp } from '../support/test-app';
import { Visitor } from '../support/visitor';

type Person = { id: string; email: string; password: string; token: string; fullName: string };
type Item = {
  id: string;
  position: number;
  status: string;
  overdue: boolean;
  mayMark: boolean;
  mayEdit: boolean;
  ownerInstitution: string;
};
type Details = Item & { history: { status: string; note: string; by: string | null }[] };

/**
 * What came of a cooperation initiative (issue 15 points 2 and 4): action items added by its owners with an owner
 * institution that must be an accepted member, their status set by the owners or the owner institution's people (and
 * refused to others), kept as a history; overdue by a backdated due date, on the dashboard; outcome counts reported
 * once per due wave by a member institution (a second time 409, before the wave 409, a negative count 400 in Russian);
 * the follow-up job's claim once when run twice; the pages in Georgian and Swahili.
 */
describe('cooperation outcomes', () => {
  let t: TestApp;
  let manager: Person, agencyFocal: Person, uaAdmin: Person, invitedFocal: Person, outsiderFocal: Person, learner: Person;
  let agency: string, uaInstitution: string, invited: string;
  let initiativeId: string;
  let itemId: string;
  let n = 0;

  const api = (method: 'get' | 'post' | 'put' | 'patch', path: string, who: Person) =>
    t.http()[method](`/api/v1${path}`).set('authorization', `Bearer ${who.token}`);
  const one = async <T>(sql: string, params: unknown[]): Promise<T> => (await t.db.query(sql, params)).rows[0] as T;

  async function person(roles: Role[], options: { academyId?: string; locale?: string } = {}): Promise<Person> {
    const email = `c${++n}${Math.random().toString(36).slice(2, 8)}@cooperation.test`;
    const created = await t.app.get(UsersService).create(null, {
      email,
      password: PASSWORD,
      fullName: `${roles[0]} ${n}`,
      roles,
      academyId: options.academyId,
      locale: options.locale ?? 'en',
    });
    return { ...created, password: PASSWORD, token: await tokenFor(t.http, { email, password: PASSWORD }) };
  }

  async function institution(name: string, focal: Person): Promise<string> {
    const { id } = await one<{ id: string }>(
      `INSERT INTO assistance_institutions (kind, name, country) VALUES ('national_agency', $1, 'KG') RETURNING id`,
      [JSON.stringify({ en: name, ru: name })],
    );
    await t.db.query(`INSERT INTO assistance_focal_points (user_id, institution_id) VALUES ($1, $2)`, [focal.id, id]);
    return id;
  }

  function day(days: number): string {
    const d = new Date();
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  }

  const counts = (overrides: object = {}) => ({
    institutionId: agency,
    wave: 3,
    jointInvestigations: 2,
    mlaRequests: 5,
    extraditionRequests: 1,
    jointOperations: 0,
    informationExchanges: 3,
    mousSigned: 1,
    note: 'Two joint teams set up with the Georgian police.',
    ...overrides,
  });

  beforeAll(async () => {
    t = await createTestApp();
    const ua = await academyFactory(t.app, { country: 'UA' });
    manager = await person(['facility_manager']);
    agencyFocal = await person(['partner_focal_point'], { locale: 'ru' });
    uaAdmin = await person(['academy_admin'], { academyId: ua.id, locale: 'uk' });
    invitedFocal = await person(['partner_focal_point']);
    outsiderFocal = await person(['partner_focal_point']);
    learner = await person(['learner'], { academyId: ua.id });
    agency = await institution('Drug Control Agency', agencyFocal);
    invited = await institution('Border Service', invitedFocal);
    await institution('Other Agency', outsiderFocal);
    uaInstitution = (
      await one<{ id: string }>(`INSERT INTO assistance_institutions (kind, name, academy_id) VALUES ('academy', $1, $2) RETURNING id`, [
        JSON.stringify({ en: 'Academy of Ukraine' }),
        ua.id,
      ])
    ).id;
    // A facility-led regional meeting held 100 days ago: the 3-month follow-up is due, the 6-month one is not.
    initiativeId = (
      await one<{ id: string }>(
        `INSERT INTO cooperation_initiatives (reference, title, format, topic, status, starts_on, ends_on, venue)
         VALUES ('CI-2026-9', $1, 'regional_meeting', 'international_cooperation', 'held', CURRENT_DATE - 102, CURRENT_DATE - 100, 'Tbilisi')
         RETURNING id`,
        [JSON.stringify({ en: 'Cross-border drug routes', ka: 'ნარკოტიკების ტრანსსასაზღვრო მარშრუტები' })],
      )
    ).id;
    await t.db.query(
      `INSERT INTO cooperation_memberships (initiative_id, institution_id, status)
       VALUES ($1, $2, 'accepted'), ($1, $3, 'accepted'), ($1, $4, 'invited')`,
      [initiativeId, agency, uaInstitution, invited],
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  it('owners add action items for accepted members; members read them, others are refused', async () => {
    const created = (
      await api('post', `/initiatives/${initiativeId}/action-items`, manager)
        .send({ body: 'Set up a contact point for requests between the agencies.', ownerInstitutionId: agency, dueOn: day(60) })
        .expect(201)
    ).body as Details;
    expect(created).toMatchObject({ position: 1, status: 'open', overdue: false, mayEdit: true, ownerInstitution: 'Drug Control Agency' });
    itemId = created.id;
    await api('post', `/initiatives/${initiativeId}/action-items`, manager)
      .send({ body: 'Exchange training plans.', ownerInstitutionId: uaInstitution, dueOn: day(90) })
      .expect(201);
    // An invited (not accepted) institution cannot own one.
    const refused = await api('post', `/initiatives/${initiativeId}/action-items`, manager)
      .send({ body: 'x', ownerInstitutionId: invited, dueOn: day(30) })
      .expect(400);
    expect((refused.body as { details: { field: string }[] }).details[0].field).toBe('ownerInstitutionId');
    await api('post', `/initiatives/${initiativeId}/action-items`, agencyFocal)
      .send({ body: 'x', ownerInstitutionId: agency, dueOn: day(30) })
      .expect(403);
    await api('post', `/initiatives/${initiativeId}/action-items`, outsiderFocal)
      .send({ body: 'x', ownerInstitutionId: agency, dueOn: day(30) })
      .expect(404);

    const list = (await api('get', `/initiatives/${initiativeId}/action-items`, uaAdmin).expect(200)).body as {
      items: Item[];
      mayAdd: boolean;
    };
    expect(list.items.map((i) => i.position)).toEqual([1, 2]);
    expect(list.mayAdd).toBe(false);
    await api('get', `/initiatives/${initiativeId}/action-items`, outsiderFocal).expect(404);
    await api('get', `/initiatives/${initiativeId}/action-items`, invitedFocal).expect(404);
    await api('get', `/initiatives/${initiativeId}/action-items`, learner).expect(404);
    await api('get', `/action-items/${itemId}`, outsiderFocal).expect(404);

    await api('patch', `/action-items/${itemId}`, manager)
      .send({ dueOn: day(45) })
      .expect(200);
    await api('patch', `/action-items/${itemId}`, agencyFocal)
      .send({ dueOn: day(10) })
      .expect(403);
    const actions = (
      await t.db.query<{ action: string }>(`SELECT action FROM audit_entries WHERE entity_id = $1 ORDER BY at, id`, [itemId])
    ).rows.map((r) => r.action);
    expect(actions).toEqual(['cooperation.action_item.created', 'cooperation.action_item.changed']);
  });

  it('the owner institution sets the status, kept as a history; another member institution and strangers are refused', async () => {
    const marked = (
      await api('put', `/action-items/${itemId}/status`, agencyFocal)
        .send({ status: 'in_progress', note: 'Contact point named.' })
        .expect(200)
    ).body as Details;
    expect(marked.status).toBe('in_progress');
    expect(marked.history).toEqual([
      expect.objectContaining({ status: 'in_progress', note: 'Contact point named.', by: agencyFocal.fullName }),
    ]);
    await api('put', `/action-items/${itemId}/status`, uaAdmin).send({ status: 'done' }).expect(403);
    await api('put', `/action-items/${itemId}/status`, outsiderFocal).send({ status: 'done' }).expect(404);
    await api('put', `/action-items/${itemId}/status`, agencyFocal).send({ status: 'finished' }).expect(400);
    await api('put', `/action-items/${itemId}/status`, manager).send({ status: 'open', note: 'Reopened.' }).expect(200);
    const details = (await api('get', `/action-items/${itemId}`, uaAdmin).expect(200)).body as Details;
    expect(details.mayMark).toBe(false);
    expect(details.history.map((h) => h.status)).toEqual(['open', 'in_progress']);
    expect(
      (await t.db.query(`SELECT 1 FROM audit_entries WHERE action = 'cooperation.action_item.marked' AND entity_id = $1`, [itemId]))
        .rowCount,
    ).toBe(2);
  });

  it('overdue by a backdated due date: listed for managers and the owner institution, and on their dashboards', async () => {
    const overdueIds = async (who: Person): Promise<string[]> =>
      ((await api('get', '/action-items?overdue=true', who).expect(200)).body as { items: Item[] }).items.map((i) => i.id);
    expect(await overdueIds(manager)).toEqual([]);
    await t.db.query(`UPDATE cooperation_action_items SET due_on = CURRENT_DATE - 3 WHERE id = $1`, [itemId]);
    expect(await overdueIds(manager)).toEqual([itemId]);
    expect(await overdueIds(agencyFocal)).toEqual([itemId]);
    expect(await overdueIds(uaAdmin)).toEqual([]);
    expect(await overdueIds(outsiderFocal)).toEqual([]);
    const dashboard = async (who: Person): Promise<string> => {
      const visitor = new Visitor(t);
      await visitor.login(who.email, who.password);
      return (await visitor.get('/dashboard?lang=ru')).text;
    };
    const managers = await dashboard(manager);
    expect(managers).toContain('id="cooperation-follow-up"');
    expect(managers).toContain(`/action-items/${itemId}`);
    expect(managers).toContain(translate('ru', 'cooperation_outcomes:dashboard.overdue_count', { count: 1 }));
    expect(await dashboard(agencyFocal)).toContain(`/action-items/${itemId}`);
    expect(await dashboard(outsiderFocal)).not.toContain('id="cooperation-follow-up"');
    // Done is never overdue.
    await api('put', `/action-items/${itemId}/status`, agencyFocal).send({ status: 'done' }).expect(200);
    expect(await overdueIds(manager)).toEqual([]);
  });

  it('outcomes: once per due wave, counts validated, only for one’s own member institution', async () => {
    // Before anything is reported, the due wave shows on the dashboard of the institution and of managers.
    expect(
      ((await api('get', `/initiatives/${initiativeId}/outcomes`, manager).expect(200)).body as { dueWaves: number[] }).dueWaves,
    ).toEqual([3]);
    const negative = await api('post', `/initiatives/${initiativeId}/outcomes`, agencyFocal)
      .set('accept-language', 'ru')
      .send(counts({ mlaRequests: -1 }))
      .expect(400);
    expect((negative.body as { details: { field: string; message: string }[] }).details[0]).toMatchObject({ field: 'mlaRequests' });
    expect((negative.body as { message: string }).message).toMatch(/[а-я]/);
    await api('post', `/initiatives/${initiativeId}/outcomes`, agencyFocal)
      .send(counts({ note: 'x'.repeat(2001) }))
      .expect(400);
    await api('post', `/initiatives/${initiativeId}/outcomes`, agencyFocal)
      .send(counts({ jointOperations: 1.5 }))
      .expect(400);
    await api('post', `/initiatives/${initiativeId}/outcomes`, agencyFocal)
      .send(counts({ wave: 6 }))
      .expect(409, /outcome_not_due/);
    await api('post', `/initiatives/${initiativeId}/outcomes`, uaAdmin).send(counts()).expect(403);
    await api('post', `/initiatives/${initiativeId}/outcomes`, outsiderFocal).send(counts()).expect(404);
    await api('post', `/initiatives/${initiativeId}/outcomes`, manager).send(counts()).expect(403);
    expect(await t.db.query(`SELECT 1 FROM cooperation_outcome_reports`)).toHaveProperty('rowCount', 0);

    const created = (await api('post', `/initiatives/${initiativeId}/outcomes`, agencyFocal).send(counts()).expect(201)).body as {
      wave: number;
      mlaRequests: number;
    };
    expect(created).toMatchObject({ wave: 3, mlaRequests: 5 });
    await api('post', `/initiatives/${initiativeId}/outcomes`, agencyFocal)
      .send(counts({ mlaRequests: 7 }))
      .expect(409, /outcome_reported/);
    expect((await one<{ n: number }>(`SELECT mla_requests AS n FROM cooperation_outcome_reports`, [])).n).toBe(5);

    type Outcomes = {
      reports: { institutionId: string }[];
      institutions: { id: string; pendingWaves: number[] }[];
      mayReportFor: string | null;
    };
    const all = (await api('get', `/initiatives/${initiativeId}/outcomes`, manager).expect(200)).body as Outcomes;
    expect(all.reports.map((r) => r.institutionId)).toEqual([agency]);
    expect(all.institutions.find((i) => i.id === uaInstitution)?.pendingWaves).toEqual([3]);
    const own = (await api('get', `/initiatives/${initiativeId}/outcomes`, uaAdmin).expect(200)).body as Outcomes;
    expect(own.reports).toEqual([]);
    expect(own.mayReportFor).toBe(uaInstitution);
    expect(((await api('get', `/initiatives/${initiativeId}/outcomes`, agencyFocal).expect(200)).body as Outcomes).reports).toHaveLength(1);
    await api('get', `/initiatives/${initiativeId}/outcomes`, outsiderFocal).expect(404);
    expect(
      (await t.db.query(`SELECT after FROM audit_entries WHERE action = 'cooperation.outcome.reported'`)).rows.map(
        (r: { after: object }) => r.after,
      ),
    ).toEqual([expect.objectContaining({ institutionId: agency, wave: 3, mlaRequests: 5 })]);
  });

  it('the follow-up job claims the due follow-up once when run twice, and asks each accepted member’s people', async () => {
    const followUps = t.app.get(CooperationFollowUpsService);
    const first = await followUps.run();
    const second = await followUps.run();
    expect(first).toEqual({ scheduled: 2, followUps: 1, messages: 2 });
    expect(second).toEqual({ scheduled: 0, followUps: 0, messages: 0 });
    const recipients = (
      await t.db.query<{ user_id: string; key: string }>(
        `SELECT user_id, data->>'messageKey' AS key FROM notifications WHERE kind = 'cooperation_follow_up' ORDER BY user_id`,
      )
    ).rows;
    expect(recipients.map((r) => r.user_id)).toEqual([agencyFocal.id, uaAdmin.id].sort());
    expect(new Set(recipients.map((r) => r.key))).toEqual(new Set(['cooperation_outcomes:notify.follow_up_3']));
    // The Ukrainian academy administrator reads it in Ukrainian.
    const inbox = new Visitor(t);
    await inbox.login(uaAdmin.email, uaAdmin.password);
    expect((await inbox.get('/inbox')).text).toContain(
      translate('uk', 'cooperation_outcomes:notify.follow_up_3.subject', { reference: 'CI-2026-9' }),
    );
  });

  it('pages: action items in Georgian with a status form for the owner institution, outcomes in Swahili', async () => {
    const focal = new Visitor(t);
    await focal.login(agencyFocal.email, agencyFocal.password);
    const list = await focal.get('/action-items?lang=ka');
    expect(list.status).toBe(200);
    expect(list.text).toContain('lang="ka"');
    expect(list.text).toContain(translate('ka', 'cooperation_outcomes:items.heading'));
    expect(list.text).toContain(`action="/action-items/${itemId}/status"`);
    const posted = await focal.post(`/action-items/${itemId}/status`, {
      _csrf: Visitor.csrf(list.text),
      status: 'in_progress',
      note: 'ისევ მიმდინარეობს.',
      back: 'list',
    });
    expect(posted).toMatchObject({ status: 303, location: '/action-items' });
    const detail = await focal.get(`/action-items/${itemId}?lang=ka`);
    expect(detail.text).toContain('ისევ მიმდინარეობს.');
    expect(detail.text).toContain(translate('ka', 'cooperation_outcomes:states.in_progress'));

    const admin = new Visitor(t);
    await admin.login(uaAdmin.email, uaAdmin.password);
    const page = await admin.get(`/initiatives/${initiativeId}/outcomes?lang=sw`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('lang="sw"');
    expect(page.text).toContain('id="outcome-form"');
    expect(page.text).toContain(translate('sw', 'cooperation_outcomes:outcomes.counts_only'));
    const bad = await admin.post(`/initiatives/${initiativeId}/outcomes`, {
      _csrf: Visitor.csrf(page.text),
      institutionId: uaInstitution,
      wave: '3',
      jointInvestigations: '-2',
      mlaRequests: '0',
      extraditionRequests: '0',
      jointOperations: '0',
      informationExchanges: '1',
      mousSigned: '0',
      note: '',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('aria-invalid="true"');
    const sent = await admin.post(`/initiatives/${initiativeId}/outcomes`, {
      _csrf: Visitor.csrf(page.text),
      institutionId: uaInstitution,
      wave: '3',
      jointInvestigations: '1',
      mlaRequests: '0',
      extraditionRequests: '0',
      jointOperations: '0',
      informationExchanges: '1',
      mousSigned: '0',
      note: '',
    });
    expect(sent).toMatchObject({ status: 303, location: `/initiatives/${initiativeId}/outcomes` });
    const after = await admin.get(`/initiatives/${initiativeId}/outcomes?lang=sw`);
    expect(after.text).toContain('id="answered-all"');
    expect(after.text).not.toContain('id="outcome-form"');

    const managerVisitor = new Visitor(t);
    await managerVisitor.login(manager.email, manager.password);
    const table = await managerVisitor.get(`/initiatives/${initiativeId}/outcomes?lang=ka`);
    expect(table.status).toBe(200);
    expect(table.text).toContain(translate('ka', 'cooperation_outcomes:outcomes.table_heading'));
    expect(table.text).toContain('Drug Control Agency');
    expect(table.text).toContain('Academy of Ukraine');
  });
});
