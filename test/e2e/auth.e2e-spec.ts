import { SignJWT } from 'jose';
import { tokenKey } from '@probity/identity';
import { academyFactory, tokenFor, userFactory } from '../factories';
import { TEST_SECRET, type TestApp, createTestApp } from '../support/test-app';

describe('login and tokens', () => {
  let t: TestApp;
  let learner: Awaited<ReturnType<typeof userFactory>>;

  beforeAll(async () => {
    t = await createTestApp();
    const academy = await academyFactory(t.app);
    learner = await userFactory(t.app, { roles: ['learner'], academyId: academy.id, fullName: 'თამარ ჯაფარიძე', locale: 'ka' });
  });
  afterAll(() => t.close());

  it('logs in with the right password and answers the user, never the hash', async () => {
    const res = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: learner.email.toUpperCase(), password: learner.password })
      .expect(200);
    expect(typeof res.body.accessToken).toBe('string');
    expect(res.body.user).toMatchObject({
      id: learner.id,
      email: learner.email,
      fullName: 'თამარ ჯაფარიძე',
      roles: ['learner'],
      locale: 'ka',
    });
    expect(JSON.stringify(res.body)).not.toMatch(/argon2|passwordHash/);
    const me = await t.http().get('/api/v1/me').set('authorization', `Bearer ${res.body.accessToken}`).expect(200);
    expect(me.body).toMatchObject({ id: learner.id, roles: ['learner'] });
  });

  it('refuses a wrong password and an unknown user alike, with 401 in the caller’s language', async () => {
    const wrong = await t.http().post('/api/v1/auth/login').send({ email: learner.email, password: 'not-the-password' }).expect(401);
    const unknown = await t
      .http()
      .post('/api/v1/auth/login?lang=ru')
      .send({ email: 'nobody@example.test', password: 'whatever-it-is' })
      .expect(401);
    expect(wrong.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', message: 'The email address or the password is wrong.' });
    expect(unknown.body.statusCode).toBe(401);
    expect(unknown.body.message).toMatch(/[а-яё]/i);
  });

  it('rejects a missing, forged, expired or unsigned (alg none) token', async () => {
    await t.http().get('/api/v1/me').expect(401);
    const key = tokenKey(TEST_SECRET);
    const expired = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(learner.id)
      .setIssuer('probity')
      .setIssuedAt(1_700_000_000)
      .setExpirationTime(1_700_000_100)
      .sign(key);
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(learner.id)
      .setIssuer('probity')
      .setExpirationTime('1h')
      .sign(tokenKey('some-other-secret-of-enough-length-000000'));
    const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: learner.id, iss: 'probity', exp: Math.floor(Date.now() / 1000) + 3600 })}.`;
    const good = await tokenFor(t.http, learner);
    const tampered = good.replace(
      /\.([^.]+)\./,
      (_m, payload: string) =>
        `.${b64({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: '00000000-0000-4000-8000-000000000000' })}.`,
    );
    for (const token of [expired, forged, unsigned, tampered, 'not-a-jwt']) {
      const res = await t.http().get('/api/v1/me').set('authorization', `Bearer ${token}`).expect(401);
      expect(res.body.error).toBe('Unauthorized');
    }
  });

  it('rate-limits failed logins per account (429), and the limit does not lock other accounts', async () => {
    const victim = await userFactory(t.app);
    for (let i = 0; i < 5; i++)
      await t.http().post('/api/v1/auth/login').send({ email: victim.email, password: 'wrong-password' }).expect(401);
    const blocked = await t.http().post('/api/v1/auth/login').send({ email: victim.email, password: victim.password }).expect(429);
    expect(blocked.body.message).toMatch(/\b1 minute\b/);
    await t.http().post('/api/v1/auth/login').send({ email: learner.email, password: learner.password }).expect(200);
  });

  it('rate-limits failed logins per address across accounts', async () => {
    const ip = '203.0.113.9';
    for (let i = 0; i < 30; i++) {
      await t
        .http()
        .post('/api/v1/auth/login')
        .set('x-forwarded-for', ip)
        .send({ email: `guess${i}@example.test`, password: 'wrong-password' })
        .expect(401);
    }
    await t
      .http()
      .post('/api/v1/auth/login')
      .set('x-forwarded-for', ip)
      .send({ email: learner.email, password: learner.password })
      .expect(429);
    await t
      .http()
      .post('/api/v1/auth/login')
      .set('x-forwarded-for', '198.51.100.7')
      .send({ email: learner.email, password: learner.password })
      .expect(200);
  });
});
