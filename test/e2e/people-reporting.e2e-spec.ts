import { AuditService } from '@probity/audit';
import { AGENCY_TYPES, AcademiesService, PERSON_FUNCTIONS, SEXES, UsersService } from '@probity/identity';
import { DEMO_ACADEMIES, seedDemo } from '@probity/seed';
import { DataSource } from 'typeorm';
import { academyFactory, tokenFor, userFactory } from '../factories';
import { type TestApp, createTestApp } from '../support/test-app';
import { Visitor } from '../support/visitor';

type Token = string;
const auth = (token: Token): [string, string] => ['authorization', `Bearer ${token}`];
let serial = 0;
const email = (): string => `p${++serial}${Math.random().toString(36).slice(2, 8)}@example.test`;

/**
 * People described for reporting (issue 13, point 1): sex, agency type and function are controlled lists, set on
 * create and on CSV import (codes or their names in any of the six languages), changed by administrators of the
 * person's academy through PATCH /api/v1/users/:id and the users page, every change audited.
 */
describe('people described for reporting', () => {
  let t: TestApp;
  let ge: { id: string };
  let ua: { id: string };
  let platform: Token, adminGe: Token, adminUa: Token, trainerGe: Token, learnerGe: Token;
  let adminGeUser: Awaited<ReturnType<typeof userFactory>>;

  beforeAll(async () => {
    t = await createTestApp();
    ge = await academyFactory(t.app, { code: 'GEP', defaultLocale: 'ka' });
    ua = await academyFactory(t.app, { code: 'UAP', defaultLocale: 'uk' });
    platform = await tokenFor(t.http, await userFactory(t.app, { roles: ['platform_admin'] }));
    adminGeUser = await userFactory(t.app, { roles: ['academy_admin'], academyId: ge.id });
    adminGe = await tokenFor(t.http, adminGeUser);
    adminUa = await tokenFor(t.http, await userFactory(t.app, { roles: ['academy_admin'], academyId: ua.id }));
    trainerGe = await tokenFor(t.http, await userFactory(t.app, { roles: ['trainer'], academyId: ge.id }));
    learnerGe = await tokenFor(t.http, await userFactory(t.app, { roles: ['learner'], academyId: ge.id }));
  });
  afterAll(() => t.close());

  const row = async (id: string) =>
    (await t.db.query(`SELECT sex, agency_type, function, agency, rank FROM users WHERE id = $1`, [id])).rows[0] as Record<string, unknown>;
  const byEmail = async (address: string) =>
    (await t.db.query(`SELECT sex, agency_type, function FROM users WHERE email = $1`, [address])).rows as Record<string, unknown>[];
  const auditCount = async (id: string): Promise<number> =>
    (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_entries WHERE entity_id = $1`, [id])).rows[0].n;

  describe('POST /api/v1/users', () => {
    it('stores the three lists and answers them, in the detail and in the list', async () => {
      const address = email();
      const created = await t
        .http()
        .post('/api/v1/users')
        .set(...auth(adminGe))
        .send({
          email: address,
          password: 'a-long-enough-password',
          fullName: 'ნინო ხარაიშვილი',
          roles: ['learner'],
          academyId: ge.id,
          locale: 'ka',
          sex: 'not_stated',
          agencyType: 'border_guard',
          function: 'analyst',
          agency: 'Border Police of Georgia',
        })
        .expect(201);
      expect(created.body).toMatchObject({
        sex: 'not_stated',
        agencyType: 'border_guard',
        function: 'analyst',
        agency: 'Border Police of Georgia',
      });
      expect(await row(created.body.id)).toMatchObject({ sex: 'not_stated', agency_type: 'border_guard', function: 'analyst' });
      const detail = await t
        .http()
        .get(`/api/v1/users/${created.body.id}`)
        .set(...auth(adminGe))
        .expect(200);
      expect(detail.body).toMatchObject({ sex: 'not_stated', agencyType: 'border_guard', function: 'analyst' });
      const list = await t
        .http()
        .get(`/api/v1/users?q=${encodeURIComponent(address)}`)
        .set(...auth(adminGe))
        .expect(200);
      expect(list.body.items).toEqual([expect.objectContaining({ id: created.body.id, agencyType: 'border_guard', function: 'analyst' })]);
      const audit = await t.db.query(`SELECT after FROM audit_entries WHERE action = 'user.created' AND entity_id = $1`, [created.body.id]);
      expect(audit.rows[0].after).toMatchObject({ sex: 'not_stated', agencyType: 'border_guard', function: 'analyst' });
    });

    it('leaves the lists empty (not recorded) when they are left out, and refuses values off the lists', async () => {
      const bare = await t
        .http()
        .post('/api/v1/users')
        .set(...auth(adminGe))
        .send({ email: email(), password: 'a-long-enough-password', fullName: 'X Y', roles: ['learner'], academyId: ge.id, locale: 'ka' })
        .expect(201);
      expect(bare.body).toMatchObject({ sex: null, agencyType: null, function: null });
      const bad = await t
        .http()
        .post('/api/v1/users?lang=en')
        .set(...auth(adminGe))
        .send({
          email: email(),
          password: 'a-long-enough-password',
          fullName: 'X Y',
          roles: ['learner'],
          academyId: ge.id,
          locale: 'ka',
          agencyType: 'Police',
          function: 'detective',
        })
        .expect(400);
      expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['agencyType', 'function']);
      expect(bad.body.message).toMatch(/Agency type|Function/);
    });

    it('keeps the lists in the database too: a value off the list breaks a CHECK constraint', async () => {
      const person = await userFactory(t.app, { academyId: ge.id });
      for (const [column, value] of [
        ['sex', 'unknown'],
        ['agency_type', 'army'],
        ['function', 'judge'],
      ])
        await expect(t.db.query(`UPDATE users SET "${column}" = $1 WHERE id = $2`, [value, person.id])).rejects.toThrow(/check constraint/);
      await t.db.query(`UPDATE users SET sex = 'another', agency_type = 'judiciary', function = 'other' WHERE id = $1`, [person.id]);
      await t.db.query(`UPDATE users SET sex = NULL, agency_type = NULL, function = NULL WHERE id = $1`, [person.id]);
    });
  });

  describe('POST /api/v1/users/import (CSV)', () => {
    const header = 'email,fullName,password,roles,locale,sex,agency_type,function,agency,rank';
    const line = (address: string, sex: string, agencyType: string, fn: string): string =>
      `${address},Test Person,long-enough-pass,learner,uk,${sex},${agencyType},${fn},Agency,Rank`;

    it('takes the codes, in any case and spelling of the separator', async () => {
      const people = [email(), email(), email()];
      const csv = [
        header,
        line(people[0], 'female', 'police', 'investigator'),
        line(people[1], 'MALE', 'Border-Guard', 'intelligence officer'),
        line(people[2], 'Not_Stated', 'drug_control', 'SUPERVISOR_MANAGER'),
      ].join('\n');
      const res = await t
        .http()
        .post('/api/v1/users/import')
        .set(...auth(adminUa))
        .set('content-type', 'text/csv')
        .send(csv)
        .expect(200);
      expect(res.body).toEqual({ created: 3, errors: [] });
      expect(await byEmail(people[0])).toEqual([{ sex: 'female', agency_type: 'police', function: 'investigator' }]);
      expect(await byEmail(people[1])).toEqual([{ sex: 'male', agency_type: 'border_guard', function: 'intelligence_officer' }]);
      expect(await byEmail(people[2])).toEqual([{ sex: 'not_stated', agency_type: 'drug_control', function: 'supervisor_manager' }]);
    });

    it('takes the names in each of the six languages, whatever their case', async () => {
      const rows: [string, string, string, { sex: string; agency_type: string; function: string }][] = [
        ['Female', 'Prosecution service', 'Prosecutor', { sex: 'female', agency_type: 'prosecution', function: 'prosecutor' }],
        ['жіноча', 'МИТНІ ОРГАНИ', 'Слідчий', { sex: 'female', agency_type: 'customs', function: 'investigator' }],
        ['Мужской', 'Пограничная служба', 'Аналитик', { sex: 'male', agency_type: 'border_guard', function: 'analyst' }],
        ['მამრობითი', 'პროკურატურა', 'პროკურორი', { sex: 'male', agency_type: 'prosecution', function: 'prosecutor' }],
        ['خاتون', 'انسدادِ منشیات کا ادارہ', 'تجزیہ کار', { sex: 'female', agency_type: 'drug_control', function: 'analyst' }],
        ['Hapendi kutaja', 'polisi', 'Mpelelezi', { sex: 'not_stated', agency_type: 'police', function: 'investigator' }],
        ['Другой', 'Судебные органы', 'Інше', { sex: 'another', agency_type: 'judiciary', function: 'other' }],
      ];
      const people = rows.map(() => email());
      const csv = [header, ...rows.map(([sex, agencyType, fn], i) => line(people[i], sex, agencyType, fn))].join('\n');
      const res = await t
        .http()
        .post('/api/v1/users/import')
        .set(...auth(adminUa))
        .set('content-type', 'text/csv')
        .send(csv)
        .expect(200);
      expect(res.body).toEqual({ created: rows.length, errors: [] });
      for (const [i, [, , , expected]] of rows.entries()) expect(await byEmail(people[i])).toEqual([expected]);
    });

    it('reports each value off the lists by line, in the caller’s language, and creates nothing of that line', async () => {
      const good = email();
      const badSex = email();
      const badAgency = email();
      const badBoth = email();
      const csv = [
        header,
        line(good, '', '', ''),
        line(badSex, 'woman', 'police', 'investigator'),
        line(badAgency, 'female', 'army', 'prosecutor'),
        line(badBoth, 'female', 'Police force', 'detective'),
      ].join('\n');
      const res = await t
        .http()
        .post('/api/v1/users/import?lang=en')
        .set(...auth(adminUa))
        .set('content-type', 'text/csv')
        .send(csv)
        .expect(200);
      expect(res.body.created).toBe(1);
      expect(res.body.errors.map((e: { line: number }) => e.line)).toEqual([3, 4, 5]);
      expect(res.body.errors[0].message).toMatch(/^Sex: “woman” is not on the list\. Give one of female, male, another, not_stated/);
      expect(res.body.errors[1].message).toMatch(/Agency type: “army” is not on the list/);
      expect(res.body.errors[2].message).toMatch(/Agency type: “Police force”.*Function: “detective”/);
      expect(await byEmail(good)).toEqual([{ sex: null, agency_type: null, function: null }]);
      for (const address of [badSex, badAgency, badBoth]) expect(await byEmail(address)).toEqual([]);

      const again = [header, line(email(), 'woman', 'police', 'investigator')].join('\n');
      const ru = await t
        .http()
        .post('/api/v1/users/import?lang=ru')
        .set(...auth(adminUa))
        .set('content-type', 'text/csv')
        .send(again)
        .expect(200);
      expect(ru.body.created).toBe(0);
      expect(ru.body.errors).toEqual([{ line: 2, message: expect.stringMatching(/^Поле «Пол»: значения «woman» нет в списке/) }]);
    });
  });

  describe('PATCH /api/v1/users/:id', () => {
    it('lets an administrator of the person’s academy change the description, audited with old and new values', async () => {
      const person = await userFactory(t.app, { academyId: ge.id });
      const before = await auditCount(person.id);
      const res = await t
        .http()
        .patch(`/api/v1/users/${person.id}`)
        .set(...auth(adminGe))
        .send({ sex: 'female', agencyType: 'police', function: 'investigator', agency: '  Patrol Police Department ', rank: 'Inspector' })
        .expect(200);
      expect(res.body).toMatchObject({
        id: person.id,
        sex: 'female',
        agencyType: 'police',
        function: 'investigator',
        agency: 'Patrol Police Department',
        rank: 'Inspector',
      });
      expect(await row(person.id)).toEqual({
        sex: 'female',
        agency_type: 'police',
        function: 'investigator',
        agency: 'Patrol Police Department',
        rank: 'Inspector',
      });

      // Only what is sent changes; null clears it (not recorded).
      await t
        .http()
        .patch(`/api/v1/users/${person.id}`)
        .set(...auth(adminGe))
        .send({ function: 'analyst', agency: null })
        .expect(200);
      expect(await row(person.id)).toEqual({ sex: 'female', agency_type: 'police', function: 'analyst', agency: null, rank: 'Inspector' });

      // Agency and rank are personal values: commitments in the entries, revealed from audit_personal (ADR 0014).
      const entries = await t.db.query(
        `SELECT id, actor_id, academy_id, before, after FROM audit_entries WHERE action = 'user.profile_changed' AND entity_id = $1 ORDER BY id`,
        [person.id],
      );
      const revealed = (await t.app.get(AuditService).reveal(entries.rows)).map(({ actor_id, academy_id, before, after }) => ({
        actor_id,
        academy_id,
        before,
        after,
      }));
      expect(revealed).toEqual([
        {
          actor_id: adminGeUser.id,
          academy_id: ge.id,
          before: { sex: null, agencyType: null, function: null, agency: null, rank: null },
          after: { sex: 'female', agencyType: 'police', function: 'investigator', agency: 'Patrol Police Department', rank: 'Inspector' },
        },
        {
          actor_id: adminGeUser.id,
          academy_id: ge.id,
          before: { function: 'investigator', agency: 'Patrol Police Department' },
          after: { function: 'analyst', agency: null },
        },
      ]);

      // Nothing changed, nothing written.
      await t
        .http()
        .patch(`/api/v1/users/${person.id}`)
        .set(...auth(adminGe))
        .send({ sex: 'female', rank: 'Inspector' })
        .expect(200);
      expect(await auditCount(person.id)).toBe(before + 2);

      const verify = await t
        .http()
        .get('/api/v1/audit/verify')
        .set(...auth(platform))
        .expect(200);
      expect(verify.body).toMatchObject({ ok: true });
      expect(verify.body.entries).toBeGreaterThan(2);
    });

    it('answers 404 to another academy’s administrator, 403 to learners and trainers, and changes nothing', async () => {
      const person = await userFactory(t.app, { academyId: ge.id });
      for (const [token, status] of [
        [adminUa, 404],
        [learnerGe, 403],
        [trainerGe, 403],
      ] as const)
        await t
          .http()
          .patch(`/api/v1/users/${person.id}`)
          .set(...auth(token))
          .send({ sex: 'male', agencyType: 'customs' })
          .expect(status);
      expect(await row(person.id)).toMatchObject({ sex: null, agency_type: null });
      expect(await auditCount(person.id)).toBe(1); // its creation only
      await t
        .http()
        .patch(`/api/v1/users/${person.id}`)
        .set(...auth(platform))
        .send({ agencyType: 'customs' })
        .expect(200);
      expect(await row(person.id)).toMatchObject({ agency_type: 'customs' });
    });

    it('refuses values off the lists with a 400 naming the field', async () => {
      const person = await userFactory(t.app, { academyId: ge.id });
      const res = await t
        .http()
        .patch(`/api/v1/users/${person.id}?lang=en`)
        .set(...auth(adminGe))
        .send({ sex: 'F', rank: 'x'.repeat(101) })
        .expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['rank', 'sex']);
      expect(await row(person.id)).toMatchObject({ sex: null, rank: null });
    });
  });

  describe('the users page', () => {
    it('shows each person’s lists and an edit form that works without scripts, with errors tied to their fields', async () => {
      const person = await userFactory(t.app, { academyId: ge.id, fullName: 'ლევან ლომიძე' });
      await t.app.get(UsersService).updateProfile({ ...adminGeUser, locale: 'en' }, person.id, { sex: 'male', agencyType: 'prosecution' });
      const v = new Visitor(t);
      await v.login(adminGeUser.email, adminGeUser.password);

      const list = await v.get('/admin/users?lang=en');
      expect(list.status).toBe(200);
      expect(list.text).toContain('Prosecution service');
      expect(list.text).toContain('Not recorded');
      expect(list.text).toContain(`href="/admin/users/${person.id}"`);
      // The create form has the three lists, "not recorded" first.
      expect(list.text).toMatch(
        /<label for="agencyType">Agency type<\/label>\s*<select id="agencyType" name="agencyType">\s*<option value="">Not recorded<\/option>/,
      );

      const form = await v.get(`/admin/users/${person.id}?lang=ur`);
      expect(form.status).toBe(200);
      expect(form.text).toContain('dir="rtl"');
      expect(form.text).toContain('<label for="function">منصبی ذمہ داری</label>');
      expect(form.text).toContain('<option value="prosecution" selected>محکمہ استغاثہ</option>');

      const bad = await v.post(`/admin/users/${person.id}/profile`, {
        _csrf: Visitor.csrf(form.text),
        sex: 'male',
        agencyType: 'navy',
        function: '',
        agency: '',
        rank: '',
      });
      expect(bad.status).toBe(400);
      expect(bad.text).toMatch(/<select id="agencyType" name="agencyType" aria-invalid="true" aria-describedby="agencyType-error">/);
      expect(bad.text).toMatch(/<p class="error" id="agencyType-error">[^<]*ادارے کی قسم/);
      expect(await row(person.id)).toMatchObject({ agency_type: 'prosecution' });

      const done = await v.post(`/admin/users/${person.id}/profile`, {
        _csrf: Visitor.csrf(form.text),
        sex: 'male',
        agencyType: 'prosecution',
        function: 'prosecutor',
        agency: 'Prosecutor’s Office of Georgia',
        rank: '',
      });
      expect(done.status).toBe(303);
      expect(done.location).toBe('/admin/users');
      expect(await row(person.id)).toEqual({
        sex: 'male',
        agency_type: 'prosecution',
        function: 'prosecutor',
        agency: 'Prosecutor’s Office of Georgia',
        rank: null,
      });
      const audit = await t.db.query(
        `SELECT id, before, after FROM audit_entries WHERE action = 'user.profile_changed' AND entity_id = $1 ORDER BY id DESC LIMIT 1`,
        [person.id],
      );
      expect((await t.app.get(AuditService).reveal(audit.rows)).map(({ before, after }) => ({ before, after }))).toEqual([
        { before: { function: null, agency: null }, after: { function: 'prosecutor', agency: 'Prosecutor’s Office of Georgia' } },
      ]);
    });

    it('does not open another academy’s person', async () => {
      const stranger = await userFactory(t.app, { academyId: ua.id });
      const v = new Visitor(t);
      await v.login(adminGeUser.email, adminGeUser.password);
      expect((await v.get(`/admin/users/${stranger.id}`)).status).toBe(404);
      const page = await v.get('/admin/users');
      expect((await v.post(`/admin/users/${stranger.id}/profile`, { _csrf: Visitor.csrf(page.text), sex: 'female' })).status).toBe(404);
      expect(await row(stranger.id)).toMatchObject({ sex: null });
    });
  });

  describe('the demo seed', () => {
    it('describes every demo person, with a mix of values, and stays idempotent', async () => {
      const dataSource = t.app.get(DataSource);
      const academies = t.app.get(AcademiesService);
      const users = t.app.get(UsersService);
      const first = await seedDemo(dataSource, academies, users);
      expect(first.users).toBe(DEMO_ACADEMIES.reduce((n, a) => n + a.people.length, 0));
      const read = async () =>
        (
          await t.db.query<{ email: string; sex: string; agency_type: string; function: string; roles: string[] }>(
            `SELECT email, sex, agency_type, function, roles FROM users WHERE email LIKE '%@probity.demo' ORDER BY email`,
          )
        ).rows;
      const people = await read();
      expect(people).toHaveLength(first.users);
      for (const person of people) {
        expect(SEXES).toContain(person.sex);
        expect(AGENCY_TYPES).toContain(person.agency_type);
        expect(PERSON_FUNCTIONS).toContain(person.function);
      }
      const learners = people.filter((p) => p.roles.includes('learner'));
      expect(new Set(learners.map((p) => p.sex)).size).toBeGreaterThanOrEqual(2);
      expect(new Set(learners.map((p) => p.agency_type)).size).toBeGreaterThanOrEqual(3);
      expect(new Set(learners.map((p) => p.function)).size).toBeGreaterThanOrEqual(3);
      // The learners of the demo cohorts (Georgia and Ukraine) differ by sex, agency type and function.
      const cohortLearners = learners.filter((p) => /\.(ge|ua)@/.test(p.email));
      for (const key of ['sex', 'agency_type', 'function'] as const)
        expect(new Set(cohortLearners.map((p) => p[key])).size).toBeGreaterThanOrEqual(2);

      expect(await seedDemo(dataSource, academies, users)).toEqual({ academies: 0, users: 0 });
      expect(await read()).toEqual(people);
    });
  });
});
