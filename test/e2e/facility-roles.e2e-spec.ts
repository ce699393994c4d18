import { type Locale, type ProbityError, translate } from '@probity/i18n';
import { type AuthUser, type Role, UsersService } from '@probity/identity';
import { academyFactory, tokenFor, userFactory } from '../factories';
import { type TestApp, createTestApp } from '../support/test-app';
import { Visitor } from '../support/visitor';

type Person = Awaited<ReturnType<typeof userFactory>>;
const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`];
const actor = (person: Person): AuthUser => ({ ...person, locale: 'en' });
let serial = 0;
const email = (): string => `facility${++serial}-${Date.now().toString(36)}@example.test`;
const newPerson = (roles: Role[], academyId?: string): Record<string, unknown> => ({
  email: email(),
  password: 'a-long-enough-password',
  fullName: 'Mwajuma Said',
  roles,
  ...(academyId ? { academyId } : {}),
  locale: 'sw',
});
/** The code and parameters a service call was refused with, or 'allowed'. */
const outcome = async (call: () => Promise<unknown>): Promise<unknown> => {
  try {
    await call();
    return 'allowed';
  } catch (error) {
    const { status, code, params } = error as ProbityError;
    return { status, code, ...params };
  }
};
/** What Handlebars makes of a message in the page. */
const html = (text: string): string => text.replace(/&/g, '&amp;').replace(/'/g, '&#x27;').replace(/"/g, '&quot;');

/**
 * The Technical Assistance Facility's three roles in identity (issue 14, ADR 0012): people without an academy, who
 * gives which of the roles (platform administrators all; facility managers experts and partner focal points; academy
 * administrators partner focal points of their academy), whom a facility manager sees, and the navigation and
 * dashboard of each role.
 */
describe('facility roles: people without an academy, who grants the roles, who sees whom, navigation', () => {
  let t: TestApp;
  let a: string, b: string;
  let platform: Person, manager: Person, adminA: Person, learnerA: Person, expert: Person, focalB: Person, learnerExpertA: Person;
  let platformToken: string, adminAToken: string;
  let users: UsersService;

  beforeAll(async () => {
    t = await createTestApp();
    users = t.app.get(UsersService);
    a = (await academyFactory(t.app, { code: 'FRA' })).id;
    b = (await academyFactory(t.app, { code: 'FRB' })).id;
    platform = await userFactory(t.app, { roles: ['platform_admin'] });
    manager = await userFactory(t.app, { roles: ['facility_manager'], fullName: 'Facility Manager' });
    adminA = await userFactory(t.app, { roles: ['academy_admin'], academyId: a });
    learnerA = await userFactory(t.app, { roles: ['learner'], academyId: a });
    expert = await userFactory(t.app, { roles: ['expert'], fullName: 'Roster Expert' });
    focalB = await userFactory(t.app, { roles: ['partner_focal_point'], academyId: b });
    learnerExpertA = await userFactory(t.app, { roles: ['learner', 'expert'], academyId: a });
    platformToken = await tokenFor(t.http, platform);
    adminAToken = await tokenFor(t.http, adminA);
  });
  afterAll(() => t.close());

  const post = (token: string, body: object) =>
    t
      .http()
      .post('/api/v1/users')
      .set(...bearer(token))
      .send(body);
  const putRoles = (token: string, id: string, roles: Role[]) =>
    t
      .http()
      .put(`/api/v1/users/${id}/roles`)
      .set(...bearer(token))
      .send({ roles });

  describe('people without an academy', () => {
    it.each([[['facility_manager']], [['partner_focal_point']], [['expert']], [['partner_focal_point', 'expert']]] as [Role[]][])(
      'creates %j with no academy, audited with no academy',
      async (roles) => {
        const res = await post(platformToken, newPerson(roles)).expect(201);
        expect(res.body).toMatchObject({ roles, academyId: null });
        const audit = await t.db.query(`SELECT academy_id, after FROM audit_entries WHERE action = 'user.created' AND entity_id = $1`, [
          res.body.id,
        ]);
        expect(audit.rows).toEqual([{ academy_id: null, after: expect.objectContaining({ roles, academyId: null }) }]);
      },
    );

    it('refuses a learner, a trainer or an expert who is also a learner without an academy (400, nothing written)', async () => {
      const before = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users')).rows[0].n;
      for (const roles of [['learner'], ['trainer'], ['expert', 'learner'], ['academy_admin', 'partner_focal_point']] as Role[][]) {
        const res = await post(platformToken, newPerson(roles)).expect(400);
        expect(res.body.code).toBe('validation_failed');
        expect(JSON.stringify(res.body)).toContain('academyId');
      }
      expect((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users')).rows[0].n).toBe(before);
    });

    it('keeps a person without an academy to the roles that need none when their roles change', async () => {
      const loner = await userFactory(t.app, { roles: ['expert'] });
      expect(loner.academyId).toBeNull();
      expect((await putRoles(platformToken, loner.id, ['learner']).expect(400)).body.code).toBe('validation_failed');
      expect((await putRoles(platformToken, loner.id, ['expert', 'partner_focal_point']).expect(200)).body.roles).toEqual([
        'partner_focal_point',
        'expert',
      ]);
    });
  });

  describe('who grants the roles', () => {
    it('lets a platform administrator give every role, with or without an academy', async () => {
      for (const roles of [['facility_manager'], ['expert'], ['partner_focal_point']] as Role[][]) {
        await post(platformToken, newPerson(roles, a)).expect(201);
        await post(platformToken, newPerson(roles)).expect(201);
      }
      const changed = await putRoles(platformToken, learnerA.id, ['learner', 'expert']).expect(200);
      expect(changed.body.roles).toEqual(['learner', 'expert']);
      await putRoles(platformToken, learnerA.id, ['learner']).expect(200);
    });

    it('lets an academy administrator give partner focal points of their own academy, never experts or managers', async () => {
      const created = await post(adminAToken, newPerson(['partner_focal_point'], a)).expect(201);
      expect(created.body).toMatchObject({ roles: ['partner_focal_point'], academyId: a });
      const refusals: [object, number, object][] = [
        [newPerson(['partner_focal_point']), 403, { code: 'other_academy' }],
        [newPerson(['partner_focal_point'], b), 403, { code: 'other_academy' }],
        [newPerson(['expert'], a), 403, { code: 'role_not_grantable' }],
        [newPerson(['facility_manager'], a), 403, { code: 'role_not_grantable' }],
        [newPerson(['learner', 'expert'], a), 403, { code: 'role_not_grantable' }],
      ];
      for (const [body, status, answer] of refusals) expect((await post(adminAToken, body).expect(status)).body).toMatchObject(answer);
      // Role changes in their academy: the focal point's role yes, the expert's no; the expert's role of a member stays.
      const member = await userFactory(t.app, { roles: ['learner'], academyId: a });
      expect((await putRoles(adminAToken, member.id, ['learner', 'partner_focal_point']).expect(200)).body.roles).toEqual([
        'learner',
        'partner_focal_point',
      ]);
      expect((await putRoles(adminAToken, member.id, ['learner', 'expert']).expect(403)).body).toMatchObject({
        code: 'role_not_grantable',
      });
      expect((await putRoles(adminAToken, learnerExpertA.id, ['learner', 'trainer', 'expert']).expect(200)).body.roles).toEqual([
        'learner',
        'trainer',
        'expert',
      ]);
      expect((await putRoles(adminAToken, learnerExpertA.id, ['learner', 'trainer']).expect(403)).body.code).toBe('role_not_grantable');
      await putRoles(adminAToken, learnerExpertA.id, ['learner', 'expert']).expect(200);
      // People of no academy and of another academy stay out of reach.
      await putRoles(adminAToken, expert.id, ['partner_focal_point']).expect(404);
      await putRoles(adminAToken, focalB.id, ['learner']).expect(404);
      const audit = await t.db.query(`SELECT actor_id, after FROM audit_entries WHERE action = 'user.roles_changed' AND entity_id = $1`, [
        member.id,
      ]);
      expect(audit.rows).toEqual([{ actor_id: adminA.id, after: { roles: ['learner', 'partner_focal_point'] } }]);
    });

    it('lets a facility manager create and change experts and partner focal points only (the service’s codes)', async () => {
      const fm = actor(manager);
      const create = (roles: Role[], academyId?: string) =>
        outcome(() => users.create(fm, newPerson(roles, academyId) as unknown as Parameters<UsersService['create']>[1]));
      expect(await create(['expert'])).toBe('allowed');
      expect(await create(['partner_focal_point'], b)).toBe('allowed');
      expect(await create(['partner_focal_point', 'expert'], a)).toBe('allowed');
      expect(await create(['learner'], a)).toEqual({ status: 403, code: 'role_not_grantable', role: 'learner' });
      expect(await create(['expert', 'trainer'], a)).toEqual({ status: 403, code: 'role_not_grantable', role: 'trainer' });
      expect(await create(['academy_admin'], a)).toEqual({ status: 403, code: 'role_not_grantable', role: 'academy_admin' });
      expect(await create(['facility_manager'])).toEqual({ status: 403, code: 'role_not_grantable', role: 'facility_manager' });
      expect(await create(['platform_admin'])).toEqual({ status: 403, code: 'role_not_grantable', role: 'platform_admin' });

      const someExpert = await userFactory(t.app, { roles: ['expert'] });
      expect(await outcome(() => users.setRoles(fm, someExpert.id, ['expert', 'partner_focal_point']))).toBe('allowed');
      expect(await outcome(() => users.setRoles(fm, someExpert.id, ['learner']))).toEqual({
        status: 403,
        code: 'role_not_grantable',
        role: 'learner',
      });
      expect(await outcome(() => users.setRoles(fm, learnerExpertA.id, ['learner']))).toEqual({ status: 403, code: 'forbidden' });
      expect(await outcome(() => users.setRoles(fm, manager.id, ['facility_manager', 'expert']))).toEqual({
        status: 403,
        code: 'forbidden',
      });
      expect(await outcome(() => users.setRoles(fm, learnerA.id, ['learner', 'expert']))).toEqual({
        status: 404,
        code: 'not_found',
        entity: 'user',
      });
      expect(await outcome(() => users.setRoles(fm, adminA.id, ['partner_focal_point']))).toEqual({
        status: 404,
        code: 'not_found',
        entity: 'user',
      });
      const audit = await t.db.query(
        `SELECT actor_id, before, after FROM audit_entries WHERE action = 'user.roles_changed' AND entity_id = $1`,
        [someExpert.id],
      );
      expect(audit.rows).toEqual([
        { actor_id: manager.id, before: { roles: ['expert'] }, after: { roles: ['partner_focal_point', 'expert'] } },
      ]);
    });

    it('lets a facility manager do the same through the people page: 303 when allowed, 403 or 404 when not', async () => {
      const v = new Visitor(t);
      await v.login(manager.email, manager.password);
      const page = await v.get('/admin/users?lang=en');
      expect(page.status).toBe(200);
      const csrf = Visitor.csrf(page.text);
      const form = (roles: Role[], academyId = '') =>
        ({ ...newPerson(roles), academyId, _csrf: csrf }) as Record<string, string | string[]>;

      const made = form(['expert']);
      expect((await v.post('/admin/users', made)).status).toBe(303);
      expect((await t.db.query('SELECT academy_id, roles FROM users WHERE email = $1', [made.email])).rows).toEqual([
        { academy_id: null, roles: ['expert'] },
      ]);
      const inB = form(['partner_focal_point'], b);
      expect((await v.post('/admin/users', inB)).status).toBe(303);
      expect((await t.db.query('SELECT academy_id FROM users WHERE email = $1', [inB.email])).rows).toEqual([{ academy_id: b }]);

      const learner = form(['learner'], a);
      const refused = await v.post('/admin/users', learner);
      expect(refused.status).toBe(403);
      expect(refused.text).toContain(html(translate('en', 'errors:role_not_grantable', { role: 'learner' })));
      expect((await t.db.query('SELECT 1 FROM users WHERE email = $1', [learner.email])).rows).toEqual([]);

      const someExpert = await userFactory(t.app, { roles: ['expert'] });
      expect((await v.post(`/admin/users/${someExpert.id}/roles`, { roles: ['expert', 'partner_focal_point'], _csrf: csrf })).status).toBe(
        303,
      );
      expect((await v.post(`/admin/users/${someExpert.id}/roles`, { roles: ['trainer'], _csrf: csrf })).status).toBe(403);
      expect((await v.post(`/admin/users/${learnerExpertA.id}/roles`, { roles: ['learner'], _csrf: csrf })).status).toBe(403);
      expect((await v.post(`/admin/users/${learnerA.id}/roles`, { roles: ['learner', 'expert'], _csrf: csrf })).status).toBe(404);
      expect((await t.db.query('SELECT roles FROM users WHERE id = $1', [someExpert.id])).rows[0].roles).toEqual([
        'partner_focal_point',
        'expert',
      ]);

      // Accounts and descriptions of the people they look after, and of no one else.
      expect((await v.get(`/admin/users/${someExpert.id}`)).status).toBe(200);
      expect((await v.get(`/admin/users/${learnerA.id}`)).status).toBe(404);
      expect((await v.post(`/admin/users/${someExpert.id}/deactivate`, { _csrf: csrf })).status).toBe(303);
      expect((await t.db.query('SELECT active FROM users WHERE id = $1', [someExpert.id])).rows[0].active).toBe(false);
      expect((await v.post(`/admin/users/${learnerExpertA.id}/deactivate`, { _csrf: csrf })).status).toBe(403);
      expect((await v.post(`/admin/users/${learnerA.id}/deactivate`, { _csrf: csrf })).status).toBe(404);
      expect((await v.post(`/admin/users/${manager.id}/deactivate`, { _csrf: csrf })).status).toBe(409);
      expect(
        (await t.db.query('SELECT active FROM users WHERE id = ANY($1)', [[learnerExpertA.id, learnerA.id, manager.id]])).rows,
      ).toEqual([{ active: true }, { active: true }, { active: true }]);
      expect((await v.post('/admin/users/import', { csv: 'email,fullName,password', _csrf: csrf })).status).toBe(403);
    });
  });

  describe('whom a facility manager sees', () => {
    it('lists the people holding an expert’s or a focal point’s role, and themselves, nobody else', async () => {
      const { items, total } = await users.list(actor(manager), { limit: 500 });
      const expected = await t.db.query<{ id: string }>(
        `SELECT id FROM users WHERE roles && ARRAY['expert', 'partner_focal_point'] OR id = $1 ORDER BY id`,
        [manager.id],
      );
      expect(items.map((u) => u.id).sort()).toEqual(expected.rows.map((r) => r.id).sort());
      expect(total).toBe(expected.rows.length);
      const ids = items.map((u) => u.id);
      expect(ids).toEqual(expect.arrayContaining([manager.id, expert.id, focalB.id, learnerExpertA.id]));
      for (const other of [platform, adminA, learnerA]) expect(ids).not.toContain(other.id);
      expect(await outcome(() => users.get(actor(manager), learnerA.id))).toMatchObject({ status: 404 });
      expect(await outcome(() => users.get(actor(manager), focalB.id))).toBe('allowed');
    });

    it('does the same through the API: creates an expert without an academy, refuses a learner, lists only whom they manage', async () => {
      const token = await tokenFor(t.http, manager);
      const created = await post(token, newPerson(['expert'])).expect(201);
      expect(created.body).toMatchObject({ roles: ['expert'], academyId: null });
      expect((await post(token, { ...newPerson(['learner']), academyId: a }).expect(403)).body.code).toBe('role_not_grantable');
      const list = await t
        .http()
        .get('/api/v1/users?limit=500')
        .set(...bearer(token))
        .expect(200);
      const ids = (list.body.items as { id: string }[]).map((u) => u.id);
      expect(ids).toEqual(expect.arrayContaining([created.body.id, expert.id, manager.id]));
      for (const other of [platform, adminA, learnerA]) expect(ids).not.toContain(other.id);
      await t
        .http()
        .get(`/api/v1/users/${learnerA.id}`)
        .set(...bearer(token))
        .expect(404);
      // The import stays with academy and platform administrators.
      await t
        .http()
        .post('/api/v1/users/import')
        .set(...bearer(token))
        .set('content-type', 'text/csv')
        .send('email,fullName\n')
        .expect(403);
    });

    it('shows the same on the people page, with the roles they give and the academy to choose', async () => {
      const v = new Visitor(t);
      await v.login(manager.email, manager.password);
      const page = await v.get('/admin/users?lang=en');
      expect(page.text).toContain(expert.email);
      expect(page.text).toContain(focalB.email);
      expect(page.text).not.toContain(learnerA.email);
      expect(page.text).not.toContain(adminA.email);
      expect(page.text).not.toContain(platform.email);
      const create = page.text.slice(page.text.indexOf('id="create-user"'));
      expect(create).toContain('name="roles" value="expert"');
      expect(create).toContain('name="roles" value="partner_focal_point"');
      for (const role of ['learner', 'trainer', 'academy_admin', 'facility_manager', 'platform_admin'])
        expect(create).not.toContain(`name="roles" value="${role}"`);
      expect(create).toContain('name="academyId"');
      expect(create).toContain(html(translate('en', 'admin:users.academy_hint')));
      expect(page.text).not.toContain('id="import-users"');
    });

    it('keeps an academy administrator to their academy, offering the focal point’s role but not the expert’s', async () => {
      const list = await t
        .http()
        .get('/api/v1/users?limit=500')
        .set(...bearer(adminAToken))
        .expect(200);
      expect(list.body.items.length).toBeGreaterThan(0);
      expect(list.body.items.every((u: { academyId: string }) => u.academyId === a)).toBe(true);
      const v = new Visitor(t);
      await v.login(adminA.email, adminA.password);
      const page = await v.get('/admin/users?lang=en');
      const create = page.text.slice(page.text.indexOf('id="create-user"'));
      expect(create).toContain('name="roles" value="partner_focal_point"');
      expect(create).not.toContain('name="roles" value="expert"');
      expect(create).not.toContain('name="academyId"');
      // A member's expert role, which the academy administrator does not give, is sent back as it is.
      const row = page.text.slice(page.text.indexOf(`/admin/users/${learnerExpertA.id}/roles`));
      expect(row.slice(0, row.indexOf('</form>'))).toContain('<input type="hidden" name="roles" value="expert">');
    });
  });

  describe('navigation and dashboard', () => {
    const REQUESTS = 'href="/assistance/requests"';
    const EXPERTS = 'href="/assistance/experts"';
    const MISSIONS = 'href="/assistance/missions"';
    const FACILITY = 'href="/assistance/dashboard"';
    const nav = (page: string): string =>
      page.slice(page.indexOf('class="main-nav"'), page.indexOf('</nav>', page.indexOf('class="main-nav"')));

    it.each([
      ['facility manager', () => manager, [FACILITY, REQUESTS, MISSIONS, EXPERTS, 'href="/admin/users"'], ['href="/admin/academies"']],
      ['platform administrator', () => platform, [FACILITY, REQUESTS, MISSIONS, EXPERTS], []],
      ['academy administrator', () => adminA, [REQUESTS], [FACILITY, EXPERTS, MISSIONS]],
      ['partner focal point', () => focalB, [REQUESTS], [FACILITY, EXPERTS, MISSIONS, 'href="/admin/users"']],
      ['expert', () => expert, [MISSIONS], [FACILITY, REQUESTS, EXPERTS, 'href="/admin/users"']],
      ['learner', () => learnerA, [], [FACILITY, REQUESTS, EXPERTS, MISSIONS]],
    ] as [string, () => Person, string[], string[]][])('gives the %s their links on the dashboard', async (_, who, present, absent) => {
      const v = new Visitor(t);
      await v.login(who().email, who().password);
      const page = await v.get('/dashboard?lang=en');
      expect(page.status).toBe(200);
      const menu = nav(page.text);
      for (const link of present) expect(menu).toContain(link);
      for (const link of absent) expect(menu).not.toContain(link);
      // The dashboard's own card says where to start and links the same places.
      if (present.includes(REQUESTS) || present.includes(MISSIONS)) {
        const card = page.text.slice(page.text.indexOf('id="assistance"'));
        for (const link of present.filter((l) => l.includes('/assistance/'))) expect(card).toContain(link);
      } else expect(page.text).not.toContain('id="assistance"');
    });

    it.each([
      ['expert', () => expert, 'common:dashboard.assistance.expert'],
      ['partner focal point', () => focalB, 'common:dashboard.assistance.focal_point'],
    ] as [string, () => Person, string][])('tells the %s without other roles where to start', async (_, who, key) => {
      const v = new Visitor(t);
      await v.login(who().email, who().password);
      const page = await v.get('/dashboard?lang=sw');
      expect(page.status).toBe(200);
      expect(page.text).toContain(html(translate('sw', key)));
    });

    it.each([
      ['ur', 'rtl'],
      ['uk', 'ltr'],
    ] as [Locale, string][])('renders a facility manager’s dashboard in %s (%s)', async (locale, dir) => {
      const v = new Visitor(t);
      await v.login(manager.email, manager.password);
      const page = await v.get(`/dashboard?lang=${locale}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain(`<html lang="${locale}" dir="${dir}">`);
      for (const key of [
        'common:nav.assistance',
        'common:nav.experts',
        'common:dashboard.assistance.heading',
        'common:dashboard.assistance.manager',
        'common:dashboard.assistance.requests_link',
        'common:dashboard.assistance.experts_link',
        'common:roles.facility_manager',
      ])
        expect(page.text).toContain(html(translate(locale, key)));
      expect(translate(locale, 'common:dashboard.assistance.manager')).not.toBe(translate('en', 'common:dashboard.assistance.manager'));
    });

    it('answers every other link of their navigation for people without an academy', async () => {
      for (const who of [manager, expert]) {
        const v = new Visitor(t);
        await v.login(who.email, who.password);
        const links = [...nav((await v.get('/dashboard')).text).matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
        expect(links.length).toBeGreaterThan(2);
        // The Facility's own pages are built in libs/assistance; the rest of the shell must answer.
        for (const link of links.filter((l) => !l.startsWith('/assistance/')))
          expect([link, (await v.get(link)).status]).toEqual([link, 200]);
      }
    });
  });
});
