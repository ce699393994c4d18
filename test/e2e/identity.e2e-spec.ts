import { academyFactory, tokenFor, userFactory } from '../factories';
import { type TestApp, createTestApp } from '../support/test-app';

type Token = string;
const auth = (token: Token): [string, string] => ['authorization', `Bearer ${token}`];

describe('academies, users and their guards', () => {
  let t: TestApp;
  let ge: { id: string };
  let ua: { id: string };
  let platform: Token, adminGe: Token, adminUa: Token, trainerGe: Token, learnerGe: Token;
  let learnerUaId: string;

  beforeAll(async () => {
    t = await createTestApp();
    ge = await academyFactory(t.app, { code: 'GEX', defaultLocale: 'ka' });
    ua = await academyFactory(t.app, { code: 'UAX', defaultLocale: 'uk' });
    platform = await tokenFor(t.http, await userFactory(t.app, { roles: ['platform_admin'] }));
    adminGe = await tokenFor(t.http, await userFactory(t.app, { roles: ['academy_admin'], academyId: ge.id }));
    adminUa = await tokenFor(t.http, await userFactory(t.app, { roles: ['academy_admin'], academyId: ua.id }));
    trainerGe = await tokenFor(t.http, await userFactory(t.app, { roles: ['trainer'], academyId: ge.id }));
    learnerGe = await tokenFor(t.http, await userFactory(t.app, { roles: ['learner'], academyId: ge.id }));
    learnerUaId = (await userFactory(t.app, { roles: ['learner'], academyId: ua.id })).id;
  });
  afterAll(() => t.close());

  const newUser = (academyId: string, extra: object = {}): object => ({
    email: `n${Math.random().toString(36).slice(2)}@example.test`,
    password: 'a-long-enough-password',
    fullName: 'Олена Ковальчук',
    roles: ['learner'],
    academyId,
    locale: 'uk',
    ...extra,
  });

  describe('POST /api/v1/academies', () => {
    const body = {
      code: 'TZX',
      name: { en: 'Tanzania Police Academy', sw: 'Chuo cha Polisi Tanzania' },
      country: 'TZ',
      defaultLocale: 'sw',
    };
    it('lets a platform administrator create one, once', async () => {
      const res = await t
        .http()
        .post('/api/v1/academies')
        .set(...auth(platform))
        .send(body)
        .expect(201);
      expect(res.body).toMatchObject({ id: expect.any(String), code: 'TZX', name: body.name, defaultLocale: 'sw', itemReview: false });
      await t
        .http()
        .post('/api/v1/academies')
        .set(...auth(platform))
        .send(body)
        .expect(409);
    });
    it.each([
      ['an academy admin', () => adminGe],
      ['a trainer', () => trainerGe],
      ['a learner', () => learnerGe],
    ])('refuses %s (403)', async (_who, token) => {
      await t
        .http()
        .post('/api/v1/academies')
        .set(...auth(token()))
        .send({ ...body, code: 'ZZZ' })
        .expect(403);
    });
    it('refuses without a token (401)', async () => {
      await t.http().post('/api/v1/academies').send(body).expect(401);
    });
    it('validates the body, field by field', async () => {
      const res = await t
        .http()
        .post('/api/v1/academies')
        .set(...auth(platform))
        .send({ code: 'x', name: { xx: 'Bad' }, country: 'Georgia', defaultLocale: 'fr', extra: 1 })
        .expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['code', 'country', 'defaultLocale', 'extra', 'name']);
    });
  });

  describe('GET /api/v1/academies', () => {
    it('lists academies for any signed-in user, paged', async () => {
      const res = await t
        .http()
        .get('/api/v1/academies?limit=1&offset=0')
        .set(...auth(learnerGe))
        .expect(200);
      expect(res.body.items).toHaveLength(1);
      expect(res.body.total).toBeGreaterThanOrEqual(2);
      await t.http().get('/api/v1/academies').expect(401);
    });
  });

  describe('POST /api/v1/users', () => {
    it('lets an academy admin create people in their own academy, without ever answering the password', async () => {
      const res = await t
        .http()
        .post('/api/v1/users')
        .set(...auth(adminGe))
        .send(newUser(ge.id))
        .expect(201);
      expect(res.body).toMatchObject({ id: expect.any(String), fullName: 'Олена Ковальчук', roles: ['learner'], academyId: ge.id });
      expect(res.body).not.toHaveProperty('password');
      expect(res.body).not.toHaveProperty('passwordHash');
      const row = await t.db.query('SELECT password_hash FROM users WHERE id = $1', [res.body.id]);
      expect(row.rows[0].password_hash).toMatch(/^\$argon2id\$/);
    });
    it('refuses an academy admin creating people in another academy, or platform administrators', async () => {
      await t
        .http()
        .post('/api/v1/users')
        .set(...auth(adminGe))
        .send(newUser(ua.id))
        .expect(403);
      await t
        .http()
        .post('/api/v1/users')
        .set(...auth(adminGe))
        .send(newUser(ge.id, { roles: ['platform_admin'] }))
        .expect(403);
    });
    it('refuses trainers and learners', async () => {
      await t
        .http()
        .post('/api/v1/users')
        .set(...auth(trainerGe))
        .send(newUser(ge.id))
        .expect(403);
      await t
        .http()
        .post('/api/v1/users')
        .set(...auth(learnerGe))
        .send(newUser(ge.id))
        .expect(403);
    });
    it('refuses a second account with the same email, whatever its case (409)', async () => {
      const body = newUser(ge.id);
      await t
        .http()
        .post('/api/v1/users')
        .set(...auth(platform))
        .send(body)
        .expect(201);
      const again = { ...body, email: (body as { email: string }).email.toUpperCase() };
      await t
        .http()
        .post('/api/v1/users')
        .set(...auth(platform))
        .send(again)
        .expect(409);
    });
    it('answers 404 for an academy that does not exist', async () => {
      await t
        .http()
        .post('/api/v1/users')
        .set(...auth(platform))
        .send(newUser('00000000-0000-4000-8000-000000000000'))
        .expect(404);
    });
  });

  describe('academy scope on reads and role changes', () => {
    it('shows an academy admin only their own people; another academy’s person is 404', async () => {
      const list = await t
        .http()
        .get('/api/v1/users?limit=500')
        .set(...auth(adminGe))
        .expect(200);
      expect(list.body.items.every((u: { academyId: string }) => u.academyId === ge.id)).toBe(true);
      await t
        .http()
        .get(`/api/v1/users/${learnerUaId}`)
        .set(...auth(adminGe))
        .expect(404);
      await t
        .http()
        .get(`/api/v1/users/${learnerUaId}`)
        .set(...auth(adminUa))
        .expect(200);
      await t
        .http()
        .get(`/api/v1/users/${learnerUaId}`)
        .set(...auth(platform))
        .expect(200);
    });
    it('lets an admin change roles in their academy (audited) but not in another (404)', async () => {
      await t
        .http()
        .put(`/api/v1/users/${learnerUaId}/roles`)
        .set(...auth(adminGe))
        .send({ roles: ['trainer'] })
        .expect(404);
      const res = await t
        .http()
        .put(`/api/v1/users/${learnerUaId}/roles`)
        .set(...auth(adminUa))
        .send({ roles: ['learner', 'trainer'] })
        .expect(200);
      expect(res.body.roles).toEqual(['learner', 'trainer']);
      const audit = await t.db.query(`SELECT before, after FROM audit_entries WHERE action = 'user.roles_changed' AND entity_id = $1`, [
        learnerUaId,
      ]);
      expect(audit.rows).toEqual([{ before: { roles: ['learner'] }, after: { roles: ['learner', 'trainer'] } }]);
      await t
        .http()
        .put(`/api/v1/users/${learnerUaId}/roles`)
        .set(...auth(adminUa))
        .send({ roles: ['platform_admin'] })
        .expect(403);
      await t
        .http()
        .put(`/api/v1/users/${learnerUaId}/roles`)
        .set(...auth(trainerGe))
        .send({ roles: ['learner'] })
        .expect(403);
    });
    it('refuses user listing to learners and trainers', async () => {
      await t
        .http()
        .get('/api/v1/users')
        .set(...auth(learnerGe))
        .expect(403);
      await t
        .http()
        .get('/api/v1/users')
        .set(...auth(trainerGe))
        .expect(403);
    });
  });

  describe('POST /api/v1/users/import (CSV)', () => {
    it('creates the good lines and reports each bad line by number, in the caller’s language', async () => {
      const csv = [
        'email,fullName,password,roles,locale,sex,agency,rank',
        'a.one@example.test,Ірина Шевченко,long-enough-pass,learner,uk,female,National Police,Investigator',
        'not-an-email,Bad Email,long-enough-pass,learner,uk,,,',
        'b.two@example.test,Богдан Ткаченко,short,learner,uk,male,,',
        'c.three@example.test,"Квітка, Мирослава",long-enough-pass,learner;trainer,uk,,,',
        'a.one@example.test,Duplicate,long-enough-pass,learner,uk,,,',
        'd.four@example.test,Wrong Role,long-enough-pass,judge,uk,,,',
      ].join('\n');
      const res = await t
        .http()
        .post('/api/v1/users/import')
        .set(...auth(adminUa))
        .set('content-type', 'text/csv')
        .send(csv)
        .expect(200);
      expect(res.body.created).toBe(2);
      expect(res.body.errors.map((e: { line: number }) => e.line)).toEqual([3, 4, 6, 7]);
      expect(res.body.errors[0].message).toMatch(/Email address/);
      expect(res.body.errors[1].message).toMatch(/at least 12 characters/);
      const users = await t.db.query(
        `SELECT full_name, roles, academy_id FROM users WHERE email IN ('a.one@example.test', 'c.three@example.test') ORDER BY email`,
      );
      expect(users.rows).toEqual([
        { full_name: 'Ірина Шевченко', roles: ['learner'], academy_id: ua.id },
        { full_name: 'Квітка, Мирослава', roles: ['learner', 'trainer'], academy_id: ua.id },
      ]);
      const ru = await t
        .http()
        .post('/api/v1/users/import?lang=ru')
        .set(...auth(adminUa))
        .set('content-type', 'text/csv')
        .send(csv)
        .expect(200);
      expect(ru.body.created).toBe(0);
      expect(ru.body.errors[0].message).toMatch(/[а-яё]/i);
    });
    it('refuses a CSV without the required columns, and learners', async () => {
      const res = await t
        .http()
        .post('/api/v1/users/import')
        .set(...auth(adminUa))
        .set('content-type', 'text/csv')
        .send('name,mail\nx,y\n')
        .expect(400);
      expect(res.body.message).toMatch(/email/);
      await t
        .http()
        .post('/api/v1/users/import')
        .set(...auth(learnerGe))
        .set('content-type', 'text/csv')
        .send('email\n')
        .expect(403);
    });
  });
});
