import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Workbook } from 'exceljs';
import type { Response } from 'supertest';
import { translate } from '@probity/i18n';
import { PASSWORD, academyFactory, courseWithLessonFactory, runCertificateJob, tokenFor, userFactory, versionFactory } from '../factories';
import { ARTIFACTS } from '../support/browser';
import { type TestApp, createTestApp } from '../support/test-app';
import { Visitor } from '../support/visitor';

const run = promisify(execFile);
const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`];
type Person = { id: string; email: string; fullName: string; token: string };
type Gain = {
  learners: number;
  meanGain: number | null;
  meanNormalisedGain: number | null;
  improved: number;
  improvedPercent: number | null;
};
type Measures = { enrolled: number; completed: number; certified: number; knowledgeGain: Gain };
type Row = Measures & { key: Record<string, string | null>; label: string };

const gain = (learners: number, meanGain: number | null, meanNormalisedGain: number | null, improved: number): Gain => ({
  learners,
  meanGain,
  meanNormalisedGain,
  improved,
  improvedPercent: learners ? Math.round((1000 * improved) / learners) / 10 : null,
});
const NONE = gain(0, null, null, 0);
const measures = (enrolled: number, completed: number, certified: number, knowledgeGain: Gain = NONE): Measures => ({
  enrolled,
  completed,
  certified,
  knowledgeGain,
});

/** Parses a binary answer (XLSX, PDF) into a Buffer. */
function binary(res: Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

/**
 * The training report (issue 13, points 5 and 7): a seeded set of people with known sexes, agency types and functions
 * in two academies, a partner learner, a person in two cohorts of one course and in a second course, pre-/post-test
 * pairs with known gains (a "last" and a "best" policy), a withdrawn enrolment and a revoked certificate. Every number
 * below is worked out by hand from that set.
 */
describe('training report', () => {
  let t: TestApp;
  let ge: { id: string };
  let ua: { id: string };
  let platform: string, adminGe: string, adminUa: string, trainerGe: string;
  let adminGeUser: Awaited<ReturnType<typeof userFactory>>;
  const people: Record<string, Person> = {};
  const cohorts: Record<string, string> = {};
  let courseX: string;
  let courseZ: string;

  async function person(name: string, academyId: string, description: { sex?: string; agencyType?: string; function?: string }) {
    const email = `${name}.${Math.random().toString(36).slice(2, 8)}@reports.test`;
    const fullName = `Person ${name.toUpperCase()}`;
    const created = await t
      .http()
      .post('/api/v1/users')
      .set(...bearer(platform))
      .send({ email, password: PASSWORD, fullName, roles: ['learner'], academyId, locale: 'en', ...description })
      .expect(201);
    people[name] = { id: created.body.id, email, fullName, token: await tokenFor(t.http, { email, password: PASSWORD }) };
  }

  async function cohort(name: string, versionId: string, admin: string, trainerId: string, partnerAcademyIds: string[] = []) {
    cohorts[name] = (
      await t
        .http()
        .post('/api/v1/cohorts')
        .set(...bearer(admin))
        .send({
          courseVersionId: versionId,
          name,
          locale: 'en',
          startsOn: '2026-10-01',
          endsOn: '2026-11-30',
          trainerIds: [trainerId],
          partnerAcademyIds,
          completion: { minAttendancePercent: 0, requireAllLessons: true },
        })
        .expect(201)
    ).body.id;
  }

  const enrol = (cohortName: string, admin: string, names: string[]) =>
    t
      .http()
      .post(`/api/v1/cohorts/${cohorts[cohortName]}/enrolments`)
      .set(...bearer(admin))
      .send({ userIds: names.map((n) => people[n].id) })
      .expect(201);

  const completeLesson = (cohortName: string, lessonId: string, name: string) =>
    t
      .http()
      .post(`/api/v1/cohorts/${cohorts[cohortName]}/lessons/${lessonId}/complete`)
      .set(...bearer(people[name].token))
      .expect(200);

  /** Sits an assessment answering `right` of its four questions correctly: 25 points each. */
  async function sit(cohortName: string, assessmentId: string, name: string, right: number): Promise<void> {
    const token = people[name].token;
    const attempt = (
      await t
        .http()
        .post(`/api/v1/cohorts/${cohorts[cohortName]}/assessments/${assessmentId}/attempts`)
        .set(...bearer(token))
        .expect(201)
    ).body as { id: string; items: { id: string; options: { id: string; text: string }[] }[] };
    for (const [i, item] of attempt.items.entries()) {
      const option = item.options.find((o) => o.text === (i < right ? 'Right' : 'Wrong'))!;
      await t
        .http()
        .put(`/api/v1/attempts/${attempt.id}/responses/${item.id}`)
        .set(...bearer(token))
        .send({ optionIds: [option.id] })
        .expect(200);
    }
    const result = await t
      .http()
      .post(`/api/v1/attempts/${attempt.id}/submit`)
      .set(...bearer(token))
      .expect(200);
    expect(result.body).toMatchObject({ status: 'graded', percent: right * 25 });
  }

  const report = (token: string, query: string) =>
    t
      .http()
      .get(`/api/v1/reports/training?${query}`)
      .set(...bearer(token));

  beforeAll(async () => {
    t = await createTestApp();
    ge = await academyFactory(t.app, { code: 'RPGE', country: 'GE', timeZone: 'Asia/Tbilisi', defaultLocale: 'ka' });
    ua = await academyFactory(t.app, { code: 'RPUA', country: 'UA', timeZone: 'Europe/Kyiv', defaultLocale: 'uk' });
    platform = await tokenFor(t.http, await userFactory(t.app, { roles: ['platform_admin'] }));
    adminGeUser = await userFactory(t.app, { roles: ['academy_admin'], academyId: ge.id, fullName: 'Nino Admin' });
    adminGe = await tokenFor(t.http, adminGeUser);
    const adminUaUser = await userFactory(t.app, { roles: ['academy_admin'], academyId: ua.id });
    adminUa = await tokenFor(t.http, adminUaUser);
    const trainerGeUser = await userFactory(t.app, { roles: ['trainer'], academyId: ge.id });
    trainerGe = await tokenFor(t.http, trainerGeUser);
    const trainerUaUser = await userFactory(t.app, { roles: ['trainer'], academyId: ua.id });

    // Academy GE's people, and two of academy UA's (b1 trains in GE's cohort as a partner learner).
    await person('a1', ge.id, { sex: 'female', agencyType: 'police', function: 'investigator' });
    await person('a2', ge.id, { sex: 'female', agencyType: 'prosecution', function: 'prosecutor' });
    await person('a3', ge.id, { sex: 'male', agencyType: 'police', function: 'investigator' });
    await person('a4', ge.id, { sex: 'not_stated', agencyType: 'customs', function: 'analyst' });
    await person('a5', ge.id, {});
    await person('a6', ge.id, { sex: 'male', agencyType: 'police', function: 'supervisor_manager' });
    await person('a7', ge.id, { sex: 'female', agencyType: 'police', function: 'investigator' });
    await person('b1', ua.id, { sex: 'female', agencyType: 'border_guard', function: 'investigator' });
    await person('b2', ua.id, { sex: 'male', agencyType: 'judiciary' });

    // Course X (GE): one lesson, a pre-test counted by its last attempt, a post-test by the best (pass mark 50).
    const course = await courseWithLessonFactory(t.http, trainerGe, {
      title: { en: 'Fair trial', ru: 'Справедливый суд', ur: 'منصفانہ سماعت' },
    });
    courseX = course.courseId;
    const items: string[] = [];
    for (let i = 0; i < 4; i++)
      items.push(
        (
          await t
            .http()
            .post(`/api/v1/courses/${courseX}/items`)
            .set(...bearer(trainerGe))
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
        await t
          .http()
          .post(`/api/v1/courses/${courseX}/assessments`)
          .set(...bearer(trainerGe))
          .send({ itemIds: items, maxAttempts: 3, ...body })
          .expect(201)
      ).body.id;
    const pre = await assessment({ kind: 'pre_test', title: { en: 'Pre' }, passPercent: 0, policy: 'last' });
    const post = await assessment({ kind: 'post_test', title: { en: 'Post' }, passPercent: 50 });
    const versionX = await course.publish();
    // Course Z (GE), no tests; course Y (UA).
    const z = await versionFactory(t.app, adminGeUser, { lessons: 1 });
    courseZ = (await t.db.query(`SELECT course_id FROM course_versions WHERE id = $1`, [z.versionId])).rows[0].course_id;
    const y = await versionFactory(t.app, adminUaUser, { lessons: 1 });

    await cohort('A1', versionX, adminGe, trainerGeUser.id, [ua.id]);
    await t
      .http()
      .post(`/api/v1/cohorts/${cohorts.A1}/partners/${ua.id}/accept`)
      .set(...bearer(adminUa))
      .expect(200);
    await cohort('A2', versionX, adminGe, trainerGeUser.id);
    await cohort('A3', z.versionId, adminGe, trainerGeUser.id);
    await cohort('B1', y.versionId, adminUa, trainerUaUser.id);
    await enrol('A1', adminGe, ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'b1']);
    await enrol('A2', adminGe, ['a6']);
    await enrol('A3', adminGe, ['a1', 'a6']);
    await enrol('B1', adminUa, ['b2']);
    await t
      .http()
      .post(`/api/v1/cohorts/${cohorts.A1}/enrolments/${people.a7.id}/withdraw`)
      .set(...bearer(adminGe))
      .send({})
      .expect(200);

    // Pre-tests (policy "last": a3's 50 then 0 counts 0) and post-tests (policy "best": a2's 50 then 25 counts 50).
    for (const [name, right] of [
      ['a1', 1],
      ['a2', 2],
      ['a3', 2],
      ['a3', 0],
      ['a4', 4],
      ['a5', 1],
      ['a6', 1],
      ['b1', 2],
    ] as const)
      await sit('A1', pre, name, right);
    for (const [name, right] of [
      ['a1', 3],
      ['a2', 2],
      ['a2', 1],
      ['a3', 4],
      ['a4', 3],
      ['a6', 2],
      ['b1', 4],
    ] as const)
      await sit('A1', post, name, right);
    // a6 again in a second cohort of the same course, later: this pair is a6's most recent.
    await sit('A2', pre, 'a6', 2);
    await sit('A2', post, 'a6', 4);

    // Completion: the lesson and (course X) the post-test passed.
    for (const name of ['a1', 'a2', 'a3', 'a5', 'b1']) await completeLesson('A1', course.lessonId, name);
    await completeLesson('A2', course.lessonId, 'a6');
    await completeLesson('A3', z.lessonIds[0], 'a1');
    await completeLesson('B1', y.lessonIds[0], 'b2');

    // Certificates of cohort A1 (a1, a2, a3, b1), then a3's revoked.
    const { jobId } = (
      await t
        .http()
        .post(`/api/v1/cohorts/${cohorts.A1}/certificates`)
        .set(...bearer(adminGe))
        .send({})
        .expect(202)
    ).body;
    const issued = (await runCertificateJob(t.app, jobId)).issued;
    expect(issued.map((c) => c.userId).sort()).toEqual([people.a1.id, people.a2.id, people.a3.id, people.b1.id].sort());
    await t
      .http()
      .post(`/api/v1/certificates/${issued.find((c) => c.userId === people.a3.id)!.certificateId}/revoke`)
      .set(...bearer(adminGe))
      .send({ reason: 'Issued in error' })
      .expect(200);

    // Two enrolments dated in the past: a4's in June 2019, a5's at 21:30 UTC on 31 December 2019, which is already
    // 1 January 2020 in Tbilisi (UTC+4): a day on the academy's calendar.
    await t.db.query(`UPDATE enrolments SET enrolled_at = '2019-06-01T10:00:00Z' WHERE cohort_id = $1 AND user_id = $2`, [
      cohorts.A1,
      people.a4.id,
    ]);
    await t.db.query(`UPDATE enrolments SET enrolled_at = '2019-12-31T21:30:00Z' WHERE cohort_id = $1 AND user_id = $2`, [
      cohorts.A1,
      people.a5.id,
    ]);
  });
  afterAll(() => t.close());

  // Academy GE's knowledge gains (most recent pair of each person): a1 25→75 (+50, 0.667), a2 50→50 (0, 0),
  // a3 0→100 (+100, 1), a4 100→75 (−25, pre 100: no normalised gain), a6 50→100 (+50, 1; its A1 pair 25→50 is older).
  const GE_TOTALS = measures(6, 4, 2, gain(5, 35, 0.667, 3));

  it('counts each person once per measure, under their own academy, with the gradebook’s counted attempts', async () => {
    const res = await report(adminGe, 'by=sex').expect(200);
    expect(res.body.filters).toEqual({ academyId: ge.id, from: null, to: null, by: 'sex', margin: 0 });
    expect(res.body.totals).toEqual(GE_TOTALS);
    expect(res.body.rows.map((r: Row) => ({ key: r.key, ...measures(r.enrolled, r.completed, r.certified, r.knowledgeGain) }))).toEqual([
      { key: { sex: 'female' }, ...measures(2, 2, 2, gain(2, 25, 0.334, 1)) },
      { key: { sex: 'male' }, ...measures(2, 2, 0, gain(2, 75, 1, 2)) },
      { key: { sex: 'another' }, ...measures(0, 0, 0) },
      { key: { sex: 'not_stated' }, ...measures(1, 0, 0, gain(1, -25, null, 0)) },
      { key: { sex: null }, ...measures(1, 0, 0) },
    ]);
    expect(res.body.rows.map((r: Row) => r.label)).toEqual(['Female', 'Male', 'Other', 'Prefers not to say', 'Not recorded']);
  });

  it('breaks down by agency type and function, every code of the lists shown, "not recorded" apart', async () => {
    const agency = (await report(adminGe, 'by=agencyType').expect(200)).body;
    expect(agency.totals).toEqual(GE_TOTALS);
    const byKey = (rows: Row[], field: string) =>
      Object.fromEntries(rows.map((r) => [String(r.key[field]), { ...r, key: undefined, label: undefined }]));
    const agencies = byKey(agency.rows, 'agencyType');
    expect(Object.keys(agencies)).toEqual([
      'police',
      'prosecution',
      'customs',
      'drug_control',
      'intelligence',
      'border_guard',
      'judiciary',
      'other',
      'null',
    ]);
    expect(agencies.police).toMatchObject(measures(3, 3, 1, gain(3, 66.667, 0.889, 3)));
    expect(agencies.prosecution).toMatchObject(measures(1, 1, 1, gain(1, 0, 0, 0)));
    expect(agencies.customs).toMatchObject(measures(1, 0, 0, gain(1, -25, null, 0)));
    expect(agencies.border_guard).toMatchObject(measures(0, 0, 0));
    expect(agencies.null).toMatchObject(measures(1, 0, 0));

    const fn = byKey((await report(adminGe, 'by=function').expect(200)).body.rows, 'function');
    expect(fn.investigator).toMatchObject(measures(2, 2, 1, gain(2, 75, 0.834, 2)));
    expect(fn.prosecutor).toMatchObject(measures(1, 1, 1, gain(1, 0, 0, 0)));
    expect(fn.analyst).toMatchObject(measures(1, 0, 0, gain(1, -25, null, 0)));
    expect(fn.supervisor_manager).toMatchObject(measures(1, 1, 0, gain(1, 50, 1, 1)));
    expect(fn.null).toMatchObject(measures(1, 0, 0));
    expect(fn.trainer).toMatchObject(measures(0, 0, 0));
  });

  it('breaks down by course (a person once per course) and by country (partner learners under their own)', async () => {
    const course = (await report(adminGe, 'by=course').expect(200)).body;
    expect(course.totals).toEqual(GE_TOTALS);
    // In the order of the courses' codes (X's starts with C, Z's with V).
    expect(course.rows.map((r: Row) => [r.key.course, r.enrolled, r.completed, r.certified, r.knowledgeGain])).toEqual([
      [courseX, 6, 4, 2, gain(5, 35, 0.667, 3)],
      [courseZ, 2, 1, 0, NONE],
    ]);
    expect(course.rows.find((r: Row) => r.key.course === courseX).label).toMatch(/^Fair trial \(/);

    const all = (await report(platform, 'by=country').expect(200)).body;
    // UA: b1 (trained in GE's cohort A1: 50→100, certified) and b2 (course Y, completed).
    expect(all.filters.academyId).toBeNull();
    expect(all.totals).toEqual(measures(8, 6, 3, gain(6, 37.5, 0.733, 4)));
    expect(all.rows).toEqual([
      { key: { country: 'GE' }, label: 'Georgia', ...GE_TOTALS },
      { key: { country: 'UA' }, label: 'Ukraine', ...measures(2, 2, 1, gain(1, 50, 1, 1)) },
    ]);
    const uaOnly = (await report(adminUa, 'by=country').expect(200)).body;
    expect(uaOnly.rows).toEqual([{ key: { country: 'UA' }, label: 'Ukraine', ...measures(2, 2, 1, gain(1, 50, 1, 1)) }]);
    // Without a breakdown: the totals alone.
    expect((await report(adminGe, '').expect(200)).body).toMatchObject({ totals: GE_TOTALS, rows: [] });
  });

  it('takes each person’s pair as the gradebook counts it', async () => {
    const book = (
      await t
        .http()
        .get(`/api/v1/cohorts/${cohorts.A1}/gradebook`)
        .set(...bearer(adminGe))
        .expect(200)
    ).body as { rows: { userId: string; gain?: { pre: number; post: number } }[] };
    const views = (
      await t.db.query<{ user_id: string; pre_percent: string; post_percent: string }>(
        `SELECT user_id, pre_percent, post_percent FROM report_knowledge WHERE cohort_id = $1`,
        [cohorts.A1],
      )
    ).rows;
    const fromBook = book.rows.filter((r) => r.gain).map((r) => [r.userId, r.gain!.pre, r.gain!.post]);
    const fromView = views.map((r) => [r.user_id, Number(r.pre_percent), Number(r.post_percent)]);
    const order = (rows: (string | number)[][]) => [...rows].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(order(fromView)).toEqual(order(fromBook));
    expect(fromView).toHaveLength(6);
    expect(fromView.find((r) => r[0] === people.a3.id)).toEqual([people.a3.id, 0, 100]);
    expect(fromView.find((r) => r[0] === people.a2.id)).toEqual([people.a2.id, 50, 50]);
  });

  it('dates each measure on the academy’s calendar, and counts "improved" above the margin', async () => {
    // January 2020 in Tbilisi: only a5, enrolled at 21:30 UTC on 31 December 2019.
    const january = (await report(adminGe, 'from=2020-01-01&to=2020-01-31').expect(200)).body;
    expect(january.totals).toEqual(measures(1, 0, 0));
    // From 2020: everyone but a4 (enrolled in 2019); the rest happened now.
    expect((await report(adminGe, 'from=2020-01-01').expect(200)).body.totals).toEqual({ ...GE_TOTALS, enrolled: 5 });
    // Until the end of 2019: the two old enrolments, nothing else.
    expect((await report(adminGe, 'to=2019-12-31').expect(200)).body.totals).toEqual(measures(1, 0, 0));
    // Margin 50 points: only a3 (+100) rose by more than 50.
    const strict = (await report(adminGe, 'margin=50').expect(200)).body;
    expect(strict.filters.margin).toBe(50);
    expect(strict.totals.knowledgeGain).toEqual(gain(5, 35, 0.667, 1));
  });

  it('dates a post-test marked by hand at its last marking, not at its submission', async () => {
    // a1's counted post-test (75) submitted in March 2021, one of its answers marked by hand in May 2021, another in April.
    const [post] = (
      await t.db.query(
        `SELECT t.id, t.started_at, t.submitted_at FROM attempts t WHERE t.cohort_id = $1 AND t.user_id = $2 AND t.percent = 75`,
        [cohorts.A1, people.a1.id],
      )
    ).rows as { id: string; started_at: Date; submitted_at: Date }[];
    const answers = (await t.db.query(`SELECT id FROM responses WHERE attempt_id = $1 ORDER BY id`, [post.id])).rows as { id: string }[];
    await t.db.query(`UPDATE attempts SET started_at = '2021-03-01T08:00:00Z', submitted_at = '2021-03-01T09:00:00Z' WHERE id = $1`, [
      post.id,
    ]);
    await t.db.query(`UPDATE responses SET graded_at = '2021-05-10T09:00:00Z' WHERE id = $1`, [answers[0].id]);
    await t.db.query(`UPDATE responses SET graded_at = '2021-04-10T09:00:00Z' WHERE id = $1`, [answers[1].id]);
    try {
      const may = (await report(adminGe, 'from=2021-05-01&to=2021-05-31').expect(200)).body;
      expect(may.totals.knowledgeGain).toEqual(gain(1, 50, 0.667, 1));
      for (const month of ['from=2021-03-01&to=2021-03-31', 'from=2021-04-01&to=2021-04-30'])
        expect((await report(adminGe, month).expect(200)).body.totals.knowledgeGain).toEqual(NONE);
    } finally {
      await t.db.query(`UPDATE attempts SET started_at = $2, submitted_at = $3 WHERE id = $1`, [
        post.id,
        post.started_at,
        post.submitted_at,
      ]);
      await t.db.query(`UPDATE responses SET graded_at = NULL WHERE id = ANY($1::uuid[])`, [answers.map((a) => a.id)]);
    }
  });

  it('keeps academies apart: another academy is unknown (404), learners and trainers are refused (403)', async () => {
    await report(adminGe, `academyId=${ua.id}&by=sex`).expect(404);
    const own = await report(adminGe, `academyId=${ge.id}&by=sex`).expect(200);
    expect(own.body.totals).toEqual(GE_TOTALS);
    await report(platform, `academyId=00000000-0000-4000-8000-000000000000`).expect(404);
    expect((await report(platform, `academyId=${ua.id}`).expect(200)).body.totals).toEqual(measures(2, 2, 1, gain(1, 50, 1, 1)));
    await report(people.a1.token, 'by=sex').expect(403);
    await report(trainerGe, 'by=sex').expect(403);
    await t.http().get('/api/v1/reports/training').expect(401);
    for (const format of ['csv', 'xlsx', 'pdf']) {
      await t
        .http()
        .get(`/api/v1/reports/training.${format}?academyId=${ua.id}`)
        .set(...bearer(adminGe))
        .expect(404);
      await t
        .http()
        .get(`/api/v1/reports/training.${format}`)
        .set(...bearer(people.a1.token))
        .expect(403);
    }
  });

  it('refuses bad filters with messages in the caller’s language', async () => {
    const month = await report(adminGe, 'from=2026-13-01&lang=ru').expect(400);
    expect(month.body.details.map((d: { field: string }) => d.field)).toContain('from');
    expect(month.body.message).toContain(translate('ru', 'fields:from'));
    const order = await report(adminGe, 'from=2026-05-01&to=2026-04-30&lang=uk').expect(400);
    expect(order.body.details).toEqual([expect.objectContaining({ field: 'to', constraint: 'endsBeforeStart' })]);
    expect(order.body.message).toContain(translate('uk', 'fields:to'));
    await report(adminGe, 'from=2026-05-01T10:00:00Z').expect(400);
    const by = await report(adminGe, 'by=age&lang=ka').expect(400);
    expect(by.body.message).toContain(translate('ka', 'fields:by'));
    await report(adminGe, 'margin=lots').expect(400);
    await report(adminGe, 'margin=101').expect(400);
    await report(adminGe, 'academyId=GE').expect(400);
    await report(adminGe, 'shoeSize=44').expect(400);
  });

  it('shows the report on a page for administrators, with the same numbers; downloads from the page are audited too', async () => {
    const admin = new Visitor(t);
    await admin.login(adminGeUser.email, adminGeUser.password);
    const page = await admin.get('/reports/training?by=function&lang=ru');
    expect(page.status).toBe(200);
    expect(page.text).toContain(`<h1>${translate('ru', 'reports:title')}</h1>`);
    // Two charts, each an image named by its title and described, each with its table (caption, header cells).
    expect(page.text.match(/<svg [^>]*role="img" aria-labelledby="(people|knowledge)-function-title \1-function-desc"/g)).toHaveLength(2);
    expect(page.text.match(/<caption>/g)).toHaveLength(3);
    expect(page.text).toContain(`<th scope="row">${translate('ru', 'people:function.supervisor_manager')}</th>`);
    // Totals: enrolled 6, mean normalised gain 0,667 in Russian.
    expect(page.text).toMatch(new RegExp(`<th scope="row">${translate('ru', 'reports:measures.enrolled')}</th><td>6</td>`));
    expect(page.text).toContain('<td>0,667</td>');
    // The navigation has the entry; a learner's page refuses.
    expect(page.text).toContain(`href="/reports/training"`);
    const learner = new Visitor(t);
    await learner.login(people.a1.email, PASSWORD);
    expect((await learner.get('/reports/training')).status).toBe(403);
    // A bad date: the form again, 400, the message in Russian next to the field.
    const bad = await admin.get('/reports/training?from=2026-13-01&lang=ru');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('id="from-error"');
    expect(bad.text).toContain(translate('ru', 'fields:from'));
    // Another academy's report is unknown to this administrator.
    expect((await admin.get(`/reports/training?academyId=${ua.id}`)).status).toBe(404);
    // A platform administrator picks the academy; the page then counts that academy's people.
    const root = await userFactory(t.app, { roles: ['platform_admin'] });
    const platformPage = new Visitor(t);
    await platformPage.login(root.email, root.password);
    const ukrainian = await platformPage.get(`/reports/training?academyId=${ua.id}&by=country&lang=en`);
    expect(ukrainian.status).toBe(200);
    expect(ukrainian.text).toMatch(new RegExp(`<option value="${ua.id}" selected>`));
    expect(ukrainian.text).toContain('<th scope="row">Ukraine</th><td>2</td><td>2</td><td>1</td>');
    // A download from the page (its session, not a token) is the same file, audited.
    const before = (await t.db.query(`SELECT count(*)::int AS n FROM audit_entries WHERE action = 'report.exported'`)).rows[0].n as number;
    const csv = await admin.get('/reports/training.csv?lang=en');
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('Total,,Total,6,4,2,5,35,0.667,3,60');
    expect((await t.db.query(`SELECT count(*)::int AS n FROM audit_entries WHERE action = 'report.exported'`)).rows[0].n).toBe(before + 1);
  });

  describe('exports', () => {
    const download = (format: string, query: string, token = adminGe) =>
      t
        .http()
        .get(`/api/v1/reports/training.${format}?${query}`)
        .set(...bearer(token))
        .buffer(true)
        .parse(binary)
        .expect(200);

    it('writes an XLSX with a sheet per breakdown, numbers as numbers, the same values as the JSON answer', async () => {
      const res = await download('xlsx', 'lang=ru');
      expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="training-report-\d{4}-\d{2}-\d{2}\.xlsx"$/);
      const workbook = new Workbook();
      await workbook.xlsx.load(Uint8Array.from(res.body as Buffer).buffer);
      const r = (key: string) => translate('ru', `reports:${key}`);
      expect(workbook.worksheets.map((w) => w.name)).toEqual([
        r('export.sheet_filters'),
        r('export.sheet_totals'),
        r('by.sex'),
        r('by.agencyType'),
        r('by.function'),
        r('by.country'),
        r('by.course'),
      ]);
      const totals = workbook.getWorksheet(r('export.sheet_totals'))!;
      const value = (label: string) => totals.getColumn(1).values.indexOf(label);
      const cell = (label: string) => totals.getRow(value(label)).getCell(2).value;
      expect(cell(r('measures.enrolled'))).toBe(6);
      expect(cell(r('measures.certified'))).toBe(2);
      expect(cell(r('measures.meanGain'))).toBe(35);
      expect(cell(r('measures.meanNormalisedGain'))).toBe(0.667);
      expect(cell(r('measures.improvedPercent'))).toBe(60);
      const json = (await report(adminGe, 'by=sex&lang=ru').expect(200)).body as { rows: Row[] };
      const sex = workbook.getWorksheet(r('by.sex'))!;
      // Ten columns: the value's name and code, then the measures; an empty cell is a mean of nobody.
      const ten = (cells: unknown[]): unknown[] => Array.from({ length: 10 }, (_, i) => cells[i] ?? null);
      const rows: unknown[][] = [];
      sex.eachRow((row, n) => void (n > 1 && rows.push(ten((row.values as unknown[]).slice(1)))));
      expect(rows).toEqual(
        json.rows.map((row) =>
          ten([
            row.label,
            row.key.sex,
            row.enrolled,
            row.completed,
            row.certified,
            row.knowledgeGain.learners,
            row.knowledgeGain.meanGain,
            row.knowledgeGain.meanNormalisedGain,
            row.knowledgeGain.improved,
            row.knowledgeGain.improvedPercent,
          ]),
        ),
      );
      expect(rows.find((row) => row[1] === 'not_stated')).toEqual([
        translate('ru', 'people:sex.not_stated'),
        'not_stated',
        1,
        0,
        0,
        1,
        -25,
        null,
        0,
        0,
      ]);
      for (const row of rows) for (const n of row.slice(2)) expect(n === null || typeof n === 'number').toBe(true);
      const filters = workbook.getWorksheet(r('export.sheet_filters'))!;
      const about = filters.getColumn(2).values.map(String).join('\n');
      expect(about).toContain(adminGeUser.fullName);
      // Aggregates only: no person's name or address anywhere in the workbook.
      const everything = workbook.worksheets.flatMap((w) => w.getSheetValues().flat(2).map(String)).join('\n');
      for (const p of Object.values(people)) {
        expect(everything).not.toContain(p.fullName);
        expect(everything).not.toContain(p.email);
      }
    });

    it('writes a PDF whose text (Russian, Georgian) has the title, the filters and the totals; Urdu renders too', async () => {
      // Kept in test-artifacts/ for a person to look at.
      const dir = ARTIFACTS;
      mkdirSync(dir, { recursive: true });
      for (const lang of ['ru', 'ka'] as const) {
        const res = await download('pdf', `lang=${lang}&from=2020-01-01`);
        expect(res.headers['content-type']).toBe('application/pdf');
        expect(res.headers['content-disposition']).toMatch(/^attachment; filename="training-report-.*\.pdf"$/);
        const file = join(dir, `training-report-${lang}.pdf`);
        writeFileSync(file, res.body as Buffer);
        const { stdout } = await run('pdftotext', ['-layout', file, '-']);
        const text = stdout.replace(/[ \t]+/g, ' ');
        expect(text).toContain(translate(lang, 'reports:title'));
        expect(text).toContain(translate(lang, 'reports:by.agencyType'));
        // The totals: enrolled from 2020 on is 5, certified 2.
        expect(text).toMatch(new RegExp(`${translate(lang, 'reports:measures.enrolled')} 5\\b`));
        expect(text).toMatch(new RegExp(`${translate(lang, 'reports:measures.certified')} 2\\b`));
        expect(text).toContain(adminGeUser.fullName);
        for (const p of Object.values(people)) expect(text).not.toContain(p.fullName);
      }
      const urdu = await download('pdf', 'lang=ur');
      expect((urdu.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
      writeFileSync(join(dir, 'training-report-ur.pdf'), urdu.body as Buffer);
      const { stdout: info } = await run('pdfinfo', [join(dir, 'training-report-ru.pdf')]);
      expect(info).toMatch(/Pages:\s+[1-9]/);
    });

    it('writes a CSV of the totals and every breakdown', async () => {
      const res = await t
        .http()
        .get('/api/v1/reports/training.csv?lang=en&margin=50')
        .set(...bearer(adminGe))
        .expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="training-report-.*\.csv"$/);
      const lines = res.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      expect(lines[0]).toBe(
        'Breakdown,Code,Value,Enrolled,Completed,Certified,Sat pre- and post-test,Mean gain (points),Mean normalised gain,Increased knowledge,Increased knowledge (%)',
      );
      expect(lines[1]).toBe('Total,,Total,6,4,2,5,35,0.667,1,20');
      expect(lines).toContain('Sex,female,Female,2,2,2,2,25,0.334,0,0');
      expect(lines).toContain('Sex,,Not recorded,1,0,0,0,,,0,');
      expect(lines).toContain('Sex,not_stated,Prefers not to say,1,0,0,1,-25,,0,0');
      expect(lines).toContain('Country,GE,Georgia,6,4,2,5,35,0.667,1,20');
      expect(lines.filter((l) => l.startsWith('Agency type,'))).toHaveLength(9);
      expect(lines.filter((l) => l.startsWith('Course,'))).toHaveLength(2);
      for (const p of Object.values(people)) expect(res.text).not.toContain(p.email);
    });

    it('records each export in the audit trail: who, which format and which filters', async () => {
      const before = (await t.db.query(`SELECT count(*)::int AS n FROM audit_entries WHERE action = 'report.exported'`)).rows[0]
        .n as number;
      await download('xlsx', `academyId=${ge.id}&from=2020-01-01&to=2026-12-31&margin=10&lang=ka`);
      const entries = (
        await t.db.query(
          `SELECT actor_id, academy_id, entity_type, entity_id, after FROM audit_entries WHERE action = 'report.exported' ORDER BY id`,
        )
      ).rows;
      expect(entries).toHaveLength(before + 1);
      expect(entries.at(-1)).toMatchObject({
        actor_id: adminGeUser.id,
        academy_id: ge.id,
        entity_type: 'report',
        after: { report: 'training', format: 'xlsx', locale: 'ka', academyId: ge.id, from: '2020-01-01', to: '2026-12-31', margin: 10 },
      });
      // Refused exports leave no entry.
      await t
        .http()
        .get(`/api/v1/reports/training.pdf?academyId=${ua.id}`)
        .set(...bearer(adminGe))
        .expect(404);
      expect((await t.db.query(`SELECT count(*)::int AS n FROM audit_entries WHERE action = 'report.exported'`)).rows[0].n).toBe(
        before + 1,
      );
    });
  });
});
