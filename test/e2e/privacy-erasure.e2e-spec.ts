import { createHash } from 'node:crypto';
import { canonicalJson } from '@probity/certificates';
import { academyFactory, certifiedCohortFactory, tokenFor, userFactory } from '../factories';
import { type TestApp, createTestApp } from '../support/test-app';
import { Visitor } from '../support/visitor';

const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`];

/** Every text-like column of every table (text, varchar, char, json, jsonb, arrays of them), as `[table, column]`. */
async function textColumns(t: TestApp): Promise<[string, string][]> {
  const { rows } = await t.db.query<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = current_schema()
        AND (c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb') OR c.udt_name IN ('_text', '_varchar'))
      ORDER BY c.table_name, c.column_name`,
  );
  return rows.map((r) => [r.table_name, r.column_name]);
}

/** Where (table.column) any of the needles still appears, case-insensitively, in any text column of the database. */
async function whereFound(t: TestApp, needles: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const [table, column] of await textColumns(t)) {
    const { rows } = await t.db.query<{ n: string; hits: string[] }>(
      `SELECT count(*) AS n FROM "${table}" WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) needle WHERE "${column}"::text ILIKE '%' || needle || '%')`,
      [needles],
    );
    if (Number(rows[0].n) > 0) found.push(`${table}.${column}`);
  }
  return found;
}

