import { DataSource } from 'typeorm';
import { Forbidden, LOCALES, translate } from '@probity/i18n';
import { type ColumnName, PURPOSES, REGISTER, RegisterService, registerGaps } from '@probity/privacy';
import { tokenFor, userFactory } from '../factories';
import { type TestApp, createTestApp } from '../support/test-app';
import { Visitor } from '../support/visitor';

type Body = {
  locale: string;
  tables: number;
  personalColumns: number;
  contexts: {
    code: string;
    label: string;
    categories: { code: string; label: string; tables: { table: string; columns: string[] }[] }[];
    tables: {
      table: string;
      personal: {
        columns: string[];
        category: { code: string; label: string };
        purpose: { code: string; label: string };
        legalBasis: { code: string; label: string };
        retention: { code: string; label: string };
      }[];
      notPersonal: string[];
    }[];
  }[];
};

/**
 * The register of personal data (issue 16 point 1): every column of every table of the public schema (but TypeORM's
 * `migrations`; pg-boss keeps its own schema) and of every entity is declared exactly once, as personal or not, and
 * nothing declared is missing; a column added without a declaration is reported (shown on this file's own database,
 * then removed). Platform administrators read the register through the API and on a page, in their language; nobody
 * else does.
 */
describe('register of personal data', () => {
  let t: TestApp;

  /** The columns of the public schema's tables as the database has them (views are queries over them, left out). */
  const databaseColumns = async (): Promise<ColumnName[]> =>
    (
      await t.db.query<ColumnName>(
        `SELECT c.table_name AS "table", c.column_name AS "column"
           FROM information_schema.columns c
           JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
          WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'`,
      )
    ).rows;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('declares every column of every table once, and nothing that does not exist', async () => {
    const columns = await databaseColumns();
    expect(columns.length).toBeGreaterThan(400);
    expect(registerGaps(REGISTER, columns)).toEqual({ undeclared: [], unknown: [], repeated: [] });
  });

  it('declares every column of every entity', () => {
    const entities = t.app.get(DataSource).entityMetadatas;
    expect(entities.length).toBeGreaterThan(70);
    const columns = entities.flatMap((e) => e.columns.map((c) => ({ table: e.tableName, column: c.databaseName })));
    const gaps = registerGaps(REGISTER, columns);
    expect(gaps.undeclared).toEqual([]);
    expect(gaps.repeated).toEqual([]);
    // Declared tables without an entity (rate_limits, settings, worker_heartbeats) are the only ones the entities miss.
    const entityTables = new Set(entities.map((e) => e.tableName));
    expect(
      REGISTER.map((d) => d.table)
        .filter((table) => !entityTables.has(table))
        .sort(),
    ).toEqual(['rate_limits', 'settings', 'worker_heartbeats']);
  });

  it('reports a column or a table added without a declaration, and a declaration of nothing', async () => {
    const before = registerGaps(REGISTER, await databaseColumns());
    try {
      await t.db.query(`ALTER TABLE users ADD COLUMN scratch_nickname text`);
      await t.db.query(`CREATE TABLE scratch_register_probe (id uuid PRIMARY KEY, note text)`);
      const gaps = registerGaps(REGISTER, await databaseColumns());
      const added = ['scratch_register_probe.id', 'scratch_register_probe.note', 'users.scratch_nickname'];
      expect(gaps.undeclared).toEqual([...before.undeclared, ...added].sort());
      expect(gaps.unknown).toEqual(before.unknown);
    } finally {
      await t.db.query(`ALTER TABLE users DROP COLUMN IF EXISTS scratch_nickname`);
      await t.db.query(`DROP TABLE IF EXISTS scratch_register_probe`);
    }
    const after = await databaseColumns();
    expect(after.filter((c) => c.column === 'scratch_nickname' || c.table === 'scratch_register_probe')).toEqual([]);
    expect(registerGaps(REGISTER, after)).toEqual(before);

    // A declared column that is gone, a table declared twice, a column named twice: each is reported.
    const users = REGISTER.find((d) => d.table === 'users');
    const web = REGISTER.find((d) => d.table === 'web_sessions');
    if (!users || !web) throw new Error('users and web_sessions are declared');
    const wrong = [
      ...REGISTER.filter((d) => d !== users),
      { ...users, notPersonal: [...users.notPersonal, 'nickname', 'email'] },
      web,
      { table: 'no_such_table', context: 'identity', personal: [], notPersonal: ['id'] },
    ];
    const wrongGaps = registerGaps(wrong, after);
    expect(wrongGaps.undeclared).toEqual(before.undeclared);
    expect(wrongGaps.unknown).toEqual([...before.unknown, 'no_such_table', 'users.nickname'].sort());
    expect(wrongGaps.repeated).toEqual(
      [
        ...before.repeated,
        'users.email',
        'web_sessions',
        ...['created_at', 'csrf_token', 'expires_at', 'token_hash', 'user_id'].map((c) => `web_sessions.${c}`),
      ].sort(),
    );
  });

  it('names every purpose, category, legal basis, retention rule and context in every language', () => {
    const codes = new Set<string>();
    for (const d of REGISTER) {
      codes.add(`context.${d.context}`);
      for (const g of d.personal) {
        expect(PURPOSES).toContain(g.purpose);
        codes.add(`purpose.${g.purpose}`).add(`category.${g.category}`).add(`legal_basis.${g.legalBasis}`).add(`retention.${g.retention}`);
      }
    }
    for (const locale of LOCALES)
      for (const code of codes) {
        const text = translate(locale, `register:${code}`);
        expect(text).not.toBe(code);
        expect(text).not.toBe(`register:${code}`);
      }
  });

  describe('who reads it', () => {
    let admin: { email: string; password: string; token: string };
    let others: { role: string; token: string; email: string; password: string }[];

    beforeAll(async () => {
      const a = await userFactory(t.app, { roles: ['platform_admin'] });
      admin = { ...a, token: await tokenFor(t.http, a) };
      others = [];
      for (const role of ['academy_admin', 'trainer', 'learner', 'facility_manager'] as const) {
        const u = await userFactory(t.app, { roles: [role] });
        others.push({ role, email: u.email, password: u.password, token: await tokenFor(t.http, u) });
      }
    });

    it('gives platform administrators the register in their language, and nobody else', async () => {
      const en = (await t.http().get('/api/v1/privacy/register').set('authorization', `Bearer ${admin.token}`).expect(200)).body as Body;
      expect(en.locale).toBe('en');
      expect(en.tables).toBe(REGISTER.length);
      const declared = REGISTER.reduce((n, d) => n + d.personal.reduce((m, g) => m + g.columns.length, 0), 0);
      expect(en.personalColumns).toBe(declared);
      const identity = en.contexts.find((c) => c.code === 'identity');
      const users = identity?.tables.find((table) => table.table === 'users');
      const names = users?.personal.find((g) => g.columns.includes('full_name'));
      expect(names?.category).toEqual({ code: 'identity', label: translate('en', 'register:category.identity') });
      expect(names?.legalBasis.code).toBe('public_task');
      expect(identity?.categories.find((c) => c.code === 'contact')?.tables).toEqual([{ table: 'users', columns: ['email'] }]);
      // A table without personal data stays listed, with its columns as not personal.
      expect(identity?.tables.find((table) => table.table === 'academies')).toEqual(expect.objectContaining({ personal: [] }));

      const uk = (await t.http().get('/api/v1/privacy/register?lang=uk').set('authorization', `Bearer ${admin.token}`).expect(200))
        .body as Body;
      const ukNames = uk.contexts.find((c) => c.code === 'identity')?.tables.find((table) => table.table === 'users')?.personal[0];
      expect(ukNames?.retention.label).toBe(translate('uk', 'register:retention.account_lifetime'));
      expect(ukNames?.retention.label).not.toBe(translate('en', 'register:retention.account_lifetime'));

      for (const other of others) {
        const refused = await t.http().get('/api/v1/privacy/register?lang=ru').set('authorization', `Bearer ${other.token}`);
        expect([other.role, refused.status]).toEqual([other.role, 403]);
        expect((refused.body as { code: string }).code).toBe('forbidden');
        expect((refused.body as { message: string }).message).toBe(translate('ru', 'errors:forbidden'));
      }
      await t.http().get('/api/v1/privacy/register').expect(401);
      // The service holds the same rule for any other caller (a page, an export).
      const academyAdmin = {
        id: '00000000-0000-4000-8000-000000000001',
        email: 'a@x.test',
        fullName: 'A',
        roles: ['academy_admin' as const],
        academyId: null,
        locale: 'en' as const,
      };
      expect(() => t.app.get(RegisterService).view(academyAdmin, 'en')).toThrow(Forbidden);
    });

    it('shows the page in Ukrainian and in Urdu (right to left), with a link in the menu', async () => {
      const visitor = new Visitor(t);
      await visitor.login(admin.email, admin.password);
      const uk = await visitor.get('/admin/privacy?lang=uk');
      expect(uk.status).toBe(200);
      expect(uk.text).toContain('lang="uk"');
      expect(uk.text).toContain(translate('uk', 'register:heading'));
      expect(uk.text).toContain(translate('uk', 'register:purpose.assess_learning'));
      expect(uk.text).toContain(translate('uk', 'register:legal_basis.consent'));
      expect(uk.text).toContain('id="table-audit_entries"');
      expect(uk.text).toContain('href="/admin/privacy"');
      expect(uk.text).not.toContain(translate('en', 'register:purpose.assess_learning'));

      const ur = await visitor.get('/admin/privacy?lang=ur');
      expect(ur.status).toBe(200);
      expect(ur.text).toMatch(/<html[^>]*dir="rtl"/);
      expect(ur.text).toContain(translate('ur', 'register:heading'));
      expect(ur.text).toContain(translate('ur', 'register:retention.certificate_validity'));
      // Column names stay left to right inside the Urdu page.
      expect(ur.text).toContain('<code dir="ltr">users</code>');

      for (const other of others) {
        const v = new Visitor(t);
        await v.login(other.email, other.password);
        const refused = await v.get('/admin/privacy?lang=uk');
        expect([other.role, refused.status]).toEqual([other.role, 403]);
        expect(refused.text).not.toContain(translate('uk', 'register:heading'));
        expect((await v.get('/dashboard')).text).not.toContain('href="/admin/privacy"');
      }
    });
  });
});
