import { RetentionService } from '@probity/privacy';
import { academyFactory, courseWithLessonFactory, tokenFor, userFactory } from '../factories';
import { type TestApp, createTestApp } from '../support/test-app';
import { Visitor } from '../support/visitor';

type Person = Awaited<ReturnType<typeof userFactory>> & { token: string };
type Settings = {
  academyId: string;
  answerTextsYears: number;
  inactiveAccountYears: number;
  custom: boolean;
  updatedBy: string | null;
  runs: { ranAt: string; answerTextsCleared: number; accountsErased: number }[];
};

const bearer = (who: Person): [string, string] => ['authorization', `Bearer ${who.token}`];

/**
 * Retention (issue 16 point 4): each academy's administrators (and platform administrators) set how long the academy
 * keeps answer texts after a cohort ended and accounts after their last sign-in; nobody else reads or sets them, and a
 * period out of bounds is refused in the caller's language with nothing stored. The nightly run, on backdated data:
 * answer texts of a cohort that ended longer ago than the academy's period are deleted, younger ones and another
 * academy's with a longer period are kept; a person not seen for longer than the period is erased (pseudonymised),
 * one seen recently is not, nor a platform administrator or the academy's last active administrator; each academy's
 * counts are recorded and audited, and a second run changes nothing.
 */
