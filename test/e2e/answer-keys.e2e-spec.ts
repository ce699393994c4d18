import { academyFactory, courseWithLessonFactory, tokenFor, userFactory } from '../factories';
import { type TestApp, createTestApp } from '../support/test-app';
import { Visitor } from '../support/visitor';

const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`];

/**
 * Answer keys never reach a learner: every route and page a learner can open is walked as a learner
 * (of the owning academy and of a partner academy), and what comes back is searched for the parts of
 * an item that give the answer away. The items carry canaries: texts and numbers that appear nowhere
 * but in the answer key.
 */
const CANARIES = ['31337.25', 'ACCEPTCANARY', 'EXPLANATIONCANARY', 'RUBRICCANARY', 'CRITERIONCANARY', 'FEEDBACKCANARY'];
/** Keys of an item's answer key in JSON. */
const KEY_NAMES = /"(fraction|correct|answer|answers|accepted|accept|explanation|rubric|numeric|tolerance|feedback)"\s*:/i;
/** What a page must not carry in its markup (the page is in Russian, so English words come only from markup). */
const PAGE_WORDS = /fraction|correct|accept|explanation|rubric|tolerance/i;

describe('answer keys never reach a learner', () => {
  let t: TestApp;
  let versionId: string, cohortId: string, lessonId: string;
  let assessmentIds: string[];
  let learners: { user: Awaited<ReturnType<typeof userFactory>>; token: string }[];
  let trainerToken: string, partnerAdminToken: string, outsiderTrainerToken: string;

  beforeAll(async () => {
    t = await createTestApp();
    const ge = (await academyFactory(t.app, { code: 'GEK' })).id;
    const ua = (await academyFactory(t.app, { code: 'UAK' })).id;
    const kg = (await academyFactory(t.app, { code: 'KGK' })).id;
    const trainer = await userFactory(t.app, { roles: ['trainer'], academyId: ge });
    const admin = await userFactory(t.app, { roles: ['academy_admin'], academyId: ge });
    const partnerAdmin = await userFactory(t.app, { roles: ['academy_admin'], academyId: ua });
    trainerToken = await tokenFor(t.http, trainer);
    const adminToken = await tokenFor(t.http, admin);
    partnerAdminToken = await tokenFor(t.http, partnerAdmin);
    outsiderTrainerToken = await tokenFor(t.http, await userFactory(t.app, { roles: ['trainer'], academyId: kg }));
    const api = (method: 'post' | 'put' | 'get', path: string, token = trainerToken) =>
      t
        .http()
        [method](path)
        .set(...bearer(token));

    const created = await courseWithLessonFactory(t.http, trainerToken, {
      code: 'KEYS',
      title: { en: 'Interviews', ru: 'Допросы' },
      module: { en: 'M', ru: 'М' },
      lesson: { title: { en: 'L', ru: 'У' }, body: { en: 'Text', ru: 'Текст' }, durationMinutes: 5 },
    });
    const course = created.courseId;
    lessonId = created.lessonId;
    const explanation = { en: 'EXPLANATIONCANARY', ru: 'EXPLANATIONCANARY' };
    const items = [
      {
        type: 'single_choice',
        stem: { en: 'Who authorises a search?', ru: 'Кто санкционирует обыск?' },
        points: 1,
        explanation,
        options: [
          { text: { en: 'A judge', ru: 'Судья' }, correct: true, feedback: { en: 'FEEDBACKCANARY' } },
          { text: { en: 'The suspect', ru: 'Подозреваемый' }, correct: false },
        ],
      },
      {
        type: 'numeric',
        stem: { en: 'How many?', ru: 'Сколько?' },
        points: 1,
        explanation,
        answer: { value: 31337.25, tolerance: 0 },
      },
      { type: 'short_text', stem: { en: 'Name the model.', ru: 'Назовите модель.' }, points: 1, answer: ['ACCEPTCANARY'], explanation },
      {
        type: 'essay',
        stem: { en: 'Assess the arrest.', ru: 'Оцените задержание.' },
        points: 2,
        rubric: [
          {
            criterion: { en: 'CRITERIONCANARY', ru: 'CRITERIONCANARY' },
            levels: [
              { points: 0, descriptor: { en: 'RUBRICCANARY none' } },
              { points: 2, descriptor: { en: 'RUBRICCANARY full' } },
            ],
          },
        ],
      },
    ];
    const itemIds: string[] = [];
    for (const item of items) itemIds.push((await api('post', `/api/v1/courses/${course}/items`).send(item).expect(201)).body.id);
    assessmentIds = [];
    for (const kind of ['pre_test', 'post_test']) {
      assessmentIds.push(
        (
          await api('post', `/api/v1/courses/${course}/assessments`)
            .send({ kind, title: { en: kind, ru: 'Тест' }, itemIds, passPercent: 60 })
            .expect(201)
        ).body.id,
      );
    }
    versionId = await created.publish();
    cohortId = (
      await api('post', '/api/v1/cohorts', adminToken)
        .send({
          courseVersionId: versionId,
          name: 'Keys',
          locale: 'ru',
          startsOn: '2026-01-01',
          endsOn: '2030-01-01',
          trainerIds: [trainer.id],
          partnerAcademyIds: [ua],
        })
        .expect(201)
    ).body.id;
    // The partner academy accepts the invitation (a no-op where partnerships need no consent).
    await api('post', `/api/v1/cohorts/${cohortId}/partners/${ua}/accept`, partnerAdminToken);
    const own = await userFactory(t.app, { roles: ['learner'], academyId: ge, locale: 'ru' });
    const partner = await userFactory(t.app, { roles: ['learner'], academyId: ua, locale: 'ru' });
    await api('post', `/api/v1/cohorts/${cohortId}/enrolments`, adminToken)
      .send({ userIds: [own.id] })
      .expect(201);
    await api('post', `/api/v1/cohorts/${cohortId}/enrolments`, partnerAdminToken)
      .send({ userIds: [partner.id] })
      .expect(201);
    learners = [
      { user: own, token: await tokenFor(t.http, own) },
      { user: partner, token: await tokenFor(t.http, partner) },
    ];
  });
  afterAll(() => t.close());

  function assertClean(where: string, text: string, words: RegExp): void {
    for (const canary of CANARIES) if (text.includes(canary)) throw new Error(`${where} shows ${canary}`);
    const hit = words.exec(text);
    if (hit) throw new Error(`${where} carries "${hit[0]}" near: ${text.slice(Math.max(0, hit.index - 80), hit.index + 80)}`);
  }

  it('a learner gets the learner view of the course version: modules, lessons, assessments and their rules, no item content', async () => {
    for (const { token } of learners) {
      const res = await t
        .http()
        .get(`/api/v1/course-versions/${versionId}`)
        .set(...bearer(token))
        .expect(200);
      assertClean('GET /course-versions/:id', JSON.stringify(res.body), KEY_NAMES);
      expect(res.body.modules[0].lessons[0].id).toBe(lessonId);
      const assessments = res.body.contributions.assessments as Record<string, unknown>[];
      expect(assessments.map((a) => a.id)).toEqual(assessmentIds);
      expect(assessments[0]).toMatchObject({ kind: 'pre_test', passPercent: 60, itemCount: 4, maxPoints: 5 });
      expect(assessments[0]).not.toHaveProperty('items');
    }
  });

  it('staff of the owning academy and of an accepted partner academy get the whole frozen tree; other academies’ staff nothing', async () => {
    for (const token of [trainerToken, partnerAdminToken]) {
      const res = await t
        .http()
        .get(`/api/v1/course-versions/${versionId}`)
        .set(...bearer(token))
        .expect(200);
      expect(JSON.stringify(res.body)).toContain('ACCEPTCANARY');
    }
    // Another academy's trainer does not run this course: it is not even visible to them.
    await t
      .http()
      .get(`/api/v1/course-versions/${versionId}`)
      .set(...bearer(outsiderTrainerToken))
      .expect(404);
  });

  it('no learner route or page shows an answer key, before or after the results are released', async () => {
    let checked = 0;
    const afterwards: { visitor: Visitor; token: string; attemptId: string }[] = [];
    for (const { user, token } of learners) {
      const get = async (path: string): Promise<string> => {
        const res = await t
          .http()
          .get(path)
          .set(...bearer(token));
        expect([200, 404]).toContain(res.status);
        checked++;
        return JSON.stringify(res.body);
      };
      // Start both assessments: one stays in progress, the other is answered, submitted and released.
      const started = await t
        .http()
        .post(`/api/v1/cohorts/${cohortId}/assessments/${assessmentIds[0]}/attempts`)
        .set(...bearer(token))
        .expect(201);
      assertClean('POST …/attempts', JSON.stringify(started.body), KEY_NAMES);
      const open = await t
        .http()
        .post(`/api/v1/cohorts/${cohortId}/assessments/${assessmentIds[1]}/attempts`)
        .set(...bearer(token))
        .expect(201);
      const items = started.body.items as { id: string; type: string; options?: { id: string }[] }[];
      for (const item of items) {
        const body =
          item.type === 'single_choice' ? { optionIds: [item.options![1].id] } : item.type === 'numeric' ? { value: 7 } : { text: 'x' };
        const saved = await t
          .http()
          .put(`/api/v1/attempts/${started.body.id}/responses/${item.id}`)
          .set(...bearer(token))
          .send(body)
          .expect(200);
        assertClean('PUT …/responses', JSON.stringify(saved.body), KEY_NAMES);
      }
      const submitted = await t
        .http()
        .post(`/api/v1/attempts/${started.body.id}/submit`)
        .set(...bearer(token))
        .expect(200);
      assertClean('POST …/submit', JSON.stringify(submitted.body), KEY_NAMES);

      const routes = [
        '/api/v1/me',
        '/api/v1/me/cohorts',
        '/api/v1/catalog',
        `/api/v1/course-versions/${versionId}`,
        `/api/v1/attempts/${started.body.id}`,
        `/api/v1/attempts/${open.body.id}`,
        '/api/v1/certificates',
      ];
      for (const path of routes) assertClean(`GET ${path}`, await get(path), KEY_NAMES);

      const visitor = new Visitor(t);
      await visitor.login(user.email, user.password);
      const pages = [
        '/dashboard',
        '/catalog',
        '/inbox',
        `/learn/${versionId}`,
        `/learn/${versionId}/lessons/${lessonId}?cohort=${cohortId}`,
        `/my/cohorts/${cohortId}`,
        `/my/cohorts/${cohortId}/assessments`,
        `/attempts/${started.body.id}`,
        `/attempts/${open.body.id}`,
      ];
      const walk = async (): Promise<void> => {
        for (const path of pages) {
          const page = await visitor.get(path);
          expect([200, 303]).toContain(page.status);
          assertClean(`page ${path}`, page.text, PAGE_WORDS);
          checked++;
        }
      };
      await walk();

      afterwards.push({ visitor, token, attemptId: started.body.id as string });
    }

    // Released results show the learner's points and the explanation the trainer wrote for after the
    // test, never what was accepted (fractions, accepted answers, numbers, the rubric's descriptors).
    await t
      .http()
      .post(`/api/v1/cohorts/${cohortId}/assessments/${assessmentIds[0]}/release`)
      .set(...bearer(trainerToken))
      .expect(200);
    for (const { visitor, token, attemptId } of afterwards) {
      const released = await t
        .http()
        .get(`/api/v1/attempts/${attemptId}`)
        .set(...bearer(token))
        .expect(200);
      expect(released.body.released).toBe(true);
      expect(JSON.stringify(released.body)).toContain('EXPLANATIONCANARY');
      const afterRelease = JSON.stringify(released.body).replaceAll('EXPLANATIONCANARY', '').replaceAll('"explanation":', '');
      assertClean('GET /attempts/:id after release', afterRelease, /"(fraction|correct|accepted|accept|rubric|numeric|tolerance)"\s*:/i);
      const resultPage = await visitor.get(`/attempts/${attemptId}`);
      assertClean('result page after release', resultPage.text.replaceAll('EXPLANATIONCANARY', ''), /fraction|accept|rubric|tolerance/i);
      checked += 2;
    }
    expect(checked).toBeGreaterThanOrEqual(30);
  });
});
