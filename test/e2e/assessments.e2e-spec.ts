import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AttemptsService, ItemsService } from '@probity/assessments';
import { academyFactory, courseWithLessonFactory, tokenFor, userFactory } from '../factories';
import { TEST_SECRET, type TestApp, createTestApp } from '../support/test-app';

const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`];

describe('assessments: items, review, freezing, attempts and auto-grading', () => {
  let t: TestApp;
  let academy: string, reviewed: string;
  let trainer: string, trainer2: string, admin: string, rTrainer: string, rTrainer2: string;
  let trainerUser: Awaited<ReturnType<typeof userFactory>>;

  beforeAll(async () => {
    t = await createTestApp();
    academy = (await academyFactory(t.app, { code: 'GEA' })).id;
    reviewed = (await academyFactory(t.app, { code: 'UAA' })).id;
    await t.db.query('UPDATE academies SET item_review = true WHERE id = $1', [reviewed]);
    trainerUser = await userFactory(t.app, { roles: ['trainer'], academyId: academy });
    trainer = await tokenFor(t.http, trainerUser);
    trainer2 = await tokenFor(t.http, await userFactory(t.app, { roles: ['trainer'], academyId: academy }));
    admin = await tokenFor(t.http, await userFactory(t.app, { roles: ['academy_admin'], academyId: academy }));
    rTrainer = await tokenFor(t.http, await userFactory(t.app, { roles: ['trainer'], academyId: reviewed }));
    rTrainer2 = await tokenFor(t.http, await userFactory(t.app, { roles: ['trainer'], academyId: reviewed }));
  });
  afterAll(() => t.close());

  const courseWithLesson = async (token: string): Promise<string> =>
    (await courseWithLessonFactory(t.http, token, { title: { en: 'Detention' } })).courseId;
  const item = (courseId: string, body: object, token = trainer) =>
    t
      .http()
      .post(`/api/v1/courses/${courseId}/items`)
      .set(...bearer(token))
      .send(body);

  const bank = [
    {
      type: 'single_choice',
      stem: { en: 'Who authorises a search?' },
      points: 1,
      options: [{ text: { en: 'A judge' }, correct: true }, { text: { en: 'The suspect' }, correct: false }, { text: { en: 'Nobody' } }],
    },
    {
      type: 'multiple_choice',
      stem: { en: 'Which belong on a seizure record?' },
      points: 2,
      options: [
        { text: { en: 'Seal number' }, correct: true },
        { text: { en: 'Time' }, correct: true },
        { text: { en: 'Rumours' }, correct: false },
      ],
    },
    { type: 'true_false', stem: { en: 'A coerced confession is reliable.' }, points: 1, answer: false },
    { type: 'numeric', stem: { en: 'Hours before a judge (common outer limit)?' }, points: 1, answer: { value: 48, tolerance: 0 } },
    { type: 'short_text', stem: { en: 'Name the interviewing model.' }, points: 1, answer: ['PEACE'] },
  ];

  it('validates items by type, field by field, in the caller’s language', async () => {
    const course = await courseWithLesson(trainer);
    const bad = await item(course, {
      type: 'single_choice',
      stem: { en: 'x' },
      points: 1,
      options: [
        { text: { en: 'a' }, correct: true },
        { text: { en: 'b' }, correct: true },
      ],
    }).expect(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'options', constraint: 'oneCorrect' })]);
    await item(course, { type: 'numeric', stem: { en: 'x' }, points: 1, answer: 'forty' }).expect(400);
    await item(course, { type: 'short_text', stem: { en: 'x' }, points: 1 }).expect(400);
    const rubric = [
      {
        criterion: { en: 'Legal basis' },
        levels: [
          { points: 0, descriptor: { en: 'none' } },
          { points: 4, descriptor: { en: 'full' } },
        ],
      },
    ];
    const wrongTotal = await item(course, { type: 'essay', stem: { en: 'Assess' }, points: 5, rubric }).expect(400);
    expect(wrongTotal.body.details[0]).toMatchObject({ field: 'points', constraint: 'rubricTotal' });
    await item(course, { type: 'essay', stem: { en: 'Assess' }, points: 4, rubric }).expect(201);
    const ru = await t
      .http()
      .post(`/api/v1/courses/${course}/items?lang=ru`)
      .set(...bearer(trainer))
      .send({ type: 'multiple_choice', stem: { en: 'x' }, points: 1, options: [] })
      .expect(400);
    expect(ru.body.message).toMatch(/[а-яё]/i);
  });

  it('requires a second person’s approval where the academy asks for review; publication waits for it', async () => {
    const course = await courseWithLesson(rTrainer);
    const created = (await item(course, bank[0], rTrainer).expect(201)).body;
    expect(created.status).toBe('draft');
    await t
      .http()
      .post(`/api/v1/courses/${course}/assessments`)
      .set(...bearer(rTrainer))
      .send({ kind: 'quiz', title: { en: 'Q' }, itemIds: [created.id], passPercent: 50 })
      .expect(201);
    const refused = await t
      .http()
      .post(`/api/v1/courses/${course}/versions`)
      .set(...bearer(rTrainer))
      .expect(422);
    expect(refused.body.code).toBe('items_not_approved');
    await t
      .http()
      .post(`/api/v1/items/${created.id}/approve`)
      .set(...bearer(rTrainer))
      .expect(403);
    const approved = await t
      .http()
      .post(`/api/v1/items/${created.id}/approve`)
      .set(...bearer(rTrainer2))
      .expect(200);
    expect(approved.body.status).toBe('approved');
    await t
      .http()
      .post(`/api/v1/items/${created.id}/approve`)
      .set(...bearer(rTrainer2))
      .expect(200);
    await t
      .http()
      .post(`/api/v1/courses/${course}/versions`)
      .set(...bearer(rTrainer))
      .expect(201);
    // Another academy cannot see or approve it.
    await t
      .http()
      .post(`/api/v1/items/${created.id}/approve`)
      .set(...bearer(trainer2))
      .expect(404);
  });

  it('imports Moodle XML and GIFT, reporting bad items and refusing broken XML; exports Moodle XML that imports back the same', async () => {
    const course = await courseWithLesson(trainer);
    const fixture = readFileSync(join(__dirname, '..', 'fixtures', 'moodle-xml', 'nested_categories_with_questions.xml'), 'utf8');
    const moodle = await t
      .http()
      .post(`/api/v1/courses/${course}/items/import`)
      .set(...bearer(trainer))
      .send({ format: 'moodle-xml', content: fixture })
      .expect(201);
    expect(moodle.body).toEqual({ imported: 5, errors: [] });
    const types = (
      await t
        .http()
        .get(`/api/v1/courses/${course}/items`)
        .set(...bearer(trainer))
        .expect(200)
    ).body.items.map((i: { content: { type: string } }) => i.content.type);
    expect(types.sort()).toEqual(['essay', 'true_false', 'true_false', 'true_false', 'true_false']);
    const broken = await t
      .http()
      .post(`/api/v1/courses/${course}/items/import?lang=ka`)
      .set(...bearer(trainer))
      .send({ format: 'moodle-xml', content: '<quiz><question type="truefalse">' })
      .expect(400);
    expect(broken.body.code).toBe('broken_xml');
    expect(broken.body.message).toMatch(/\p{Script=Georgian}/u);
    const gift = [
      '::Custody::A custody record is opened on arrival. {T}',
      '',
      '::Bad::Which? {=A =B ~C ~',
      '',
      '::Limit::How many hours? {#48}',
    ].join('\n');
    const giftResult = (
      await t
        .http()
        .post(`/api/v1/courses/${course}/items/import`)
        .set(...bearer(trainer))
        .send({ format: 'gift', content: gift })
        .expect(201)
    ).body;
    expect(giftResult.imported).toBe(2);
    expect(giftResult.errors).toHaveLength(1);
    expect(giftResult.errors[0].item).toMatch(/Bad|Which/);
    const exported = await t
      .http()
      .get(`/api/v1/courses/${course}/items/export`)
      .set(...bearer(trainer))
      .expect(200);
    expect(exported.headers['content-type']).toContain('application/xml');
    const other = await courseWithLesson(trainer);
    const again = await t
      .http()
      .post(`/api/v1/courses/${other}/items/import`)
      .set(...bearer(trainer))
      .send({ format: 'moodle-xml', content: exported.text })
      .expect(201);
    expect(again.body).toEqual({ imported: 7, errors: [] });
    const first = (
      await t
        .http()
        .get(`/api/v1/courses/${course}/items`)
        .set(...bearer(trainer))
    ).body.items.map((i: { content: unknown }) => i.content);
    const second = (
      await t
        .http()
        .get(`/api/v1/courses/${other}/items`)
        .set(...bearer(trainer))
    ).body.items.map((i: { content: unknown }) => i.content);
    expect(second).toEqual(first);
    await t
      .http()
      .post(`/api/v1/courses/${course}/items/import`)
      .set(...bearer(rTrainer))
      .send({ format: 'gift', content: gift })
      .expect(404);
  });

  it('translates the bank side by side: changed items get a new revision with the new locale', async () => {
    const course = await courseWithLesson(trainer);
    const created = (await item(course, bank[0]).expect(201)).body;
    const items = t.app.get(ItemsService);
    const actor = { ...trainerUser, locale: 'en' as const };
    const fields = await items.translatable(actor, course);
    expect(fields.map((f) => f.key)).toEqual([
      `item:${created.id}:stem`,
      `item:${created.id}:option:a`,
      `item:${created.id}:option:b`,
      `item:${created.id}:option:c`,
    ]);
    const changed = await items.saveTranslations(actor, course, 'ka', [
      { key: `item:${created.id}:stem`, text: 'ვინ იძლევა ჩხრეკის ნებართვას?' },
      { key: `item:${created.id}:option:a`, text: 'მოსამართლე' },
    ]);
    expect(changed).toBe(1);
    const [listed] = (await items.list(actor, course)).items;
    expect(listed).toMatchObject({ revision: 2, status: 'approved' });
    expect(listed.content.stem).toEqual({ en: 'Who authorises a search?', ka: 'ვინ იძლევა ჩხრეკის ნებართვას?' });
    expect(listed.content.options?.[0].text).toEqual({ en: 'A judge', ka: 'მოსამართლე' });
    expect(
      await items.saveTranslations(actor, course, 'ka', [{ key: `item:${created.id}:stem`, text: 'ვინ იძლევა ჩხრეკის ნებართვას?' }]),
    ).toBe(0);
  });

  describe('an attempt', () => {
    let course: string, cohort: string, assessment: string, learner: Awaited<ReturnType<typeof userFactory>>, token: string;
    let items: string[];

    beforeAll(async () => {
      course = await courseWithLesson(trainer);
      items = [];
      for (const body of bank) items.push((await item(course, body).expect(201)).body.id);
      assessment = (
        await t
          .http()
          .post(`/api/v1/courses/${course}/assessments`)
          .set(...bearer(trainer))
          .send({ kind: 'post_test', title: { en: 'Post-test' }, itemIds: items, passPercent: 60, maxAttempts: 2, shuffle: true })
          .expect(201)
      ).body.id;
      const version = (
        await t
          .http()
          .post(`/api/v1/courses/${course}/versions`)
          .set(...bearer(trainer))
          .expect(201)
      ).body;
      // Revising an item after publication leaves the frozen revision in the version.
      await t
        .http()
        .put(`/api/v1/items/${items[0]}`)
        .set(...bearer(trainer))
        .send({ ...bank[0], stem: { en: 'CHANGED' } })
        .expect(200);
      cohort = (
        await t
          .http()
          .post('/api/v1/cohorts')
          .set(...bearer(admin))
          .send({
            courseVersionId: version.id,
            name: 'C',
            locale: 'en',
            startsOn: '2027-01-01',
            endsOn: '2027-02-01',
            trainerIds: [trainerUser.id],
            completion: { minAttendancePercent: 0, requireAllLessons: false },
          })
          .expect(201)
      ).body.id;
      learner = await userFactory(t.app, { roles: ['learner'], academyId: academy });
      token = await tokenFor(t.http, learner);
      await t
        .http()
        .post(`/api/v1/cohorts/${cohort}/enrolments`)
        .set(...bearer(admin))
        .send({ userIds: [learner.id] })
        .expect(201);
    });

    const start = () =>
      t
        .http()
        .post(`/api/v1/cohorts/${cohort}/assessments/${assessment}/attempts`)
        .set(...bearer(token));
    const save = (attempt: string, itemId: string, body: object) =>
      t
        .http()
        .put(`/api/v1/attempts/${attempt}/responses/${itemId}`)
        .set(...bearer(token))
        .send(body);

    it('shows the frozen items in the cohort’s locale and never the answers; resuming gives the same order', async () => {
      const first = (await start().expect(201)).body;
      expect(first.items).toHaveLength(5);
      expect(first.items.map((i: { stem: string }) => i.stem)).not.toContain('CHANGED');
      const text = JSON.stringify(first);
      for (const leak of ['fraction', 'correct', 'accepted', 'PEACE', '"48"', 'tolerance', 'feedback', 'explanation', 'revision'])
        expect(text).not.toContain(leak);
      const again = (await start().expect(201)).body;
      expect(again.id).toBe(first.id);
      expect(again.items).toEqual(first.items);
    });

    it('autosaves (last write wins), grades on submit once, and a retry or concurrent double submit returns the same result', async () => {
      const attempt = (await start().expect(201)).body;
      const byStem = (s: string) => attempt.items.find((i: { stem: string }) => i.stem.startsWith(s));
      const sc = byStem('Who authorises');
      await save(attempt.id, sc.id, { optionIds: [sc.options.find((o: { text: string }) => o.text === 'Nobody').id] }).expect(200);
      await save(attempt.id, sc.id, { optionIds: [sc.options.find((o: { text: string }) => o.text === 'A judge').id] }).expect(200);
      const mc = byStem('Which belong');
      await save(attempt.id, mc.id, {
        optionIds: mc.options.filter((o: { text: string }) => o.text !== 'Rumours').map((o: { id: string }) => o.id),
      }).expect(200);
      const tf = byStem('A coerced');
      await save(attempt.id, tf.id, { optionIds: [tf.options.find((o: { text: string }) => o.text === 'False').id] }).expect(200);
      await save(attempt.id, byStem('Hours').id, { value: 72 }).expect(200);
      await save(attempt.id, byStem('Name the').id, { text: ' peace ' }).expect(200);
      await save(attempt.id, '00000000-0000-4000-8000-000000000000', { text: 'x' }).expect(404);
      const results = await Promise.all(
        [1, 2, 3].map(() =>
          t
            .http()
            .post(`/api/v1/attempts/${attempt.id}/submit`)
            .set(...bearer(token)),
        ),
      );
      expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
      for (const r of results) expect(r.body).toEqual({ status: 'graded', score: 5, maxScore: 6, percent: 83.33, passed: true });
      await save(attempt.id, byStem('Hours').id, { value: 48 }).expect(409);
      const audit = await t.db.query(`SELECT count(*)::int AS n FROM audit_entries WHERE action = 'attempt.submitted' AND entity_id = $1`, [
        attempt.id,
      ]);
      expect(audit.rows[0].n).toBe(1);
      // The pass reached cohorts in the same transaction: the enrolment is completed.
      const rows = (
        await t
          .http()
          .get(`/api/v1/cohorts/${cohort}/enrolments`)
          .set(...bearer(trainer))
          .expect(200)
      ).body.items;
      expect(rows[0]).toMatchObject({ status: 'completed', progress: { assessmentsPassed: 1, assessmentsRequired: 1 } });
    });

    it('autosave checks the token and, in the same statement, that the learner is still active; its errors speak the learner’s language', async () => {
      const other = await userFactory(t.app, { roles: ['learner'], academyId: academy, locale: 'ru' });
      const otherToken = await tokenFor(t.http, other);
      await t
        .http()
        .post(`/api/v1/cohorts/${cohort}/enrolments`)
        .set(...bearer(admin))
        .send({ userIds: [other.id] })
        .expect(201);
      const attempt = (
        await t
          .http()
          .post(`/api/v1/cohorts/${cohort}/assessments/${assessment}/attempts`)
          .set(...bearer(otherToken))
          .expect(201)
      ).body;
      const put = (itemId: string, body: object, as = otherToken) =>
        t
          .http()
          .put(`/api/v1/attempts/${attempt.id}/responses/${itemId}`)
          .set(...bearer(as))
          .send(body);
      const item = attempt.items[0].id;
      const bad = (await put(item, { optionIds: 'one', extra: 1 }).expect(400)).body;
      expect(bad.message).toMatch(/[а-яё]/i);
      expect((await put('00000000-0000-4000-8000-000000000000', { text: 'x' }).expect(404)).body.message).toMatch(/[а-яё]/i);
      // Someone else's attempt is not found for this learner, and nothing is written into it.
      await put(item, { text: 'not mine' }, token).expect(404);
      await put(item, { text: 'kept' }).expect(200);
      await t.db.query(`UPDATE users SET active = false WHERE id = $1`, [other.id]);
      await put(item, { text: 'after deactivation' }).expect(401);
      await t.db.query(`UPDATE users SET active = true WHERE id = $1`, [other.id]);
      const saved = await t.db.query(`SELECT value->>'text' AS text FROM responses WHERE attempt_id = $1 AND item_id = $2`, [
        attempt.id,
        item,
      ]);
      expect(saved.rows).toEqual([{ text: 'kept' }]);
    });

    it('enforces the maximum number of attempts and the deadline; the sweep submits expired attempts with what was saved', async () => {
      const second = (await start().expect(201)).body;
      await t.db.query(`UPDATE attempts SET deadline = now() - interval '1 minute' WHERE id = $1`, [second.id]);
      await save(second.id, second.items[0].id, { text: 'late' }).expect(409);
      expect(await t.app.get(AttemptsService).submitExpired()).toBeGreaterThanOrEqual(1);
      const got = (
        await t
          .http()
          .get(`/api/v1/attempts/${second.id}`)
          .set(...bearer(token))
          .expect(200)
      ).body;
      expect(got.result.status).toBe('graded');
      const third = await start().expect(409);
      expect(third.body.code).toBe('no_attempts_left');
    });

    it('keeps attempts to their learner and the cohort’s staff', async () => {
      const [{ id }] = (await t.db.query('SELECT id FROM attempts WHERE user_id = $1 LIMIT 1', [learner.id])).rows;
      const other = await tokenFor(t.http, await userFactory(t.app, { roles: ['learner'], academyId: academy }));
      await t
        .http()
        .get(`/api/v1/attempts/${id}`)
        .set(...bearer(other))
        .expect(404);
      await t
        .http()
        .post(`/api/v1/attempts/${id}/submit`)
        .set(...bearer(other))
        .expect(404);
      await t
        .http()
        .get(`/api/v1/attempts/${id}`)
        .set(...bearer(trainer))
        .expect(200);
      await t
        .http()
        .post(`/api/v1/cohorts/${cohort}/assessments/${assessment}/attempts`)
        .set(...bearer(other))
        .expect(404);
    });
    it('lets the cohort’s staff choose the assessments to pass; learners who then meet every rule complete', async () => {
      const [{ course_version_id: versionId }] = (
        await t.db.query<{ course_version_id: string }>(`SELECT course_version_id FROM cohorts WHERE id = $1`, [cohort])
      ).rows;
      const trainerId = (await t.db.query<{ id: string }>(`SELECT user_id AS id FROM cohort_trainers WHERE cohort_id = $1`, [cohort]))
        .rows[0].id;
      const other = (
        await t
          .http()
          .post('/api/v1/cohorts')
          .set(...bearer(admin))
          .send({
            courseVersionId: versionId,
            name: 'Rules',
            locale: 'en',
            startsOn: '2027-01-01',
            endsOn: '2027-02-01',
            trainerIds: [trainerId],
            completion: { minAttendancePercent: 0, requireAllLessons: false },
          })
          .expect(201)
      ).body.id;
      const person = await userFactory(t.app, { roles: ['learner'], academyId: academy });
      await t
        .http()
        .post(`/api/v1/cohorts/${other}/enrolments`)
        .set(...bearer(admin))
        .send({ userIds: [person.id] })
        .expect(201);
      const rules = (body: object, as = admin) =>
        t
          .http()
          .put(`/api/v1/cohorts/${other}/completion/assessments`)
          .set(...bearer(as))
          .send(body);
      const bad = (await rules({ requiredAssessmentIds: ['00000000-0000-4000-8000-000000000000'] }).expect(400)).body;
      expect(bad.details[0]).toMatchObject({ field: 'requiredAssessmentIds' });
      await rules({ requiredAssessmentIds: [] }, await tokenFor(t.http, person)).expect(403);
      const status = async () =>
        (
          await t
            .http()
            .get(`/api/v1/cohorts/${other}/enrolments`)
            .set(...bearer(admin))
            .expect(200)
        ).body.items[0].status;
      expect(await status()).toBe('in_progress');
      expect((await rules({ requiredAssessmentIds: [] }).expect(200)).body).toEqual({ required: [], completed: 1 });
      expect(await status()).toBe('completed');
      expect((await rules({ requiredAssessmentIds: null }).expect(200)).body).toEqual({ required: [assessment], completed: 0 });
      expect(await status()).toBe('completed');
      const audit = await t.db.query(
        `SELECT count(*)::int AS n FROM audit_entries WHERE action = 'cohort.rules_changed' AND entity_id = $1`,
        [other],
      );
      expect(audit.rows[0].n).toBe(2);
    });
  });

  describe('grading, release, gradebook and analysis', () => {
    let course: string, cohort: string, pre: string, post: string, essayId: string;
    const learners: { user: Awaited<ReturnType<typeof userFactory>>; token: string }[] = [];
    const rubric = [
      {
        criterion: { en: 'Legal basis' },
        levels: [
          { points: 0, descriptor: { en: 'None' } },
          { points: 2, descriptor: { en: 'Partial' } },
          { points: 4, descriptor: { en: 'Full' } },
        ],
      },
      {
        criterion: { en: 'Rights of the suspect' },
        levels: [
          { points: 0, descriptor: { en: 'None' } },
          { points: 2, descriptor: { en: 'All' } },
        ],
      },
    ];

    beforeAll(async () => {
      course = await courseWithLesson(trainer);
      const tf = (await item(course, bank[2]).expect(201)).body.id;
      const sc = (await item(course, bank[0]).expect(201)).body.id;
      essayId = (
        await item(course, {
          type: 'essay',
          stem: { en: 'Assess the border questioning of Kurmanov.' },
          points: 6,
          rubric,
          explanation: { en: 'No lawyer, no interpreter.' },
        }).expect(201)
      ).body.id;
      pre = (
        await t
          .http()
          .post(`/api/v1/courses/${course}/assessments`)
          .set(...bearer(trainer))
          .send({ kind: 'pre_test', title: { en: 'Pre' }, itemIds: [tf, sc], passPercent: 0 })
          .expect(201)
      ).body.id;
      post = (
        await t
          .http()
          .post(`/api/v1/courses/${course}/assessments`)
          .set(...bearer(trainer))
          .send({ kind: 'post_test', title: { en: 'Case' }, itemIds: [tf, sc, essayId], passPercent: 60, blindGrading: true })
          .expect(201)
      ).body.id;
      const version = (
        await t
          .http()
          .post(`/api/v1/courses/${course}/versions`)
          .set(...bearer(trainer))
          .expect(201)
      ).body;
      cohort = (
        await t
          .http()
          .post('/api/v1/cohorts')
          .set(...bearer(admin))
          .send({
            courseVersionId: version.id,
            name: 'G',
            locale: 'en',
            startsOn: '2027-01-01',
            endsOn: '2027-02-01',
            trainerIds: [trainerUser.id],
            completion: { minAttendancePercent: 0, requireAllLessons: false },
          })
          .expect(201)
      ).body.id;
      for (let i = 0; i < 3; i++) {
        const user = await userFactory(t.app, { roles: ['learner'], academyId: academy, fullName: `Officer ${i}` });
        learners.push({ user, token: await tokenFor(t.http, user) });
      }
      await t
        .http()
        .post(`/api/v1/cohorts/${cohort}/enrolments`)
        .set(...bearer(admin))
        .send({ userIds: learners.map((l) => l.user.id) })
        .expect(201);
    });

    async function sit(
      token: string,
      assessmentId: string,
      right: boolean,
      essay?: string,
    ): Promise<{ id: string; result: { status: string } }> {
      const attempt = (
        await t
          .http()
          .post(`/api/v1/cohorts/${cohort}/assessments/${assessmentId}/attempts`)
          .set(...bearer(token))
          .expect(201)
      ).body;
      for (const i of attempt.items) {
        if (i.type === 'essay')
          await t
            .http()
            .put(`/api/v1/attempts/${attempt.id}/responses/${i.id}`)
            .set(...bearer(token))
            .send({ text: essay ?? '' })
            .expect(200);
        else {
          const want = i.type === 'true_false' ? (right ? 'False' : 'True') : right ? 'A judge' : 'Nobody';
          const option = i.options.find((o: { text: string }) => o.text === want);
          await t
            .http()
            .put(`/api/v1/attempts/${attempt.id}/responses/${i.id}`)
            .set(...bearer(token))
            .send({ optionIds: [option.id] })
            .expect(200);
        }
      }
      const result = (
        await t
          .http()
          .post(`/api/v1/attempts/${attempt.id}/submit`)
          .set(...bearer(token))
          .expect(200)
      ).body;
      return { id: attempt.id, result };
    }

    it('queues essays blind (no identity in any field), grades with the rubric, and a pass completes the enrolment', async () => {
      await sit(learners[0].token, pre, false);
      await sit(learners[1].token, pre, true);
      await sit(learners[2].token, pre, false);
      const a0 = await sit(learners[0].token, post, true, 'Ирина: the questioning breached arts. 5 and 6.');
      await sit(learners[1].token, post, true, 'Weak answer');
      await sit(learners[2].token, post, false, 'No answer really');
      expect(a0.result).toEqual({ status: 'awaiting_grading', maxScore: 8 });
      const queue = (
        await t
          .http()
          .get(`/api/v1/cohorts/${cohort}/grading-queue`)
          .set(...bearer(trainer))
          .expect(200)
      ).body.items;
      expect(queue).toHaveLength(3);
      const text = JSON.stringify(queue);
      for (const l of learners) {
        expect(text).not.toContain(l.user.id);
        expect(text).not.toContain(l.user.email);
        expect(text).not.toContain(l.user.fullName);
      }
      expect(queue.every((q: { learner?: unknown; candidate: string }) => q.learner === undefined && /^\d+$/.test(q.candidate))).toBe(true);
      // "Candidate N" follows a keyed HMAC (from PROBITY_SECRET) of cohort, assessment and learner: graders, who
      // know all three ids, cannot rebuild the order (an unkeyed hash of the ids let them).
      const key = createHmac('sha256', TEST_SECRET).update('probity/blind-grading/v1').digest();
      const expected = learners
        .map((l) => ({ id: l.user.id, tag: createHmac('sha256', key).update(`${cohort}:${post}:${l.user.id}`).digest('hex') }))
        .sort((a, b) => (a.tag < b.tag ? -1 : 1))
        .map((l) => l.id);
      const { rows: owners } = await t.db.query<{ id: string; user_id: string }>(
        'SELECT r.id, a.user_id FROM responses r JOIN attempts a ON a.id = r.attempt_id WHERE r.id = ANY($1)',
        [queue.map((q: { responseId: string }) => q.responseId)],
      );
      const numbered = queue.map((q: { responseId: string; candidate: string }) => [
        owners.find((o) => o.id === q.responseId)!.user_id,
        Number(q.candidate),
      ]);
      expect(numbered.sort((a: [string, number], b: [string, number]) => a[1] - b[1]).map((n: [string, number]) => n[0])).toEqual(expected);
      expect(queue[0].rubric).toHaveLength(2);
      // Learners and other academies cannot see the queue.
      await t
        .http()
        .get(`/api/v1/cohorts/${cohort}/grading-queue`)
        .set(...bearer(learners[0].token))
        .expect(403);
      await t
        .http()
        .get(`/api/v1/cohorts/${cohort}/grading-queue`)
        .set(...bearer(rTrainer))
        .expect(404);
      const mine = queue.find((q: { answer: string }) => q.answer.startsWith('Ирина'));
      await t
        .http()
        .put(`/api/v1/responses/${mine.responseId}/grade`)
        .set(...bearer(trainer))
        .send({ rubricLevels: [5, 0] })
        .expect(400);
      await t
        .http()
        .put(`/api/v1/responses/${mine.responseId}/grade`)
        .set(...bearer(trainer))
        .send({ points: 7 })
        .expect(400);
      const graded = (
        await t
          .http()
          .put(`/api/v1/responses/${mine.responseId}/grade`)
          .set(...bearer(trainer))
          .send({ rubricLevels: [2, 1], comment: 'Well argued.' })
          .expect(200)
      ).body;
      expect(graded).toEqual({ points: 6, stage: 'final', attempt: { status: 'graded', percent: 100, passed: true } });
      const roster = (
        await t
          .http()
          .get(`/api/v1/cohorts/${cohort}/enrolments`)
          .set(...bearer(trainer))
          .expect(200)
      ).body.items;
      expect(roster.find((r: { userId: string }) => r.userId === learners[0].user.id).status).toBe('completed');
      for (const q of queue.filter((x: { responseId: string }) => x.responseId !== mine.responseId)) {
        await t
          .http()
          .put(`/api/v1/responses/${q.responseId}/grade`)
          .set(...bearer(trainer))
          .send({ rubricLevels: [1, 0] })
          .expect(200);
      }
    });

    it('shows learners points, feedback and explanations only after release', async () => {
      const [{ id }] = (await t.db.query(`SELECT id FROM attempts WHERE user_id = $1 AND assessment_id = $2`, [learners[0].user.id, post]))
        .rows;
      const before = (
        await t
          .http()
          .get(`/api/v1/attempts/${id}`)
          .set(...bearer(learners[0].token))
          .expect(200)
      ).body;
      expect(before.released).toBe(false);
      expect(before.feedback).toBeUndefined();
      await t
        .http()
        .post(`/api/v1/cohorts/${cohort}/assessments/${post}/release`)
        .set(...bearer(learners[0].token))
        .expect(403);
      await t
        .http()
        .post(`/api/v1/cohorts/${cohort}/assessments/${post}/release`)
        .set(...bearer(trainer))
        .expect(200);
      const after = (
        await t
          .http()
          .get(`/api/v1/attempts/${id}`)
          .set(...bearer(learners[0].token))
          .expect(200)
      ).body;
      expect(after.released).toBe(true);
      const essay = after.feedback.find((f: { itemId: string }) => f.itemId === essayId);
      expect(essay).toMatchObject({ points: 6, maxPoints: 6, explanation: 'No lawyer, no interpreter.', comment: 'Well argued.' });
    });

    it('builds the gradebook with knowledge gain, as JSON and CSV, and analyses the items', async () => {
      const book = (
        await t
          .http()
          .get(`/api/v1/cohorts/${cohort}/gradebook`)
          .set(...bearer(trainer))
          .expect(200)
      ).body;
      expect(book.assessments.map((a: { kind: string }) => a.kind)).toEqual(['pre_test', 'post_test']);
      const row0 = book.rows.find((r: { userId: string }) => r.userId === learners[0].user.id);
      expect(row0.assessments[pre]).toMatchObject({ attempts: 1, percent: 0, status: 'graded' });
      expect(row0.assessments[post]).toMatchObject({ percent: 100, passed: true });
      expect(row0.gain).toEqual({ pre: 0, post: 100, gain: 100, normalisedGain: 1 });
      expect(book.knowledgeGain.learners).toBe(3);
      const csv = await t
        .http()
        .get(`/api/v1/cohorts/${cohort}/gradebook`)
        .set(...bearer(trainer))
        .set('accept', 'text/csv')
        .expect(200);
      expect(csv.text.split('\r\n')[0]).toContain('fullName,email,status,Pre (%),Pre passed,Case (%),Case passed,gain,normalisedGain');
      expect(csv.text).toContain('Officer 0');
      await t
        .http()
        .get(`/api/v1/cohorts/${cohort}/gradebook`)
        .set(...bearer(learners[0].token))
        .expect(403);
      const analysis = (
        await t
          .http()
          .get(`/api/v1/cohorts/${cohort}/assessments/${pre}/item-analysis`)
          .set(...bearer(trainer))
          .expect(200)
      ).body;
      expect(analysis.attempts).toBe(3);
      expect(analysis.items[0]).toMatchObject({ responses: 3, facility: 0.333 });
      expect(Object.values(analysis.items[0].options as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(3);
    });
  });

  describe('windows, second marking and appeals', () => {
    let cohort: string, exercise: string;
    let trainer3: string;
    const people: { id: string; token: string }[] = [];
    const rubric = [
      { criterion: { en: 'Analysis' }, levels: [0, 2, 4, 6, 8, 10].map((points) => ({ points, descriptor: { en: `${points}` } })) },
    ];

    beforeAll(async () => {
      const trainer3User = await userFactory(t.app, { roles: ['trainer'], academyId: academy });
      trainer3 = await tokenFor(t.http, trainer3User);
      const course = await courseWithLesson(trainer);
      const essay = (
        await item(course, { type: 'essay', stem: { en: 'Was the controlled delivery lawful?' }, points: 10, rubric }).expect(201)
      ).body.id;
      exercise = (
        await t
          .http()
          .post(`/api/v1/courses/${course}/assessments`)
          .set(...bearer(trainer))
          .send({ kind: 'case_exercise', title: { en: 'Case' }, itemIds: [essay], passPercent: 50 })
          .expect(201)
      ).body.id;
      const version = (
        await t
          .http()
          .post(`/api/v1/courses/${course}/versions`)
          .set(...bearer(trainer))
          .expect(201)
      ).body;
      cohort = (
        await t
          .http()
          .post('/api/v1/cohorts')
          .set(...bearer(admin))
          .send({
            courseVersionId: version.id,
            name: 'S',
            locale: 'en',
            startsOn: '2027-01-01',
            endsOn: '2027-02-01',
            trainerIds: [trainerUser.id, trainer3User.id],
            completion: { minAttendancePercent: 0, requireAllLessons: false },
          })
          .expect(201)
      ).body.id;
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const user = await userFactory(t.app, { roles: ['learner'], academyId: academy });
        people.push({ id: user.id, token: await tokenFor(t.http, user) });
        ids.push(user.id);
      }
      await t
        .http()
        .post(`/api/v1/cohorts/${cohort}/enrolments`)
        .set(...bearer(admin))
        .send({ userIds: ids })
        .expect(201);
    });

    const startFor = (token: string) =>
      t
        .http()
        .post(`/api/v1/cohorts/${cohort}/assessments/${exercise}/attempts`)
        .set(...bearer(token));

    it('opens and closes an assessment for a cohort, and a running attempt ends at the close', async () => {
      const settings = (path: object) =>
        t
          .http()
          .put(`/api/v1/cohorts/${cohort}/assessments/${exercise}/settings`)
          .set(...bearer(trainer))
          .send(path);
      await settings({ opensAt: new Date(Date.now() + 3600_000).toISOString() }).expect(200);
      expect((await startFor(people[0].token).expect(409)).body.code).toBe('assessment_not_open');
      await settings({ opensAt: null, closesAt: new Date(Date.now() - 1000).toISOString() }).expect(200);
      expect((await startFor(people[0].token).expect(409)).body.code).toBe('assessment_closed');
      const closes = new Date(Date.now() + 3600_000);
      await settings({ closesAt: closes.toISOString(), secondMarking: true, markingThreshold: 2 }).expect(200);
      const attempt = (await startFor(people[0].token).expect(201)).body;
      expect(new Date(attempt.deadline).getTime()).toBe(closes.getTime());
      await settings({ closesAt: '2020-01-01T00:00:00Z', opensAt: '2021-01-01T00:00:00Z' }).expect(400);
      await settings({ secondMarking: true })
        .set(...bearer(people[0].token))
        .expect(403);
    });

    async function submitEssay(person: { token: string }, text: string): Promise<string> {
      const attempt = (await startFor(person.token).expect(201)).body;
      await t
        .http()
        .put(`/api/v1/attempts/${attempt.id}/responses/${attempt.items[0].id}`)
        .set(...bearer(person.token))
        .send({ text })
        .expect(200);
      await t
        .http()
        .post(`/api/v1/attempts/${attempt.id}/submit`)
        .set(...bearer(person.token))
        .expect(200);
      return attempt.id;
    }
    const queueOf = async (token: string) =>
      (
        await t
          .http()
          .get(`/api/v1/cohorts/${cohort}/grading-queue`)
          .set(...bearer(token))
          .expect(200)
      ).body.items;
    const grade = (token: string, responseId: string, level: number) =>
      t
        .http()
        .put(`/api/v1/responses/${responseId}/grade`)
        .set(...bearer(token))
        .send({ rubricLevels: [level] });

    it('needs two independent marks; close marks are averaged, distant ones reconciled; every mark is kept', async () => {
      await submitEssay(people[0], 'Yes, with court authorisation.');
      await submitEssay(people[1], 'No.');
      const [close, far] = await queueOf(trainer);
      expect(close.stage).toBe('mark');
      expect((await grade(trainer, close.responseId, 3).expect(200)).body.stage).toBe('awaiting_second_mark'); // 6 points
      expect((await queueOf(trainer)).map((q: { responseId: string }) => q.responseId)).not.toContain(close.responseId);
      await grade(trainer, close.responseId, 4).expect(409); // the same grader cannot give the second mark
      const second = await grade(trainer3, close.responseId, 4).expect(200); // 8 points: within 2
      expect(second.body).toMatchObject({ stage: 'final', points: 7, attempt: { status: 'graded', percent: 70, passed: true } });
      await grade(trainer, far.responseId, 1).expect(200); // 2 points
      const apart = await grade(trainer3, far.responseId, 5).expect(200); // 10 points: 8 apart
      expect(apart.body.stage).toBe('reconciliation');
      const reconcile = (await queueOf(trainer)).find((q: { responseId: string }) => q.responseId === far.responseId);
      expect(reconcile.stage).toBe('reconcile');
      // Whoever agrees the grade sees both marks side by side.
      expect(
        reconcile.marks.map((m: { role: string; points: number; rubricLevels: number[] }) => [m.role, m.points, m.rubricLevels]),
      ).toEqual([
        ['first', 2, [1]],
        ['second', 10, [5]],
      ]);
      expect((await grade(trainer, far.responseId, 2).expect(200)).body).toMatchObject({ stage: 'final', points: 4 });
      const marks = (
        await t
          .http()
          .get(`/api/v1/responses/${far.responseId}/marks`)
          .set(...bearer(trainer))
          .expect(200)
      ).body;
      expect(marks.map((m: { role: string; points: number }) => [m.role, m.points])).toEqual([
        ['first', 2],
        ['second', 10],
        ['agreed', 4],
      ]);
    });

    it('lets a learner appeal a released grade once; a trainer who did not grade it decides, and the outcome is kept', async () => {
      await t
        .http()
        .post(`/api/v1/cohorts/${cohort}/assessments/${exercise}/release`)
        .set(...bearer(trainer))
        .expect(200);
      const [{ id: responseId }] = (
        await t.db.query(`SELECT r.id FROM responses r JOIN attempts a ON a.id = r.attempt_id WHERE a.user_id = $1`, [people[1].id])
      ).rows;
      await t
        .http()
        .post(`/api/v1/responses/${responseId}/appeal`)
        .set(...bearer(people[0].token))
        .send({ reason: 'Not my answer but I appeal anyway.' })
        .expect(404);
      await t
        .http()
        .post(`/api/v1/responses/${responseId}/appeal`)
        .set(...bearer(people[1].token))
        .send({ reason: 'short' })
        .expect(400);
      const appeal = (
        await t
          .http()
          .post(`/api/v1/responses/${responseId}/appeal`)
          .set(...bearer(people[1].token))
          .send({ reason: 'The rubric rewards the legal basis, which I gave.' })
          .expect(201)
      ).body;
      await t
        .http()
        .post(`/api/v1/responses/${responseId}/appeal`)
        .set(...bearer(people[1].token))
        .send({ reason: 'Once more, the same request.' })
        .expect(409);
      // Both trainers marked it, so neither may decide; the academy admin (another reviewer) does.
      await t
        .http()
        .post(`/api/v1/appeals/${appeal.id}/decide`)
        .set(...bearer(trainer))
        .send({ outcome: 'upheld', reason: 'Agreed.', points: 6 })
        .expect(403);
      const decided = (
        await t
          .http()
          .post(`/api/v1/appeals/${appeal.id}/decide`)
          .set(...bearer(admin))
          .send({ outcome: 'upheld', reason: 'The legal basis was argued.', points: 6 })
          .expect(200)
      ).body;
      expect(decided).toMatchObject({ status: 'upheld', pointsBefore: 4, pointsAfter: 6, decisionReason: 'The legal basis was argued.' });
      await t
        .http()
        .post(`/api/v1/appeals/${appeal.id}/decide`)
        .set(...bearer(admin))
        .send({ outcome: 'rejected', reason: 'Changed my mind.' })
        .expect(409);
      const roster = (
        await t
          .http()
          .get(`/api/v1/cohorts/${cohort}/enrolments`)
          .set(...bearer(trainer))
          .expect(200)
      ).body.items;
      expect(roster.find((r: { userId: string }) => r.userId === people[1].id).status).toBe('completed');
      const audit = await t.db.query(`SELECT action FROM audit_entries WHERE entity_id = $1 ORDER BY id`, [appeal.id]);
      expect(audit.rows.map((r: { action: string }) => r.action)).toEqual(['appeal.lodged', 'appeal.decided']);
    });
  });
});
