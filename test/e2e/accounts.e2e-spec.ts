import { academyFactory, courseWithLessonFactory, tokenFor, userFactory } from '../factories';
import { type TestApp, createTestApp } from '../support/test-app';
import { Visitor } from '../support/visitor';

type Person = Awaited<ReturnType<typeof userFactory>>;
const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`];

describe('accounts: login limits, password policy, deactivation, revocation, password changes', () => {
  let t: TestApp;
  let ge: string, ua: string;
  let platform: Person, adminGe: Person, adminUa: Person;
  let platformToken: string, adminGeToken: string, adminUaToken: string;

  beforeAll(async () => {
    t = await createTestApp();
    ge = (await academyFactory(t.app, { code: 'GEL', defaultLocale: 'ka' })).id;
    ua = (await academyFactory(t.app, { code: 'UAL', defaultLocale: 'uk' })).id;
    platform = await userFactory(t.app, { roles: ['platform_admin'] });
    adminGe = await userFactory(t.app, { roles: ['academy_admin'], academyId: ge });
    adminUa = await userFactory(t.app, { roles: ['academy_admin'], academyId: ua });
    platformToken = await tokenFor(t.http, platform);
    adminGeToken = await tokenFor(t.http, adminGe);
    adminUaToken = await tokenFor(t.http, adminUa);
  });
  afterAll(() => t.close());

  const login = (email: string, password: string, from?: string) => {
    const req = t.http().post('/api/v1/auth/login');
    if (from) req.set('x-forwarded-for', from);
    return req.send({ email, password });
  };
  const statuses = (answers: { status: number }[]): Record<number, number> =>
    answers.reduce<Record<number, number>>((acc, a) => ({ ...acc, [a.status]: (acc[a.status] ?? 0) + 1 }), {});

  describe('login limits', () => {
    it('checks at most five of thirty parallel wrong guesses, then refuses even the right password from that address', async () => {
      const victim = await userFactory(t.app, { academyId: ge });
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, i) => login(victim.email, `wrong-guess-number-${i}`, '203.0.113.21')),
      );
      const counted = statuses(answers);
      expect(counted[401]).toBeLessThanOrEqual(5);
      expect(counted[401] + counted[429]).toBe(30);
      const right = await login(victim.email, victim.password, '203.0.113.21').expect(429);
      expect(right.body.message).toMatch(/minute/);
      expect(right.body).not.toHaveProperty('accessToken');
    });

    it('counts a right guess sent among wrong ones as one of the five it checks', async () => {
      const victim = await userFactory(t.app, { academyId: ge });
      const guesses = Array.from({ length: 30 }, (_, i) => (i === 24 ? victim.password : `wrong-guess-number-${i}`));
      const answers = await Promise.all(guesses.map((guess) => login(victim.email, guess, '203.0.113.22')));
      const counted = statuses(answers);
      expect((counted[401] ?? 0) + (counted[200] ?? 0)).toBeLessThanOrEqual(5);
    });

    it('locks the account only for the address that guessed: the person signs in from elsewhere', async () => {
      const victim = await userFactory(t.app, { academyId: ge });
      for (let i = 0; i < 5; i++) await login(victim.email, 'wrong-password-here', '203.0.113.23').expect(401);
      await login(victim.email, victim.password, '203.0.113.23').expect(429);
      await login(victim.email, victim.password, '198.51.100.23').expect(200);
      // IPv6: one /64 is one client, so another host of the same network is locked too, another network is not.
      const other = await userFactory(t.app, { academyId: ge });
      for (let i = 1; i <= 5; i++) await login(other.email, 'wrong-password-here', `2001:db8:7:8::${i}`).expect(401);
      await login(other.email, other.password, '2001:db8:7:8:ffff::1').expect(429);
      await login(other.email, other.password, '2001:db8:7:9::1').expect(200);
    });

    it('backs off exponentially: each failure after the lock doubles the wait; the right password clears it', async () => {
      const victim = await userFactory(t.app, { academyId: ge });
      const from = '203.0.113.24';
      for (let i = 0; i < 5; i++) await login(victim.email, 'wrong-password-here', from).expect(401);
      expect((await login(victim.email, victim.password, from).expect(429)).body.message).toMatch(/\b1 minute\b/);
      const expire = () =>
        t.db.query(`UPDATE login_throttles SET locked_until = now() - interval '1 second' WHERE email = $1`, [victim.email]);
      await expire();
      await login(victim.email, 'wrong-password-here', from).expect(401);
      expect((await login(victim.email, victim.password, from).expect(429)).body.message).toMatch(/\b2 minutes\b/);
      await expire();
      await login(victim.email, 'wrong-password-here', from).expect(401);
      expect((await login(victim.email, victim.password, from).expect(429)).body.message).toMatch(/\b4 minutes\b/);
      await expire();
      await login(victim.email, victim.password, from).expect(200);
      const { rows } = await t.db.query('SELECT count(*)::int AS n FROM login_throttles WHERE email = $1', [victim.email]);
      expect(rows[0].n).toBe(0);
    });

    it('never lets strangers lock the platform administrator out', async () => {
      await Promise.all(Array.from({ length: 30 }, (_, i) => login(platform.email, `stranger-guess-${i}`, '192.0.2.66')));
      for (let host = 100; host < 106; host++)
        for (let i = 0; i < 5; i++) await login(platform.email, `stranger-guess-${i}`, `192.0.2.${host}`);
      await login(platform.email, platform.password, '198.51.100.1').expect(200);
      await login(platform.email, platform.password).expect(200);
    });
  });

  describe('password policy', () => {
    const person = (password: unknown, academyId = ge) => ({
      email: `p${Math.random().toString(36).slice(2)}@example.test`,
      password,
      fullName: 'Нино Беридзе',
      roles: ['learner'],
      academyId,
      locale: 'ka',
    });

    it('refuses passwords shorter than 12, blank or common, in the caller’s language', async () => {
      const post = (body: object, lang = 'en') =>
        t
          .http()
          .post(`/api/v1/users?lang=${lang}`)
          .set(...bearer(adminGeToken))
          .send(body);
      const short = await post(person('eleven-char')).expect(400);
      expect(short.body.details).toEqual([expect.objectContaining({ field: 'password', constraint: 'minLength' })]);
      expect(short.body.message).toContain('at least 12 characters');
      const blank = await post(person(' '.repeat(14))).expect(400);
      expect(blank.body.details).toEqual([expect.objectContaining({ field: 'password', constraint: 'passwordBlank' })]);
      for (const common of ['qwerty123456', 'Password2024!!', '1q2w3e4r5t6y', 'abcabcabcabc']) {
        const res = await post(person(common), 'ru').expect(400);
        expect([common, res.body.details]).toEqual([
          common,
          [expect.objectContaining({ field: 'password', constraint: 'passwordCommon' })],
        ]);
        expect(res.body.message).toMatch(/[а-яё]/i);
      }
      await post(person('Mtskheta-river-at-dawn')).expect(201);
    });

    it('applies the same rules to the CSV import and the people page', async () => {
      const csv = [
        'email,fullName,password',
        'csv.ok@example.test,Ok Person,Mtskheta-river-at-dawn',
        'csv.short@example.test,Short,eleven-char',
        'csv.common@example.test,Common,qwerty123456',
      ].join('\n');
      const res = await t
        .http()
        .post('/api/v1/users/import')
        .set(...bearer(adminGeToken))
        .set('content-type', 'text/csv')
        .send(csv)
        .expect(200);
      expect(res.body.created).toBe(1);
      expect(res.body.errors.map((e: { line: number }) => e.line)).toEqual([3, 4]);

      const v = new Visitor(t);
      await v.login(adminGe.email, adminGe.password);
      const page = await v.get('/admin/users?lang=en');
      const bad = await v.post('/admin/users', {
        _csrf: Visitor.csrf(page.text),
        fullName: 'Page Person',
        email: 'page.common@example.test',
        password: 'qwerty123456',
        roles: 'learner',
        locale: 'en',
      });
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('too common');
      const { rows } = await t.db.query(
        `SELECT count(*)::int AS n FROM users WHERE email IN ('csv.short@example.test', 'csv.common@example.test', 'page.common@example.test')`,
      );
      expect(rows[0].n).toBe(0);
    });
  });

  describe('deactivation', () => {
    it('ends a live token, a page session and autosave at once; reactivation lets the person sign in again', async () => {
      const exam = await examFor(t, adminGeToken, ge);
      const learner = exam.learner;
      const v = new Visitor(t);
      await v.login(learner.email, learner.password);
      expect((await v.get('/dashboard')).status).toBe(200);
      await t
        .http()
        .get('/api/v1/me')
        .set(...bearer(exam.token))
        .expect(200);
      await exam.save(exam.token).expect(200);

      const res = await t
        .http()
        .post(`/api/v1/users/${learner.id}/deactivate`)
        .set(...bearer(adminGeToken))
        .expect(200);
      expect(res.body).toMatchObject({ id: learner.id, active: false });
      await t
        .http()
        .get('/api/v1/me')
        .set(...bearer(exam.token))
        .expect(401);
      await exam.save(exam.token).expect(401);
      expect((await v.get('/dashboard')).status).toBe(303);
      await login(learner.email, learner.password).expect(401);

      await t
        .http()
        .post(`/api/v1/users/${learner.id}/reactivate`)
        .set(...bearer(adminGeToken))
        .expect(200);
      await t
        .http()
        .get('/api/v1/me')
        .set(...bearer(exam.token))
        .expect(401);
      const fresh = await tokenFor(t.http, learner);
      await t
        .http()
        .get('/api/v1/me')
        .set(...bearer(fresh))
        .expect(200);
      await exam.save(fresh).expect(200);

      const audit = await t.db.query(
        `SELECT action, actor_id FROM audit_entries WHERE entity_id = $1 AND action LIKE 'user.%activated' ORDER BY id`,
        [learner.id],
      );
      expect(audit.rows).toEqual([
        { action: 'user.deactivated', actor_id: adminGe.id },
        { action: 'user.reactivated', actor_id: adminGe.id },
      ]);
    });

    it('is for admins of the person’s academy (or the platform), never against a platform administrator or oneself', async () => {
      const learner = await userFactory(t.app, { academyId: ge });
      const trainer = await userFactory(t.app, { roles: ['trainer'], academyId: ge });
      const deactivate = (id: string, token: string) =>
        t
          .http()
          .post(`/api/v1/users/${id}/deactivate`)
          .set(...bearer(token));
      await deactivate(learner.id, adminUaToken).expect(404);
      await deactivate(learner.id, await tokenFor(t.http, trainer)).expect(403);
      await deactivate(platform.id, adminGeToken).expect(404);
      const platformInGe = await userFactory(t.app, { roles: ['platform_admin', 'academy_admin'], academyId: ge });
      await deactivate(platformInGe.id, adminGeToken).expect(403);
      await deactivate(adminGe.id, adminGeToken).expect(409);
      await deactivate(platform.id, platformToken).expect(409);
      await deactivate(learner.id, platformToken).expect(200);
      const { rows } = await t.db.query('SELECT active FROM users WHERE id = ANY($1)', [[platform.id, adminGe.id, platformInGe.id]]);
      expect(rows.every((r: { active: boolean }) => r.active)).toBe(true);
    });

    it('works from the people page, with buttons only where the same rule allows', async () => {
      const learner = await userFactory(t.app, { academyId: ge, fullName: 'Page Learner' });
      const v = new Visitor(t);
      await v.login(adminGe.email, adminGe.password);
      const page = await v.get('/admin/users?lang=en');
      expect(page.text).toContain(`action="/admin/users/${learner.id}/deactivate"`);
      expect(page.text).not.toContain(`action="/admin/users/${adminGe.id}/deactivate"`);
      const forged = await v.post(`/admin/users/${learner.id}/deactivate`, { _csrf: 'forged' });
      expect(forged.status).toBe(403);
      const done = await v.post(`/admin/users/${learner.id}/deactivate`, { _csrf: Visitor.csrf(page.text) });
      expect(done.status).toBe(303);
      const after = await v.get('/admin/users?lang=en');
      expect(after.text).toContain(`action="/admin/users/${learner.id}/reactivate"`);
      expect((await t.db.query('SELECT active FROM users WHERE id = $1', [learner.id])).rows[0].active).toBe(false);
      await v.post(`/admin/users/${learner.id}/reactivate`, { _csrf: Visitor.csrf(after.text) });
      expect((await t.db.query('SELECT active FROM users WHERE id = $1', [learner.id])).rows[0].active).toBe(true);
    });
  });

  describe('tokens and sessions', () => {
    it('revokes the token that logout was given, and only that one, also for autosave', async () => {
      const exam = await examFor(t, adminGeToken, ge);
      const other = await tokenFor(t.http, exam.learner);
      await t
        .http()
        .post('/api/v1/auth/logout')
        .set(...bearer(exam.token))
        .expect(204);
      await t
        .http()
        .get('/api/v1/me')
        .set(...bearer(exam.token))
        .expect(401);
      await exam.save(exam.token).expect(401);
      await t
        .http()
        .get('/api/v1/me')
        .set(...bearer(other))
        .expect(200);
      await exam.save(other).expect(200);
    });

    it('ends the session on logout even without the CSRF token', async () => {
      const person = await userFactory(t.app, { academyId: ge });
      for (const sent of [{}, { _csrf: 'wrong' }] as Record<string, string>[]) {
        const v = new Visitor(t);
        await v.login(person.email, person.password);
        const cookie = (v as unknown as { cookies: Map<string, string> }).cookies.get('probity_session');
        const out = await v.post('/logout', sent);
        expect(out.status).toBe(303);
        expect(out.location).toBe('/login');
        // The browser forgets the cookie; whoever kept a copy of it must find the session ended too.
        const replay = await t.http().get('/dashboard').set('cookie', `probity_session=${cookie}`);
        expect(replay.status).toBe(303);
        expect(replay.headers.location).toMatch(/^\/login/);
      }
    });

    it('follows only same-origin paths after login', async () => {
      const person = await userFactory(t.app, { academyId: ge });
      const attempt = async (next: string): Promise<string | undefined> => {
        const v = new Visitor(t);
        const page = await v.get('/login');
        return (await v.post('/login', { _csrf: Visitor.csrf(page.text), email: person.email, password: person.password, next })).location;
      };
      for (const evil of [
        '/\t/evil.example',
        '//evil.example',
        '/\\evil.example',
        'https://evil.example',
        '/\n/evil.example',
        ' /x',
        '/x y',
        'javascript:alert(1)',
      ])
        expect([evil, await attempt(evil)]).toEqual([evil, '/dashboard']);
      expect(await attempt('/cohorts?tab=open')).toBe('/cohorts?tab=open');
      const shown = await t.http().get('/login?next=/%09/evil.example');
      expect(shown.status).toBe(200);
      expect(shown.text).toContain('name="next" value="/dashboard"');
    });
  });

  describe('passwords', () => {
    it('changes one’s own password through the API: the current one is needed, the policy holds, other tokens end', async () => {
      const person = await userFactory(t.app, { academyId: ge });
      const token = await tokenFor(t.http, person);
      const second = await tokenFor(t.http, person);
      const v = new Visitor(t);
      await v.login(person.email, person.password);
      const change = (body: object, lang = 'en') =>
        t
          .http()
          .put(`/api/v1/me/password?lang=${lang}`)
          .set(...bearer(token))
          .send(body);
      const wrong = await change({ currentPassword: 'not-my-password', newPassword: 'Svaneti-towers-in-snow' }, 'uk').expect(400);
      expect(wrong.body.details).toEqual([expect.objectContaining({ field: 'currentPassword' })]);
      expect(wrong.body.message).toMatch(/[а-яєіїґ]/i);
      await change({ currentPassword: person.password, newPassword: 'qwerty123456' }).expect(400);
      const done = await change({ currentPassword: person.password, newPassword: 'Svaneti-towers-in-snow' }).expect(200);
      expect(typeof done.body.accessToken).toBe('string');
      await t
        .http()
        .get('/api/v1/me')
        .set(...bearer(token))
        .expect(401);
      await t
        .http()
        .get('/api/v1/me')
        .set(...bearer(second))
        .expect(401);
      await t
        .http()
        .get('/api/v1/me')
        .set(...bearer(done.body.accessToken))
        .expect(200);
      expect((await v.get('/dashboard')).status).toBe(303);
      await login(person.email, person.password).expect(401);
      await login(person.email, 'Svaneti-towers-in-snow').expect(200);
    });

    it('changes one’s own password on the page: other sessions end, this one stays', async () => {
      const person = await userFactory(t.app, { academyId: ge });
      const here = new Visitor(t);
      const there = new Visitor(t);
      await here.login(person.email, person.password);
      await there.login(person.email, person.password);
      const token = await tokenFor(t.http, person);
      const dashboard = await here.get('/dashboard?lang=en');
      expect(dashboard.text).toContain('href="/account/password"');
      const form = await here.get('/account/password?lang=en');
      expect(form.status).toBe(200);
      const bad = await here.post('/account/password', {
        _csrf: Visitor.csrf(form.text),
        currentPassword: person.password,
        newPassword: 'short',
      });
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('at least 12 characters');
      const ok = await here.post('/account/password', {
        _csrf: Visitor.csrf(form.text),
        currentPassword: person.password,
        newPassword: 'Batumi-boulevard-by-night',
      });
      expect(ok.status).toBe(303);
      expect((await here.get('/dashboard')).status).toBe(200);
      expect((await there.get('/dashboard')).status).toBe(303);
      await t
        .http()
        .get('/api/v1/me')
        .set(...bearer(token))
        .expect(401);
      const audit = await t.db.query(`SELECT after FROM audit_entries WHERE entity_id = $1 AND action = 'user.password_changed'`, [
        person.id,
      ]);
      expect(audit.rows).toHaveLength(1);
      expect(JSON.stringify(audit.rows)).not.toContain('Batumi');
    });

    it('lets an admin reset a password: the person’s sessions and tokens end; audited without the password', async () => {
      const person = await userFactory(t.app, { academyId: ge });
      const token = await tokenFor(t.http, person);
      const v = new Visitor(t);
      await v.login(person.email, person.password);
      const reset = (id: string, bearerToken: string, newPassword = 'Kutaisi-market-morning') =>
        t
          .http()
          .post(`/api/v1/users/${id}/password`)
          .set(...bearer(bearerToken))
          .send({ newPassword });
      await reset(person.id, adminUaToken).expect(404);
      await reset(person.id, adminGeToken, 'qwerty123456').expect(400);
      await reset(platform.id, adminGeToken).expect(404);
      await reset(adminGe.id, adminGeToken).expect(409);
      await reset(person.id, adminGeToken).expect(200);
      await t
        .http()
        .get('/api/v1/me')
        .set(...bearer(token))
        .expect(401);
      expect((await v.get('/dashboard')).status).toBe(303);
      await login(person.email, person.password).expect(401);
      await login(person.email, 'Kutaisi-market-morning').expect(200);
      const audit = await t.db.query(
        `SELECT actor_id, before, after FROM audit_entries WHERE entity_id = $1 AND action = 'user.password_reset'`,
        [person.id],
      );
      expect(audit.rows).toEqual([expect.objectContaining({ actor_id: adminGe.id })]);
      expect(JSON.stringify(audit.rows)).not.toMatch(/Kutaisi|argon2/);

      // The people page: a reset form per person.
      const admin = new Visitor(t);
      await admin.login(adminGe.email, adminGe.password);
      const page = await admin.get('/admin/users?lang=en');
      expect(page.text).toContain(`action="/admin/users/${person.id}/password"`);
      const done = await admin.post(`/admin/users/${person.id}/password`, {
        _csrf: Visitor.csrf(page.text),
        newPassword: 'Gori-fortress-at-noon',
      });
      expect(done.status).toBe(303);
      await login(person.email, 'Gori-fortress-at-noon').expect(200);
    });
  });
});

/** A learner with an attempt in progress, and a way to autosave an answer with a given token. */
async function examFor(
  t: TestApp,
  adminToken: string,
  academyId: string,
): Promise<{ learner: Person; token: string; save: (token: string) => ReturnType<ReturnType<TestApp['http']>['put']> }> {
  const trainer = await userFactory(t.app, { roles: ['trainer'], academyId });
  const trainerToken = await tokenFor(t.http, trainer);
  const as = (token: string) => bearer(token);
  const { courseId: course, publish } = await courseWithLessonFactory(t.http, trainerToken, { title: { en: 'Custody' } });
  const item = (
    await t
      .http()
      .post(`/api/v1/courses/${course}/items`)
      .set(...as(trainerToken))
      .send({ type: 'true_false', stem: { en: 'A coerced confession is reliable.' }, points: 1, answer: false })
      .expect(201)
  ).body.id;
  const assessment = (
    await t
      .http()
      .post(`/api/v1/courses/${course}/assessments`)
      .set(...as(trainerToken))
      .send({ kind: 'post_test', title: { en: 'Post-test' }, itemIds: [item], passPercent: 60, maxAttempts: 2 })
      .expect(201)
  ).body.id;
  const version = await publish();
  const cohort = (
    await t
      .http()
      .post('/api/v1/cohorts')
      .set(...as(adminToken))
      .send({
        courseVersionId: version,
        name: 'C',
        locale: 'en',
        startsOn: '2027-01-01',
        endsOn: '2027-02-01',
        trainerIds: [trainer.id],
        completion: { minAttendancePercent: 0, requireAllLessons: false },
      })
      .expect(201)
  ).body.id;
  const learner = await userFactory(t.app, { roles: ['learner'], academyId });
  const token = await tokenFor(t.http, learner);
  await t
    .http()
    .post(`/api/v1/cohorts/${cohort}/enrolments`)
    .set(...as(adminToken))
    .send({ userIds: [learner.id] })
    .expect(201);
  const attempt = (
    await t
      .http()
      .post(`/api/v1/cohorts/${cohort}/assessments/${assessment}/attempts`)
      .set(...as(token))
      .expect(201)
  ).body.id;
  return {
    learner,
    token,
    save: (bearerToken: string) =>
      t
        .http()
        .put(`/api/v1/attempts/${attempt}/responses/${item}`)
        .set(...as(bearerToken))
        .send({ text: 'true' }),
  };
}