describe('retention periods and the nightly run', () => {
  let t: TestApp;
  let academy: Awaited<ReturnType<typeof academyFactory>>;
  let other: Awaited<ReturnType<typeof academyFactory>>;
  let admin: Person, otherAdmin: Person, learner: Person, platform: Person;
  /** People of the selection test's academy whom no run may erase (its last administrator, a platform administrator). */
  const spared: string[] = [];

  const person = async (roles: Person['roles'], academyId?: string, locale = 'en'): Promise<Person> => {
    const user = await userFactory(t.app, { roles, academyId, locale });
    return { ...user, token: await tokenFor(t.http, user) };
  };
  const get = (who: Person, academyId: string) =>
    t
      .http()
      .get(`/api/v1/academies/${academyId}/retention`)
      .set(...bearer(who));
  const put = (who: Person, academyId: string, body: object) =>
    t
      .http()
      .put(`/api/v1/academies/${academyId}/retention`)
      .set(...bearer(who))
      .send(body);
  /** Backdates a person's last sign-in (`null`: never signed in) and, optionally, their account's creation. */
  const lastSeen = async (userId: string, seen: string | null, created?: string): Promise<void> => {
    await t.db.query(
      `UPDATE users SET last_seen_at = CASE WHEN $2::text IS NULL THEN NULL ELSE now() - $2::interval END,
                        created_at = CASE WHEN $3::text IS NULL THEN created_at ELSE now() - $3::interval END
        WHERE id = $1`,
      [userId, seen, created ?? null],
    );
  };
  const userRow = async (id: string) =>
    (
      await t.db.query<{ full_name: string; email: string; erased_at: Date | null }>(
        `SELECT full_name, email, erased_at FROM users WHERE id = $1`,
        [id],
      )
    ).rows[0];

  beforeAll(async () => {
    t = await createTestApp();
    academy = await academyFactory(t.app, { code: 'RETA' });
    other = await academyFactory(t.app, { code: 'RETB' });
    admin = await person(['academy_admin'], academy.id);
    otherAdmin = await person(['academy_admin'], other.id);
    learner = await person(['learner'], academy.id);
    platform = await person(['platform_admin']);
  });
  afterAll(() => t?.close());

  it('lets only the academy’s administrators and platform administrators read and set its periods; out of bounds changes nothing', async () => {
    const defaults = (await get(admin, academy.id).expect(200)).body as Settings;
    expect(defaults).toMatchObject({ academyId: academy.id, answerTextsYears: 2, inactiveAccountYears: 5, custom: false, runs: [] });
    await get(learner, academy.id).expect(403);
    await get(otherAdmin, academy.id).expect(404);
    await get(platform, academy.id).expect(200);
    await put(learner, academy.id, { answerTextsYears: 3 }).expect(403);
    await put(otherAdmin, academy.id, { answerTextsYears: 3 }).expect(404);

    const tooLong = await put(admin, academy.id, { answerTextsYears: 11 }).set('accept-language', 'ru').expect(400);
    expect(tooLong.body.code).toBe('validation_failed');
    expect(tooLong.body.details).toEqual([expect.objectContaining({ field: 'answerTextsYears', constraint: 'max' })]);
    expect(tooLong.body.message).toContain('Срок хранения текстов ответов (лет)');
    expect(tooLong.body.message).toContain('10');
    const tooShort = await put(admin, academy.id, { inactiveAccountYears: 0 }).set('accept-language', 'uk').expect(400);
    expect(tooShort.body.message).toContain('Строк зберігання неактивних облікових записів (років)');
    await put(admin, academy.id, { inactiveAccountYears: 21 }).expect(400);
    await put(admin, academy.id, { answerTextsYears: 2.5 }).expect(400);
    await put(admin, academy.id, { answerTextsYears: 'many' }).expect(400);
    expect((await t.db.query(`SELECT 1 FROM privacy_retention`)).rowCount).toBe(0);
    expect((await t.db.query(`SELECT 1 FROM audit_entries WHERE action = 'privacy_retention.changed'`)).rowCount).toBe(0);

    const set = (await put(admin, academy.id, { answerTextsYears: 3 }).expect(200)).body as Settings;
    expect(set).toMatchObject({ answerTextsYears: 3, inactiveAccountYears: 5, custom: true, updatedBy: admin.id });
    // The same periods again change nothing and are not audited twice.
    await put(admin, academy.id, { answerTextsYears: 3, inactiveAccountYears: 5 }).expect(200);
    const audit = await t.db.query<{ actor_id: string; academy_id: string; before: unknown; after: unknown }>(
      `SELECT actor_id, academy_id, before, after FROM audit_entries WHERE action = 'privacy_retention.changed'`,
    );
    expect(audit.rows).toEqual([
      {
        actor_id: admin.id,
        academy_id: academy.id,
        before: { answerTextsYears: 2, inactiveAccountYears: 5, custom: false },
        after: { answerTextsYears: 3, inactiveAccountYears: 5 },
      },
    ]);
    // Platform administrators set any academy's; back to the defaults here for the run below.
    await put(platform, academy.id, { answerTextsYears: 2 }).expect(200);
    expect((await get(admin, academy.id).expect(200)).body).toMatchObject({ answerTextsYears: 2, updatedBy: platform.id });
  });

  it('shows the form to administrators, with labels, hints and errors tied to the fields, and saves it with the session’s CSRF token', async () => {
    const visitor = new Visitor(t);
    await visitor.login(admin.email, admin.password);
    const page = await visitor.get('/admin/retention?lang=en');
    expect(page.status).toBe(200);
    expect(page.text).toContain('href="/admin/retention"');
    expect(page.text).toContain('<label for="answerTextsYears">Answer texts kept for (years)</label>');
    expect(page.text).toMatch(/id="answerTextsYears"[^>]*value="2"[^>]*aria-describedby="answerTextsYears-hint"/);
    expect(page.text).toContain('id="retention-no-runs"');

    const forged = await visitor.post('/admin/retention', { _csrf: 'forged', answerTextsYears: '4', inactiveAccountYears: '5' });
    expect(forged.status).toBe(403);
    const wrong = await visitor.post('/admin/retention', {
      _csrf: Visitor.csrf(page.text),
      answerTextsYears: '0',
      inactiveAccountYears: '5',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toMatch(
      /id="answerTextsYears"[^>]*value="0"[^>]*aria-describedby="answerTextsYears-hint answerTextsYears-error"[^>]*aria-invalid="true"/,
    );
    expect(wrong.text).toContain('<p class="error" id="answerTextsYears-error">Answer texts kept for (years) must be at least 1.</p>');
    expect((await get(admin, academy.id).expect(200)).body).toMatchObject({ answerTextsYears: 2 });

    const saved = await visitor.post('/admin/retention', {
      _csrf: Visitor.csrf(page.text),
      answerTextsYears: '4',
      inactiveAccountYears: '6',
    });
    expect(saved).toMatchObject({ status: 303, location: '/admin/retention' });
    const after = await visitor.get('/admin/retention?lang=ru');
    expect(after.text).toContain('Сроки хранения сохранены.');
    expect(after.text).toMatch(/id="inactiveAccountYears"[^>]*value="6"/);
    await put(admin, academy.id, { answerTextsYears: 2, inactiveAccountYears: 5 }).expect(200);

    // Platform administrators choose the academy first.
    const platformVisitor = new Visitor(t);
    await platformVisitor.login(platform.email, platform.password);
    const chooser = await platformVisitor.get('/admin/retention?lang=en');
    expect(chooser.text).toContain('id="retention-academy"');
    expect(chooser.text).toContain(`<option value="${other.id}" dir="auto">Academy RETB</option>`);
    expect(chooser.text).not.toContain('id="retention-form"');
    const chosen = await platformVisitor.get(`/admin/retention?academy=${other.id}`);
    expect(chosen.text).toContain(`action="/admin/retention?academy&#x3D;${other.id}"`); // Handlebars escapes "="
    expect((await platformVisitor.get('/admin/retention?academy=not-an-id')).status).toBe(404);

    const learnerVisitor = new Visitor(t);
    await learnerVisitor.login(learner.email, learner.password);
    expect((await learnerVisitor.get('/dashboard')).text).not.toContain('href="/admin/retention"');
    expect((await learnerVisitor.get('/admin/retention')).status).toBe(403);
  });

  it('selects who is due: not seen for longer than the period, never a platform administrator or the academy’s last active administrator', async () => {
    const service = t.app.get(RetentionService);
    const due = await academyFactory(t.app, { code: 'RETD' });
    const gone = await userFactory(t.app, { academyId: due.id });
    const recent = await userFactory(t.app, { academyId: due.id });
    const neverSeen = await userFactory(t.app, { academyId: due.id });
    const deactivated = await userFactory(t.app, { academyId: due.id });
    const alreadyErased = await userFactory(t.app, { academyId: due.id });
    const platformOfAcademy = await userFactory(t.app, { academyId: due.id });
    const oldestAdmin = await userFactory(t.app, { roles: ['academy_admin'], academyId: due.id });
    const lastAdmin = await userFactory(t.app, { roles: ['academy_admin'], academyId: due.id });
    const signsIn = await userFactory(t.app, { academyId: due.id });
    await lastSeen(gone.id, '6 years');
    await lastSeen(recent.id, '1 year');
    await lastSeen(neverSeen.id, null, '6 years');
    await lastSeen(deactivated.id, '8 years');
    await t.db.query(`UPDATE users SET active = false WHERE id = $1`, [deactivated.id]);
    await lastSeen(alreadyErased.id, '9 years');
    await t.db.query(`UPDATE users SET erased_at = now() - interval '1 year' WHERE id = $1`, [alreadyErased.id]);
    await lastSeen(platformOfAcademy.id, '7 years');
    await t.db.query(`UPDATE users SET roles = '{learner,platform_admin}' WHERE id = $1`, [platformOfAcademy.id]);
    // Both administrators stopped signing in: the one seen longer ago is due, the one seen last stays.
    await lastSeen(oldestAdmin.id, '7 years 6 months');
    await lastSeen(lastAdmin.id, '6 years');
    // Signing in counts as activity.
    await lastSeen(signsIn.id, '6 years');
    await tokenFor(t.http, signsIn);

    const now = new Date();
    const selected = await service.due(due.id, now);
    expect(selected.periods).toMatchObject({ answerTextsYears: 2, inactiveAccountYears: 5, custom: false });
    expect(selected.accountsSeenBefore.getUTCFullYear()).toBe(now.getUTCFullYear() - 5);
    expect(selected.answerTextsEndedBefore.getUTCFullYear()).toBe(now.getUTCFullYear() - 2);
    // The longest unseen first.
    expect(selected.accountIds).toEqual([deactivated.id, oldestAdmin.id, gone.id, neverSeen.id]);

    // The academy's own period: with 7 years, only those unseen for longer are due.
    await put(platform, due.id, { inactiveAccountYears: 7 }).expect(200);
    expect((await service.due(due.id, now)).accountIds).toEqual([deactivated.id, oldestAdmin.id]);
    await put(platform, due.id, { inactiveAccountYears: 5 }).expect(200);
    spared.push(lastAdmin.id, platformOfAcademy.id);
    // Another academy's selection is its own.
    expect((await service.due(other.id, now)).accountIds).toEqual([]);
  });

  it('clears old answer texts and erases long-unseen people per academy, records and audits the counts; a second run changes nothing', async () => {
    const service = t.app.get(RetentionService);
    /** A cohort of the academy in which one learner wrote `text`, backdated to have ended `endedAgo` ago. */
    const cohortWithAnswer = async (academyId: string, text: string, endedAgo: string): Promise<string> => {
      const academyAdmin = await person(['academy_admin'], academyId);
      const trainer = await person(['trainer'], academyId);
      const student = await person(['learner'], academyId);
      const api = (method: 'post' | 'put', path: string, who: Person) =>
        t
          .http()
          [method](path)
          .set(...bearer(who));
      const course = await courseWithLessonFactory(t.http, trainer.token);
      const itemId = (
        await api('post', `/api/v1/courses/${course.courseId}/items`, trainer)
          .send({ type: 'essay', stem: { en: 'Describe the chain of custody.' }, points: 2 })
          .expect(201)
      ).body.id as string;
      const assessmentId = (
        await api('post', `/api/v1/courses/${course.courseId}/assessments`, trainer)
          .send({ kind: 'case_exercise', title: { en: 'Case' }, itemIds: [itemId], passPercent: 0 })
          .expect(201)
      ).body.id as string;
      const versionId = await course.publish();
      const cohortId = (
        await api('post', '/api/v1/cohorts', academyAdmin)
          .send({
            courseVersionId: versionId,
            name: `Cohort ${text}`,
            locale: 'en',
            startsOn: '2026-11-01',
            endsOn: '2027-01-31',
            trainerIds: [trainer.id],
            completion: { minAttendancePercent: 0, requireAllLessons: false },
          })
          .expect(201)
      ).body.id as string;
      await api('post', `/api/v1/cohorts/${cohortId}/enrolments`, academyAdmin)
        .send({ userIds: [student.id] })
        .expect(201);
      const attemptId = (await api('post', `/api/v1/cohorts/${cohortId}/assessments/${assessmentId}/attempts`, student).expect(201)).body
        .id as string;
      await api('put', `/api/v1/attempts/${attemptId}/responses/${itemId}`, student).send({ text }).expect(200);
      await api('post', `/api/v1/attempts/${attemptId}/submit`, student).expect(200);
      await t.db.query(
        `UPDATE cohorts SET starts_on = (now() - $2::interval - interval '1 month')::date, ends_on = (now() - $2::interval)::date,
                            status = 'closed', closed_at = now() - $2::interval
          WHERE id = $1`,
        [cohortId, endedAgo],
      );
      return cohortId;
    };
    const answers = async (cohortId: string): Promise<string[]> =>
      (
        await t.db.query<{ value: string }>(
          `SELECT r.value::text AS value FROM responses r JOIN attempts a ON a.id = r.attempt_id WHERE a.cohort_id = $1`,
          [cohortId],
        )
      ).rows.map((r) => r.value);

    const threeYears = await cohortWithAnswer(academy.id, 'OLD-ANSWER-OF-RETA', '3 years');
    const oneYear = await cohortWithAnswer(academy.id, 'RECENT-ANSWER-OF-RETA', '1 year');
    const otherThreeYears = await cohortWithAnswer(other.id, 'OLD-ANSWER-OF-RETB', '3 years');
    // The other academy keeps answer texts for 5 years.
    await put(otherAdmin, other.id, { answerTextsYears: 5 }).expect(200);
    const gone = await userFactory(t.app, { academyId: academy.id, fullName: 'Long Gone', email: 'long.gone@example.test' });
    const seen = await userFactory(t.app, { academyId: academy.id, fullName: 'Seen Lastyear', email: 'seen.lastyear@example.test' });
    const otherGone = await userFactory(t.app, { academyId: other.id, fullName: 'Gone Elsewhere' });
    await lastSeen(gone.id, '6 years');
    await lastSeen(seen.id, '1 year');
    await lastSeen(otherGone.id, '6 years');
    expect((await answers(threeYears)).join()).toContain('OLD-ANSWER-OF-RETA');

    const first = await service.run(new Date(), null);
    expect(first.failed).toBe(0);
    const mine = first.perAcademy.find((r) => r.academyId === academy.id);
    expect(mine).toMatchObject({ answerTextsCleared: 1, accountsErased: 1, failed: 0, runId: expect.any(String) });
    expect(first.perAcademy.find((r) => r.academyId === other.id)).toMatchObject({ answerTextsCleared: 0, accountsErased: 1 });

    expect((await answers(threeYears)).join()).not.toContain('OLD-ANSWER-OF-RETA');
    expect((await answers(oneYear)).join()).toContain('RECENT-ANSWER-OF-RETA');
    expect((await answers(otherThreeYears)).join()).toContain('OLD-ANSWER-OF-RETB');
    const erased = await userRow(gone.id);
    expect(erased.full_name.startsWith('Erased person')).toBe(true);
    expect(erased.email.endsWith('@invalid')).toBe(true);
    expect(erased.erased_at).not.toBeNull();
    expect(await userRow(seen.id)).toMatchObject({ full_name: 'Seen Lastyear', email: 'seen.lastyear@example.test', erased_at: null });
    expect((await userRow(otherGone.id)).full_name.startsWith('Erased person')).toBe(true);
    // Each erasure is audited as the erasure's own entry, by nobody (the system).
    const erasures = await t.db.query<{ actor_id: string | null }>(
      `SELECT actor_id FROM audit_entries WHERE action = 'user.erased' AND entity_id = $1`,
      [gone.id],
    );
    expect(erasures.rows).toEqual([{ actor_id: null }]);
    expect(spared).toHaveLength(2);
    for (const id of spared) expect((await userRow(id)).erased_at).toBeNull();

    const runs = await t.db.query<{ id: string; answer_texts_cleared: number; accounts_erased: number; job_id: string | null }>(
      `SELECT id, answer_texts_cleared, accounts_erased, job_id FROM privacy_retention_runs WHERE academy_id = $1`,
      [academy.id],
    );
    expect(runs.rows).toEqual([{ id: mine?.runId, answer_texts_cleared: 1, accounts_erased: 1, job_id: null }]);
    const ran = await t.db.query<{ actor_id: string | null; after: Record<string, unknown> }>(
      `SELECT actor_id, after FROM audit_entries WHERE action = 'privacy_retention.ran' AND academy_id = $1`,
      [academy.id],
    );
    expect(ran.rows).toEqual([
      {
        actor_id: null,
        after: expect.objectContaining({
          answerTextsCleared: 1,
          accountsErased: 1,
          failed: 0,
          answerTextsYears: 2,
          inactiveAccountYears: 5,
        }),
      },
    ]);

    // Run again: nothing left to do, in any academy; the report shows both runs, the newest first.
    const fingerprint = async () =>
      (
        await t.db.query<{ h: string }>(
          `SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) AS h FROM (
             SELECT id::text, full_name, email, erased_at::text FROM users
             UNION ALL SELECT r.id::text, r.value::text, NULL, NULL FROM responses r) x`,
        )
      ).rows[0].h;
    const before = await fingerprint();
    const second = await service.run(new Date(), null);
    expect(second).toMatchObject({ answerTextsCleared: 0, accountsErased: 0, failed: 0 });
    expect(await fingerprint()).toBe(before);
    const report = (await get(admin, academy.id).expect(200)).body as Settings;
    expect(report.runs.map((r) => [r.answerTextsCleared, r.accountsErased])).toEqual([
      [0, 0],
      [1, 1],
    ]);
    const visitor = new Visitor(t);
    await visitor.login(admin.email, admin.password);
    const page = await visitor.get('/admin/retention?lang=uk');
    expect(page.text).toContain('видалено 0 текстів відповідей, видалено 0 облікових записів');
    expect(page.text).toMatch(/<table class="retention-runs" id="retention-runs">[\s\S]*<td>1<\/td><td>1<\/td>/);
  });
});
