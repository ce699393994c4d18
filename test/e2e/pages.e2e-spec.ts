import { academyFactory, userFactory } from '../factories';
import { type TestApp, createTestApp } from '../support/test-app';
import { Visitor } from '../support/visitor';

describe('pages: sessions, CSRF, roles, languages', () => {
  let t: TestApp;
  let academyId: string;
  let admin: Awaited<ReturnType<typeof userFactory>>;
  let learner: Awaited<ReturnType<typeof userFactory>>;

  beforeAll(async () => {
    t = await createTestApp();
    academyId = (await academyFactory(t.app, { code: 'PKX', defaultLocale: 'ur', name: { en: 'Pakistan Academy', ur: 'پاکستان اکیڈمی' } }))
      .id;
    admin = await userFactory(t.app, { roles: ['academy_admin'], academyId, locale: 'ur', fullName: 'عائشہ ملک' });
    learner = await userFactory(t.app, { roles: ['learner'], academyId, locale: 'sw' });
  });
  afterAll(() => t.close());

  it('sends visitors who are not signed in to the login page', async () => {
    const v = new Visitor(t);
    const res = await v.get('/dashboard');
    expect(res.status).toBe(303);
    expect(res.location).toBe('/login?next=%2Fdashboard');
    expect((await v.get('/')).location).toBe('/login');
  });

  it('refuses a login form without its CSRF token, and a wrong password, with the form shown again', async () => {
    const v = new Visitor(t);
    await v.get('/login');
    expect((await v.post('/login', { email: admin.email, password: admin.password })).status).toBe(403);
    const page = await v.get('/login?lang=en');
    const wrong = await v.post('/login', { _csrf: Visitor.csrf(page.text), email: admin.email, password: 'wrong-password' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('The email address or the password is wrong.');
    expect(wrong.text).toContain(`value="${admin.email}"`);
  });

  it('shows a signed-in admin the dashboard in their own language, right to left for Urdu', async () => {
    const v = new Visitor(t);
    await v.login(admin.email, admin.password);
    const res = await v.get('/dashboard', { 'accept-language': 'en-US,en;q=0.9' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('<html lang="ur" dir="rtl">');
    expect(res.text).toContain('عائشہ ملک');
    expect(res.text).toContain('پاکستان اکیڈمی');
    expect(res.text).toContain('href="/admin/users"');
  });

  it('keeps the language picked in the switcher', async () => {
    const v = new Visitor(t);
    await v.login(admin.email, admin.password);
    await v.get('/dashboard?lang=ka');
    const res = await v.get('/admin/users');
    expect(res.text).toContain('<html lang="ka" dir="ltr">');
  });

  it('gives learners no admin navigation and a 403 page on admin pages', async () => {
    const v = new Visitor(t);
    await v.login(learner.email, learner.password);
    const dashboard = await v.get('/dashboard');
    expect(dashboard.text).not.toContain('href="/admin/users"');
    const admin = await v.get('/admin/users');
    expect(admin.status).toBe(403);
    expect(admin.text).toContain('<html lang="sw"');
  });

  it('needs the session’s CSRF token on every form, and changes roles with it', async () => {
    const v = new Visitor(t);
    await v.login(admin.email, admin.password);
    const forged = await v.post(`/admin/users/${learner.id}/roles`, { roles: ['trainer'], _csrf: 'forged' });
    expect(forged.status).toBe(403);
    const { rows: before } = await t.db.query('SELECT roles FROM users WHERE id = $1', [learner.id]);
    expect(before[0].roles).toEqual(['learner']);
    const page = await v.get('/admin/users');
    const ok = await v.post(`/admin/users/${learner.id}/roles`, { roles: ['learner', 'trainer'], _csrf: Visitor.csrf(page.text) });
    expect(ok.status).toBe(303);
    const { rows: after } = await t.db.query('SELECT roles FROM users WHERE id = $1', [learner.id]);
    expect(after[0].roles).toEqual(['learner', 'trainer']);
  });

  it('imports people from pasted CSV and lists the bad lines', async () => {
    const v = new Visitor(t);
    await v.login(admin.email, admin.password);
    const page = await v.get('/admin/users?lang=en');
    const csv = 'email,fullName,password\nf.ahmed@example.test,فاطمہ احمد,long-enough-pass\nbad,Someone,long-enough-pass\n';
    const res = await v.post('/admin/users/import', { _csrf: Visitor.csrf(page.text), csv });
    expect(res.status).toBe(422);
    expect(res.text).toContain('1 person added.');
    expect(res.text).toContain('Line 3:');
    const { rows } = await t.db.query('SELECT academy_id, locale FROM users WHERE email = $1', ['f.ahmed@example.test']);
    expect(rows).toEqual([{ academy_id: academyId, locale: 'ur' }]);
  });

  it('signs out: the session no longer opens pages', async () => {
    const v = new Visitor(t);
    await v.login(admin.email, admin.password);
    const page = await v.get('/dashboard');
    expect((await v.post('/logout', { _csrf: Visitor.csrf(page.text) })).location).toBe('/login');
    expect((await v.get('/dashboard')).status).toBe(303);
  });
});
