import { academyFactory, courseWithLessonFactory, tokenFor, userFactory, versionFactory } from '../factories';
import { type TestApp, createTestApp } from '../support/test-app';

/**
 * Issue 10, point 3: no unauthenticated request costs more than a few milliseconds of CPU, and hostile bodies
 * (huge key counts, deep nesting, NUL, lone surrogates, numeric overflow, nulls where a value is required,
 * prototype names in paths, control characters in `next`) get a small 4xx at once, never a 5xx.
 */
describe('hostile bodies', () => {
  let t: TestApp;
  let token: string;
  let adminToken: string;
  let courseId: string;
  let moduleId: string;
  let lessonId: string;

  const json = (method: 'post' | 'put' | 'patch', path: string, raw: string, bearer?: string) => {
    const req = t.http()[method](path).set('content-type', 'application/json');
    if (bearer) void req.set('authorization', `Bearer ${bearer}`);
    return req.send(raw);
  };
  const counts = async (): Promise<string> => {
    const { rows } = await t.db.query<{ n: string }>(
      `SELECT (SELECT count(*) FROM courses) || '/' || (SELECT count(*) FROM course_modules) || '/' || (SELECT count(*) FROM lessons)
         || '/' || (SELECT string_agg(duration_minutes::text || ':' || title::text, ',' ORDER BY id) FROM lessons) AS n`,
    );
    return rows[0].n;
  };

  beforeAll(async () => {
    t = await createTestApp();
    const academy = await academyFactory(t.app);
    const trainer = await userFactory(t.app, { roles: ['trainer'], academyId: academy.id });
    token = await tokenFor(t.http, trainer);
    adminToken = await tokenFor(t.http, await userFactory(t.app, { roles: ['academy_admin'], academyId: academy.id }));
    ({ courseId, moduleId, lessonId } = await courseWithLessonFactory(t.http, token, {
      code: 'HOSTILE-1',
      title: { en: 'Hostile bodies' },
      module: { en: 'Module' },
      lesson: { title: { en: 'Lesson' }, body: { en: 'Text' }, durationMinutes: 10 },
    }));
    await versionFactory(t.app, trainer, { lessons: 1 });
  });
  afterAll(() => t.close());

  it('answers a login body of 40,000 unknown keys with a small 4xx at once: 413 before signing in, 400 after', async () => {
    const body = `{${Array.from({ length: 40_000 }, (_, i) => `"k${i}":${i}`).join(',')},"email":"a@b.example","password":"x"}`;
    const res = await json('post', '/api/v1/auth/login', body);
    // Without signing in, a body over 16 kB is refused from its declared length: not a byte of it is parsed.
    expect([res.status, res.body.code]).toEqual([413, 'sign_in_to_send']);
    expect(res.text.length).toBeLessThan(4096);
    const ru = await json('post', '/api/v1/auth/login?lang=ru', body);
    expect(ru.body.message).toMatch(/КБ/);
    // Signed in, the same body is parsed under caps: refused while parsed, before the route's guard and service.
    const guarded = await json('post', '/api/v1/courses', body, token);
    expect([guarded.status, guarded.body.code]).toEqual([400, 'body_too_many_keys']);
    // A stranger's forged session cookie or token does not open the door to large bodies.
    const forged = await t
      .http()
      .post('/api/v1/courses')
      .set('content-type', 'application/json')
      .set('cookie', 'probity_session=forged')
      .set('authorization', 'Bearer forged.token.here')
      .send(body);
    expect(forged.status).toBe(413);
  });

  it('answers a page form of 40,000 fields with a small 4xx at once', async () => {
    const body = `${Array.from({ length: 40_000 }, (_, i) => `k${i}=${i}`).join('&')}&email=a%40b.example&password=x`;
    const res = await t.http().post('/login').set('content-type', 'application/x-www-form-urlencoded').send(body);
    expect(res.status).toBe(413);
    expect(res.text.length).toBeLessThan(16_384);
  });

  it('lists at most 20 violations, then says how many more there are', async () => {
    const keys = Array.from({ length: 45 }, (_, i) => `"unknown${i}":1`).join(',');
    const res = await json('post', '/api/v1/auth/login?lang=en', `{${keys}}`);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.details).toHaveLength(20);
    expect(res.body.omitted).toBeGreaterThanOrEqual(45 + 2 - 20);
    expect(res.body.message).toMatch(/and \d+ more mistakes\.$/);
    const ru = await json('post', '/api/v1/auth/login?lang=ru', `{${keys}}`);
    expect(ru.body.message).toMatch(/и ещё \d+ ошиб/);
    expect(ru.text.length).toBeLessThan(8192);
    // 2,000 entries, each wrong twice over: thousands of violations, 20 of them listed.
    const entries = JSON.stringify({ locale: 'ka', entries: Array.from({ length: 2000 }, () => ({ key: 1, text: 2 })) });
    const many = await json('post', `/api/v1/courses/${courseId}/translations`, entries, token);
    expect(many.status).toBe(400);
    expect(many.body.details).toHaveLength(20);
    expect(many.body.omitted).toBeGreaterThanOrEqual(4000 - 20);
    expect(many.text.length).toBeLessThan(8192);
  });

  it('refuses deep nesting with a small 400, as a whole body and inside a field', async () => {
    for (const depth of [40, 1000, 100_000]) {
      for (const raw of [
        `${'['.repeat(depth)}${']'.repeat(depth)}`,
        `{"email":"a@b.example","password":"x","extra":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`,
      ]) {
        // Signed in (the larger bodies would be refused by length before signing in).
        const res = await json('post', '/api/v1/auth/login', raw, token);
        expect([res.status, res.body.code]).toEqual([400, 'body_too_deep']);
        expect(res.text.length).toBeLessThan(4096);
      }
    }
    const nested = await json(
      'post',
      `/api/v1/courses/${courseId}/modules`,
      `{"title":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
      token,
    );
    expect([nested.status, nested.body.code]).toEqual([400, 'body_too_deep']);
  });

  it('refuses NUL characters and lone surrogates in texts and in keys, and stores nothing', async () => {
    const before = await counts();
    const bodies = [
      `{"title":{"en":"Bad\\u0000title"}}`,
      `{"title":{"en":"Bad \\ud800 title"}}`,
      `{"title":{"en":"Bad \\udfff title"}}`,
      `{"title":{"en":"ok"},"scenario":{"en":"\\udc00\\ud800"}}`,
      `{"title":{"en\\u0000":"x"}}`,
    ];
    for (const raw of bodies) {
      const res = await json('post', `/api/v1/courses/${courseId}/modules`, raw, token);
      expect([raw, res.status, res.body.code]).toEqual([raw, 400, 'bad_text']);
      const patch = await json('patch', `/api/v1/lessons/${lessonId}`, raw.replace('"title"', '"body"'), token);
      expect([raw, patch.status]).toEqual([raw, 400]);
    }
    // A well-formed pair (an emoji) is fine.
    await json('patch', `/api/v1/lessons/${lessonId}`, `{"title":{"en":"Seals \\ud83d\\udd12"}}`, token).expect(200);
    const after = await counts();
    expect(after).not.toBe(before); // the emoji patch went through
    const res = await t
      .http()
      .post('/login')
      .set('content-type', 'application/x-www-form-urlencoded')
      .send('email=a%00b%40c.example&password=x');
    expect(res.status).toBe(400);
    const surrogate = await t
      .http()
      .post('/login')
      .set('content-type', 'application/x-www-form-urlencoded')
      .send('email=%ED%A0%80&password=x');
    expect(surrogate.status).toBeLessThan(500);
  });

  it('refuses NUL characters and lone surrogates in query strings, path parameters and CSV uploads', async () => {
    const users = await t.db.query('SELECT count(*) FROM users');
    for (const q of ['%00', 'a%00b']) {
      const res = await t.http().get(`/api/v1/users?q=${q}`).set('authorization', `Bearer ${adminToken}`);
      expect([q, res.status, res.body.code]).toEqual([q, 400, 'bad_text']);
    }
    // A surrogate encoded as UTF-8 bytes is not UTF-8: it decodes to U+FFFD, which is text.
    expect((await t.http().get('/api/v1/users?q=%ED%A0%80').set('authorization', `Bearer ${adminToken}`)).status).toBe(200);
    const verify = await t.http().get('/api/v1/verify/AB%00CD');
    expect(verify.status).toBe(400);
    const csv = await t
      .http()
      .post('/api/v1/users/import')
      .set('authorization', `Bearer ${adminToken}`)
      .set('content-type', 'text/csv')
      .send('email,fullName,password,roles,locale\nnul@example.test,Nul\u0000Person,long-enough-password,learner,en\n');
    expect([csv.status, csv.body.code]).toEqual([400, 'bad_text']);
    expect((await t.db.query('SELECT count(*) FROM users')).rows).toEqual(users.rows);
  });

  it('refuses numeric overflow with 400, in bodies and in queries', async () => {
    const before = await counts();
    for (const n of ['1e400', '-1e400', '9223372036854775808', '2147483648', '1e20']) {
      const res = await json('patch', `/api/v1/lessons/${lessonId}`, `{"durationMinutes":${n}}`, token);
      expect([n, res.status]).toEqual([n, 400]);
      const created = await json(
        'post',
        `/api/v1/modules/${moduleId}/lessons`,
        `{"title":{"en":"L"},"body":{"en":"B"},"durationMinutes":${n}}`,
        token,
      );
      expect([n, created.status]).toEqual([n, 400]);
      const list = await t.http().get(`/api/v1/courses?offset=${n}&limit=1`).set('authorization', `Bearer ${token}`);
      expect([n, list.status]).toEqual([n, 400]);
    }
    const overflow = await json('post', '/api/v1/auth/login', '{"email":"a@b.example","password":"x","n":1e400}');
    expect([overflow.status, overflow.body.code]).toEqual([400, 'bad_number']);
    expect(await counts()).toBe(before);
  });

  it('refuses durationMinutes: null on lesson create and patch', async () => {
    const before = await counts();
    const patch = await json('patch', `/api/v1/lessons/${lessonId}`, '{"durationMinutes":null}', token);
    expect(patch.status).toBe(400);
    expect(patch.body.details[0]).toMatchObject({ field: 'durationMinutes' });
    const create = await json(
      'post',
      `/api/v1/modules/${moduleId}/lessons`,
      '{"title":{"en":"L"},"body":{"en":"B"},"durationMinutes":null}',
      token,
    );
    expect(create.status).toBe(400);
    for (const field of ['title', 'body', 'tags'])
      expect([field, (await json('patch', `/api/v1/lessons/${lessonId}`, `{"${field}":null}`, token)).status]).toEqual([field, 400]);
    expect(await counts()).toBe(before);
  });

  it('answers 404 for prototype names as font files', async () => {
    for (const name of ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf', '__defineGetter__']) {
      const res = await t.http().get(`/fonts/${name}`);
      expect([name, res.status]).toEqual([name, 404]);
    }
  });

  it('never answers 5xx for control characters in next', async () => {
    for (const next of ['%0A', '/%0Aevil', '/dashboard%0D%0ASet-Cookie:%20x=y', '%00', '/%E2%80%A8']) {
      const res = await t.http().get(`/login?next=${next}`);
      expect([next, res.status < 500]).toEqual([next, true]);
      const post = await t.http().post('/login').type('form').send(`next=${next}&email=a%40b.example&password=x`);
      expect([next, post.status < 500]).toEqual([next, true]);
    }
  });
});
