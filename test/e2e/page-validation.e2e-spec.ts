import { academyFactory, courseWithLessonFactory, tokenFor, userFactory } from '../factories';
import { type TestApp, createTestApp } from '../support/test-app';
import { Visitor } from '../support/visitor';

const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`];

/**
 * Page forms go through the same DTOs and service rules as their API routes: what the API refuses,
 * the page refuses too, in the person's language, and nothing is stored.
 */
describe('pages validate exactly as the API does', () => {
  let t: TestApp;
  let cohortId: string, assessmentId: string, essayId: string, numericId: string;
  let trainer: Awaited<ReturnType<typeof userFactory>>, decider: Awaited<ReturnType<typeof userFactory>>;
  let learner: Awaited<ReturnType<typeof userFactory>>;
  let trainerToken: string, learnerToken: string;
  let attemptId: string;
  let courseId: string, lessonId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const academy = (await academyFactory(t.app, { code: 'GEV' })).id;
    trainer = await userFactory(t.app, { roles: ['trainer'], academyId: academy, locale: 'ru' });
    decider = await userFactory(t.app, { roles: ['trainer'], academyId: academy, locale: 'ru' });
    const admin = await userFactory(t.app, { roles: ['academy_admin'], academyId: academy });
    learner = await userFactory(t.app, { roles: ['learner'], academyId: academy, locale: 'ru' });
    trainerToken = await tokenFor(t.http, trainer);
    learnerToken = await tokenFor(t.http, learner);
    const adminToken = await tokenFor(t.http, admin);
    const api = (method: 'post' | 'put', path: string, token = trainerToken) =>
      t
        .http()
        [method](path)
        .set(...bearer(token));
    const created = await courseWithLessonFactory(t.http, trainerToken, { code: 'VAL', title: { en: 'Validation' } });
    const course = created.courseId;
    courseId = course;
    lessonId = created.lessonId;
    essayId = (
      await api('post', `/api/v1/courses/${course}/items`)
        .send({ type: 'essay', stem: { en: 'Assess.' }, points: 4 })
        .expect(201)
    ).body.id;
    numericId = (
      await api('post', `/api/v1/courses/${course}/items`)
        .send({ type: 'numeric', stem: { en: 'Hours?' }, points: 1, answer: { value: 48, tolerance: 0 } })
        .expect(201)
    ).body.id;
    assessmentId = (
      await api('post', `/api/v1/courses/${course}/assessments`)
        .send({ kind: 'case_exercise', title: { en: 'Case' }, itemIds: [essayId, numericId], passPercent: 50 })
        .expect(201)
    ).body.id;
    const version = await created.publish();
    cohortId = (
      await api('post', '/api/v1/cohorts', adminToken)
        .send({
          courseVersionId: version,
          name: 'V',
          locale: 'en',
          startsOn: '2026-01-01',
          endsOn: '2030-01-01',
          trainerIds: [trainer.id, decider.id],
        })
        .expect(201)
    ).body.id;
    await api('post', `/api/v1/cohorts/${cohortId}/enrolments`, adminToken)
      .send({ userIds: [learner.id] })
      .expect(201);
    attemptId = (await api('post', `/api/v1/cohorts/${cohortId}/assessments/${assessmentId}/attempts`, learnerToken).expect(201)).body.id;
  });
  afterAll(() => t.close());

  const responseOf = async (itemId: string) =>
    (
      await t.db.query<{ id: string; value: { text?: string; value?: number }; points: string | null }>(
        'SELECT id, value, points FROM responses WHERE attempt_id = $1 AND item_id = $2',
        [attemptId, itemId],
      )
    ).rows[0];

  it('refuses a 900 kB answer and a number that is not one from the test page, as the API does', async () => {
    const visitor = new Visitor(t);
    await visitor.login(learner.email, learner.password);
    const page = await visitor.get(`/attempts/${attemptId}`);
    const csrf = Visitor.csrf(page.text);
    const huge = 'Ж'.repeat(450_000); // 900 kB in UTF-8
    await t
      .http()
      .put(`/api/v1/attempts/${attemptId}/responses/${essayId}`)
      .set(...bearer(learnerToken))
      .send({ text: huge.slice(0, 60_000) })
      .expect(400);
    const tooLong = await visitor.post(`/attempts/${attemptId}/answers`, { _csrf: csrf, [`t:${essayId}`]: huge.slice(0, 60_000) });
    expect(tooLong.status).toBeGreaterThanOrEqual(300);
    expect(((await responseOf(essayId))?.value.text ?? '').length).toBeLessThan(60_000);
    const wrongNumber = await visitor.post(`/attempts/${attemptId}/answers`, { _csrf: csrf, [`n:${numericId}`]: '1e999' });
    expect(wrongNumber.status).toBeGreaterThanOrEqual(300);
    expect(await responseOf(numericId)).toBeUndefined();
    // What is allowed is saved as before.
    const fine = await visitor.post(`/attempts/${attemptId}/answers`, {
      _csrf: csrf,
      [`t:${essayId}`]: 'A fair answer.',
      [`n:${numericId}`]: '48',
    });
    expect(fine.status).toBe(303);
    expect((await responseOf(essayId)).value.text).toBe('A fair answer.');
    await t
      .http()
      .post(`/api/v1/attempts/${attemptId}/submit`)
      .set(...bearer(learnerToken))
      .expect(200);
  });

  it('refuses a grade that is not a number and a second-marking threshold of NaN from the trainer’s pages', async () => {
    const visitor = new Visitor(t);
    await visitor.login(trainer.email, trainer.password);
    const queue = await visitor.get(`/cohorts/${cohortId}/grading`);
    const csrf = Visitor.csrf(queue.text);
    const essay = await responseOf(essayId);
    const bad = await visitor.post(`/cohorts/${cohortId}/grading/${essay.id}`, { _csrf: csrf, points: 'abc' });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/[а-яё]/i);
    expect((await responseOf(essayId)).points).toBeNull();
    const negative = await visitor.post(`/cohorts/${cohortId}/grading/${essay.id}`, { _csrf: csrf, points: '-3' });
    expect(negative.status).toBe(400);
    expect((await responseOf(essayId)).points).toBeNull();

    const settings = await visitor.post(`/cohorts/${cohortId}/assessments/${assessmentId}/settings`, {
      _csrf: csrf,
      secondMarking: 'on',
      markingThreshold: 'abc',
    });
    expect(settings.status).toBeGreaterThanOrEqual(300);
    const { rows } = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM cohort_assessment_settings WHERE cohort_id = $1 AND (marking_threshold = 'NaN' OR second_marking)`,
      [cohortId],
    );
    expect(rows[0].n).toBe(0);

    const ok = await visitor.post(`/cohorts/${cohortId}/grading/${essay.id}`, { _csrf: csrf, points: '2' });
    expect(ok.status).toBe(303);
    expect(Number((await responseOf(essayId)).points)).toBe(2);
  });

  it('refuses an appeal decision of −50 points from the appeals page and a short reason from the learner’s page', async () => {
    await t
      .http()
      .post(`/api/v1/cohorts/${cohortId}/assessments/${assessmentId}/release`)
      .set(...bearer(trainerToken))
      .expect(200);
    const essay = await responseOf(essayId);
    const learnerVisitor = new Visitor(t);
    await learnerVisitor.login(learner.email, learner.password);
    const result = await learnerVisitor.get(`/attempts/${attemptId}`);
    const short = await learnerVisitor.post(`/attempts/${attemptId}/appeal`, {
      _csrf: Visitor.csrf(result.text),
      responseId: essay.id,
      reason: 'short',
    });
    expect(short.status).toBeGreaterThanOrEqual(300);
    expect((await t.db.query('SELECT 1 FROM appeals WHERE response_id = $1', [essay.id])).rowCount).toBe(0);
    await t
      .http()
      .post(`/api/v1/responses/${essay.id}/appeal`)
      .set(...bearer(learnerToken))
      .send({ reason: 'The rubric was applied too strictly to my analysis.' })
      .expect(201);
    const appeal = (await t.db.query<{ id: string }>('SELECT id FROM appeals WHERE response_id = $1', [essay.id])).rows[0];

    const visitor = new Visitor(t);
    await visitor.login(decider.email, decider.password);
    const page = await visitor.get(`/cohorts/${cohortId}/appeals`);
    const negative = await visitor.post(`/appeals/${appeal.id}/decide`, {
      _csrf: Visitor.csrf(page.text),
      cohortId,
      outcome: 'upheld',
      reason: 'Re-marked against the rubric.',
      points: '-50',
    });
    expect(negative.status).toBeGreaterThanOrEqual(300);
    const after = (
      await t.db.query<{ status: string; points: string }>(
        'SELECT a.status, r.points FROM appeals a JOIN responses r ON r.id = a.response_id WHERE a.id = $1',
        [appeal.id],
      )
    ).rows[0];
    expect(after).toEqual({ status: 'open', points: essay.points });
    const { rows: attempt } = await t.db.query<{ percent: string }>('SELECT percent FROM attempts WHERE id = $1', [attemptId]);
    expect(Number(attempt[0].percent)).toBeGreaterThanOrEqual(0);
  });

  it('refuses a lesson duration the API refuses, and keeps the lesson as it was', async () => {
    const visitor = new Visitor(t);
    await visitor.login(trainer.email, trainer.password);
    const page = await visitor.get(`/courses/${courseId}/lessons/${lessonId}?edit=en`);
    expect(page.status).toBe(200);
    for (const durationMinutes of ['abc', '5000', '-1']) {
      const res = await visitor.post(`/courses/${courseId}/lessons/${lessonId}`, {
        _csrf: Visitor.csrf(page.text),
        edit: 'en',
        title: 'Changed',
        body: 'Changed',
        durationMinutes,
      });
      expect(res.status).toBe(400);
    }
    const { rows } = await t.db.query<{ title: { en: string }; duration_minutes: number }>(
      'SELECT title, duration_minutes FROM lessons WHERE id = $1',
      [lessonId],
    );
    expect(rows[0]).toEqual({ title: { en: 'L' }, duration_minutes: 5 });
  });
});
