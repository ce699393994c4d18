import { AuditService } from '@probity/audit';
import { FollowUpInvitationsService, IndicatorValuesService } from '@probity/evaluation';
import { translate } from '@probity/i18n';
import { PASSWORD, academyFactory, courseWithLessonFactory, tokenFor, userFactory, versionFactory } from '../factories';
import { type TestApp, createTestApp } from '../support/test-app';
import { Visitor } from '../support/visitor';

const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`];
type Person = { id: string; email: string; token: string };
type Value = {
  period: string;
  from: string;
  to: string;
  value: number | null;
  n: number | null;
  breakdown: { key: string | null; value: number | null; n: number | null }[] | null;
  source: string;
  note: string | null;
  final: boolean;
  provisional: boolean;
  computedBy: string | null;
};
type Indicator = {
  id: string;
  academyId: string | null;
  code: string;
  currentPeriod: { label: string; from: string; to: string } | null;
  latest: Value | null;
  values: Value[];
  periods: { label: string; from: string; to: string }[];
  editable: boolean;
  progressPercent: number | null;
  progressText: string;
};
type ReportRow = { key: Record<string, string | null>; enrolled: number; completed: number; certified: number; knowledgeGain: Gain };
type Gain = { learners: number; meanNormalisedGain: number | null; improvedPercent: number | null };

/**
 * The indicator register (issue 13 point 4, ADR 0010): indicators defined over Probity's data, with a value per period
 * that is the training report's own number for the same filters and period, a margin for "increased knowledge", a
 * breakdown by sex, mean satisfaction from surveys over their anonymity threshold only, values entered by hand and
 * recomputed values in the audit trail, and who may see and keep which indicators.
 */
describe('indicator register', () => {
  let t: TestApp;
  let ge: { id: string };
  let ua: { id: string };
  let platform: string, adminGe: string, adminUa: string, trainerGe: string;
  let adminGeUser: Awaited<ReturnType<typeof userFactory>>;
  const people: Record<string, Person> = {};
  let cohortK: string;
  let courseX: string;

  const api = (method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string, token: string) =>
    t
      .http()
      [method](path)
      .set(...bearer(token));
  const create = (token: string, body: object) => api('post', '/api/v1/indicators', token).send(body);
  const report = (token: string, query: string) => api('get', `/api/v1/reports/training?${query}`, token).expect(200);
  // Personal values (notes) are commitments in the entries, revealed from audit_personal (ADR 0014).
  const auditOf = async (id: string, action: string) =>
    (
      await t.app.get(AuditService).reveal(
        (
          await t.db.query<{
            id: string;
            actor_id: string | null;
            before: Record<string, unknown> | null;
            after: Record<string, unknown> | null;
          }>(`SELECT id, actor_id, before, after FROM audit_entries WHERE entity_id = $1 AND action = $2 ORDER BY at, id`, [id, action])
        ).rows,
      )
    ).map(({ actor_id, before, after }) => ({ actor_id, before, after }));

  async function person(name: string, academyId: string, description: { sex?: string; agencyType?: string; function?: string }) {
    const email = `${name}.${Math.random().toString(36).slice(2, 8)}@indicators.test`;
    const created = await api('post', '/api/v1/users', platform)
      .send({ email, password: PASSWORD, fullName: `Person ${name}`, roles: ['learner'], academyId, locale: 'en', ...description })
      .expect(201);
    people[name] = { id: created.body.id, email, token: await tokenFor(t.http, { email, password: PASSWORD }) };
  }

  async function cohort(name: string, versionId: string, admin: string, trainerId: string, endsOn = '2026-11-30', partners: string[] = []) {
    return (
      await api('post', '/api/v1/cohorts', admin)
        .send({
          courseVersionId: versionId,
          name,
          locale: 'en',
          startsOn: '2026-01-10',
          endsOn,
          trainerIds: [trainerId],
          partnerAcademyIds: partners,
          completion: { minAttendancePercent: 0, requireAllLessons: true },
        })
        .expect(201)
    ).body.id as string;
  }

  /** Sits an assessment answering `right` of its four questions correctly: 25 points each. */
  async function sit(assessmentId: string, name: string, right: number): Promise<void> {
    const token = people[name].token;
    const attempt = (await api('post', `/api/v1/cohorts/${cohortK}/assessments/${assessmentId}/attempts`, token).expect(201)).body as {
      id: string;
      items: { id: string; options: { id: string; text: string }[] }[];
    };
    for (const [i, item] of attempt.items.entries()) {
      const option = item.options.find((o) => o.text === (i < right ? 'Right' : 'Wrong'))!;
      await api('put', `/api/v1/attempts/${attempt.id}/responses/${item.id}`, token)
        .send({ optionIds: [option.id] })
        .expect(200);
    }
    await api('post', `/api/v1/attempts/${attempt.id}/submit`, token).expect(200);
  }

  /** A cohort of `count` new learners of academy GE who complete its one lesson and answer its survey with `answers`. */
  async function surveyedCohort(name: string, endsOn: string, templateId: string, itemIds: string[], answers: number[][]) {
    const trainer = await userFactory(t.app, { roles: ['trainer'], academyId: ge.id });
    const version = await versionFactory(t.app, trainer, { lessons: 1 });
    const id = await cohort(name, version.versionId, adminGe, trainer.id, endsOn);
    const learners: Person[] = [];
    for (let i = 0; i < answers.length; i++) {
      const user = await userFactory(t.app, { roles: ['learner'], academyId: ge.id });
      learners.push({ id: user.id, email: user.email, token: await tokenFor(t.http, user) });
    }
    await api('post', `/api/v1/cohorts/${id}/enrolments`, adminGe)
      .send({ userIds: learners.map((l) => l.id) })
      .expect(201);
    const survey = (await api('put', `/api/v1/cohorts/${id}/survey`, adminGe).send({ templateId, minResponses: 5 }).expect(200)).body.id;
    for (const [i, learner] of learners.entries()) {
      await api('post', `/api/v1/cohorts/${id}/lessons/${version.lessonIds[0]}/complete`, learner.token).expect(200);
      await api('post', `/api/v1/cohort-surveys/${survey}/responses`, learner.token)
        .send({ answers: itemIds.map((itemId, j) => ({ itemId, value: answers[i][j] })) })
        .expect(201);
    }
  }

  beforeAll(async () => {
    t = await createTestApp();
    ge = await academyFactory(t.app, { code: 'INGE', country: 'GE', timeZone: 'Asia/Tbilisi', defaultLocale: 'ka' });
    ua = await academyFactory(t.app, { code: 'INUA', country: 'UA', timeZone: 'Europe/Kyiv', defaultLocale: 'uk' });
    platform = await tokenFor(t.http, await userFactory(t.app, { roles: ['platform_admin'] }));
    adminGeUser = await userFactory(t.app, { roles: ['academy_admin'], academyId: ge.id });
    adminGe = await tokenFor(t.http, adminGeUser);
    adminUa = await tokenFor(t.http, await userFactory(t.app, { roles: ['academy_admin'], academyId: ua.id }));
    const trainerGeUser = await userFactory(t.app, { roles: ['trainer'], academyId: ge.id });
    trainerGe = await tokenFor(t.http, trainerGeUser);

    await person('a1', ge.id, { sex: 'female', agencyType: 'police' });
    await person('a2', ge.id, { sex: 'female', agencyType: 'prosecution' });
    await person('a3', ge.id, { sex: 'male', agencyType: 'police' });
    await person('a4', ge.id, { sex: 'not_stated', agencyType: 'customs' });
    await person('a5', ge.id, {});
    await person('a6', ge.id, { sex: 'male', agencyType: 'police' });
    await person('a7', ge.id, { sex: 'male' });
    await person('a8', ge.id, { sex: 'female' });
    await person('b1', ua.id, { sex: 'female', agencyType: 'border_guard' });

    // Course X with four one-point questions, a pre-test (its last attempt counts) and a post-test.
    const course = await courseWithLessonFactory(t.http, trainerGe, { title: { en: 'Fair trial' } });
    courseX = course.courseId;
    const items: string[] = [];
    for (let i = 0; i < 4; i++)
      items.push(
        (
          await api('post', `/api/v1/courses/${courseX}/items`, trainerGe)
            .send({
              type: 'single_choice',
              stem: { en: `Question ${i + 1}` },
              points: 1,
              options: [
                { text: { en: 'Right' }, correct: true },
                { text: { en: 'Wrong' }, correct: false },
              ],
            })
            .expect(201)
        ).body.id,
      );
    const assessment = async (body: object): Promise<string> =>
      (
        await api('post', `/api/v1/courses/${courseX}/assessments`, trainerGe)
          .send({ itemIds: items, maxAttempts: 3, ...body })
          .expect(201)
      ).body.id;
    const pre = await assessment({ kind: 'pre_test', title: { en: 'Pre' }, passPercent: 0, policy: 'last' });
    const post = await assessment({ kind: 'post_test', title: { en: 'Post' }, passPercent: 50 });
    const versionX = await course.publish();
    cohortK = await cohort('K', versionX, adminGe, trainerGeUser.id, '2026-11-30', [ua.id]);
    await api('post', `/api/v1/cohorts/${cohortK}/partners/${ua.id}/accept`, adminUa).expect(200);
    await api('post', `/api/v1/cohorts/${cohortK}/enrolments`, adminGe)
      .send({ userIds: ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8', 'b1'].map((n) => people[n].id) })
      .expect(201);
    // Gains: a1 25→75 (+50), a2 50→50 (0), a3 0→100 (+100), a4 100→75 (−25), a6 50→75 (+25), b1 50→100 (+50).
    for (const [name, right] of [
      ['a1', 1],
      ['a2', 2],
      ['a3', 0],
      ['a4', 4],
      ['a6', 2],
      ['b1', 2],
    ] as const)
      await sit(pre, name, right);
    for (const [name, right] of [
      ['a1', 3],
      ['a2', 2],
      ['a3', 4],
      ['a4', 3],
      ['a6', 3],
      ['b1', 4],
    ] as const)
      await sit(post, name, right);
    // a7 and a8 enrolled in February 2025 (a closed quarter), as the recomputation below needs.
    await t.db.query(`UPDATE enrolments SET enrolled_at = '2025-02-10T09:00:00Z' WHERE cohort_id = $1 AND user_id = ANY($2::uuid[])`, [
      cohortK,
      [people.a7.id, people.a8.id],
    ]);

    // Reaction surveys: S1 reached its threshold (5 of 5), S2 did not (3 of 5); both ended in 2026.
    const template = (
      await api('post', '/api/v1/surveys/templates', adminGe)
        .send({
          title: { en: 'End of course' },
          items: [
            { type: 'likert', scale: 'relevance', text: { en: 'Useful for my cases.' } },
            { type: 'likert', scale: 'trainers', text: { en: 'Trainers knew the subject.' } },
          ],
        })
        .expect(201)
    ).body as { id: string; items: { id: string }[] };
    const itemIds = template.items.map((i) => i.id);
    await surveyedCohort('S1', '2026-05-20', template.id, itemIds, [
      [5, 4],
      [4, 4],
      [3, 5],
      [5, 5],
      [2, 3],
    ]);
    await surveyedCohort('S2', '2026-06-10', template.id, itemIds, [
      [1, 1],
      [1, 2],
      [2, 1],
    ]);
  });
  afterAll(() => t?.close());

  it('creates an indicator with its values, and refuses bad definitions with messages in the caller’s language', async () => {
    const created = await create(adminGe, {
      code: 'EU-1',
      title: { en: 'People trained', uk: 'Навчені особи' },
      measure: 'people_trained',
      periodKind: 'quarter',
      baselineValue: 0,
      baselineDate: '2025-12-31',
      targetValue: 20,
      targetDate: '2027-12-31',
    }).expect(201);
    const indicator = created.body as Indicator;
    expect(indicator).toMatchObject({ academyId: ge.id, code: 'EU-1', editable: true });
    expect(indicator.periods[0]).toEqual({ label: '2026-Q1', from: '2026-01-01', to: '2026-03-31' });
    expect(indicator.values.map((v) => v.period)).toEqual(indicator.periods.map((p) => p.label));
    expect(indicator.latest?.provisional).toBe(true);
    expect((await auditOf(indicator.id, 'indicator.created')).length).toBe(1);

    const refused = await create(adminGe, {
      code: 'EU-2',
      title: { en: 'Satisfaction' },
      measure: 'mean_satisfaction',
      periodKind: 'year',
      breakdown: 'sex',
      margin: 10,
      baselineDate: '2026-06-30',
      targetDate: '2026-01-01',
    })
      .query({ lang: 'ru' })
      .expect(400);
    expect(refused.body.details.map((d: { field: string; constraint: string }) => `${d.field}:${d.constraint}`).sort()).toEqual([
      'breakdown:indicatorBreakdown',
      'margin:indicatorMargin',
      'targetDate:endsBeforeStart',
    ]);
    expect(refused.body.details.find((d: { field: string }) => d.field === 'breakdown').message).toBe(
      translate('ru', 'validation:indicatorBreakdown', { field: translate('ru', 'fields:breakdown') }),
    );
    const shape = await create(adminGe, { code: 'bad code', title: {}, measure: 'people_hugged', periodKind: 'week', country: 'ge' })
      .query({ lang: 'uk' })
      .expect(400);
    expect(shape.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['code', 'country', 'measure', 'periodKind', 'title']);
    expect(shape.body.message).toContain(translate('uk', 'fields:measure'));
    await create(adminGe, {
      code: 'EU-3',
      title: { en: 'x' },
      measure: 'people_trained',
      periodKind: 'year',
      courseId: '00000000-0000-4000-8000-000000000000',
    })
      .expect(400)
      .expect((res) => expect(res.body.details[0]).toMatchObject({ field: 'courseId', constraint: 'indicatorCourse' }));
    const taken = await create(adminGe, { code: 'EU-1', title: { en: 'Again' }, measure: 'people_certified', periodKind: 'year' })
      .query({ lang: 'ka' })
      .expect(409);
    expect(taken.body).toMatchObject({
      code: 'indicator_code_taken',
      message: translate('ka', 'errors:indicator_code_taken', { code: 'EU-1' }),
    });
    // Another academy may use the same code.
    await create(adminUa, { code: 'EU-1', title: { en: 'Ours' }, measure: 'people_certified', periodKind: 'year' }).expect(201);
  });

  it('gives people and knowledge values that are the training report’s numbers for the same filters and period', async () => {
    const definitions = [
      { code: 'R-TRAINED', measure: 'people_trained', breakdown: 'sex' },
      { code: 'R-KNOW', measure: 'knowledge_improved_percent', breakdown: 'agencyType', margin: 20 },
      { code: 'R-GAIN', measure: 'mean_normalised_gain' },
      { code: 'R-COMPLETED', measure: 'people_completed', breakdown: 'function' },
    ];
    for (const definition of definitions) {
      const indicator = (
        await create(adminGe, { ...definition, title: { en: definition.code }, periodKind: 'quarter', baselineDate: '2024-12-31' }).expect(
          201,
        )
      ).body as Indicator;
      expect(indicator.values.length).toBeGreaterThanOrEqual(8);
      for (const value of indicator.values) {
        const by = definition.breakdown ? `&by=${definition.breakdown}` : '';
        const margin = definition.margin ? `&margin=${definition.margin}` : '';
        const res = (await report(adminGe, `from=${value.from}&to=${value.to}${by}${margin}`)).body as {
          totals: ReportRow;
          rows: ReportRow[];
        };
        const figure = (m: ReportRow): number | null =>
          definition.measure === 'people_trained'
            ? m.enrolled
            : definition.measure === 'people_completed'
              ? m.completed
              : definition.measure === 'knowledge_improved_percent'
                ? m.knowledgeGain.improvedPercent
                : m.knowledgeGain.meanNormalisedGain;
        expect(`${definition.code} ${value.period}: ${value.value}`).toBe(`${definition.code} ${value.period}: ${figure(res.totals)}`);
        if (definition.breakdown)
          expect(value.breakdown?.map((g) => [g.key, g.value])).toEqual(res.rows.map((r) => [r.key[definition.breakdown], figure(r)]));
      }
    }
    // The hand-worked numbers, for the current quarter: 7 of academy GE's people enrolled in cohort K now (a7 and a8 in
    // 2025) and 8 in the surveyed cohorts; a1, a3 rose by more than 20 points of the five with both tests (40 %).
    const trained = (await api('get', '/api/v1/indicators?limit=200', adminGe).expect(200)).body.items.find(
      (i: Indicator) => i.code === 'R-TRAINED',
    ) as Indicator;
    const detail = (await api('get', `/api/v1/indicators/${trained.id}`, adminGe).expect(200)).body as Indicator;
    const current = detail.values.find((v) => v.period === detail.currentPeriod?.label);
    expect(current?.value).toBe(14);
    const q1of2025 = detail.values.find((v) => v.period === '2025-Q1')!;
    expect(q1of2025).toMatchObject({ value: 2, final: true, provisional: false });
    expect(q1of2025.breakdown?.filter((g) => g.value).map((g) => [g.key, g.value])).toEqual([
      ['female', 1],
      ['male', 1],
    ]);
  });

  it('counts "increased knowledge" above the indicator’s margin, broken down by sex, with each group’s base', async () => {
    const strict = (
      await create(adminGe, {
        code: 'K-30',
        title: { en: 'Knowledge, margin 30' },
        measure: 'knowledge_improved_percent',
        margin: 30,
        breakdown: 'sex',
        periodKind: 'quarter',
        baselineValue: 20,
        baselineDate: '2025-12-31',
        targetValue: 60,
        targetDate: '2027-12-31',
      }).expect(201)
    ).body as Indicator;
    // Margin 30: a1 (+50) and a3 (+100) of a1, a2, a3, a4, a6 — 40 %; female a1 of a1, a2; male a3 of a3, a6; a4 none.
    expect(strict.latest).toMatchObject({ value: 40, n: 5 });
    expect(strict.latest?.breakdown).toEqual([
      { key: 'female', value: 50, n: 2 },
      { key: 'male', value: 50, n: 2 },
      { key: 'another', value: null, n: 0 },
      { key: 'not_stated', value: 0, n: 1 },
      { key: null, value: null, n: 0 },
    ]);
    // Baseline 20 → 40 → target 60: half of the way.
    expect(strict.progressPercent).toBe(50);
    const lenient = (
      await create(adminGe, {
        code: 'K-0',
        title: { en: 'Knowledge, margin 0' },
        measure: 'knowledge_improved_percent',
        periodKind: 'quarter',
        baselineDate: '2025-12-31',
      }).expect(201)
    ).body as Indicator;
    // Margin 0: a6 (+25) counts too.
    expect(lenient.latest).toMatchObject({ value: 60, n: 5 });
    // A filter by course and by country narrow the same statement: course X is every pair; UA's people: b1 alone.
    const course = (
      await create(platform, {
        code: 'K-X',
        title: { en: 'Course X' },
        measure: 'knowledge_improved_percent',
        courseId: courseX,
        periodKind: 'year',
        baselineDate: '2025-12-31',
      }).expect(201)
    ).body as Indicator;
    const byCourse = (await report(platform, `from=${course.latest!.from}&to=${course.latest!.to}&by=course`)).body.rows.find(
      (r: ReportRow) => r.key.course === courseX,
    ) as ReportRow;
    expect(course.latest).toMatchObject({ value: byCourse.knowledgeGain.improvedPercent, n: byCourse.knowledgeGain.learners });
    const ukraine = (
      await create(platform, {
        code: 'K-UA',
        title: { en: 'Ukraine' },
        measure: 'knowledge_improved_percent',
        country: 'UA',
        periodKind: 'year',
        baselineDate: '2025-12-31',
      }).expect(201)
    ).body as Indicator;
    expect(ukraine.latest).toMatchObject({ value: 100, n: 1 });
  });

  it('takes mean satisfaction only from cohorts whose survey reached its anonymity threshold', async () => {
    const satisfaction = (
      await create(adminGe, {
        code: 'SAT',
        title: { en: 'Mean satisfaction' },
        measure: 'mean_satisfaction',
        periodKind: 'year',
        breakdown: 'country',
        baselineValue: 3.5,
        baselineDate: '2025-12-31',
        targetValue: 4.5,
        targetDate: '2027-12-31',
      }).expect(201)
    ).body as Indicator;
    const year2026 = satisfaction.values.find((v) => v.period === '2026')!;
    // S1's ten answers sum to 40: 4.00 from 5 responses. S2 (3 answers, threshold 5) is left out: with it, 3.00.
    expect(year2026).toMatchObject({ value: 4, n: 5, breakdown: [{ key: 'GE', value: 4, n: 5 }] });
    // No survey ended in 2025; the platform-wide indicator of another country has nothing.
    const ukraine = (
      await create(platform, {
        code: 'SAT-UA',
        title: { en: 'UA' },
        measure: 'mean_satisfaction',
        country: 'UA',
        periodKind: 'year',
        baselineDate: '2025-12-31',
      }).expect(201)
    ).body as Indicator;
    expect(ukraine.values.find((v) => v.period === '2026')).toMatchObject({ value: null, n: 0 });
    // Once S2's survey needs only 3 answers, it counts: (40 + 8) / 16 = 3.00.
    await t.db.query(`UPDATE cohort_surveys SET min_responses = 3 WHERE cohort_id IN (SELECT id FROM cohorts WHERE name = 'S2')`);
    const again = (await api('post', `/api/v1/indicators/${satisfaction.id}/compute`, adminGe).send({ period: '2026' }).expect(200)).body;
    expect(again.run).toMatchObject({ periods: 1 });
    expect(again.indicator.values.find((v: Value) => v.period === '2026')).toMatchObject({ value: 3, n: 8 });
    await t.db.query(`UPDATE cohort_surveys SET min_responses = 5 WHERE cohort_id IN (SELECT id FROM cohorts WHERE name = 'S2')`);
    await api('post', `/api/v1/indicators/${satisfaction.id}/compute`, adminGe).send({}).expect(200);
  });

  it('keeps values entered by hand, with their note, and writes each to the audit trail', async () => {
    const cases = (
      await create(adminGe, {
        code: 'CASES',
        title: { en: 'Cases referred to prosecution' },
        measure: 'manual',
        periodKind: 'quarter',
        baselineValue: 10,
        baselineDate: '2025-12-31',
        targetValue: 30,
        targetDate: '2027-12-31',
      }).expect(201)
    ).body as Indicator;
    expect(cases.values).toEqual([]);
    await api('put', `/api/v1/indicators/${cases.id}/values/2026-Q1`, adminGe).send({ value: 12 }).expect(400);
    const entered = (
      await api('put', `/api/v1/indicators/${cases.id}/values/2026-Q1`, adminGe)
        .send({ value: 12, note: 'Prosecutor General’s statistics' })
        .expect(200)
    ).body as Indicator;
    expect(entered.values).toEqual([
      expect.objectContaining({
        period: '2026-Q1',
        value: 12,
        source: 'manual',
        note: 'Prosecutor General’s statistics',
        computedBy: adminGeUser.id,
      }),
    ]);
    await api('put', `/api/v1/indicators/${cases.id}/values/2026-Q1`, adminGe).send({ value: 15, note: 'Corrected figures' }).expect(200);
    const trail = await auditOf(cases.id, 'indicator.value_entered');
    expect(trail).toHaveLength(2);
    expect(trail[0]).toMatchObject({ actor_id: adminGeUser.id, before: null, after: { period: '2026-Q1', value: 12, source: 'manual' } });
    expect(trail[1]).toMatchObject({
      before: { value: 12, note: 'Prosecutor General’s statistics' },
      after: { value: 15, note: 'Corrected figures' },
    });
    // Not computed (a measure entered by hand); a period not begun or of another kind is refused.
    await api('post', `/api/v1/indicators/${cases.id}/compute`, adminGe).send({}).expect(409);
    const future = await api('put', `/api/v1/indicators/${cases.id}/values/2099-Q1`, adminGe)
      .send({ value: 1, note: 'x' })
      .query({ lang: 'sw' })
      .expect(400);
    expect(future.body.details[0]).toMatchObject({ field: 'period', constraint: 'indicatorPeriod' });
    await api('put', `/api/v1/indicators/${cases.id}/values/2026`, adminGe).send({ value: 1, note: 'x' }).expect(400);
    await api('put', `/api/v1/indicators/${cases.id}/values/2026-Q1`, adminGe)
      .send({ value: 1, note: 'x', breakdown: [{ key: 'female', value: 1 }] })
      .expect(400);

    // A computed indicator's period entered by hand stays so: a computation leaves it and says so.
    const trained = (
      await create(adminGe, {
        code: 'T-HAND',
        title: { en: 'Trained' },
        measure: 'people_trained',
        breakdown: 'sex',
        periodKind: 'quarter',
        baselineDate: '2024-12-31',
      }).expect(201)
    ).body as Indicator;
    await api('put', `/api/v1/indicators/${trained.id}/values/2025-Q2`, adminGe)
      .send({
        value: 31,
        note: 'Paper registers of 2025',
        breakdown: [
          { key: 'female', value: 20 },
          { key: 'male', value: 11 },
        ],
      })
      .expect(200);
    const run = (await api('post', `/api/v1/indicators/${trained.id}/compute`, adminGe).send({}).expect(200)).body;
    expect(run.run.manual).toBe(1);
    expect(run.indicator.values.find((v: Value) => v.period === '2025-Q2')).toMatchObject({ value: 31, source: 'manual' });
    // Taken back: computed again at once, and audited.
    const cleared = (await api('delete', `/api/v1/indicators/${trained.id}/values/2025-Q2`, adminGe).expect(200)).body as Indicator;
    expect(cleared.values.find((v) => v.period === '2025-Q2')).toMatchObject({ value: 0, source: 'computed' });
    expect(await auditOf(trained.id, 'indicator.value_cleared')).toHaveLength(1);
  });

  it('writes a recomputed final value that changed to the audit trail, old and new, and leaves provisional ones out', async () => {
    const indicator = (
      await create(adminGe, {
        code: 'RECOMPUTE',
        title: { en: 'Trained' },
        measure: 'people_trained',
        periodKind: 'quarter',
        baselineDate: '2024-12-31',
      }).expect(201)
    ).body as Indicator;
    expect(indicator.values.find((v) => v.period === '2025-Q1')).toMatchObject({ value: 2, final: true });
    // a8's enrolment of February 2025 is withdrawn, and one more person enrols now (the open quarter).
    await api('post', `/api/v1/cohorts/${cohortK}/enrolments/${people.a8.id}/withdraw`, adminGe).send({}).expect(200);
    await person('a9', ge.id, { sex: 'female' });
    await api('post', `/api/v1/cohorts/${cohortK}/enrolments`, adminGe)
      .send({ userIds: [people.a9.id] })
      .expect(201);
    // The worker's nightly run (the same service call as apps/worker's processor).
    const nightly = await t.app.get(IndicatorValuesService).computeAll();
    expect(nightly.failed).toBe(0);
    expect(nightly.changed).toBeGreaterThanOrEqual(1);
    const trail = await auditOf(indicator.id, 'indicator.value_recomputed');
    expect(trail).toEqual([
      expect.objectContaining({
        actor_id: null,
        before: expect.objectContaining({ period: '2025-Q1', value: 2, n: 2 }),
        after: expect.objectContaining({ period: '2025-Q1', value: 1, n: 1 }),
      }),
    ]);
    const after = (await api('get', `/api/v1/indicators/${indicator.id}`, adminGe).expect(200)).body as Indicator;
    expect(after.values.find((v) => v.period === '2025-Q1')).toMatchObject({ value: 1, computedBy: null });
    expect(after.latest?.value).toBe((indicator.latest?.value ?? 0) + 1);
    // Computing again changes nothing more.
    const quiet = (await api('post', `/api/v1/indicators/${indicator.id}/compute`, adminGe).send({}).expect(200)).body;
    expect(quiet.run.changed).toBe(0);
    expect(await auditOf(indicator.id, 'indicator.value_recomputed')).toHaveLength(1);
  });

  it('keeps academies apart: another academy’s indicator is unknown, platform-wide ones are read-only to academies', async () => {
    const own = (
      await create(adminGe, { code: 'TEN-GE', title: { en: 'Ours' }, measure: 'people_certified', periodKind: 'year' }).expect(201)
    ).body as Indicator;
    const shared = (
      await create(platform, { code: 'TEN-ALL', title: { en: 'Everyone' }, measure: 'people_certified', periodKind: 'half_year' }).expect(
        201,
      )
    ).body as Indicator;
    expect(shared.academyId).toBeNull();
    for (const [method, path, body] of [
      ['get', `/api/v1/indicators/${own.id}`, undefined],
      ['patch', `/api/v1/indicators/${own.id}`, { title: { en: 'Taken over' } }],
      ['delete', `/api/v1/indicators/${own.id}`, undefined],
      ['post', `/api/v1/indicators/${own.id}/compute`, {}],
      ['put', `/api/v1/indicators/${own.id}/values/2026`, { value: 1, note: 'x' }],
    ] as const)
      await api(method, path, adminUa)
        .send(body ?? {})
        .expect(404);
    const uaList = (await api('get', '/api/v1/indicators?limit=200', adminUa).expect(200)).body.items as Indicator[];
    expect(uaList.some((i) => i.id === own.id)).toBe(false);
    expect(uaList.find((i) => i.id === shared.id)).toMatchObject({ editable: false });
    expect(uaList.every((i) => i.academyId === null || i.academyId === ua.id)).toBe(true);
    // Platform-wide: academy administrators read it, and may not change it.
    expect((await api('get', `/api/v1/indicators/${shared.id}`, adminGe).expect(200)).body.editable).toBe(false);
    const refused = await api('patch', `/api/v1/indicators/${shared.id}`, adminGe)
      .send({ title: { en: 'Mine' } })
      .query({ lang: 'ur' })
      .expect(403);
    expect(refused.body).toMatchObject({ code: 'indicator_platform_wide', message: translate('ur', 'errors:indicator_platform_wide') });
    await api('post', `/api/v1/indicators/${shared.id}/compute`, adminGe).send({}).expect(403);
    // An academy administrator creates only for their own academy; a platform administrator for any.
    await create(adminGe, { code: 'TEN-X', title: { en: 'x' }, measure: 'people_certified', periodKind: 'year', academyId: ua.id }).expect(
      404,
    );
    const forUa = (
      await create(platform, {
        code: 'TEN-UA',
        title: { en: 'x' },
        measure: 'people_certified',
        periodKind: 'year',
        academyId: ua.id,
      }).expect(201)
    ).body as Indicator;
    expect(forUa.academyId).toBe(ua.id);
    expect((await api('get', `/api/v1/indicators/${forUa.id}`, adminUa).expect(200)).body.editable).toBe(true);
    // Learners and trainers have no register; nobody without a token.
    await api('get', '/api/v1/indicators', people.a1.token).expect(403);
    await api('get', `/api/v1/indicators/${own.id}`, trainerGe).expect(403);
    await create(trainerGe, { code: 'TR', title: { en: 'x' }, measure: 'people_certified', periodKind: 'year' }).expect(403);
    await t.http().get('/api/v1/indicators').expect(401);
    // Changing and archiving, by its keeper: a filter change computes again; archived indicators leave the list.
    const changed = (await api('patch', `/api/v1/indicators/${own.id}`, adminGe).send({ breakdown: 'sex', targetValue: 5 }).expect(200))
      .body as Indicator;
    expect(changed.values.every((v) => Array.isArray(v.breakdown))).toBe(true);
    await api('delete', `/api/v1/indicators/${own.id}`, adminGe).expect(200);
    await api('patch', `/api/v1/indicators/${own.id}`, adminGe).send({ targetValue: 6 }).expect(409);
    const list = (await api('get', '/api/v1/indicators?limit=200', adminGe).expect(200)).body.items as Indicator[];
    expect(list.some((i) => i.id === own.id)).toBe(false);
    const archived = (await api('get', '/api/v1/indicators?archived=true', adminGe).expect(200)).body.items as Indicator[];
    expect(archived.map((i) => i.id)).toEqual([own.id]);
    expect((await auditOf(own.id, 'indicator.archived')).length).toBe(1);
  });

  it('shows the register on a page with a chart and its table, and a form that answers errors next to their fields', async () => {
    const admin = new Visitor(t);
    await admin.login(adminGeUser.email, adminGeUser.password);
    const page = await admin.get('/indicators?lang=ru');
    expect(page.status).toBe(200);
    expect(page.text).toContain(`<h1>${translate('ru', 'indicators:title')}</h1>`);
    const charts = page.text.match(/<svg [^>]*role="img" aria-labelledby="indicator-\d+-title indicator-\d+-desc"/g) ?? [];
    const tables = page.text.match(/<caption>/g) ?? [];
    expect(charts.length).toBeGreaterThanOrEqual(5);
    expect(tables.length).toBeGreaterThanOrEqual(charts.length);
    expect(page.text).toContain('<th scope="row">1 кв. 2026</th>');
    expect(page.text).toContain('href="/indicators"');
    // The form without JavaScript: a bad code and no title come back with the messages beside their fields.
    const form = await admin.get('/indicators/new?lang=ru');
    const bad = await admin.post('/indicators?lang=ru', {
      _csrf: Visitor.csrf(form.text),
      code: 'no spaces allowed',
      measure: 'people_trained',
      periodKind: 'quarter',
      breakdown: 'sex',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('id="code-error"');
    expect(bad.text).toContain('id="title-error"');
    expect(bad.text).toContain('aria-describedby="code-hint code-error"');
    const good = await admin.post('/indicators?lang=ru', {
      _csrf: Visitor.csrf(form.text),
      code: 'PAGE-1',
      title_ru: 'Обученные лица',
      measure: 'people_trained',
      periodKind: 'half_year',
      breakdown: 'sex',
      baselineValue: '3',
      baselineDate: '2025-12-31',
      targetValue: '30',
      targetDate: '2027-12-31',
    });
    expect(good.status).toBe(303);
    const [{ id }] = (await t.db.query<{ id: string }>(`SELECT id FROM indicators WHERE code = 'PAGE-1'`)).rows;
    expect(good.location).toBe(`/indicators#indicator-${id}`);
    const edit = await admin.get(`/indicators/${id}/edit?lang=ru`);
    expect(edit.status).toBe(200);
    const manual = await admin.post(`/indicators/${id}/values?lang=ru`, {
      _csrf: Visitor.csrf(edit.text),
      period: '2026-H1',
      value: '',
      note: '',
    });
    expect(manual.status).toBe(400);
    expect(manual.text).toContain('id="manual-note-error"');
    const learner = new Visitor(t);
    await learner.login(people.a1.email, PASSWORD);
    expect((await learner.get('/indicators')).status).toBe(403);
  });
  it('counts learners applying the training at follow-up, each once, only from waves over their threshold, no group under 5', async () => {
    const trainer = await userFactory(t.app, { roles: ['trainer'], academyId: ge.id });
    const version = await versionFactory(t.app, trainer, { lessons: 1 });
    const id = await cohort('F', version.versionId, adminGe, trainer.id, '2026-08-31');
    const sexes = ['female', 'female', 'female', 'male', 'male', 'male'];
    for (const [i, sex] of sexes.entries()) await person(`f${i}`, ge.id, { sex });
    const learners = sexes.map((_, i) => people[`f${i}`]);
    await api('post', `/api/v1/cohorts/${id}/enrolments`, adminGe)
      .send({ userIds: learners.map((l) => l.id) })
      .expect(201);
    for (const learner of learners)
      await api('post', `/api/v1/cohorts/${id}/lessons/${version.lessonIds[0]}/complete`, learner.token).expect(200);
    await api('put', `/api/v1/follow-ups/cohorts/${id}`, adminGe).send({}).expect(200);
    await t.db.query(`UPDATE enrolments SET completed_at = now() - interval '100 days' WHERE cohort_id = $1`, [id]);
    await t.app.get(FollowUpInvitationsService).createDue();
    type Item = { id: string; type: string };
    const answer = async (learner: Person, frequency: number, months = 3) => {
      const [{ id: invitation }] = (
        await t.db.query<{ id: string }>(
          `SELECT i.id FROM follow_up_invitations i JOIN follow_up_waves w ON w.id = i.wave_id
            WHERE i.learner_id = $1 AND i.respondent = 'learner' AND w.months = $2`,
          [learner.id, months],
        )
      ).rows;
      const items = (await api('get', `/api/v1/follow-ups/invitations/${invitation}`, learner.token).expect(200)).body.items as Item[];
      const answers = items.flatMap((item): { itemId: string; value?: number; values?: number[] }[] =>
        item.type === 'frequency'
          ? [{ itemId: item.id, value: frequency }]
          : item.type === 'count'
            ? [{ itemId: item.id, value: 1 }]
            : item.type === 'single_choice'
              ? [{ itemId: item.id, value: 1 }]
              : item.type === 'multi_choice'
                ? [{ itemId: item.id, values: [1] }]
                : [],
      );
      await api('post', `/api/v1/follow-ups/invitations/${invitation}/responses`, learner.token).send({ answers }).expect(201);
    };
    // Four answers: under the wave's threshold of 5, nothing of them is counted.
    for (const [i, frequency] of [4, 5, 2, 3].entries()) await answer(learners[i], frequency);
    const applying = (
      await create(adminGe, {
        code: 'APPLY',
        title: { en: 'Applying at follow-up' },
        measure: 'applying_at_follow_up_percent',
        breakdown: 'sex',
        periodKind: 'quarter',
        baselineDate: '2025-12-31',
      }).expect(201)
    ).body as Indicator;
    const current = (i: Indicator) => i.values.find((v) => v.period === i.currentPeriod?.label);
    expect(current(applying)).toMatchObject({ value: null, n: 0 });
    // Six: "sometimes" or more often from four (4, 5, 3, 4), "rarely" and "never" from two: 66.7 %. Three women and three
    // men: each group under 5, so its share is not shown.
    await answer(learners[4], 1);
    await answer(learners[5], 4);
    const after = (await api('post', `/api/v1/indicators/${applying.id}/compute`, adminGe).send({}).expect(200)).body
      .indicator as Indicator;
    expect(current(after)).toMatchObject({ value: 66.7, n: 6 });
    expect(current(after)?.breakdown?.slice(0, 2)).toEqual([
      { key: 'female', value: null, n: 3 },
      { key: 'male', value: null, n: 3 },
    ]);
    // The 6-month wave, answered by five of them: each learner counts once, with their most recent answer (f4 now
    // applies it): 5 of 6, 83.3 %. Counting every answer would give 8 of 11.
    await t.db.query(`UPDATE enrolments SET completed_at = now() - interval '200 days' WHERE cohort_id = $1`, [id]);
    await t.app.get(FollowUpInvitationsService).createDue();
    for (const [i, frequency] of [4, 5, 2, 3, 5].entries()) await answer(learners[i], frequency, 6);
    const latest = (await api('post', `/api/v1/indicators/${applying.id}/compute`, adminGe).send({}).expect(200)).body
      .indicator as Indicator;
    expect(current(latest)).toMatchObject({ value: 83.3, n: 6 });
    // Another academy's people are not this academy's: UA's indicator counts nobody.
    const ukraine = (
      await create(adminUa, {
        code: 'APPLY-UA',
        title: { en: 'x' },
        measure: 'applying_at_follow_up_percent',
        periodKind: 'quarter',
      }).expect(201)
    ).body as Indicator;
    expect(current(ukraine)).toMatchObject({ value: null, n: 0 });
  });
});
