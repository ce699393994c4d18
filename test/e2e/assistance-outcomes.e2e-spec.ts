import { RecommendationFollowUpsService } from '@probity/assistance';
import { type Role, UsersService } from '@probity/identity';
import { PASSWORD, academyFactory, tokenFor } from '../factories';
import { type TestApp, createTestApp } from '../support/test-app';
import { Visitor } from '../support/visitor';
import { translate } from '@probity/i18n';

type Person = { id: string; email: string; password: string; token: string; fullName: string };
type Report = {
  state: string;
  locale: string | null;
  activities: string;
  findings: string;
  editable: boolean;
  recommendations: { id: string; position: number; owner: string; ownerInstitutionId: string | null; status: string; overdue: boolean }[];
};
type Recommendation = { id: string; status: string; overdue: boolean; mayMark: boolean; dueWaves: number[]; answeredWaves: number[] };

/**
 * A mission's outcomes (issue 14 point 5): the lead expert's report (a draft, an incomplete submission refused with each
 * missing part, the submission, read-only afterwards), who may read it; recommendations marked by their owners (and
 * refused to others), overdue by a backdated due date and by a follow-up due without an answer; the follow-up job's
 * claim, once when run twice; the anonymous evaluation (once per person, answers not joinable to anyone, results per
 * kind of respondent only from three answers); the pages in Ukrainian and Urdu.
 */
