import { translate } from '@probity/i18n';
import { academyFactory, tokenFor, userFactory, versionFactory } from '../factories';
import { type TestApp, createTestApp } from '../support/test-app';
import { Visitor } from '../support/visitor';

const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`];
type Learner = { id: string; token: string; email: string; password: string };

/**
 * Reaction surveys (issue 13, ADR 0010): templates and their rules, attaching one to a cohort (never a threshold below
 * 3), answering once after completion, anonymity by construction (nothing joins an answer to its author: not the
 * tables, not the API, not the audit trail), results hidden until the threshold is reached, their numbers, tenancy and
 * the comparison of cohorts.
 */
describe('reaction surveys', () => {
  let t: TestApp;
  let admin: string, trainer: string, otherTrainer: string, strangerAdmin: string, platform: string;
  let adminAUser: Awaited<ReturnType<typeof userFactory>>, adminB: Awaited<ReturnType<typeof userFactory>>;
  let cohortId: string;
  let templateId: string;
  let surveyId: string;
  let itemIds: string[];
  let learners: Learner[];
  let outsider: Learner, strangerLearner: Learner;

  const api = (method: 'get' | 'post' | 'put', path: string, token: string) =>
    t
      .http()
      [method](path)
      .set(...bearer(token));

  async function learnerIn(academyId: string, fullName: string): Promise<Learner> {
    const user = await userFactory(t.app, { roles: ['learner'], academyId, fullName, locale: 'ka' });
    return { id: user.id, token: await tokenFor(t.http, user), email: user.email, password: user.password };
  }

  const template = {
    title: { en: 'End of course', ru: 'Конец курса', ur: 'کورس کا اختتام' },
    items: [
      { type: 'likert', scale: 'relevance', text: { en: 'Useful for my cases.', ru: 'Полезно для моих дел.' } },
      { type: 'likert', scale: 'relevance', text: { en: 'About my country.', ru: 'О моей стране.' } },
      { type: 'likert', scale: 'trainers', text: { en: 'Trainers knew the subject.', ru: 'Преподаватели знали предмет.' } },
      {
        type: 'single_choice',
        text: { en: 'Pace?', ru: 'Темп?' },
        options: [{ text: { en: 'Too slow' } }, { text: { en: 'About right' } }, { text: { en: 'Too fast' } }],
      },
      { type: 'open_text', text: { en: 'Most useful?', ru: 'Самое полезное?' } },
    ],
  };
  /** Five answers: three Likert values, the pace, the most useful part (or none). */
  const ANSWERS: [number, number, number, number, string | undefined][] = [
    [5, 4, 3, 2, 'OPENCANARY chain of custody exercise'],
    [4, 4, 5, 2, 'OPENCANARY interview practice'],
    [3, 2, 4, 1, undefined],
    [5, 5, 5, 3, 'OPENCANARY the Red Bridge case'],
    [2, 3, 4, 2, 'OPENCANARY разбор решений ЕСПЧ'],
  ];
  const body = ([a, b, c, pace, text]: (typeof ANSWERS)[number]) => ({
    answers: [
      { itemId: itemIds[0], value: a },
      { itemId: itemIds[1], value: b },
      { itemId: itemIds[2], value: c },
      { itemId: itemIds[3], value: pace },
      ...(text ? [{ itemId: itemIds[4], text }] : []),
    ],
  });

  beforeAll(async () => {
    t = await createTestApp();
    const a = await academyFactory(t.app, { code: 'SVA', defaultLocale: 'ka' });
    const b = await academyFactory(t.app, { code: 'SVB' });
    const adminA = (adminAUser = await userFactory(t.app, { roles: ['academy_admin'], academyId: a.id }));
    const trainerA = await userFactory(t.app, { roles: ['trainer'], academyId: a.id });
    adminB = await userFactory(t.app, { roles: ['academy_admin'], academyId: b.id });
    admin = await tokenFor(t.http, adminA);
    trainer = await tokenFor(t.http, trainerA);
    otherTrainer = await tokenFor(t.http, await userFactory(t.app, { roles: ['trainer'], academyId: a.id }));
    strangerAdmin = await tokenFor(t.http, adminB);
    platform = await tokenFor(t.http, await userFactory(t.app, { roles: ['platform_admin'] }));
    const version = await versionFactory(t.app, trainerA, { lessons: 1 });
    cohortId = (
      await api('post', '/api/v1/cohorts', admin)
        .send({
          courseVersionId: version.versionId,
          name: 'Batumi, autumn 2026',
          locale: 'ka',
          startsOn: '2026-09-01',
          endsOn: '2026-10-15',
          trainerIds: [trainerA.id],
          completion: { minAttendancePercent: 0, requireAllLessons: true },
        })
        .expect(201)
    ).body.id;
    learners = [];
    for (let i = 0; i < 7; i++) learners.push(await learnerIn(a.id, `მსმენელი ${i + 1}`));
    outsider = await learnerIn(a.id, 'Not enrolled');
    strangerLearner = await learnerIn(b.id, 'Another academy');
    await api('post', `/api/v1/cohorts/${cohortId}/enrolments`, admin)
      .send({ userIds: learners.map((l) => l.id) })
      .expect(201);
    // Six complete the course's one lesson (and so the course); the seventh does not.
    for (const learner of learners.slice(0, 6))
      await api('post', `/api/v1/cohorts/${cohortId}/lessons/${version.lessonIds[0]}/complete`, learner.token).expect(200);
  });
  afterAll(() => t?.close());

  it('has the standard NAPOR survey on a fresh database: platform-wide, six languages, 12 Likert statements in 4 scales, 2 choices, 2 open questions', async () => {
    const list = await api('get', '/api/v1/surveys/templates', strangerAdmin).expect(200);
    const standard = (list.body.items as { id: string; code: string | null; academyId: string | null }[]).find(
      (x) => x.code === 'napor-end-of-course',
    );
    expect(standard).toMatchObject({ academyId: null });
    const got = await api('get', `/api/v1/surveys/templates/${standard!.id}`, trainer).expect(200);
    const items = got.body.items as { type: string; scale: string | null; text: Record<string, string>; options: unknown[] | null }[];
    expect(items.filter((i) => i.type === 'likert')).toHaveLength(12);
    expect(new Set(items.filter((i) => i.type === 'likert').map((i) => i.scale))).toEqual(
      new Set(['relevance', 'trainers', 'materials', 'organisation']),
    );
    expect(items.filter((i) => i.type === 'single_choice')).toHaveLength(2);
    expect(items.filter((i) => i.type === 'open_text')).toHaveLength(2);
    for (const text of [got.body.title, got.body.intro, ...items.map((i) => i.text)])
      expect(Object.keys(text).sort()).toEqual(['en', 'ka', 'ru', 'sw', 'uk', 'ur']);
    expect(got.body).toMatchObject({ editable: false });
  });

  it('creates a template and refuses one that breaks a rule, each problem named in the caller’s language', async () => {
    const refuse = async (bad: object, field: string, constraint: string) => {
      const res = await api('post', '/api/v1/surveys/templates?lang=ru', trainer).send(bad).expect(400);
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field, constraint })]));
      expect(res.body.message).toMatch(/[А-Яа-я]/);
    };
    await refuse({ ...template, items: [] }, 'items', 'arrayMinSize');
    await refuse({ ...template, items: [{ type: 'likert', text: { en: 'No scale' } }] }, 'items.0.scale', 'surveyScaleRequired');
    await refuse({ ...template, items: [{ type: 'likert', scale: 'happiness', text: { en: 'Bad scale' } }] }, 'items.0.scale', 'isIn');
    await refuse(
      { ...template, items: [{ type: 'single_choice', text: { en: 'One option' }, options: [{ text: { en: 'Only' } }] }] },
      'items.0.options',
      'surveyOptionsCount',
    );
    await refuse(
      { ...template, items: [{ type: 'open_text', scale: 'trainers', text: { en: 'Open with a scale' } }] },
      'items.0.scale',
      'surveyScaleOnlyLikert',
    );
    await refuse({ ...template, title: { en: 'x'.repeat(201) } }, 'title', 'isLocaleMap');
    await refuse({ ...template, title: { en: ' ' } }, 'title', 'isLocaleMap');
    await refuse({ ...template, items: [{ type: 'open_text', text: { en: 'x'.repeat(501) } }] }, 'items.0.text', 'isLocaleMap');
    const count = async () => Number((await t.db.query('SELECT count(*) FROM survey_templates')).rows[0].count);
    const before = await count();
    await api('post', '/api/v1/surveys/templates', learners[0].token).send(template).expect(403);
    expect(await count()).toBe(before);

    const created = await api('post', '/api/v1/surveys/templates', trainer).send(template).expect(201);
    templateId = created.body.id;
    itemIds = (created.body.items as { id: string }[]).map((i) => i.id);
    expect(created.body).toMatchObject({ inUse: false, editable: true, copiedFrom: null });
    expect(created.body.items[3].options).toHaveLength(3);
    expect(created.body.items[4]).toMatchObject({ type: 'open_text', required: false, scale: null, options: null });
    // Another academy's administrator does not see it; the standard one, platform-wide, everybody does.
    await api('get', `/api/v1/surveys/templates/${templateId}`, strangerAdmin).expect(404);
    expect(JSON.stringify((await api('get', '/api/v1/surveys/templates', strangerAdmin).expect(200)).body)).not.toContain(templateId);
  });

  it('attaches a template to the cohort: its trainer or administrator, never a threshold below 3, 404 for anyone of another academy', async () => {
    const low = await api('put', `/api/v1/cohorts/${cohortId}/survey?lang=ru`, admin).send({ templateId, minResponses: 2 }).expect(400);
    expect(low.body.details).toEqual([expect.objectContaining({ field: 'minResponses', constraint: 'min' })]);
    expect(low.body.message).toContain(translate('ru', 'validation:min', { field: translate('ru', 'fields:minResponses'), count: 3 }));
    await api('put', `/api/v1/cohorts/${cohortId}/survey`, strangerAdmin).send({ templateId }).expect(404);
    await api('put', `/api/v1/cohorts/${cohortId}/survey`, otherTrainer).send({ templateId }).expect(404);
    await api('put', `/api/v1/cohorts/${cohortId}/survey`, learners[0].token).send({ templateId }).expect(403);
    // Another academy's template is not there for this cohort.
    const theirs = await api('post', '/api/v1/surveys/templates', strangerAdmin).send(template).expect(201);
    await api('put', `/api/v1/cohorts/${cohortId}/survey`, admin).send({ templateId: theirs.body.id }).expect(404);
    expect((await t.db.query('SELECT count(*)::int AS n FROM cohort_surveys')).rows[0].n).toBe(0);
    // The page: the same rule, its message beside the field, in the page's language.
    const visitor = new Visitor(t);
    await visitor.login(adminAUser.email, adminAUser.password);
    const form = await visitor.get(`/cohorts/${cohortId}/survey?lang=uk`);
    expect(form.status).toBe(200);
    expect(form.text).toContain(`<option value="${templateId}"`);
    const refused = await visitor.post(`/cohorts/${cohortId}/survey?lang=uk`, {
      _csrf: Visitor.csrf(form.text),
      templateId,
      minResponses: '2',
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/id="minResponses-error">[^<]*3/);
    expect(refused.text).toContain('aria-invalid="true"');
    expect((await t.db.query('SELECT count(*)::int AS n FROM cohort_surveys')).rows[0].n).toBe(0);
    const stranger = new Visitor(t);
    await stranger.login(adminB.email, adminB.password);
    expect((await stranger.get(`/cohorts/${cohortId}/survey`)).status).toBe(404);

    const attached = await api('put', `/api/v1/cohorts/${cohortId}/survey`, trainer).send({ templateId }).expect(200);
    surveyId = attached.body.id;
    expect(attached.body).toMatchObject({ cohortId, templateId, minResponses: 5, closedAt: null });
    expect((await api('get', `/api/v1/cohorts/${cohortId}/survey`, admin).expect(200)).body.id).toBe(surveyId);
    // The database itself refuses a threshold below 3.
    await expect(t.db.query('UPDATE cohort_surveys SET min_responses = 2 WHERE id = $1', [surveyId])).rejects.toThrow(/min_responses/);
  });

  it('freezes a template once a cohort uses it: a change is 409, a copy can be changed', async () => {
    const changed = await api('put', `/api/v1/surveys/templates/${templateId}`, trainer).send(template).expect(409);
    expect(changed.body.code).toBe('survey_template_in_use');
    const copy = await api('post', `/api/v1/surveys/templates/${templateId}/copy`, admin).expect(201);
    expect(copy.body).toMatchObject({ copiedFrom: templateId, inUse: false, editable: true });
    await api('put', `/api/v1/surveys/templates/${copy.body.id}`, trainer)
      .send({ ...template, title: { en: 'Changed copy' } })
      .expect(200);
  });

  it('opens to a learner only once their enrolment is completed: 403 before, 404 for anyone not enrolled', async () => {
    const mine = await api('get', '/api/v1/me/surveys', learners[0].token).expect(200);
    expect(mine.body.items).toEqual([expect.objectContaining({ cohortSurveyId: surveyId, cohortId, answered: false })]);
    expect((await api('get', '/api/v1/me/surveys', learners[6].token).expect(200)).body.items).toEqual([]);
    const form = await api('get', `/api/v1/cohort-surveys/${surveyId}?lang=ru`, learners[0].token).expect(200);
    expect(form.body).toMatchObject({ standing: 'open', title: 'Конец курса' });
    expect(form.body.anonymity).toBe(translate('ru', 'evaluation:answer.anonymity'));
    expect((await api('get', `/api/v1/cohort-surveys/${surveyId}`, learners[6].token).expect(200)).body.standing).toBe('not_completed');
    const early = await api('post', `/api/v1/cohort-surveys/${surveyId}/responses`, learners[6].token).send(body(ANSWERS[0])).expect(403);
    expect(early.body.code).toBe('survey_not_completed');
    await api('post', `/api/v1/cohort-surveys/${surveyId}/responses`, outsider.token).send(body(ANSWERS[0])).expect(404);
    await api('post', `/api/v1/cohort-surveys/${surveyId}/responses`, strangerLearner.token).send(body(ANSWERS[0])).expect(404);
    await api('get', `/api/v1/cohort-surveys/${surveyId}`, strangerLearner.token).expect(404);
    expect((await t.db.query('SELECT count(*)::int AS n FROM survey_invitations')).rows[0].n).toBe(0);
  });

  it('takes one answer per person: a wrong one is 400 per question and writes nothing, a second one is 409', async () => {
    const wrong = await api('post', `/api/v1/cohort-surveys/${surveyId}/responses`, learners[0].token)
      .send({
        answers: [
          { itemId: itemIds[0], value: 6 },
          { itemId: itemIds[3], text: 'words' },
        ],
      })
      .expect(400);
    expect(wrong.body.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: `answers.${itemIds[0]}`, constraint: 'surveyChoiceExpected' }),
        expect.objectContaining({ field: `answers.${itemIds[1]}`, constraint: 'surveyAnswerRequired' }),
        expect.objectContaining({ field: `answers.${itemIds[3]}`, constraint: 'surveyChoiceExpected' }),
      ]),
    );
    expect(
      (await t.db.query('SELECT (SELECT count(*) FROM survey_invitations) + (SELECT count(*) FROM survey_responses) AS n')).rows[0].n,
    ).toBe('0');
    const first = await api('post', `/api/v1/cohort-surveys/${surveyId}/responses`, learners[0].token).send(body(ANSWERS[0])).expect(201);
    expect(first.body).toEqual({ answered: true, answeredOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    const again = await api('post', `/api/v1/cohort-surveys/${surveyId}/responses`, learners[0].token).send(body(ANSWERS[1])).expect(409);
    expect(again.body.code).toBe('survey_already_answered');
    expect((await t.db.query('SELECT count(*)::int AS n FROM survey_responses')).rows[0].n).toBe(1);
    expect((await api('get', '/api/v1/me/surveys', learners[0].token).expect(200)).body.items[0].answered).toBe(true);
    expect((await api('get', `/api/v1/cohort-surveys/${surveyId}`, learners[0].token).expect(200)).body.standing).toBe('answered');
  });

  it('shows nothing but the count and the rate until five have answered, on the API and the page', async () => {
    const visitor = new Visitor(t);
    await visitor.login(adminAUser.email, adminAUser.password);
    for (let i = 1; i <= 4; i++) {
      const results = await api('get', `/api/v1/cohort-surveys/${surveyId}/results`, trainer).expect(200);
      expect(results.body).toMatchObject({ responses: i, completed: 6, shown: false, scales: [], items: [] });
      expect(JSON.stringify(results.body)).not.toContain('OPENCANARY');
      const page = await visitor.get(`/surveys/${surveyId}/results?lang=en`);
      expect(page.status).toBe(200);
      expect(page.text).not.toContain('OPENCANARY');
      expect(page.text).toContain('id="threshold"');
      await api('post', `/api/v1/cohort-surveys/${surveyId}/responses`, learners[i].token).send(body(ANSWERS[i])).expect(201);
    }
    const shown = await api('get', `/api/v1/cohort-surveys/${surveyId}/results`, trainer).expect(200);
    expect(shown.body).toMatchObject({ responses: 5, completed: 6, responseRate: 83.3, shown: true });
    const page = await visitor.get(`/surveys/${surveyId}/results?lang=en`);
    expect(page.text).toContain('OPENCANARY interview practice');
  });

  it('computes mean and distribution per item and per scale, and lists the open answers (in a random order)', async () => {
    const res = await api('get', `/api/v1/cohort-surveys/${surveyId}/results?lang=en`, admin).expect(200);
    const items = res.body.items as {
      n: number;
      mean: number | null;
      distribution: { value: number; count: number; label: string }[];
      answers: string[];
    }[];
    const counts = (i: number) => items[i].distribution.map((d) => d.count);
    expect(items.map((i) => i.mean)).toEqual([3.8, 3.6, 4.2, null, null]);
    expect(counts(0)).toEqual([0, 1, 1, 1, 2]);
    expect(counts(1)).toEqual([0, 1, 1, 2, 1]);
    expect(counts(2)).toEqual([0, 0, 1, 2, 2]);
    expect(counts(3)).toEqual([1, 3, 1]);
    expect(items[3].distribution.map((d) => d.label)).toEqual(['Too slow', 'About right', 'Too fast']);
    expect(items[0].distribution[4].label).toBe(translate('en', 'evaluation:likert.5'));
    expect(items.map((i) => i.n)).toEqual([5, 5, 5, 5, 4]);
    expect([...items[4].answers].sort()).toEqual(
      ANSWERS.map((a) => a[4])
        .filter(Boolean)
        .sort(),
    );
    expect(res.body.scales).toEqual([
      expect.objectContaining({ scale: 'relevance', n: 10, mean: 3.7, distribution: expect.any(Array) }),
      expect.objectContaining({ scale: 'trainers', n: 5, mean: 4.2 }),
    ]);
    expect((res.body.scales[0].distribution as { count: number }[]).map((d) => d.count)).toEqual([0, 2, 2, 3, 3]);
  });

  it('keeps answers anonymous by construction: no column, key, time or audit entry links an answer to a person', async () => {
    const columns = async (table: string) =>
      (
        await t.db.query<{ column_name: string; data_type: string }>(
          `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1 ORDER BY column_name`,
          [table],
        )
      ).rows;
    expect(await columns('survey_responses')).toEqual([
      { column_name: 'answers', data_type: 'jsonb' },
      { column_name: 'cohort_survey_id', data_type: 'uuid' },
      { column_name: 'id', data_type: 'uuid' },
    ]);
    expect(await columns('survey_invitations')).toEqual([
      { column_name: 'answered_on', data_type: 'date' },
      { column_name: 'cohort_survey_id', data_type: 'uuid' },
      { column_name: 'user_id', data_type: 'uuid' },
    ]);
    // No foreign key from the answers to a person or to an invitation; no sequence or default time on them.
    const keys = await t.db.query<{ def: string }>(
      `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'survey_responses'::regclass AND contype = 'f'`,
    );
    expect(keys.rows.map((k) => k.def)).toEqual([expect.stringContaining('REFERENCES cohort_surveys(id)')]);
    const defaults = await t.db.query<{ d: string | null }>(
      `SELECT column_default AS d FROM information_schema.columns WHERE table_name = 'survey_responses' AND column_default IS NOT NULL`,
    );
    expect(defaults.rows.map((r) => r.d)).toEqual(['gen_random_uuid()']);
    // Random (version 4) ids, nothing in the answers but item ids and values.
    const responses = (await t.db.query<{ id: string; answers: Record<string, unknown> }>('SELECT id, answers FROM survey_responses')).rows;
    expect(responses).toHaveLength(5);
    for (const r of responses) {
      expect(r.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(Object.keys(r.answers).every((k) => itemIds.includes(k))).toBe(true);
    }
    // Not even PostgreSQL's own transaction ids (the system column xmin) tell whose a response is: every response of
    // the survey carries the last answer's, so an invitation's transaction matches all responses or none.
    const xmins = await t.db.query<{ xmin: string }>('SELECT DISTINCT xmin::text FROM survey_responses WHERE cohort_survey_id = $1', [
      surveyId,
    ]);
    expect(xmins.rows).toHaveLength(1);
    const matches = await t.db.query<{ n: number }>(
      `SELECT (SELECT count(*)::int FROM survey_responses r WHERE r.cohort_survey_id = i.cohort_survey_id AND r.xmin = i.xmin) AS n
         FROM survey_invitations i WHERE i.cohort_survey_id = $1`,
      [surveyId],
    );
    expect(matches.rows.map((r) => r.n).sort()).toEqual([0, 0, 0, 0, 5]);
    const ids = responses.map((r) => r.id);
    const people = learners.map((l) => l.id);
    // The audit trail: the survey's events are there (attached), answering left nothing, and no entry names a response.
    const audit = (
      await t.db.query<{ actor_id: string | null; action: string; entity_id: string; text: string }>(
        `SELECT actor_id, action, entity_id, (coalesce(before::text, '') || coalesce(after::text, '')) AS text FROM audit_entries`,
      )
    ).rows;
    expect(audit.filter((e) => e.entity_id === surveyId).map((e) => e.action)).toEqual(['survey.attached']);
    expect(audit.filter((e) => /answer|respon/i.test(e.action))).toEqual([]);
    expect(audit.filter((e) => ids.some((id) => e.text.includes(id) || e.entity_id === id))).toEqual([]);
    expect(audit.filter((e) => e.text.includes('OPENCANARY'))).toEqual([]);
    const byLearners = audit.filter((e) => e.actor_id && people.includes(e.actor_id));
    expect(byLearners.filter((e) => !e.action.startsWith('enrolment.'))).toEqual([]);
    // Nothing the staff read carries a response's id.
    const seen = JSON.stringify((await api('get', `/api/v1/cohort-surveys/${surveyId}/results`, platform).expect(200)).body);
    expect(ids.some((id) => seen.includes(id))).toBe(false);
  });

  it('answers 404 to another academy’s administrator on every survey route of the cohort', async () => {
    await api('get', `/api/v1/cohort-surveys/${surveyId}/results`, strangerAdmin).expect(404);
    await api('get', `/api/v1/cohorts/${cohortId}/survey`, strangerAdmin).expect(404);
    await api('post', `/api/v1/cohort-surveys/${surveyId}/close`, strangerAdmin).expect(404);
    await api('get', `/api/v1/cohort-surveys/${surveyId}`, strangerAdmin).expect(404);
    await api('get', `/api/v1/surveys/templates/${templateId}/comparison`, strangerAdmin).expect(404);
    await api('get', `/api/v1/cohort-surveys/${surveyId}/results`, otherTrainer).expect(404);
    await api('get', `/api/v1/cohort-surveys/${surveyId}/results`, learners[0].token).expect(403);
    const visitor = new Visitor(t);
    await visitor.login(adminB.email, adminB.password);
    expect((await visitor.get(`/surveys/${surveyId}/results`)).status).toBe(404);
  });

  it('compares cohorts on a template: the caller’s cohorts over their threshold, the mean of each scale', async () => {
    for (const token of [platform, admin, trainer]) {
      const res = await api('get', `/api/v1/surveys/templates/${templateId}/comparison?lang=en`, token).expect(200);
      expect(res.body.scales).toEqual([
        { scale: 'relevance', label: translate('en', 'evaluation:scales.relevance') },
        { scale: 'trainers', label: translate('en', 'evaluation:scales.trainers') },
      ]);
      expect(res.body.rows).toEqual([
        expect.objectContaining({
          cohortSurveyId: surveyId,
          cohortName: 'Batumi, autumn 2026',
          academyCode: 'SVA',
          responses: 5,
          completed: 6,
          responseRate: 83.3,
          scales: [
            { scale: 'relevance', n: 10, mean: 3.7 },
            { scale: 'trainers', n: 5, mean: 4.2 },
          ],
          overall: { n: 15, mean: 3.87 },
        }),
      ]);
      expect(res.body.belowThreshold).toBe(0);
    }
    // A trainer of the academy who does not run the cohort compares nothing of it.
    expect((await api('get', `/api/v1/surveys/templates/${templateId}/comparison`, otherTrainer).expect(200)).body.rows).toEqual([]);
  });

  it('closes the survey (audited), takes no answer after, and exports its results as CSV (audited, no answer of anyone)', async () => {
    const csv = await api('get', `/api/v1/cohort-surveys/${surveyId}/results`, admin).set('accept', 'text/csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text).toContain('relevance');
    expect(csv.text).not.toContain('OPENCANARY');
    const closed = await api('post', `/api/v1/cohort-surveys/${surveyId}/close`, trainer).expect(200);
    expect(closed.body.closedAt).toBeTruthy();
    const late = await api('post', `/api/v1/cohort-surveys/${surveyId}/responses`, learners[5].token).send(body(ANSWERS[0])).expect(409);
    expect(late.body.code).toBe('survey_closed');
    await api('put', `/api/v1/cohorts/${cohortId}/survey`, admin).send({ templateId }).expect(409);
    const events = (
      await t.db.query<{ action: string }>(`SELECT action FROM audit_entries WHERE entity_id = $1 ORDER BY id`, [surveyId])
    ).rows.map((r) => r.action);
    expect(events).toEqual(['survey.attached', 'survey.exported', 'survey.closed']);
    expect((await api('get', '/api/v1/me/surveys', learners[5].token).expect(200)).body.items).toEqual([]);
  });
});
