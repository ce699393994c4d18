import { academyFactory, tokenFor, userFactory, versionFactory } from '../factories';
import { EnrolmentsService, NotificationsService } from '@probity/cohorts';
import { type TestApp, createTestApp } from '../support/test-app';
import { Visitor } from '../support/visitor';

const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`];
type User = Awaited<ReturnType<typeof userFactory>>;

describe('cohorts: enrolment, sessions, attendance, progress and completion', () => {
  let t: TestApp;
  let ge: string, ua: string, kg: string;
  let adminGe: User, trainerGe: User, otherTrainerGe: User, adminUa: User, adminKg: User;
  let tokens: Record<string, string>;
  let version: { versionId: string; lessonIds: string[] };

  beforeAll(async () => {
    t = await createTestApp();
    ge = (await academyFactory(t.app, { code: 'GEH', defaultLocale: 'ka' })).id;
    ua = (await academyFactory(t.app, { code: 'UAH', defaultLocale: 'uk' })).id;
    kg = (await academyFactory(t.app, { code: 'KGH', defaultLocale: 'ru' })).id;
    adminGe = await userFactory(t.app, { roles: ['academy_admin'], academyId: ge });
    trainerGe = await userFactory(t.app, { roles: ['trainer'], academyId: ge });
    otherTrainerGe = await userFactory(t.app, { roles: ['trainer'], academyId: ge });
    adminUa = await userFactory(t.app, { roles: ['academy_admin'], academyId: ua });
    adminKg = await userFactory(t.app, { roles: ['academy_admin'], academyId: kg });
    tokens = {
      adminGe: await tokenFor(t.http, adminGe),
      trainerGe: await tokenFor(t.http, trainerGe),
      otherTrainerGe: await tokenFor(t.http, otherTrainerGe),
      adminUa: await tokenFor(t.http, adminUa),
      adminKg: await tokenFor(t.http, adminKg),
    };
    version = await versionFactory(t.app, trainerGe, { lessons: 3 });
  });
  afterAll(() => t.close());

  async function cohort(body: object = {}): Promise<string> {
    const res = await t
      .http()
      .post('/api/v1/cohorts')
      .set(...bearer(tokens.adminGe))
      .send({
        courseVersionId: version.versionId,
        name: 'Tbilisi 2027',
        locale: 'ka',
        startsOn: '2027-03-01',
        endsOn: '2027-04-30',
        trainerIds: [trainerGe.id],
        ...body,
      });
    expect(res.status).toBe(201);
    return res.body.id;
  }
  const learner = (academyId = ge, extra: object = {}): Promise<User> => userFactory(t.app, { roles: ['learner'], academyId, ...extra });
  const enrol = (id: string, userIds: string[], token = tokens.adminGe) =>
    t
      .http()
      .post(`/api/v1/cohorts/${id}/enrolments`)
      .set(...bearer(token))
      .send({ userIds });
  const roster = async (id: string, token = tokens.trainerGe) =>
    (
      await t
        .http()
        .get(`/api/v1/cohorts/${id}/enrolments`)
        .set(...bearer(token))
        .expect(200)
    ).body.items;

  const accept = (id: string, academyId = ua, token = tokens.adminUa) =>
    t
      .http()
      .post(`/api/v1/cohorts/${id}/partners/${academyId}/accept`)
      .set(...bearer(token));

  it('makes a partnership an invitation: nothing of the partner academy until its administrator accepts', async () => {
    const id = await cohort({ partnerAcademyIds: [ua, kg] });
    const uaLearner = await learner(ua, { fullName: 'Оксана Партнерка' });
    const kgLearner = await learner(kg);
    // Invited, not yet accepted: the owner can neither find nor enrol the partner's people...
    const early = await enrol(id, [uaLearner.id, kgLearner.id]).expect(201);
    expect(early.body.enrolled).toEqual([]);
    expect(early.body.skipped.map((s: { reason: string }) => s.reason)).toEqual(['academy_not_in_cohort', 'academy_not_in_cohort']);
    const candidates = await t.app.get(EnrolmentsService).candidates({ ...adminGe, locale: 'en' } as never, id, 'Партнерка');
    expect(candidates).toEqual([]);
    // ...and the invited academy's admin cannot enrol or see the roster either.
    await enrol(id, [uaLearner.id], tokens.adminUa).expect(404);
    await t
      .http()
      .get(`/api/v1/cohorts/${id}/enrolments`)
      .set(...bearer(tokens.adminUa))
      .expect(404);
    // The invitation is listed for the invited academy only, and its admins were told.
    const invitations = await t
      .http()
      .get('/api/v1/me/partner-invitations')
      .set(...bearer(tokens.adminUa))
      .expect(200);
    expect(invitations.body.items).toEqual([expect.objectContaining({ cohortId: id, status: 'invited', ownerAcademyId: ge })]);
    const inbox = await t.app.get(NotificationsService).inbox({ ...adminUa, locale: 'uk' } as never, 'uk');
    expect(inbox.items.find((n) => n.kind === 'partner_invited')?.subject).toMatch(/Tbilisi 2027/);
    // Only the invited academy's administrator decides: not the owner, not a third academy.
    await accept(id, ua, tokens.adminGe).expect(404);
    await accept(id, ua, tokens.adminKg).expect(404);
    await t
      .http()
      .post(`/api/v1/cohorts/${id}/partners/${kg}/decline`)
      .set(...bearer(tokens.adminKg))
      .expect(200);
    const accepted = await accept(id).expect(200);
    expect(accepted.body).toMatchObject({ academyId: ua, status: 'accepted', decidedBy: adminUa.fullName });
    const twice = await t
      .http()
      .post(`/api/v1/cohorts/${id}/partners/${ua}/decline?lang=ru`)
      .set(...bearer(tokens.adminUa))
      .expect(409);
    expect(twice.body.message).toMatch(/[а-яё]/i);
    // Now the accepting academy takes part; the declining one still does not.
    const later = await enrol(id, [uaLearner.id, kgLearner.id]).expect(201);
    expect(later.body.enrolled).toEqual([uaLearner.id]);
    expect(later.body.skipped).toEqual([expect.objectContaining({ userId: kgLearner.id, reason: 'academy_not_in_cohort' })]);
    const details = await t
      .http()
      .get(`/api/v1/cohorts/${id}`)
      .set(...bearer(tokens.adminGe))
      .expect(200);
    expect(details.body.partners.map((p: { academyId: string; status: string }) => [p.academyId, p.status]).sort()).toEqual(
      [
        [ua, 'accepted'],
        [kg, 'declined'],
      ].sort(),
    );
    await t
      .http()
      .get(`/api/v1/cohorts/${id}`)
      .set(...bearer(tokens.adminKg))
      .expect(404);
    // Both decisions are in the audit trail, under the deciding academy.
    const { rows } = await t.db.query<{ action: string; academy_id: string }>(
      `SELECT action, academy_id FROM audit_entries WHERE entity_id = $1 AND action LIKE 'cohort.partnership_%' ORDER BY id`,
      [id],
    );
    expect(rows).toEqual([
      { action: 'cohort.partnership_declined', academy_id: kg },
      { action: 'cohort.partnership_accepted', academy_id: ua },
    ]);
  });

  it('shows the invitation on the partner’s cohorts page, in their language, and the decision on both academies’ cohort pages', async () => {
    const id = await cohort({ partnerAcademyIds: [ua] });
    await t.db.query(`UPDATE users SET locale = 'uk' WHERE id = $1`, [adminUa.id]);
    const partner = new Visitor(t);
    await partner.login(adminUa.email, adminUa.password);
    const list = await partner.get('/cohorts');
    expect(list.status).toBe(200);
    expect(list.text).toContain('Запрошення до навчальних груп інших академій');
    expect(list.text).toContain(`/cohorts/${id}/partners/${ua}/accept`);
    // Before accepting, the cohort itself stays closed to the partner.
    expect((await partner.get(`/cohorts/${id}`)).status).toBe(404);
    const accepted = await partner.post(`/cohorts/${id}/partners/${ua}/accept`, { _csrf: Visitor.csrf(list.text) });
    expect(accepted.status).toBe(303);
    expect(accepted.location).toBe(`/cohorts/${id}`);
    const overview = await partner.get(`/cohorts/${id}`);
    expect(overview.status).toBe(200);
    expect(overview.text).toContain('запрошення прийнято');
    const owner = new Visitor(t);
    await owner.login(adminGe.email, adminGe.password);
    const ownerPage = await owner.get(`/cohorts/${id}?lang=ru`);
    expect(ownerPage.text).toContain('приглашение принято');
    expect(ownerPage.text).toContain(adminUa.fullName);
  });

  it('enrols by rules: owner and partner academies only, no duplicates, capacity enforced', async () => {
    const id = await cohort({ capacity: 3, partnerAcademyIds: [ua] });
    await accept(id).expect(200);
    const [a, b, c, d] = [await learner(), await learner(ua), await learner(kg), await learner()];
    const trainerNotLearner = trainerGe;
    const res = await enrol(id, [a.id, b.id, c.id, a.id, trainerNotLearner.id, '00000000-0000-4000-8000-000000000000']).expect(201);
    expect(res.body.enrolled.sort()).toEqual([a.id, b.id].sort());
    expect(res.body.skipped).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ userId: c.id, reason: 'academy_not_in_cohort', message: expect.stringContaining('academy') }),
        expect.objectContaining({ userId: trainerNotLearner.id, reason: 'not_a_learner' }),
        expect.objectContaining({ userId: '00000000-0000-4000-8000-000000000000', reason: 'unknown_user' }),
      ]),
    );
    const again = await enrol(id, [a.id, d.id]).expect(201);
    expect(again.body.enrolled).toEqual([d.id]);
    expect(again.body.skipped).toEqual([expect.objectContaining({ userId: a.id, reason: 'already_enrolled' })]);
    const full = await enrol(id, [(await learner()).id]).expect(201);
    expect(full.body.skipped[0].reason).toBe('cohort_full');
    const ru = await t
      .http()
      .post(`/api/v1/cohorts/${id}/enrolments?lang=ru`)
      .set(...bearer(tokens.adminGe))
      .send({ userIds: [c.id] })
      .expect(201);
    expect(ru.body.skipped[0].message).toMatch(/[а-яё]/i);
  });

  it('lets a partner academy’s admin enrol and see only their own people', async () => {
    const id = await cohort({ partnerAcademyIds: [ua] });
    await accept(id).expect(200);
    const own = await learner(ua);
    const theirs = await learner(ge);
    const res = await enrol(id, [own.id, theirs.id], tokens.adminUa).expect(201);
    expect(res.body.enrolled).toEqual([own.id]);
    expect(res.body.skipped).toEqual([expect.objectContaining({ userId: theirs.id, reason: 'not_your_academy' })]);
    await enrol(id, [theirs.id]).expect(201);
    const seenByPartner = await roster(id, tokens.adminUa);
    expect(seenByPartner.map((r: { userId: string }) => r.userId)).toEqual([own.id]);
    expect((await roster(id, tokens.adminGe)).length).toBe(2);
    await t
      .http()
      .post(`/api/v1/cohorts/${id}/sessions`)
      .set(...bearer(tokens.adminUa))
      .send({ startsAt: '2027-03-02T06:00:00Z', endsAt: '2027-03-02T12:00:00Z' })
      .expect(403);
  });

  it('enrols from a CSV of email addresses and reports unknown ones', async () => {
    const id = await cohort();
    const [a, b] = [await learner(), await learner()];
    const csv = `email,name\n${a.email.toUpperCase()},A\n${b.email},B\nnobody@example.test,X\n`;
    const res = await t
      .http()
      .post(`/api/v1/cohorts/${id}/enrolments/import`)
      .set(...bearer(tokens.trainerGe))
      .set('content-type', 'text/csv')
      .send(csv)
      .expect(201);
    expect(res.body.enrolled.sort()).toEqual([a.id, b.id].sort());
    expect(res.body.skipped).toEqual([expect.objectContaining({ email: 'nobody@example.test', reason: 'unknown_email' })]);
    // Someone of another academy gets the same answer as an address nobody has: staff cannot probe accounts elsewhere.
    const elsewhere = await learner(kg);
    const probe = await t
      .http()
      .post(`/api/v1/cohorts/${id}/enrolments/import`)
      .set(...bearer(tokens.trainerGe))
      .set('content-type', 'text/csv')
      .send(`${elsewhere.email}\nnobody2@example.test\n`)
      .expect(201);
    expect(probe.body.skipped).toEqual([
      { email: elsewhere.email, reason: 'unknown_email', message: expect.any(String) },
      { email: 'nobody2@example.test', reason: 'unknown_email', message: expect.any(String) },
    ]);
    expect(probe.body.skipped[0].message).toBe(probe.body.skipped[1].message.replace('nobody2@example.test', elsewhere.email));
    // A file with a stray quote is refused with what is wrong with it, in the caller's language, never a 500.
    const broken = await t
      .http()
      .post(`/api/v1/cohorts/${id}/enrolments/import?lang=ru`)
      .set(...bearer(tokens.trainerGe))
      .set('content-type', 'text/csv')
      .send('email,fullName\n"quoted,comma"@x.test,Tab Name\n')
      .expect(400);
    expect(broken.body).toMatchObject({ code: 'csv_unreadable', message: expect.stringMatching(/[а-яё]/i) });
  });

  it('computes attendance over held sessions, counting excused absences as the rules say', async () => {
    const id = await cohort({ completion: { minAttendancePercent: 75, excused: 'exclude' } });
    const [a, b, c] = [await learner(), await learner(), await learner()];
    await enrol(id, [a.id, b.id, c.id]).expect(201);
    const sessions: string[] = [];
    for (let day = 2; day <= 5; day++) {
      sessions.push(
        (
          await t
            .http()
            .post(`/api/v1/cohorts/${id}/sessions`)
            .set(...bearer(tokens.trainerGe))
            .send({ startsAt: `2027-03-0${day}T06:00:00Z`, endsAt: `2027-03-0${day}T12:00:00Z` })
            .expect(201)
        ).body.id,
      );
    }
    const marks: Record<string, string[]> = {
      [a.id]: ['present', 'late', 'excused', 'absent'],
      [b.id]: ['present', 'present', 'present', 'present'],
      [c.id]: ['absent', 'excused', 'excused'],
    };
    for (let s = 0; s < 4; s++) {
      const records = Object.entries(marks).flatMap(([userId, list]) => (list[s] ? [{ userId, status: list[s] }] : []));
      await t
        .http()
        .put(`/api/v1/cohorts/${id}/sessions/${sessions[s]}/attendance`)
        .set(...bearer(tokens.trainerGe))
        .send({ records })
        .expect(200);
    }
    const rows = await roster(id);
    const percent = (userId: string): number => rows.find((r: { userId: string }) => r.userId === userId).progress.attendancePercent;
    expect(percent(a.id)).toBe(66.7); // 2 attended of 3 counted (1 excused left out)
    expect(percent(b.id)).toBe(100);
    expect(percent(c.id)).toBe(0); // 0 of 2: one absence and a held session with no mark
    expect(rows.find((r: { userId: string }) => r.userId === a.id).unmet).toContain('attendance');
    // Someone who is not enrolled cannot be marked; nothing is written.
    const stranger = await learner();
    await t
      .http()
      .put(`/api/v1/cohorts/${id}/sessions/${sessions[0]}/attendance`)
      .set(...bearer(tokens.trainerGe))
      .send({
        records: [
          { userId: stranger.id, status: 'present' },
          { userId: a.id, status: 'absent' },
        ],
      })
      .expect(400);
    expect(percent(a.id)).toBe((await roster(id)).find((r: { userId: string }) => r.userId === a.id).progress.attendancePercent);
  });

  it('completes an enrolment the moment the last rule is met, exactly once, even under concurrent requests', async () => {
    const id = await cohort({ completion: { minAttendancePercent: 50 } });
    const person = await learner();
    await enrol(id, [person.id]).expect(201);
    const session = (
      await t
        .http()
        .post(`/api/v1/cohorts/${id}/sessions`)
        .set(...bearer(tokens.trainerGe))
        .send({ startsAt: '2027-03-02T06:00:00Z', endsAt: '2027-03-02T12:00:00Z' })
        .expect(201)
    ).body.id;
    await t
      .http()
      .put(`/api/v1/cohorts/${id}/sessions/${session}/attendance`)
      .set(...bearer(tokens.trainerGe))
      .send({ records: [{ userId: person.id, status: 'present' }] })
      .expect(200);
    const token = await tokenFor(t.http, person);
    const complete = (lessonId: string) =>
      t
        .http()
        .post(`/api/v1/cohorts/${id}/lessons/${lessonId}/complete`)
        .set(...bearer(token));
    const first = await complete(version.lessonIds[0]).expect(200);
    expect(first.body).toMatchObject({ lessonsDone: 1, lessonsTotal: 3 });
    expect((await complete(version.lessonIds[0]).expect(200)).body.lessonsDone).toBe(1); // repeat is harmless
    // The last two lessons, each sent five times at once.
    const results = await Promise.all(
      [...Array(5).fill(version.lessonIds[1]), ...Array(5).fill(version.lessonIds[2])].map((l: string) => complete(l)),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const row = (await roster(id)).find((r: { userId: string }) => r.userId === person.id);
    expect(row).toMatchObject({ status: 'completed', progress: { lessonsDone: 3, lessonsTotal: 3, attendancePercent: 100 }, unmet: [] });
    const audit = await t.db.query(`SELECT count(*)::int AS n FROM audit_entries WHERE action = 'enrolment.completed' AND entity_id = $1`, [
      row.enrolmentId,
    ]);
    expect(audit.rows[0].n).toBe(1);
    const notes = await t.db.query(`SELECT kind FROM notifications WHERE user_id = $1 ORDER BY created_at`, [person.id]);
    expect(notes.rows.map((n: { kind: string }) => n.kind)).toEqual(['enrolled', 'completed']);
  });

  it('waits for every session to be held before completing, then completes from the register', async () => {
    const id = await cohort();
    const person = await learner();
    await enrol(id, [person.id]).expect(201);
    const session = (
      await t
        .http()
        .post(`/api/v1/cohorts/${id}/sessions`)
        .set(...bearer(tokens.trainerGe))
        .send({ startsAt: '2027-03-02T06:00:00Z', endsAt: '2027-03-02T12:00:00Z' })
        .expect(201)
    ).body.id;
    const token = await tokenFor(t.http, person);
    for (const lesson of version.lessonIds)
      await t
        .http()
        .post(`/api/v1/cohorts/${id}/lessons/${lesson}/complete`)
        .set(...bearer(token))
        .expect(200);
    expect((await roster(id))[0]).toMatchObject({ status: 'in_progress', unmet: ['sessions_pending'] });
    await t
      .http()
      .put(`/api/v1/cohorts/${id}/sessions/${session}/attendance`)
      .set(...bearer(tokens.trainerGe))
      .send({ records: [{ userId: person.id, status: 'late' }] })
      .expect(200);
    expect((await roster(id))[0].status).toBe('completed');
  });

  it('keeps history across withdrawal and re-enrolment, and progress with it', async () => {
    const id = await cohort();
    const person = await learner();
    await enrol(id, [person.id]).expect(201);
    const token = await tokenFor(t.http, person);
    await t
      .http()
      .post(`/api/v1/cohorts/${id}/lessons/${version.lessonIds[0]}/complete`)
      .set(...bearer(token))
      .expect(200);
    await t
      .http()
      .post(`/api/v1/cohorts/${id}/enrolments/${person.id}/withdraw`)
      .set(...bearer(tokens.trainerGe))
      .send({ reason: 'Transferred to another unit' })
      .expect(200);
    await t
      .http()
      .post(`/api/v1/cohorts/${id}/lessons/${version.lessonIds[1]}/complete`)
      .set(...bearer(token))
      .expect(404);
    await t
      .http()
      .post(`/api/v1/cohorts/${id}/enrolments/${person.id}/withdraw`)
      .set(...bearer(tokens.trainerGe))
      .send({})
      .expect(404);
    await enrol(id, [person.id]).expect(201);
    const rows = (await roster(id)).filter((r: { userId: string }) => r.userId === person.id);
    expect(rows.map((r: { status: string }) => r.status).sort()).toEqual(['in_progress', 'withdrawn']);
    expect(rows.find((r: { status: string }) => r.status === 'in_progress').progress.lessonsDone).toBe(1);
    const { rows: db } = await t.db.query(
      `SELECT status, withdrawal_reason FROM enrolments WHERE cohort_id = $1 AND user_id = $2 ORDER BY enrolled_at`,
      [id, person.id],
    );
    expect(db).toEqual([
      { status: 'withdrawn', withdrawal_reason: 'Transferred to another unit' },
      { status: 'in_progress', withdrawal_reason: null },
    ]);
  });

  it('closes a cohort: everyone not completed becomes not_completed with the unmet rules; nothing changes afterwards', async () => {
    const id = await cohort();
    const person = await learner();
    await enrol(id, [person.id]).expect(201);
    const res = await t
      .http()
      .post(`/api/v1/cohorts/${id}/close`)
      .set(...bearer(tokens.trainerGe))
      .expect(200);
    expect(res.body).toEqual({ completed: 0, notCompleted: 1 });
    const row = (await roster(id))[0];
    expect(row.status).toBe('not_completed');
    const { rows } = await t.db.query('SELECT unmet_rules FROM enrolments WHERE id = $1', [row.enrolmentId]);
    expect(rows[0].unmet_rules).toEqual(['lessons']);
    await enrol(id, [(await learner()).id]).expect(409);
    await t
      .http()
      .post(`/api/v1/cohorts/${id}/close`)
      .set(...bearer(tokens.trainerGe))
      .expect(409);
  });

  it('guards every route: learners, trainers of other cohorts, admins of other academies', async () => {
    const id = await cohort();
    const person = await learner();
    await enrol(id, [person.id]).expect(201);
    const session = (
      await t
        .http()
        .post(`/api/v1/cohorts/${id}/sessions`)
        .set(...bearer(tokens.trainerGe))
        .send({ startsAt: '2027-03-02T06:00:00Z', endsAt: '2027-03-02T12:00:00Z' })
        .expect(201)
    ).body.id;
    const learnerToken = await tokenFor(t.http, person);
    const routes = [
      () => t.http().get(`/api/v1/cohorts/${id}`),
      () => t.http().get(`/api/v1/cohorts/${id}/enrolments`),
      () =>
        t
          .http()
          .post(`/api/v1/cohorts/${id}/enrolments`)
          .send({ userIds: [person.id] }),
      () => t.http().post(`/api/v1/cohorts/${id}/sessions`).send({ startsAt: '2027-03-03T06:00:00Z', endsAt: '2027-03-03T12:00:00Z' }),
      () => t.http().put(`/api/v1/cohorts/${id}/sessions/${session}/attendance`).send({ records: [] }),
      () => t.http().post(`/api/v1/cohorts/${id}/enrolments/${person.id}/withdraw`).send({}),
      () => t.http().post(`/api/v1/cohorts/${id}/close`),
    ];
    for (const route of routes) {
      await route().expect(401);
      await route()
        .set(...bearer(learnerToken))
        .expect(403);
      await route()
        .set(...bearer(tokens.otherTrainerGe))
        .expect(404);
      await route()
        .set(...bearer(tokens.adminKg))
        .expect(404);
    }
    // A learner completes lessons only of their own cohorts.
    const outsider = await tokenFor(t.http, await learner());
    await t
      .http()
      .post(`/api/v1/cohorts/${id}/lessons/${version.lessonIds[0]}/complete`)
      .set(...bearer(outsider))
      .expect(404);
    await t
      .http()
      .post(`/api/v1/cohorts/${id}/lessons/00000000-0000-4000-8000-000000000000/complete`)
      .set(...bearer(learnerToken))
      .expect(404);
    // Creating a cohort: learners cannot; a version of another academy's unshared course is unknown.
    await t
      .http()
      .post('/api/v1/cohorts')
      .set(...bearer(learnerToken))
      .send({})
      .expect(403);
    await t
      .http()
      .post('/api/v1/cohorts')
      .set(...bearer(tokens.adminKg))
      .send({ courseVersionId: version.versionId, name: 'x', locale: 'ru', startsOn: '2027-01-01', endsOn: '2027-02-01', trainerIds: [] })
      .expect(404);
    // The course version is readable by the enrolled learner now, not by others.
    await t
      .http()
      .get(`/api/v1/course-versions/${version.versionId}`)
      .set(...bearer(learnerToken))
      .expect(200);
    await t
      .http()
      .get(`/api/v1/course-versions/${version.versionId}`)
      .set(...bearer(outsider))
      .expect(404);
  });

  it('exports the roster with progress as CSV', async () => {
    const id = await cohort();
    await enrol(id, [(await learner(ge, { fullName: '=HYPERLINK("x")' })).id]).expect(201);
    const res = await t
      .http()
      .get(`/api/v1/cohorts/${id}/enrolments`)
      .set(...bearer(tokens.trainerGe))
      .set('accept', 'text/csv')
      .expect(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'fullName,email,agency,status,lessonsDone,lessonsTotal,attendancePercent,assessmentsPassed,assessmentsRequired,atRisk,unmetRules,enrolledAt,completedAt',
    );
    expect(lines[1]).toMatch(/^"'=HYPERLINK\(""x""\)",/);
  });

  it('queues one reminder per learner for sessions within 24 hours, and mails the outbox in each reader’s language', async () => {
    const id = await cohort({ venue: 'Tbilisi, room 4' });
    const [a, b] = [await learner(ge, { locale: 'ka' }), await learner(ge, { locale: 'en' })];
    await enrol(id, [a.id, b.id]).expect(201);
    const soon = new Date(Date.now() + 3 * 3600_000);
    await t
      .http()
      .post(`/api/v1/cohorts/${id}/sessions`)
      .set(...bearer(tokens.trainerGe))
      .send({ startsAt: soon.toISOString(), endsAt: new Date(soon.getTime() + 3600_000).toISOString() })
      .expect(201);
    const later = new Date(Date.now() + 72 * 3600_000);
    await t
      .http()
      .post(`/api/v1/cohorts/${id}/sessions`)
      .set(...bearer(tokens.trainerGe))
      .send({ startsAt: later.toISOString(), endsAt: new Date(later.getTime() + 3600_000).toISOString() })
      .expect(201);
    const notifications = t.app.get(NotificationsService);
    expect(await notifications.queueSessionReminders(24)).toBeGreaterThanOrEqual(2);
    expect(await notifications.queueSessionReminders(24)).toBe(0); // idempotent
    const sent: { to: string; subject: string; text: string }[] = [];
    const first = await notifications.sendPending((message) => Promise.resolve(void sent.push(message)), 1000);
    expect(first.failed).toBe(0);
    const mine = sent.filter((m) => m.to === a.email || m.to === b.email);
    expect(mine.filter((m) => m.to === a.email)).toHaveLength(2); // enrolled + reminder
    expect(mine.find((m) => m.to === b.email && /Reminder/.test(m.subject))?.text).toContain('Tbilisi, room 4');
    expect(mine.filter((m) => m.to === a.email).every((m) => /\p{Script=Georgian}/u.test(m.subject))).toBe(true);
    expect((await notifications.sendPending((message) => Promise.resolve(void sent.push(message)), 1000)).sent).toBe(0);
    // A failing mail server leaves the message in the outbox for a later try.
    await enrol(id, [(await learner()).id]).expect(201);
    const failing = await notifications.sendPending(() => Promise.reject(new Error('connection refused')), 1000);
    expect(failing).toEqual({ sent: 0, failed: 1 });
    const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM notifications WHERE sent_at IS NULL AND attempts = 1`);
    expect(rows[0].n).toBe(1);
  });
});
