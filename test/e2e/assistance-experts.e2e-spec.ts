import { AuditService } from '@probity/audit';
import { translate } from '@probity/i18n';
import { PASSWORD, academyFactory, tokenFor, userFactory } from '../factories';
import { type TestApp, createTestApp } from '../support/test-app';
import { Visitor } from '../support/visitor';

const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`];

type Expert = {
  id: string;
  userId: string | null;
  fullName: string;
  email: string;
  country: string;
  topics: string[];
  languages: { language: string; level: string }[];
  availability: { id: string; from: string; to: string; note: string }[];
  vettingValid: boolean;
  archivedAt: string | null;
  missions: unknown[];
};
type Match = {
  expertId: string;
  fullName: string;
  score: number;
  parts: { topic: number; languages: number; availability: number };
  languages: { language: string; level: string; points: number }[];
  noLanguage: boolean;
  coveredDays: number;
  askedDays: number;
  flags: { conflict: boolean; vettingExpired: boolean; publicOfficial: boolean };
};
type Detail = { field: string; constraint: string; message: string };

/**
 * The expert roster and matching of the Technical Assistance Facility (issue 14 point 3, ADR 0012): facility managers
 * keep the roster (validation in the caller's language, unique e-mails, archiving, audit), an expert keeps only their
 * own languages and availability and sees no other expert, nobody else sees the roster, and one statement ranks the
 * active experts for a request by topic, languages and availability, flagging conflicts and expired vetting.
 */
describe('assistance: expert roster and matching', () => {
  let t: TestApp;
  let manager: string, managerRu: string, platform: string, learner: string, academyAdmin: string;
  let managerId: string;
  let academyA: { id: string };
  let institutionA: string, institutionB: string;
  let trainerA: { id: string };

  const api = (method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string, token: string) =>
    t
      .http()
      [method](path)
      .set(...bearer(token));
  const create = (token: string, body: object) => api('post', '/api/v1/assistance/experts', token).send(body);
  const expert = async (body: object): Promise<Expert> => (await create(manager, body).expect(201)).body as Expert;
  // Personal values (e-mail, name, organisation, availability) are commitments in the entries, revealed from audit_personal (ADR 0014).
  const auditOf = async (id: string) =>
    (
      await t.app.get(AuditService).reveal(
        (
          await t.db.query<{
            id: string;
            action: string;
            actor_id: string | null;
            before: Record<string, unknown> | null;
            after: Record<string, unknown>;
          }>(`SELECT id, action, actor_id, before, after FROM audit_entries WHERE entity_id = $1 ORDER BY at, id`, [id])
        ).rows,
      )
    ).map(({ action, actor_id, before, after }) => ({ action, actor_id, before, after }));

  let sequence = 0;
  async function request(fields: { institutionId: string; topic: string; languages: string[]; from: string | null; to: string | null }) {
    const [{ id }] = (
      await t.db.query<{ id: string }>(
        `INSERT INTO assistance_requests (reference, institution_id, locale, status, topic, format, title, languages, preferred_from, preferred_to, submitted_at)
         VALUES ($1, $2, 'en', 'screening', $3, 'workshop', 'Crime scene forensics for investigators', $4, $5, $6, now()) RETURNING id`,
        [`TAF-T-${++sequence}`, fields.institutionId, fields.topic, fields.languages, fields.from, fields.to],
      )
    ).rows;
    return id;
  }

  beforeAll(async () => {
    t = await createTestApp();
    academyA = await academyFactory(t.app, { code: 'EXPA', country: 'GE' });
    const managerUser = await userFactory(t.app, { roles: ['facility_manager'] });
    managerId = managerUser.id;
    manager = await tokenFor(t.http, managerUser);
    managerRu = await tokenFor(t.http, await userFactory(t.app, { roles: ['facility_manager'], locale: 'ru' }));
    platform = await tokenFor(t.http, await userFactory(t.app, { roles: ['platform_admin'] }));
    learner = await tokenFor(t.http, await userFactory(t.app, { roles: ['learner'], academyId: academyA.id }));
    academyAdmin = await tokenFor(t.http, await userFactory(t.app, { roles: ['academy_admin'], academyId: academyA.id }));
    trainerA = await userFactory(t.app, { roles: ['trainer'], academyId: academyA.id });
    institutionA = (
      await t.db.query<{ id: string }>(
        `INSERT INTO assistance_institutions (kind, academy_id, name, country) VALUES ('academy', $1, '{"en":"Academy A"}', 'GE') RETURNING id`,
        [academyA.id],
      )
    ).rows[0].id;
    institutionB = (
      await t.db.query<{ id: string }>(
        `INSERT INTO assistance_institutions (kind, name, country) VALUES ('national_agency', '{"en":"Drug Agency"}', 'MD') RETURNING id`,
      )
    ).rows[0].id;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('keeps the roster: validation in the caller’s language, unique e-mails, changes audited, archived experts frozen', async () => {
    // Every rule broken at once, answered in Russian (the manager's language), one detail per field, nothing stored.
    const bad = await create(managerRu, {
      fullName: '',
      email: 'not-an-email',
      country: 'Georgia',
      topics: ['forensics', 'astrology'],
      languages: [
        { language: 'RUS1', level: 'C1' },
        { language: 'ka', level: 'fluent' },
      ],
      availability: [{ from: '2027-03-10', to: '2027-03-01' }],
      vettedOn: '2026-05-01',
      vettingExpiresOn: '2026-04-01',
    }).expect(400);
    const fields = (bad.body.details as Detail[]).map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['fullName', 'email', 'country', 'topics', 'languages.0.language', 'languages.1.level']));
    const email = (bad.body.details as Detail[]).find((d) => d.field === 'email')!;
    expect(email.message).toBe(translate('ru', 'validation:isEmail', { field: translate('ru', 'fields:email') }));
    expect(bad.body.message).toMatch(/^В запросе \d+ ошиб/);
    // The rules across fields come after the fields themselves are right.
    const crossed = await create(managerRu, {
      fullName: 'Ana Kapanadze',
      email: 'ana@example.org',
      country: 'GE',
      languages: [
        { language: 'ka', level: 'native' },
        { language: 'ka', level: 'C1' },
      ],
      availability: [{ from: '2027-03-10', to: '2027-03-01' }],
      vettedOn: '2026-05-01',
      vettingExpiresOn: '2026-04-01',
      institutionId: '00000000-0000-4000-8000-000000000000',
    }).expect(400);
    expect((crossed.body.details as Detail[]).map((d) => `${d.field}:${d.constraint}`).sort()).toEqual([
      'availability.0.to:endsBeforeStart',
      'institutionId:unknownInstitution',
      'languages.1.language:languageTwice',
      'vettingExpiresOn:endsBeforeStart',
    ]);
    expect((crossed.body.details as Detail[]).find((d) => d.field === 'vettingExpiresOn')!.message).toContain('позже начала');
    expect((await t.db.query(`SELECT 1 FROM assistance_experts`)).rowCount).toBe(0);

    // A good profile; the e-mail is kept in lower case and unique (409 in the caller's language).
    const ana = await expert({
      fullName: ' Ana Kapanadze ',
      email: 'Ana@Example.org',
      sex: 'female',
      country: 'GE',
      organisation: 'Forensics Bureau',
      institutionId: institutionB,
      publicOfficial: true,
      topics: ['forensics', 'forensics', 'case_integrity'],
      languages: [
        { language: 'ka', level: 'native' },
        { language: 'en', level: 'C1' },
      ],
      availability: [{ from: '2027-03-01', to: '2027-03-31', note: 'Spring' }],
      vettedOn: '2026-01-10',
      vettingExpiresOn: '2030-01-10',
      bio: 'Twenty years of crime scene work.',
    });
    expect(ana).toMatchObject({
      fullName: 'Ana Kapanadze',
      email: 'ana@example.org',
      topics: ['forensics', 'case_integrity'],
      languages: [
        { language: 'en', level: 'C1' },
        { language: 'ka', level: 'native' },
      ],
      availability: [{ from: '2027-03-01', to: '2027-03-31', note: 'Spring' }],
      vettingValid: true,
      missions: [],
      userId: null,
    });
    // Both days of a window are in it: the stored range is [from, to + 1).
    const [stored] = (
      await t.db.query<{ available: string }>(`SELECT available::text FROM assistance_expert_availability WHERE expert_id = $1`, [ana.id])
    ).rows;
    expect(stored.available).toBe('[2027-03-01,2027-04-01)');
    const taken = await create(managerRu, { fullName: 'Someone', email: 'ANA@example.org', country: 'GE' }).expect(409);
    expect(taken.body).toMatchObject({
      code: 'expert_email_taken',
      message: translate('ru', 'errors:expert_email_taken', { email: 'ana@example.org' }),
    });

    // A change: fields left out stay, lists given replace; the audit keeps only what changed.
    const changed = (
      await api('patch', `/api/v1/assistance/experts/${ana.id}`, manager)
        .send({ organisation: 'National Forensics Bureau', languages: [{ language: 'ru', level: 'B2' }], vettingExpiresOn: null })
        .expect(200)
    ).body as Expert;
    expect(changed).toMatchObject({
      organisation: 'National Forensics Bureau',
      languages: [{ language: 'ru', level: 'B2' }],
      vettingValid: false,
    });
    expect(changed.availability).toHaveLength(1);
    const other = await expert({ fullName: 'Boris', email: 'boris@example.org', country: 'UA' });
    await api('patch', `/api/v1/assistance/experts/${ana.id}`, manager).send({ email: 'boris@example.org' }).expect(409);
    const trail = await auditOf(ana.id);
    expect(trail.map((e) => e.action)).toEqual(['assistance_expert.created', 'assistance_expert.updated']);
    expect(trail[1].actor_id).toBe(managerId);
    expect(trail[1].before).toEqual({
      organisation: 'Forensics Bureau',
      vettingExpiresOn: '2030-01-10',
      languages: ['en:C1', 'ka:native'],
    });
    expect(trail[1].after).toEqual({ organisation: 'National Forensics Bureau', vettingExpiresOn: null, languages: ['ru:B2'] });

    // Archived: kept, frozen (409 in the caller's language), listed only among the archived.
    await api('delete', `/api/v1/assistance/experts/${other.id}`, manager).expect(200);
    const frozen = await api('patch', `/api/v1/assistance/experts/${other.id}`, managerRu).send({ bio: 'x' }).expect(409);
    expect(frozen.body).toMatchObject({ code: 'expert_archived', message: translate('ru', 'errors:expert_archived') });
    const listed = (await api('get', '/api/v1/assistance/experts', manager).expect(200)).body as { items: Expert[]; total: number };
    expect(listed.items.map((e) => e.id)).toEqual([ana.id]);
    const archived = (await api('get', '/api/v1/assistance/experts?archived=true', manager).expect(200)).body as { items: Expert[] };
    expect(archived.items.map((e) => e.id)).toEqual([other.id]);
    expect((await auditOf(other.id)).map((e) => e.action)).toEqual(['assistance_expert.created', 'assistance_expert.archived']);
    await api('get', `/api/v1/assistance/experts/00000000-0000-4000-8000-000000000000`, manager).expect(404);
  });

  it('finds experts by topic, language and level, country, availability over a whole period, and name', async () => {
    const tag = `search${Date.now()}`;
    const people = {
      irina: await expert({
        fullName: `Irina ${tag}`,
        email: `irina.${tag}@example.org`,
        country: 'MD',
        topics: ['financial_investigation'],
        languages: [{ language: 'ro', level: 'native' }],
        availability: [
          { from: '2027-05-01', to: '2027-05-10' },
          { from: '2027-05-11', to: '2027-05-20' },
        ],
      }),
      omar: await expert({
        fullName: `Omar ${tag}`,
        email: `omar.${tag}@example.org`,
        country: 'KE',
        topics: ['financial_investigation', 'forensics'],
        languages: [{ language: 'ro', level: 'A2' }],
        availability: [{ from: '2027-05-01', to: '2027-05-12' }],
      }),
    };
    const find = async (query: string) =>
      ((await api('get', `/api/v1/assistance/experts?q=${tag}&${query}`, platform).expect(200)).body as { items: Expert[] }).items
        .map((e) => e.fullName.split(' ')[0])
        .sort();
    expect(await find('topic=financial_investigation')).toEqual(['Irina', 'Omar']);
    expect(await find('topic=forensics')).toEqual(['Omar']);
    expect(await find('language=ro')).toEqual(['Irina', 'Omar']);
    expect(await find('language=ro&minLevel=B1')).toEqual(['Irina']);
    expect(await find('country=ke')).toEqual(['Omar']);
    // Two adjacent windows cover the whole period; one that ends on the 12th does not.
    expect(await find('available_from=2027-05-05&available_to=2027-05-15')).toEqual(['Irina']);
    expect(await find('available_from=2027-05-12&available_to=2027-05-12')).toEqual(['Irina', 'Omar']);
    expect(await find('available_from=2027-05-13')).toEqual(['Irina']);
    const page = (await api('get', `/api/v1/assistance/experts?q=${tag}&limit=1&offset=1`, manager).expect(200)).body as {
      items: Expert[];
      total: number;
    };
    expect(page.total).toBe(2);
    expect(page.items.map((e) => e.id)).toEqual([people.omar.id]);
    expect((await api('get', `/api/v1/assistance/experts?q=%25`, manager).expect(200)).body.total).toBe(0);
    const reversed = await api('get', '/api/v1/assistance/experts?available_from=2027-05-13&available_to=2027-05-01', managerRu).expect(
      400,
    );
    expect((reversed.body.details as Detail[])[0]).toMatchObject({ field: 'available_to', constraint: 'endsBeforeStart' });
    await api('get', '/api/v1/assistance/experts?minLevel=Z9', manager).expect(400);
  });

  it('ranks active experts for a request: topic, native language and full availability first; conflicts and expired vetting flagged', async () => {
    const tag = `m${Date.now()}`;
    const full = [{ from: '2027-02-20', to: '2027-03-31' }];
    const vetted = { vettedOn: '2026-01-01', vettingExpiresOn: '2029-12-31' };
    const make = (name: string, body: object) =>
      expert({ fullName: `${name} ${tag}`, email: `${name.toLowerCase()}.${tag}@example.org`, country: 'GE', ...vetted, ...body });
    const best = await make('Best', {
      topics: ['forensics'],
      languages: [{ language: 'ru', level: 'native' }],
      availability: full,
      publicOfficial: true,
    });
    const conflicted = await make('Conflicted', {
      topics: ['forensics'],
      languages: [{ language: 'ru', level: 'C2' }],
      availability: full,
      institutionId: institutionA,
    });
    const noTopic = await make('Notopic', {
      topics: ['demand_reduction'],
      languages: [
        { language: 'ru', level: 'native' },
        { language: 'ka', level: 'native' },
      ],
      availability: full,
    });
    const expired = await make('Expired', {
      topics: ['forensics'],
      languages: [{ language: 'ka', level: 'B1' }],
      availability: full,
      vettingExpiresOn: '2027-03-05',
    });
    const half = await make('Half', {
      topics: ['forensics'],
      languages: [{ language: 'ru', level: 'C1' }],
      availability: [{ from: '2027-03-01', to: '2027-03-05' }],
    });
    const overlapping = await make('Overlapping', {
      topics: ['forensics'],
      languages: [{ language: 'ru', level: 'A1' }],
      availability: [
        { from: '2027-03-01', to: '2027-03-06' },
        { from: '2027-03-04', to: '2027-03-08' },
      ],
    });
    const academyPerson = await make('Viaaccount', { topics: [], languages: [{ language: 'ru', level: 'B2' }] });
    const noLanguage = await make('Nolanguage', {
      topics: ['forensics'],
      languages: [{ language: 'en', level: 'native' }],
      availability: full,
      vettedOn: null,
      vettingExpiresOn: null,
    });
    const gone = await make('Gone', {
      topics: ['forensics'],
      languages: [
        { language: 'ru', level: 'native' },
        { language: 'ka', level: 'native' },
      ],
      availability: full,
    });
    await api('delete', `/api/v1/assistance/experts/${gone.id}`, manager).expect(200);
    // An expert whose account belongs to the requesting institution's academy (linked by hand: accounts made by the
    // roster have no academy) is a conflict too.
    await t.db.query(`UPDATE assistance_experts SET user_id = $2 WHERE id = $1`, [academyPerson.id, trainerA.id]);

    const requestId = await request({
      institutionId: institutionA,
      topic: 'forensics',
      languages: ['ru', 'ka'],
      from: '2027-03-01',
      to: '2027-03-10',
    });
    const answer = (await api('get', `/api/v1/assistance/requests/${requestId}/matches?limit=100`, manager).expect(200)).body as {
      request: { id: string; topic: string; languages: string[] };
      weights: { topic: number; availability: number; levels: Record<string, number> };
      items: Match[];
    };
    expect(answer.request).toMatchObject({ id: requestId, topic: 'forensics', languages: ['ru', 'ka'] });
    const mine = answer.items.filter((m) => m.fullName.endsWith(tag));
    const byName = Object.fromEntries(mine.map((m) => [m.fullName.split(' ')[0], m]));
    const w = answer.weights;
    // Each score is its parts; the parts come from the inputs above.
    for (const m of mine) expect(m.score).toBeCloseTo(m.parts.topic + m.parts.languages + m.parts.availability, 5);
    expect(byName.Best.parts).toEqual({ topic: w.topic, languages: w.levels.native, availability: w.availability });
    expect(byName.Half).toMatchObject({
      coveredDays: 5,
      askedDays: 10,
      parts: { availability: w.availability / 2, languages: w.levels.C1 },
    });
    expect(byName.Overlapping).toMatchObject({ coveredDays: 8, askedDays: 10 });
    expect(byName.Notopic.parts).toEqual({ topic: 0, languages: 2 * w.levels.native, availability: w.availability });
    expect(byName.Notopic.languages.map((l) => l.language)).toEqual(['ka', 'ru']);
    // The order: by score, and an expert with none of the request's languages after everyone else.
    const scores = mine.filter((m) => !m.noLanguage).map((m) => m.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(mine.map((m) => m.expertId)).toEqual([
      best.id,
      conflicted.id,
      noTopic.id,
      expired.id,
      half.id,
      overlapping.id,
      academyPerson.id,
      noLanguage.id,
    ]);
    const firstWithout = answer.items.findIndex((m) => m.noLanguage);
    expect(firstWithout).toBeGreaterThan(0);
    expect(answer.items.slice(firstWithout).every((m) => m.noLanguage)).toBe(true);
    expect(byName.Nolanguage.noLanguage).toBe(true);
    // Flags, never hiding anyone: conflict by institution and by account's academy, expired or missing vetting.
    const flagged = (flag: keyof Match['flags']) =>
      mine
        .filter((m) => m.flags[flag])
        .map((m) => m.fullName.split(' ')[0])
        .sort();
    expect(flagged('conflict')).toEqual(['Conflicted', 'Viaaccount']);
    expect(flagged('vettingExpired')).toEqual(['Expired', 'Nolanguage']);
    expect(flagged('publicOfficial')).toEqual(['Best']);
    // Archived experts are never matched.
    expect(answer.items.some((m) => m.expertId === gone.id)).toBe(false);
    // 20 by default; a request from elsewhere has no conflicts; no dates: no availability points.
    const other = await request({ institutionId: institutionB, topic: 'forensics', languages: [], from: null, to: null });
    const plain = (await api('get', `/api/v1/assistance/requests/${other}/matches`, platform).expect(200)).body as { items: Match[] };
    expect(plain.items.length).toBeLessThanOrEqual(20);
    expect(
      plain.items.filter((m) => m.fullName.endsWith(tag)).every((m) => !m.flags.conflict && m.parts.availability === 0 && !m.noLanguage),
    ).toBe(true);
    await api('get', `/api/v1/assistance/requests/00000000-0000-4000-8000-000000000000/matches`, manager).expect(404);
    await api('get', `/api/v1/assistance/requests/${requestId}/matches?limit=0`, manager).expect(400);
  });

  it('two managers giving one expert an account at once: one 201, one 409 expert_has_account, one account', async () => {
    for (let round = 0; round < 3; round++) {
      const email = `race.${round}.${Date.now()}@example.org`;
      const racing = await expert({ fullName: `Race ${round}`, email, country: 'UA' });
      const answers = await Promise.all([
        api('post', `/api/v1/assistance/experts/${racing.id}/account`, manager).send({ password: PASSWORD, locale: 'uk' }),
        api('post', `/api/v1/assistance/experts/${racing.id}/account`, managerRu).send({ password: PASSWORD, locale: 'ru' }),
      ]);
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
      expect(answers.find((a) => a.status === 409)!.body.code).toBe('expert_has_account');
      const users = (await t.db.query<{ id: string }>(`SELECT id FROM users WHERE email = $1`, [email])).rows;
      expect(users).toHaveLength(1);
      const [{ user_id }] = (await t.db.query<{ user_id: string }>(`SELECT user_id FROM assistance_experts WHERE id = $1`, [racing.id]))
        .rows;
      expect(user_id).toBe(users[0].id);
      const created = (await auditOf(racing.id)).filter((e) => e.action === 'assistance_expert.account_created');
      expect(created).toHaveLength(1);
    }
  });

  it('a language given twice and an unknown institution have messages of their own, in the caller’s language', async () => {
    const refused = await create(managerRu, {
      fullName: 'Twice Listed',
      email: `twice.${Date.now()}@example.org`,
      country: 'GE',
      languages: [
        { language: 'ka', level: 'native' },
        { language: 'ka', level: 'C1' },
      ],
      institutionId: '00000000-0000-4000-8000-000000000000',
    }).expect(400);
    const details = refused.body.details as Detail[];
    const twice = details.find((d) => d.field === 'languages.1.language')!;
    expect(twice.constraint).toBe('languageTwice');
    expect(twice.message).toBe(translate('ru', 'validation:languageTwice'));
    expect(twice.message).toContain('дважды');
    const institution = details.find((d) => d.field === 'institutionId')!;
    expect(institution.constraint).toBe('unknownInstitution');
    expect(institution.message).toBe(translate('ru', 'validation:unknownInstitution', { field: 'Учреждение' }));
    expect(institution.message).not.toBe(translate('ru', 'validation:invalid', { field: 'Учреждение' }));
  });

  it('names a nested field by its own label and its place in the list', async () => {
    const refused = await create(managerRu, {
      fullName: 'Badly Levelled',
      email: `level.${Date.now()}@example.org`,
      country: 'GE',
      languages: [
        { language: 'ka', level: 'native' },
        { language: 'ru', level: 'Z9' },
      ],
    }).expect(400);
    const level = (refused.body.details as Detail[]).find((d) => d.field === 'languages.1.level')!;
    expect(level.message).toContain(`${translate('ru', 'fields:level')} (languages.1.level)`);
  });

  it('gives an expert an account: they see and keep only their own languages and availability, nothing of other experts', async () => {
    const [mine, other] = [
      await expert({ fullName: 'Own Profile', email: 'own.profile@example.org', country: 'UA', topics: ['forensics'] }),
      await expert({ fullName: 'Other Profile', email: 'other.profile@example.org', country: 'UA' }),
    ];
    const made = await api('post', `/api/v1/assistance/experts/${mine.id}/account`, manager)
      .send({ password: PASSWORD, locale: 'uk' })
      .expect(201);
    expect(made.body.user).toMatchObject({ email: 'own.profile@example.org', roles: ['expert'], locale: 'uk' });
    expect(made.body.expert.userId).toBe(made.body.user.id);
    await api('post', `/api/v1/assistance/experts/${mine.id}/account`, manager).send({ password: PASSWORD, locale: 'uk' }).expect(409);
    expect((await auditOf(mine.id)).map((e) => e.action)).toContain('assistance_expert.account_created');
    const [{ academy_id }] = (
      await t.db.query<{ academy_id: string | null }>(`SELECT academy_id FROM users WHERE id = $1`, [made.body.user.id])
    ).rows;
    expect(academy_id).toBeNull();

    // A mission the expert is on shows on their profile.
    const missionRequest = await request({
      institutionId: institutionB,
      topic: 'forensics',
      languages: ['uk'],
      from: '2027-09-01',
      to: '2027-09-05',
    });
    const [{ id: missionId }] = (
      await t.db.query<{ id: string }>(
        `INSERT INTO assistance_missions (request_id, starts_on, ends_on, online) VALUES ($1, '2027-09-01', '2027-09-05', true) RETURNING id`,
        [missionRequest],
      )
    ).rows;
    await t.db.query(`INSERT INTO assistance_mission_experts (mission_id, expert_id, lead) VALUES ($1, $2, true)`, [missionId, mine.id]);

    const token = await tokenFor(t.http, { email: 'own.profile@example.org', password: PASSWORD });
    const me = (await api('get', '/api/v1/assistance/experts/me', token).expect(200)).body as Expert;
    expect(me.id).toBe(mine.id);
    expect(me.missions).toEqual([
      expect.objectContaining({
        missionId,
        requestId: missionRequest,
        startsOn: '2027-09-01',
        endsOn: '2027-09-05',
        lead: true,
        status: 'planned',
      }),
    ]);
    // The expert's own page: languages and availability only, another expert's page unknown.
    const page = new Visitor(t);
    await page.login('own.profile@example.org', PASSWORD);
    const redirected = await page.get('/assistance/experts/me');
    expect(redirected.location).toBe(`/assistance/experts/${mine.id}`);
    const own = await page.get(`/assistance/experts/${mine.id}`);
    expect(own.status).toBe(200);
    expect(own.text).toContain('action="/assistance/experts/me"');
    expect(own.text).not.toContain('name="fullName"');
    expect(own.text).toContain('name="language_0"');
    expect((await page.get(`/assistance/experts/${other.id}`)).status).toBe(404);
    expect((await page.get('/assistance/experts')).status).toBe(403);
    const saved = await page.post('/assistance/experts/me', {
      _csrf: Visitor.csrf(own.text),
      language_0: 'uk',
      level_0: 'C2',
      from_0: '2027-05-01',
      to_0: '2027-05-02',
    });
    expect(saved.status).toBe(303);
    expect(
      (await t.db.query(`SELECT level FROM assistance_expert_languages WHERE expert_id = $1 AND language = 'uk'`, [mine.id])).rows,
    ).toEqual([{ level: 'C2' }]);
    await api('get', `/api/v1/assistance/experts/${mine.id}`, token).expect(200);
    await api('get', `/api/v1/assistance/experts/${other.id}`, token).expect(404);
    await api('get', '/api/v1/assistance/experts', token).expect(403);
    await api('patch', `/api/v1/assistance/experts/${mine.id}`, token).send({ bio: 'mine' }).expect(403);
    await api('post', '/api/v1/assistance/experts', token).send({ fullName: 'X', email: 'x@example.org', country: 'UA' }).expect(403);
    // Languages and availability only: another field is refused, in the expert's language (uk), nothing changed.
    const refused = await api('put', '/api/v1/assistance/experts/me', token)
      .send({ topics: ['forensics', 'other'], availability: [] })
      .expect(400);
    const label = translate('uk', 'fields:topics', { defaultValue: 'topics' });
    expect((refused.body.details as Detail[]).find((d) => d.field === 'topics')!.message).toBe(
      translate('uk', 'validation:unknownField', { field: label }),
    );
    const kept = (
      await api('put', '/api/v1/assistance/experts/me', token)
        .send({ languages: [{ language: 'uk', level: 'native' }], availability: [{ from: '2027-06-01', to: '2027-06-30' }] })
        .expect(200)
    ).body as Expert;
    expect(kept).toMatchObject({
      languages: [{ language: 'uk', level: 'native' }],
      availability: [{ from: '2027-06-01', to: '2027-06-30' }],
    });
    expect(kept.topics).toEqual(['forensics']);
    const trail = await auditOf(mine.id);
    expect(trail[trail.length - 1]).toMatchObject({
      action: 'assistance_expert.updated',
      actor_id: made.body.user.id,
      after: { languages: ['uk:native'], availability: ['2027-06-01..2027-06-30'] },
    });
    const requestId = await request({ institutionId: institutionB, topic: 'forensics', languages: ['uk'], from: null, to: null });
    await api('get', `/api/v1/assistance/requests/${requestId}/matches`, token).expect(403);
    // Once archived, the expert's own changes are refused too.
    await api('delete', `/api/v1/assistance/experts/${mine.id}`, manager).expect(200);
    await api('put', '/api/v1/assistance/experts/me', token).send({ languages: [] }).expect(409);
    await api('post', `/api/v1/assistance/experts/${other.id}/account`, learner).send({ password: PASSWORD, locale: 'uk' }).expect(403);
  });

  it('shows nothing of the roster to learners and academy administrators', async () => {
    const someone = await expert({ fullName: 'Hidden Person', email: 'hidden@example.org', country: 'GE' });
    const requestId = await request({ institutionId: institutionA, topic: 'forensics', languages: [], from: null, to: null });
    for (const token of [learner, academyAdmin]) {
      await api('get', '/api/v1/assistance/experts', token).expect(403);
      await api('get', `/api/v1/assistance/experts/${someone.id}`, token).expect(403);
      await api('get', '/api/v1/assistance/experts/me', token).expect(403);
      await create(token, { fullName: 'X', email: 'x2@example.org', country: 'GE' }).expect(403);
      await api('patch', `/api/v1/assistance/experts/${someone.id}`, token).send({ bio: 'x' }).expect(403);
      await api('delete', `/api/v1/assistance/experts/${someone.id}`, token).expect(403);
      await api('get', `/api/v1/assistance/requests/${requestId}/matches`, token).expect(403);
    }
    await t.http().get('/api/v1/assistance/experts').expect(401);
  });

  it('renders the roster, profile and matches pages without JavaScript, in Georgian and in Urdu right to left', async () => {
    const managerUser = await userFactory(t.app, { roles: ['facility_manager'] });
    const visitor = new Visitor(t);
    await visitor.login(managerUser.email, managerUser.password);
    const ka = await visitor.get('/assistance/experts?lang=ka');
    expect(ka.status).toBe(200);
    expect(ka.text).toContain('lang="ka"');
    expect(ka.text).toContain(`<h1>${translate('ka', 'experts:roster.title')}</h1>`);
    const ur = await visitor.get('/assistance/experts?lang=ur&topic=forensics');
    expect(ur.status).toBe(200);
    expect(ur.text).toMatch(/<html[^>]*dir="rtl"/);
    expect(ur.text).toContain(translate('ur', 'experts:roster.title'));

    // The form: errors next to their fields, in the page's language; then a good profile.
    const form = await visitor.get('/assistance/experts/new?lang=ka');
    expect(form.status).toBe(200);
    const bad = await visitor.post('/assistance/experts?lang=ka', {
      _csrf: Visitor.csrf(form.text),
      fullName: 'Page Person',
      email: 'nope',
      country: 'GE',
      language_0: 'ka',
      level_0: 'native',
      from_0: '2027-04-10',
      to_0: '2027-04-01',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('id="email-error"');
    expect(bad.text).toContain(translate('ka', 'validation:isEmail', { field: translate('ka', 'fields:email') }));
    const good = await visitor.post('/assistance/experts?lang=ka', {
      _csrf: Visitor.csrf(form.text),
      fullName: 'Page Person',
      email: 'page.person@example.org',
      country: 'ge',
      topics: ['forensics', 'human_rights_in_investigation'],
      language_0: 'ka',
      level_0: 'native',
      language_1: 'en',
      level_1: 'B2',
      from_0: '2027-04-01',
      to_0: '2027-04-10',
      vettedOn: '2026-01-01',
      vettingExpiresOn: '2028-01-01',
    });
    expect(good.status).toBe(303);
    const [{ id }] = (await t.db.query<{ id: string }>(`SELECT id FROM assistance_experts WHERE email = 'page.person@example.org'`)).rows;
    expect(good.location).toBe(`/assistance/experts/${id}`);
    const profile = await visitor.get(`/assistance/experts/${id}?lang=ur`);
    expect(profile.status).toBe(200);
    expect(profile.text).toMatch(/<html[^>]*dir="rtl"/);
    expect(profile.text).toContain('Page Person');
    expect(profile.text).toContain(translate('ur', 'experts:levels.native'));
    const languages = (
      await t.db.query<{ language: string; level: string }>(
        `SELECT language, level FROM assistance_expert_languages WHERE expert_id = $1 ORDER BY language`,
        [id],
      )
    ).rows;
    expect(languages).toEqual([
      { language: 'en', level: 'B2' },
      { language: 'ka', level: 'native' },
    ]);

    const requestId = await request({
      institutionId: institutionA,
      topic: 'forensics',
      languages: ['ka'],
      from: '2027-04-01',
      to: '2027-04-20',
    });
    const matches = await visitor.get(`/assistance/requests/${requestId}/matches?lang=ka`);
    expect(matches.status).toBe(200);
    expect(matches.text).toContain('Page Person');
    expect(matches.text).toContain(translate('ka', 'experts:matches.title'));
    const matchesUr = await visitor.get(`/assistance/requests/${requestId}/matches?lang=ur`);
    expect(matchesUr.text).toMatch(/<html[^>]*dir="rtl"/);

    const learnerUser = await userFactory(t.app, { roles: ['learner'], academyId: academyA.id });
    const outsider = new Visitor(t);
    await outsider.login(learnerUser.email, learnerUser.password);
    expect((await outsider.get('/assistance/experts')).status).toBe(403);
    expect((await outsider.get(`/assistance/requests/${requestId}/matches`)).status).toBe(403);
  });
});