describe('assistance outcomes', () => {
  let t: TestApp;
  let manager: Person, lead: Person, coExpert: Person, strangerExpert: Person;
  let host: Person, ownerFocal: Person, otherFocal: Person, learner: Person;
  let participants: Person[];
  let hostInstitution: string, ownerInstitution: string;
  let missionId: string;
  let n = 0;

  const api = (method: 'get' | 'post' | 'put', path: string, who: Person) =>
    t.http()[method](`/api/v1/assistance${path}`).set('authorization', `Bearer ${who.token}`);

  async function person(roles: Role[], options: { academyId?: string; locale?: string } = {}): Promise<Person> {
    const email = `o${++n}${Math.random().toString(36).slice(2, 8)}@outcomes.test`;
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

  const one = async <T>(sql: string, params: unknown[]): Promise<T> => (await t.db.query(sql, params)).rows[0] as T;

  async function institution(name: string, focal: Person): Promise<string> {
    const { id } = await one<{ id: string }>(
      `INSERT INTO assistance_institutions (kind, name, country) VALUES ('national_agency', $1, 'KG') RETURNING id`,
      [JSON.stringify({ en: name, ru: name })],
    );
    await t.db.query(`INSERT INTO assistance_focal_points (user_id, institution_id) VALUES ($1, $2)`, [focal.id, id]);
    return id;
  }

  async function expertOn(mission: string, who: Person, isLead: boolean): Promise<void> {
    const { id } = await one<{ id: string }>(
      `INSERT INTO assistance_experts (user_id, full_name, email, country) VALUES ($1, $2, $3, 'DE')
       ON CONFLICT (user_id) DO UPDATE SET full_name = EXCLUDED.full_name RETURNING id`,
      [who.id, who.fullName, who.email],
    );
    await t.db.query(`INSERT INTO assistance_mission_experts (mission_id, expert_id, lead) VALUES ($1, $2, $3)`, [mission, id, isLead]);
  }

  const complete = (overrides: object = {}) => ({
    locale: 'ru',
    activities: 'Два дня семинара для следователей: цепочка хранения вещественных доказательств, упражнения на учебных делах.',
    findings: 'Формы протоколов изъятия устарели; упаковочных материалов не хватает.',
    recommendations: [
      {
        body: 'Утвердить новую форму протокола изъятия.',
        owner: 'Правовой департамент',
        ownerInstitutionId: ownerInstitution,
        dueOn: day(200),
      },
      { body: 'Закупить упаковочные материалы для вещественных доказательств.', owner: 'Хозяйственное управление', dueOn: day(300) },
    ],
    ...overrides,
  });

  function day(days: number): string {
    const d = new Date();
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  }

  beforeAll(async () => {
    t = await createTestApp();
    const academy = await academyFactory(t.app, { country: 'GE' });
    manager = await person(['facility_manager']);
    lead = await person(['expert'], { locale: 'uk' });
    coExpert = await person(['expert']);
    strangerExpert = await person(['expert']);
    host = await person(['partner_focal_point'], { locale: 'ru' });
    ownerFocal = await person(['partner_focal_point'], { locale: 'ur' });
    otherFocal = await person(['partner_focal_point']);
    learner = await person(['learner'], { academyId: academy.id });
    participants = [];
    for (let i = 0; i < 4; i++) participants.push(await person(['learner'], { academyId: academy.id, locale: i % 2 ? 'ur' : 'uk' }));
    hostInstitution = await institution('Drug Control Agency', host);
    ownerInstitution = await institution('Forensic Centre', ownerFocal);
    await institution('Other Agency', otherFocal);
    const { id: requestId } = await one<{ id: string }>(
      `INSERT INTO assistance_requests (reference, institution_id, created_by, locale, status, topic, format, title, decided_at)
       VALUES ('TAF-2026-77', $1, $2, 'ru', 'approved', 'forensics', 'workshop', 'Цепочка хранения доказательств', now()) RETURNING id`,
      [hostInstitution, host.id],
    );
    missionId = (
      await one<{ id: string }>(
        `INSERT INTO assistance_missions (request_id, status, starts_on, ends_on, venue, delivered_at)
         VALUES ($1, 'delivered', CURRENT_DATE - 20, CURRENT_DATE - 18, 'Bishkek', now()) RETURNING id`,
        [requestId],
      )
    ).id;
    await expertOn(missionId, lead, true);
    await expertOn(missionId, coExpert, false);
    for (const p of participants)
      await t.db.query(`INSERT INTO assistance_mission_participants (mission_id, user_id, full_name) VALUES ($1, $2, $3)`, [
        missionId,
        p.id,
        p.fullName,
      ]);
    // A guest without an account: not asked to evaluate.
    await t.db.query(`INSERT INTO assistance_mission_participants (mission_id, full_name, sex) VALUES ($1, 'Guest Person', 'female')`, [
      missionId,
    ]);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the lead expert writes a draft, an incomplete one is refused with what is missing, then submitted it is read-only', async () => {
    const draft = (
      await api('put', `/missions/${missionId}/report`, lead)
        .send(complete({ findings: '', recommendations: [] }))
        .expect(200)
    ).body as Report;
    expect(draft).toMatchObject({ state: 'draft', locale: 'ru', editable: true, recommendations: [] });
    // Only the lead expert and facility managers read a draft.
    expect((await api('get', `/missions/${missionId}/report`, manager).expect(200)).body).toMatchObject({
      state: 'draft',
      editable: false,
    });
    await api('get', `/missions/${missionId}/report`, host).expect(404);
    await api('get', `/missions/${missionId}/report`, coExpert).expect(404);

    const refused = await api('post', `/missions/${missionId}/report/submit`, lead).set('accept-language', 'ru').expect(400);
    expect((refused.body as { details: { field: string }[] }).details.map((d) => d.field).sort()).toEqual(['findings', 'recommendations']);
    expect(
      (await one<{ s: Date | null }>(`SELECT submitted_at AS s FROM assistance_mission_reports WHERE mission_id = $1`, [missionId])).s,
    ).toBeNull();

    // Only the lead writes; an unknown owning institution is refused.
    await api('put', `/missions/${missionId}/report`, manager).send(complete()).expect(403);
    await api('put', `/missions/${missionId}/report`, host).send(complete()).expect(403);
    await api('put', `/missions/${missionId}/report`, strangerExpert).send(complete()).expect(404);
    const badOwner = complete();
    badOwner.recommendations[0].ownerInstitutionId = '00000000-0000-4000-8000-000000000000';
    const unknown = await api('put', `/missions/${missionId}/report`, lead).send(badOwner).expect(400);
    expect((unknown.body as { details: { field: string }[] }).details[0].field).toBe('recommendations.0.ownerInstitutionId');

    const full = (await api('put', `/missions/${missionId}/report`, lead).send(complete()).expect(200)).body as Report;
    expect(full.recommendations.map((r) => [r.position, r.ownerInstitutionId])).toEqual([
      [1, ownerInstitution],
      [2, null],
    ]);
    const submitted = (await api('post', `/missions/${missionId}/report/submit`, lead).expect(200)).body as Report;
    expect(submitted).toMatchObject({ state: 'submitted', editable: false });

    await api('put', `/missions/${missionId}/report`, lead)
      .send(complete({ findings: 'changed' }))
      .expect(409, /report_submitted/);
    await api('post', `/missions/${missionId}/report/submit`, lead).expect(409, /report_submitted/);
    expect(
      (await one<{ findings: string }>(`SELECT findings FROM assistance_mission_reports WHERE mission_id = $1`, [missionId])).findings,
    ).toBe(complete().findings);
    const actions = (
      await t.db.query<{ action: string }>(`SELECT action FROM audit_entries WHERE entity_id = $1 ORDER BY at, id`, [missionId])
    ).rows.map((r) => r.action);
    expect(actions).toEqual(['assistance.report.saved', 'assistance.report.saved', 'assistance.report.submitted']);
    // The host hears of it in their own language (the outbox keeps the key; the inbox words it).
    const notice = await one<{ key: string }>(
      `SELECT data->>'messageKey' AS key FROM notifications WHERE user_id = $1 AND kind = 'assistance_report'`,
      [host.id],
    );
    expect(notice.key).toBe('outcomes:notify.report');
  });

  it('tenancy: another expert and another institution get 404, a learner 403; the host and the co-expert read it', async () => {
    await api('get', `/missions/${missionId}/report`, strangerExpert).expect(404);
    await api('get', `/missions/${missionId}/report`, otherFocal).expect(404);
    await api('get', `/missions/${missionId}/report`, learner).expect(403);
    const read = (await api('get', `/missions/${missionId}/report`, host).expect(200)).body as Report;
    expect(read).toMatchObject({ state: 'submitted', editable: false });
    await api('get', `/missions/${missionId}/report`, coExpert).expect(200);
    await api('get', `/recommendations/${read.recommendations[0].id}`, otherFocal).expect(404);
    expect(((await api('get', '/recommendations', otherFocal).expect(200)).body as { total: number }).total).toBe(0);
    expect(((await api('get', '/recommendations', strangerExpert).expect(200)).body as { total: number }).total).toBe(0);
  });

  it('owners mark progress, others are refused; overdue by a backdated due date and by a follow-up due without an answer', async () => {
    const report = (await api('get', `/missions/${missionId}/report`, manager).expect(200)).body as Report;
    const [owned, hosts] = report.recommendations;
    // The owning institution's focal point marks its own; the host sees it but may not mark it; strangers do not see it.
    const marked = await api('put', `/recommendations/${owned.id}/status`, ownerFocal)
      .send({ status: 'in_progress', note: 'Проект формы готов.' })
      .expect(200);
    expect((marked.body as Recommendation & { history: unknown[] }).history).toHaveLength(1);
    await api('put', `/recommendations/${owned.id}/status`, host).send({ status: 'implemented', note: 'x' }).expect(403);
    await api('put', `/recommendations/${owned.id}/status`, otherFocal).send({ status: 'implemented', note: 'x' }).expect(404);
    await api('put', `/recommendations/${owned.id}/status`, coExpert).send({ status: 'implemented', note: 'x' }).expect(403);
    await api('put', `/recommendations/${owned.id}/status`, ownerFocal).send({ status: 'done', note: '' }).expect(400);
    // A recommendation no institution owns: the requesting institution's people mark it.
    await api('put', `/recommendations/${hosts.id}/status`, host).send({ status: 'not_started', note: 'Ждём бюджета.' }).expect(200);
    // The owning institution of another recommendation of the mission does not see this one.
    await api('put', `/recommendations/${hosts.id}/status`, ownerFocal).send({ status: 'implemented', note: 'x' }).expect(404);
    const history = (await api('get', `/recommendations/${owned.id}`, manager).expect(200)).body as {
      status: string;
      history: { status: string; by: string }[];
    };
    expect(history.status).toBe('in_progress');
    expect(history.history).toEqual([expect.objectContaining({ status: 'in_progress', by: ownerFocal.fullName })]);
    expect(
      await t.db.query(`SELECT 1 FROM audit_entries WHERE action = 'assistance.recommendation.marked' AND entity_id = $1`, [owned.id]),
    ).toHaveProperty('rowCount', 1);

    const overdueIds = async (who: Person): Promise<string[]> =>
      ((await api('get', '/recommendations?overdue=true', who).expect(200)).body as { items: Recommendation[] }).items.map((r) => r.id);
    expect(await overdueIds(manager)).toEqual([]);
    // A due date in the past.
    await t.db.query(`UPDATE assistance_recommendations SET due_on = CURRENT_DATE - 1 WHERE id = $1`, [owned.id]);
    expect(await overdueIds(manager)).toEqual([owned.id]);
    expect(await overdueIds(ownerFocal)).toEqual([owned.id]);
    expect(await overdueIds(otherFocal)).toEqual([]);
    // The 3-month follow-up is due and nobody has answered it for the other one.
    await t.db.query(`INSERT INTO assistance_mission_follow_ups (mission_id, wave, due_on) VALUES ($1, 3, CURRENT_DATE - 1)`, [missionId]);
    expect((await overdueIds(manager)).sort()).toEqual([owned.id, hosts.id].sort());
    // Both show on the manager's dashboard; the owner's focal point sees only theirs, another institution's nothing.
    const dashboard = async (who: Person): Promise<string> => {
      const visitor = new Visitor(t);
      await visitor.login(who.email, who.password);
      return (await visitor.get('/dashboard?lang=uk')).text;
    };
    const managers = await dashboard(manager);
    expect(managers).toContain('id="overdue-recommendations"');
    expect(managers).toContain(translate('uk', 'outcomes:dashboard.count', { count: 2 }));
    for (const id of [owned.id, hosts.id]) expect(managers).toContain(`/assistance/recommendations/${id}`);
    const owners = await dashboard(ownerFocal);
    expect(owners).toContain(`/assistance/recommendations/${owned.id}`);
    expect(owners).not.toContain(`/assistance/recommendations/${hosts.id}`);
    expect(await dashboard(otherFocal)).not.toContain('id="overdue-recommendations"');
    const answered = (
      await api('put', `/recommendations/${hosts.id}/status`, host)
        .send({ status: 'in_progress', note: 'Заявка подана.', wave: 3 })
        .expect(200)
    ).body as Recommendation;
    expect(answered).toMatchObject({ overdue: false, dueWaves: [3], answeredWaves: [3] });
    // Implemented is never overdue, whatever its date.
    await api('put', `/recommendations/${owned.id}/status`, manager)
      .send({ status: 'implemented', note: 'Форма утверждена приказом.' })
      .expect(200);
    expect(await overdueIds(manager)).toEqual([]);
  });

  it('the follow-up job claims a due follow-up once when run twice, and messages the owners', async () => {
    await t.db.query(`UPDATE assistance_recommendations SET status = 'in_progress' WHERE mission_id = $1`, [missionId]);
    const followUps = t.app.get(RecommendationFollowUpsService);
    const first = await followUps.run();
    const second = await followUps.run();
    expect(first).toEqual({ followUps: 1, messages: 2 });
    expect(second).toEqual({ followUps: 0, messages: 0 });
    const recipients = (
      await t.db.query<{ user_id: string }>(`SELECT user_id FROM notifications WHERE kind = 'assistance_follow_up' ORDER BY user_id`)
    ).rows.map((r) => r.user_id);
    expect(recipients).toEqual([host.id, ownerFocal.id].sort());
  });

  it('evaluation: an invited participant answers once, the answers cannot be joined to them, results hidden below three', async () => {
    const invited = await t.db.query<{ respondent: string; n: number }>(
      `SELECT respondent, count(*)::int AS n FROM assistance_evaluation_invitations WHERE mission_id = $1 GROUP BY 1 ORDER BY 1`,
      [missionId],
    );
    // Four participants with accounts (the guest has none), two experts, one focal point of the host.
    expect(invited.rows).toEqual([
      { respondent: 'expert', n: 2 },
      { respondent: 'host', n: 1 },
      { respondent: 'participant', n: 4 },
    ]);
    const form = (await api('get', `/missions/${missionId}/evaluation`, participants[0]).set('accept-language', 'uk').expect(200)).body as {
      items: { id: string; type: string; text: string }[];
      invitations: { respondent: string; answered: boolean }[];
    };
    expect(form.invitations).toEqual([{ respondent: 'participant', answered: false }]);
    expect(form.items.filter((i) => i.type === 'likert')).toHaveLength(8);
    expect(form.items[0].text).toMatch(/Місія/);
    const answers = (value: number, text?: string): { itemId: string; value?: number; text?: string }[] =>
      form.items.flatMap((i): { itemId: string; value?: number; text?: string }[] =>
        i.type === 'likert' ? [{ itemId: i.id, value }] : text ? [{ itemId: i.id, text }] : [],
      );

    await api('post', `/missions/${missionId}/evaluation`, participants[0])
      .send({ answers: answers(9) })
      .expect(400);
    const done = await api('post', `/missions/${missionId}/evaluation`, participants[0])
      .send({ answers: answers(4, 'Більше практики.') })
      .expect(201);
    expect(done.body).toEqual({ answeredOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), respondent: 'participant' });
    await api('post', `/missions/${missionId}/evaluation`, participants[0])
      .send({ answers: answers(5) })
      .expect(409, /survey_already_answered/);
    // Not invited: a learner who can see nothing of the mission gets 404.
    await api('get', `/missions/${missionId}/evaluation`, learner).expect(404);
    await api('post', `/missions/${missionId}/evaluation`, learner)
      .send({ answers: answers(5) })
      .expect(404);

    // Nothing joins the answers to the person: no column of the answers names anyone, the invitation keeps only the day.
    const columns = (
      await t.db.query<{ table_name: string; column_name: string; data_type: string }>(
        `SELECT table_name, column_name, data_type FROM information_schema.columns
          WHERE table_name IN ('assistance_evaluations', 'assistance_evaluation_invitations') ORDER BY table_name, ordinal_position`,
      )
    ).rows;
    expect(columns.filter((c) => c.table_name === 'assistance_evaluations').map((c) => c.column_name)).toEqual([
      'id',
      'mission_id',
      'respondent',
      'template_id',
      'answers',
    ]);
    expect(columns.find((c) => c.table_name === 'assistance_evaluation_invitations' && c.column_name === 'answered_on')?.data_type).toBe(
      'date',
    );
    const stored = await t.db.query<{ answers: Record<string, unknown> }>(
      `SELECT answers FROM assistance_evaluations WHERE mission_id = $1`,
      [missionId],
    );
    expect(JSON.stringify(stored.rows)).not.toContain(participants[0].id);

    // Results: for managers and the host; the mission's experts and participants get 403; below three answers, nothing shown.
    await api('get', `/missions/${missionId}/evaluation/results`, participants[1]).expect(403);
    await api('get', `/missions/${missionId}/evaluation/results`, lead).expect(403);
    await api('get', `/missions/${missionId}/evaluation/results`, otherFocal).expect(404);
    type Results = {
      groups: {
        respondent: string;
        invited: number;
        responses: number;
        shown: boolean;
        items: { type: string; mean: number | null; n: number; answers: string[] }[];
      }[];
    };
    const hidden = (await api('get', `/missions/${missionId}/evaluation/results`, manager).expect(200)).body as Results;
    expect(hidden.groups.find((g) => g.respondent === 'participant')).toEqual({
      respondent: 'participant',
      invited: 4,
      responses: 1,
      shown: false,
      items: [],
    });
    await api('post', `/missions/${missionId}/evaluation`, participants[1])
      .send({ answers: answers(2) })
      .expect(201);
    expect(((await api('get', `/missions/${missionId}/evaluation/results`, host).expect(200)).body as Results).groups[0].shown).toBe(false);
    await api('post', `/missions/${missionId}/evaluation`, participants[2])
      .send({ answers: answers(3, 'Менше лекцій.') })
      .expect(201);
    await api('post', `/missions/${missionId}/evaluation`, lead)
      .send({ answers: answers(5) })
      .expect(201);
    const shown = (await api('get', `/missions/${missionId}/evaluation/results`, host).expect(200)).body as Results;
    const group = shown.groups.find((g) => g.respondent === 'participant')!;
    expect(group).toMatchObject({ invited: 4, responses: 3, shown: true });
    expect(group.items[0]).toMatchObject({ type: 'likert', n: 3, mean: 3 });
    expect(group.items.at(-1)!.answers.sort()).toEqual(['Більше практики.', 'Менше лекцій.'].sort());
    expect(shown.groups.find((g) => g.respondent === 'expert')).toMatchObject({ responses: 1, shown: false, items: [] });
  });

  it('pages: the lead’s form in Ukrainian, the host’s read view, recommendations and evaluation in Urdu (right to left)', async () => {
    const leadVisitor = new Visitor(t);
    await leadVisitor.login(lead.email, lead.password);
    const report = await leadVisitor.get(`/assistance/missions/${missionId}/report?lang=uk`);
    expect(report.status).toBe(200);
    expect(report.text).toContain('lang="uk"');
    expect(report.text).toContain('Звіт про місію');
    expect(report.text).toContain('Подано');
    expect(report.text).not.toContain('name="activities"');

    const hostVisitor = new Visitor(t);
    await hostVisitor.login(host.email, host.password);
    const read = await hostVisitor.get(`/assistance/missions/${missionId}/report?lang=ur`);
    expect(read.status).toBe(200);
    expect(read.text).toContain('dir="rtl"');
    expect(read.text).toContain('مشن کی رپورٹ');
    expect(read.text).toContain('Утвердить новую форму');

    const ownerVisitor = new Visitor(t);
    await ownerVisitor.login(ownerFocal.email, ownerFocal.password);
    const list = await ownerVisitor.get('/assistance/recommendations?lang=ur');
    expect(list.status).toBe(200);
    expect(list.text).toContain('dir="rtl"');
    expect(list.text).toContain('سفارشات');
    const rec = (
      await t.db.query<{ id: string }>(`SELECT id FROM assistance_recommendations WHERE mission_id = $1 AND position = 1`, [missionId])
    ).rows[0];
    const posted = await ownerVisitor.post(`/assistance/recommendations/${rec.id}/status`, {
      _csrf: Visitor.csrf(list.text),
      status: 'implemented',
      note: 'فارم منظور ہو گیا۔',
      back: 'list',
    });
    expect(posted).toMatchObject({ status: 303, location: '/assistance/recommendations' });
    const detail = await ownerVisitor.get(`/assistance/recommendations/${rec.id}?lang=uk`);
    expect(detail.text).toContain('فارم منظور ہو گیا۔');
    expect(detail.text).toContain('Виконано');

    const participant = new Visitor(t);
    await participant.login(participants[3].email, participants[3].password);
    const evaluation = await participant.get(`/assistance/missions/${missionId}/evaluation?lang=ur`);
    expect(evaluation.status).toBe(200);
    expect(evaluation.text).toContain('dir="rtl"');
    expect(evaluation.text).toContain('تکنیکی معاونت کے مشن کا جائزہ');
    const refused = await participant.post(`/assistance/missions/${missionId}/evaluation`, {
      _csrf: Visitor.csrf(evaluation.text),
      respondent: 'participant',
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('aria-invalid="true"');

    // A second mission, under way: the lead writes its report on the page (Ukrainian), an incomplete one is refused.
    const { id: secondRequest } = await one<{ id: string }>(
      `INSERT INTO assistance_requests (reference, institution_id, created_by, locale, status, topic, format, title, decided_at)
       VALUES ('TAF-2026-78', $1, $2, 'en', 'approved', 'forensics', 'workshop', 'Digital evidence', now()) RETURNING id`,
      [hostInstitution, host.id],
    );
    const { id: second } = await one<{ id: string }>(
      `INSERT INTO assistance_missions (request_id, status, starts_on, ends_on, online) VALUES ($1, 'running', CURRENT_DATE, CURRENT_DATE + 1, true) RETURNING id`,
      [secondRequest],
    );
    await expertOn(second, lead, true);
    const form = await leadVisitor.get(`/assistance/missions/${second}/report?lang=uk`);
    expect(form.text).toContain('name="activities"');
    expect(form.text).toContain('Зберегти чернетку');
    const fields = { _csrf: Visitor.csrf(form.text), locale: 'uk', activities: 'Два дні практичних занять.', findings: '' };
    const blank = { rec_body_0: '', rec_owner_0: '', rec_institution_0: '', rec_due_0: '' };
    const incomplete = await leadVisitor.post(`/assistance/missions/${second}/report`, { ...fields, ...blank, then: 'submit' });
    expect(incomplete.status).toBe(400);
    expect(incomplete.text).toContain('Звіт ще не повний');
    expect(incomplete.text).toContain('Два дні практичних занять.');
    const badRow = await leadVisitor.post(`/assistance/missions/${second}/report`, {
      ...fields,
      rec_body_0: 'Створити лабораторію.',
      rec_owner_0: '',
      rec_institution_0: hostInstitution,
      rec_due_0: day(90),
      then: 'save',
    });
    expect(badRow.status).toBe(400);
    expect(badRow.text).toMatch(/id="row-0"[\s\S]*class="error"/);
    const saved = await leadVisitor.post(`/assistance/missions/${second}/report`, {
      ...fields,
      findings: 'Бракує обладнання.',
      rec_body_0: 'Створити лабораторію.',
      rec_owner_0: 'Міністерство',
      rec_institution_0: hostInstitution,
      rec_due_0: day(90),
      then: 'submit',
    });
    expect(saved).toMatchObject({ status: 303, location: `/assistance/missions/${second}/report` });
    const after = await leadVisitor.get(`/assistance/missions/${second}/report?lang=ur`);
    expect(after.text).toContain('dir="rtl"');
    expect(after.text).toContain('جمع کرائی گئی');
    expect(after.text).toContain('Створити лабораторію.');

    const results = await hostVisitor.get(`/assistance/missions/${missionId}/evaluation/results?lang=uk`);
    expect(results.status).toBe(200);
    expect(results.text).toContain('Результати оцінювання');
    expect(results.text).toMatch(/id="group-participant"[\s\S]*item-mean/);
    expect(results.text).toMatch(/id="group-expert"[\s\S]*hidden-results/);
  });
});