describe('erasure that keeps trust (issue 16 point 3)', () => {
  let t: TestApp;
  let admin: string;
  let adminId: string;
  let adminUser: Awaited<ReturnType<typeof userFactory>>;
  let academyId: string;
  let strangerAdmin: string;
  let platform: string;
  let person: Awaited<ReturnType<typeof userFactory>>;
  let personToken: string;
  let other: Awaited<ReturnType<typeof userFactory>>;
  let otherToken: string;
  let certificate: { id: string; code: string; record: Record<string, unknown>; signature: string };
  /** What names the person: whatever of it survives erasure anywhere is a leak. */
  const NEEDLES = [
    'Mariam Erasova',
    'mariam.erasure@example.test',
    'ERASE-ANSWER-TEXT',
    'Erasure Test Agency',
    'Rank-To-Erase',
    'Supervisor Of Mariam',
    'boss.of.mariam@example.test',
    'Directory Mariam',
    'mariam.work@example.test',
  ];

  beforeAll(async () => {
    t = await createTestApp();
    const academy = await academyFactory(t.app, { defaultLocale: 'uk' });
    academyId = academy.id;
    adminUser = await userFactory(t.app, { roles: ['academy_admin'], academyId: academy.id, locale: 'uk' });
    adminId = adminUser.id;
    admin = await tokenFor(t.http, adminUser);
    strangerAdmin = await tokenFor(t.http, await userFactory(t.app, { roles: ['academy_admin'] }));
    platform = await tokenFor(t.http, await userFactory(t.app, { roles: ['platform_admin'] }));
    const trainerUser = await userFactory(t.app, { roles: ['trainer'], academyId: academy.id });
    const trainer = await tokenFor(t.http, trainerUser);
    person = await userFactory(t.app, {
      academyId: academy.id,
      fullName: 'Mariam Erasova',
      locale: 'uk',
      email: 'mariam.erasure@example.test',
    });
    other = await userFactory(t.app, { academyId: academy.id, fullName: 'Kept Otherperson', email: 'kept.other@example.test' });
    personToken = await tokenFor(t.http, person);
    otherToken = await tokenFor(t.http, other);

    // The profile's free text, changed by an administrator (audited with the values).
    await t
      .http()
      .patch(`/api/v1/users/${person.id}`)
      .set(...bearer(admin))
      .send({ agency: 'Erasure Test Agency', rank: 'Rank-To-Erase' })
      .expect(200);
    const cohortId = await certifiedCohortFactory(
      t.app,
      t.http,
      { admin, trainer, trainerId: trainerUser.id },
      [
        { id: person.id, token: personToken, answer: 'PEACE ERASE-ANSWER-TEXT' },
        { id: other.id, token: otherToken, answer: 'PEACE KEPT-ANSWER-TEXT' },
      ],
      'Tbilisi',
    );
    // The person names their supervisor for the follow-up questionnaire (audited), and is listed in the directory
    // and has a message waiting (seeded directly: those flows are tested elsewhere).
    await t
      .http()
      .put(`/api/v1/follow-ups/cohorts/${cohortId}/supervisor`)
      .set(...bearer(personToken))
      .send({ name: 'Supervisor Of Mariam', email: 'boss.of.mariam@example.test', locale: 'uk' })
      .expect(200);
    await t.db.query(
      `INSERT INTO cooperation_directory_entries (user_id, display_name, work_contact, agency) VALUES ($1, 'Directory Mariam', 'mariam.work@example.test', 'Erasure Test Agency')`,
      [person.id],
    );
    await t.db.query(`INSERT INTO notifications (user_id, kind, data, dedupe_key) VALUES ($1, 'test', $2, 'erasure-test')`, [
      person.id,
      JSON.stringify({ note: 'message for Mariam Erasova' }),
    ]);
    const mine = (
      await t
        .http()
        .get('/api/v1/certificates')
        .set(...bearer(personToken))
        .expect(200)
    ).body as { items?: (typeof certificate)[] } | (typeof certificate)[];
    certificate = (Array.isArray(mine) ? mine : (mine.items ?? []))[0];
    expect(certificate.record).toEqual(expect.objectContaining({ holder: { id: person.id, name: 'Mariam Erasova' } }));
  });
  afterAll(() => t.close());

  it('refuses what it must: a learner, another academy’s administrator, oneself, a reason too short (in the caller’s language)', async () => {
    await t
      .http()
      .post(`/api/v1/users/${person.id}/erase`)
      .set(...bearer(otherToken))
      .send({ reason: 'Her request' })
      .expect(403);
    await t
      .http()
      .post(`/api/v1/users/${person.id}/erase`)
      .set(...bearer(strangerAdmin))
      .send({ reason: 'Her request' })
      .expect(404);
    expect(
      (
        await t
          .http()
          .post(`/api/v1/users/${adminId}/erase`)
          .set(...bearer(admin))
          .send({ reason: 'Testing myself' })
          .expect(409)
      ).body.code,
    ).toBe('cannot_erase_self');
    const short = await t
      .http()
      .post(`/api/v1/users/${person.id}/erase`)
      .set(...bearer(admin))
      .set('accept-language', 'uk')
      .send({ reason: 'x' })
      .expect(400);
    expect(JSON.stringify(short.body)).toMatch(/[А-Яа-яІіЇїЄєҐґ]/);
    // Nothing changed: the person still signs in and is found by name.
    await t
      .http()
      .get('/api/v1/me')
      .set(...bearer(personToken))
      .expect(200);
    expect(await whereFound(t, ['mariam.erasure@example.test'])).toContain('users.email');
  });

  it('erases the person everywhere, keeps the other person, ends sessions, and keeps certificate and audit chain verifiable', async () => {
    const erased = (
      await t
        .http()
        .post(`/api/v1/users/${person.id}/erase`)
        .set(...bearer(admin))
        .send({ reason: 'Written request of 2 December 2026, ref. DP-14' })
        .expect(200)
    ).body as { userId: string; tables: Record<string, number> };
    expect(erased.userId).toBe(person.id);
    expect(erased.tables).toEqual(
      expect.objectContaining({
        users: 1,
        certificates: 1,
        responses: 1,
        notifications: expect.any(Number),
        supervisor_contacts: 1,
        cooperation_directory_entries: 1,
      }),
    );

    // No name, e-mail or free text of the person is left in any text column of any table.
    expect(await whereFound(t, NEEDLES)).toEqual([]);
    // The other person's are untouched (the scan can find what is there).
    expect(await whereFound(t, ['Kept Otherperson'])).toEqual(expect.arrayContaining(['users.full_name', 'certificates.record']));
    expect(await whereFound(t, ['KEPT-ANSWER-TEXT'])).toEqual(['responses.value']);

    // The row stays, pseudonymised; grades stay as numbers.
    const { rows } = await t.db.query(`SELECT full_name, email, active, erased_at, password_hash FROM users WHERE id = $1`, [person.id]);
    expect(rows[0]).toEqual(
      expect.objectContaining({
        full_name: `Erased person ${person.id.slice(0, 8)}`,
        email: `erased+${person.id}@invalid`,
        active: false,
        password_hash: null,
      }),
    );
    const points = await t.db.query(
      `SELECT r.points FROM responses r JOIN attempts a ON a.id = r.attempt_id WHERE a.user_id = $1 AND r.points IS NOT NULL`,
      [person.id],
    );
    expect(points.rows).toHaveLength(1);

    // Sessions and tokens ended; the other person's did not.
    await t
      .http()
      .get('/api/v1/me')
      .set(...bearer(personToken))
      .expect(401);
    await t
      .http()
      .get('/api/v1/me')
      .set(...bearer(otherToken))
      .expect(200);

    // The certificate still verifies by its code, says the holder was erased, and the holder's own copy matches it.
    const verified = (await t.http().get(`/api/v1/verify/${certificate.code}`).expect(200)).body as Record<string, unknown>;
    const issuedHash = createHash('sha256').update(canonicalJson(certificate.record)).digest('hex');
    expect(verified).toEqual(
      expect.objectContaining({ status: 'valid', holderName: '', holderErased: true, signatureValid: true, recordSha256: issuedHash }),
    );
    expect(
      (
        await t
          .http()
          .post(`/api/v1/verify/${certificate.code}/copy`)
          .send({ record: certificate.record, signature: certificate.signature })
          .expect(200)
      ).body,
    ).toEqual({ matches: true, signatureValid: true, holderName: 'Mariam Erasova' });
    const forged = { ...certificate.record, holder: { id: person.id, name: 'Someone Else' } };
    expect(
      (
        await t
          .http()
          .post(`/api/v1/verify/${certificate.code}/copy`)
          .send({ record: forged, signature: certificate.signature })
          .expect(200)
      ).body,
    ).toEqual({ matches: false, signatureValid: false });
    // A new paper or credential would carry the pseudonym under a fresh signature: refused.
    expect(
      (
        await t
          .http()
          .get(`/api/v1/certificates/${certificate.id}/pdf`)
          .set(...bearer(admin))
          .expect(410)
      ).body.code,
    ).toBe('holder_erased');

    // The audit chain still verifies, and the erasure is in it (who, why) without the erased values.
    expect(
      (
        await t
          .http()
          .get('/api/v1/audit/verify')
          .set(...bearer(platform))
          .expect(200)
      ).body,
    ).toEqual(expect.objectContaining({ ok: true }));
    const entry = await t.db.query(`SELECT actor_id FROM audit_entries WHERE action = 'user.erased' AND entity_id = $1`, [person.id]);
    expect(entry.rows).toEqual([{ actor_id: adminId }]);

    // Twice is refused.
    expect(
      (
        await t
          .http()
          .post(`/api/v1/users/${person.id}/erase`)
          .set(...bearer(admin))
          .send({ reason: 'Again' })
          .expect(409)
      ).body.code,
    ).toBe('already_erased');
  });

  it('works from the administrator’s page in their language, and the verify page explains the erased holder', async () => {
    const third = await userFactory(t.app, { academyId, fullName: 'Third Erasable', email: 'third.erasable@example.test' });
    const visitor = new Visitor(t);
    await visitor.login(adminUser.email, adminUser.password);
    expect((await visitor.get(`/admin/users/${third.id}`)).text).toContain(`href="/admin/users/${third.id}/erase"`);
    const form = await visitor.get(`/admin/users/${third.id}/erase`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('<html lang="uk"');
    expect(form.text).toContain('Стерти персональні дані');
    // Without the confirmation: 400, the error tied to its field, in Ukrainian, and nothing erased.
    const refused = await visitor.post(`/admin/users/${third.id}/erase`, { _csrf: Visitor.csrf(form.text), reason: 'Письмовий запит № 7' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('id="confirm-error"');
    expect(refused.text).toContain('Позначте прапорець');
    expect((await t.db.query(`SELECT erased_at FROM users WHERE id = $1`, [third.id])).rows[0].erased_at).toBeNull();
    const done = await visitor.post(`/admin/users/${third.id}/erase`, {
      _csrf: Visitor.csrf(form.text),
      reason: 'Письмовий запит № 7',
      confirm: 'yes',
    });
    expect([done.status, done.location]).toEqual([303, '/admin/users']);
    expect((await t.db.query(`SELECT erased_at FROM users WHERE id = $1`, [third.id])).rows[0].erased_at).not.toBeNull();
    const verify = await new Visitor(t).get(`/verify/${certificate.code}`, { 'accept-language': 'uk' });
    expect(verify.status).toBe(200);
    expect(verify.text).toContain('Стерто на прохання власника');
    expect(verify.text).toContain('id="record-sha256"');
    expect(verify.text).toContain('data-erased="1"');
    expect(verify.text).not.toContain('Mariam');
  });
});
