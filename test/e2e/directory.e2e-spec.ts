import { translate } from '@probity/i18n';
import { type Role, UsersService } from '@probity/identity';
import { PASSWORD, academyFactory, tokenFor } from '../factories';
import { type TestApp, createTestApp } from '../support/test-app';
import { Visitor } from '../support/visitor';

type Person = { id: string; email: string; password: string; token: string; fullName: string };
type Listing = { items: { userId: string; displayName: string; workContact: string; shared: string[] }[]; total: number };

/**
 * The opt-in directory of counterparts (issue 15 point 3): opting in needs an explicit consent and a participation;
 * an entry is seen by facility managers and by other opted-in participants of an initiative shared with its owner, and
 * by nobody else (not a participant who did not opt in, not a participant of another initiative only, not a learner);
 * opting out removes it at once from every listing (API and page) while the consent record stays, without contact
 * data; the pages in Georgian and Swahili.
 */
describe('directory of counterparts', () => {
  let t: TestApp;
  let manager: Person, alice: Person, boris: Person, quiet: Person, elsewhere: Person, learner: Person;
  let n = 0;

  const api = (method: 'get' | 'post' | 'put' | 'delete', path: string, who: Person) =>
    t.http()[method](`/api/v1/directory${path}`).set('authorization', `Bearer ${who.token}`);
  const one = async <T>(sql: string, params: unknown[]): Promise<T> => (await t.db.query(sql, params)).rows[0] as T;

  async function person(roles: Role[], academyId?: string, fullName?: string): Promise<Person> {
    const email = `d${++n}${Math.random().toString(36).slice(2, 8)}@directory.test`;
    const created = await t.app.get(UsersService).create(null, {
      email,
      password: PASSWORD,
      fullName: fullName ?? `${roles[0]} ${n}`,
      roles,
      academyId,
      locale: 'en',
    });
    return { ...created, password: PASSWORD, token: await tokenFor(t.http, { email, password: PASSWORD }) };
  }

  /** A held initiative with one accepted agency, and these people as its participants. */
  async function initiative(reference: string, people: Person[]): Promise<string> {
    const { id: institutionId } = await one<{ id: string }>(
      `INSERT INTO assistance_institutions (kind, name, country) VALUES ('national_agency', $1, 'GE') RETURNING id`,
      [JSON.stringify({ en: `Agency of ${reference}` })],
    );
    const { id } = await one<{ id: string }>(
      `INSERT INTO cooperation_initiatives (reference, title, format, topic, status, starts_on, ends_on, venue)
       VALUES ($1, $2, 'exchange_visit', 'international_cooperation', 'held', CURRENT_DATE - 12, CURRENT_DATE - 10, 'Kyiv') RETURNING id`,
      [reference, JSON.stringify({ en: `Visit ${reference}` })],
    );
    await t.db.query(`INSERT INTO cooperation_memberships (initiative_id, institution_id, status) VALUES ($1, $2, 'accepted')`, [
      id,
      institutionId,
    ]);
    for (const p of people)
      await t.db.query(`INSERT INTO cooperation_participants (initiative_id, institution_id, user_id, full_name) VALUES ($1, $2, $3, $4)`, [
        id,
        institutionId,
        p.id,
        p.fullName,
      ]);
    return id;
  }

  const entry = (name: string, contact: string, overrides: object = {}) => ({
    displayName: name,
    agency: 'Criminal Police',
    country: 'ge',
    languages: ['ka', 'ru', 'en'],
    topics: ['international_cooperation'],
    workContact: contact,
    consent: true,
    ...overrides,
  });
  const visibleTo = async (who: Person): Promise<string[]> =>
    ((await api('get', '', who).expect(200)).body as Listing).items.map((i) => i.userId).sort();

  beforeAll(async () => {
    t = await createTestApp();
    const academy = await academyFactory(t.app, { country: 'GE' });
    manager = await person(['facility_manager']);
    alice = await person(['learner'], academy.id, 'Alice Kapanadze');
    boris = await person(['partner_focal_point'], undefined, 'Boris Melnyk');
    quiet = await person(['learner'], academy.id, 'Quiet Participant');
    elsewhere = await person(['partner_focal_point'], undefined, 'Elsewhere Person');
    learner = await person(['learner'], academy.id, 'Only Learner');
    await initiative('CI-2026-21', [alice, boris, quiet]);
    await initiative('CI-2026-22', [elsewhere]);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('opting in needs an explicit consent and a participation', async () => {
    await api('post', '/me', alice)
      .send(entry('Alice', 'alice@police.example', { consent: false }))
      .expect(400, /directory_consent_required/);
    const { consent: _omitted, ...withoutConsent } = entry('Alice', 'alice@police.example');
    void _omitted;
    await api('post', '/me', alice).send(withoutConsent).expect(400);
    await api('post', '/me', learner)
      .send(entry('Learner', 'learner@example.test'))
      .expect(403, /directory_not_participant/);
    await api('post', '/me', manager)
      .send(entry('Manager', 'manager@example.test'))
      .expect(403, /directory_not_participant/);
    expect(await t.db.query(`SELECT 1 FROM cooperation_directory_entries`)).toHaveProperty('rowCount', 0);
    expect(await t.db.query(`SELECT 1 FROM cooperation_directory_consents`)).toHaveProperty('rowCount', 0);

    const me = (await api('post', '/me', alice).send(entry('Alice Kapanadze', 'alice@police.example')).expect(201)).body as {
      entry: { country: string; languages: string[] };
      consents: { action: string }[];
    };
    expect(me.entry).toMatchObject({ country: 'GE', languages: ['ka', 'ru', 'en'] });
    expect(me.consents.map((c) => c.action)).toEqual(['opt_in']);
    await api('post', '/me', alice)
      .send(entry('Alice', 'alice@police.example'))
      .expect(409, /directory_opted_in/);
    await api('post', '/me', boris)
      .send(entry('Boris Melnyk', '+380 44 000 00 00', { languages: ['uk'] }))
      .expect(201);
    await api('post', '/me', elsewhere).send(entry('Elsewhere Person', 'elsewhere@example.test')).expect(201);
    await api('put', '/me', boris)
      .send({ displayName: 'Boris Melnyk', workContact: 'b.melnyk@npu.example', topics: ['forensics'] })
      .expect(200);
    await api('put', '/me', quiet).send({ displayName: 'Q', workContact: 'q@example.test' }).expect(404);
  });

  it('an entry is seen by managers and by opted-in participants of a shared initiative, and by nobody else', async () => {
    expect(await visibleTo(boris)).toEqual([alice.id]);
    expect(await visibleTo(alice)).toEqual([boris.id]);
    const listing = (await api('get', '', alice).expect(200)).body as Listing;
    expect(listing.items[0]).toMatchObject({ displayName: 'Boris Melnyk', workContact: 'b.melnyk@npu.example', shared: ['CI-2026-21'] });
    // A participant who did not opt in sees nobody; a participant of another initiative only sees nobody of this one.
    expect(await visibleTo(quiet)).toEqual([]);
    expect(await visibleTo(elsewhere)).toEqual([]);
    // Someone who took part in nothing may not open it at all; nor may anyone without an account.
    await api('get', '', learner).expect(403);
    await t.http().get('/api/v1/directory').expect(401);
    expect(await visibleTo(manager)).toEqual([alice.id, boris.id, elsewhere.id].sort());
  });

  it('opting out removes the entry at once from every listing; the consent record stays, without contact data', async () => {
    const boriss = new Visitor(t);
    await boriss.login(boris.email, boris.password);
    const before = await boriss.get('/directory?lang=ka');
    expect(before.status).toBe(200);
    expect(before.text).toContain('Alice Kapanadze');
    expect(before.text).toContain('alice@police.example');

    const out = (await api('delete', '/me', alice).expect(200)).body as { entry: unknown; consents: { action: string }[] };
    expect(out.entry).toBeNull();
    expect(out.consents.map((c) => c.action)).toEqual(['opt_out', 'opt_in']);
    await api('delete', '/me', alice).expect(404);
    expect(await visibleTo(boris)).toEqual([]);
    expect(await visibleTo(manager)).toEqual([boris.id, elsewhere.id].sort());
    // Alice, out of the directory, no longer sees Boris either.
    expect(await visibleTo(alice)).toEqual([]);
    const after = await boriss.get('/directory?lang=ka');
    expect(after.text).not.toContain('Alice Kapanadze');
    expect(after.text).not.toContain('alice@police.example');
    const managers = new Visitor(t);
    await managers.login(manager.email, manager.password);
    expect((await managers.get('/directory')).text).not.toContain('alice@police.example');

    expect(await t.db.query(`SELECT 1 FROM cooperation_directory_entries WHERE user_id = $1`, [alice.id])).toHaveProperty('rowCount', 0);
    const consents = await t.db.query<{ action: string }>(
      `SELECT action FROM cooperation_directory_consents WHERE user_id = $1 ORDER BY at`,
      [alice.id],
    );
    expect(consents.rows.map((r) => r.action)).toEqual(['opt_in', 'opt_out']);
    const columns = (
      await t.db.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns WHERE table_name = 'cooperation_directory_consents' ORDER BY ordinal_position`,
      )
    ).rows.map((r) => r.column_name);
    expect(columns).toEqual(['id', 'user_id', 'action', 'at']);
    const audit = await t.db.query<{ action: string; text: string }>(
      `SELECT action, coalesce(before::text, '') || coalesce(after::text, '') AS text FROM audit_entries WHERE entity_id = $1 AND action LIKE 'cooperation.directory.%' ORDER BY at, id`,
      [alice.id],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['cooperation.directory.opted_in', 'cooperation.directory.opted_out']);
    expect(audit.rows.map((r) => r.text).join()).not.toContain('alice@police.example');
  });

  it('pages: the opt-in form in Swahili with its consent box, refused without it; not shown to a learner who took part in nothing', async () => {
    const visitor = new Visitor(t);
    await visitor.login(quiet.email, quiet.password);
    const page = await visitor.get('/directory?lang=sw');
    expect(page.status).toBe(200);
    expect(page.text).toContain('lang="sw"');
    expect(page.text).toContain(translate('sw', 'directory:who_sees'));
    expect(page.text).toContain('name="consent"');
    expect(page.text).toContain(translate('sw', 'directory:need_opt_in'));
    const fields = {
      _csrf: Visitor.csrf(page.text),
      action: 'opt_in',
      displayName: 'Quiet Participant',
      agency: 'Polisi',
      country: 'KE',
      workContact: 'quiet@police.example',
      languages: ['sw', 'en'],
      topics: ['forensics'],
      otherLanguages: '',
    };
    const refused = await visitor.post('/directory/me', fields);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain(translate('sw', 'errors:directory_consent_required'));
    expect(await t.db.query(`SELECT 1 FROM cooperation_directory_entries WHERE user_id = $1`, [quiet.id])).toHaveProperty('rowCount', 0);
    const joined = await visitor.post('/directory/me', { ...fields, consent: 'yes' });
    expect(joined).toMatchObject({ status: 303, location: '/directory' });
    const now = await visitor.get('/directory?lang=ka');
    expect(now.text).toContain('Boris Melnyk');
    expect(now.text).toContain('id="opt-out"');
    const left = await visitor.post('/directory/me/opt-out', { _csrf: Visitor.csrf(now.text) });
    expect(left).toMatchObject({ status: 303, location: '/directory' });
    expect((await visitor.get('/directory?lang=ka')).text).not.toContain('Boris Melnyk');

    const outsider = new Visitor(t);
    await outsider.login(learner.email, learner.password);
    const closed = await outsider.get('/directory?lang=ka');
    expect(closed.status).toBe(200);
    expect(closed.text).toContain('id="not-eligible"');
    expect(closed.text).not.toContain('Boris Melnyk');
    expect(closed.text).not.toContain('name="consent"');
    expect((await outsider.get('/dashboard')).text).not.toContain('id="directory-link"');
    expect((await visitor.get('/dashboard')).text).toContain('id="directory-link"');
  });
});
