import { tokenFor, userFactory } from '../factories';
import { type TestApp, createTestApp } from '../support/test-app';

describe('HTTP plumbing: health, errors, limits, OpenAPI, audit chain', () => {
  let t: TestApp;
  let platform: string;

  beforeAll(async () => {
    t = await createTestApp();
    platform = await tokenFor(t.http, await userFactory(t.app, { roles: ['platform_admin'] }));
  });
  afterAll(() => t.close());

  it('GET /health checks the database', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', db: 'up' });
  });

  it('sends helmet headers and a request id', async () => {
    const res = await t.http().get('/health').set('x-request-id', 'abc-123').expect(200);
    expect(res.headers['x-request-id']).toBe('abc-123');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('localises validation errors with field names, in two locales', async () => {
    const bad = { email: 'nope', password: '' };
    const en = await t.http().post('/api/v1/auth/login?lang=en').send(bad).expect(400);
    expect(en.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(en.body.details).toEqual(
      expect.arrayContaining([
        { field: 'email', constraint: 'isEmail', message: 'Email address must be a valid email address.' },
        expect.objectContaining({ field: 'password', constraint: 'minLength' }),
      ]),
    );
    const ka = await t.http().post('/api/v1/auth/login').set('accept-language', 'ka-GE,ka;q=0.9,en;q=0.5').send(bad).expect(400);
    expect(ka.body.message).toMatch(/[\u10D0-\u10FF]/);
    expect(ka.body.details[0].message).toMatch(/[\u10D0-\u10FF]/);
    expect(ka.body.message).not.toBe(en.body.message);
  });

  it('refuses bodies over 1 MiB with 413 in the error format (signed in; before signing in the limit is 16 kB)', async () => {
    const res = await t
      .http()
      .post('/api/v1/auth/login')
      .set('authorization', `Bearer ${platform}`)
      .set('content-type', 'application/json')
      .send(JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(1024 * 1024) }))
      .expect(413);
    expect(res.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large', message: expect.stringContaining('1 MiB') });
  });

  it('answers malformed JSON with 400 and unknown routes with 404, in the error format', async () => {
    const bad = await t.http().post('/api/v1/auth/login').set('content-type', 'application/json').send('{"email":').expect(400);
    expect(bad.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    const missing = await t.http().get('/api/v1/nothing-here').expect(404);
    expect(missing.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('documents every API route in OpenAPI, with DTO schemas', async () => {
    const res = await t.http().get('/api/docs-json').expect(200);
    const paths = Object.keys(res.body.paths);
    for (const path of [
      '/health',
      '/api/v1/auth/login',
      '/api/v1/me',
      '/api/v1/academies',
      '/api/v1/users',
      '/api/v1/users/import',
      '/api/v1/users/{id}/roles',
      '/api/v1/audit/verify',
    ]) {
      expect(paths).toContain(path);
    }
    expect(Object.keys(res.body.components.schemas)).toEqual(
      expect.arrayContaining(['LoginDto', 'CreateAcademyDto', 'CreateUserDto', 'SetRolesDto']),
    );
    await t.http().get('/api/docs').expect(200);
  });

  it('keeps a hash-chained audit trail that detects a row altered directly in SQL', async () => {
    for (let i = 0; i < 3; i++) await userFactory(t.app);
    const ok = await t.http().get('/api/v1/audit/verify').set('authorization', `Bearer ${platform}`).expect(200);
    expect(ok.body.ok).toBe(true);
    expect(ok.body.entries).toBeGreaterThanOrEqual(6);
    // The table refuses changes from the application…
    await expect(t.db.query(`UPDATE audit_entries SET action = 'x'`)).rejects.toThrow(/append-only/);
    // …so a tamperer must be a superuser who switches the guard off; the chain still tells.
    const { rows } = await t.db.query<{ id: string }>(
      `SELECT id FROM audit_entries WHERE action = 'user.created' ORDER BY id LIMIT 1 OFFSET 1`,
    );
    await t.db.query('ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only');
    await t.db.query(`UPDATE audit_entries SET after = jsonb_set(after, '{roles}', '["platform_admin"]') WHERE id = $1`, [rows[0].id]);
    await t.db.query('ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only');
    const broken = await t.http().get('/api/v1/audit/verify').set('authorization', `Bearer ${platform}`).expect(200);
    expect(broken.body).toMatchObject({ ok: false, firstBrokenId: rows[0].id });
  });

  it('refuses audit verification to learners', async () => {
    const learner = await tokenFor(t.http, await userFactory(t.app));
    await t.http().get('/api/v1/audit/verify').set('authorization', `Bearer ${learner}`).expect(403);
  });
});
