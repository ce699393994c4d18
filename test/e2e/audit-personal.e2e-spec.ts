import { createHash } from 'node:crypto';
import { AuditService, GENESIS_HASH, canonicalJson, entryHash } from '@probity/audit';
import { DataSource } from 'typeorm';
// The migration itself, run down and up again on this file's database (old-format entries in between).
// eslint-disable-next-line no-restricted-imports
import { AuditPersonal1796570000000 } from '../../libs/database/src/migrations/1796570000000-AuditPersonal';
import { userFactory } from '../factories';
import { type TestApp, createTestApp } from '../support/test-app';

type Entry = { id: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null };

/**
 * Personal values of audit entries as salted commitments (issue 16 point 3, ADR 0014): the hashed JSON holds
 * `{"$p": sha256(salt ‖ value)}`, the value and its salt sit in `audit_personal` (outside the hash) with the people they
 * are about; reveal gives them back, forget deletes them, and the chain verifies before and after, tampering still shows.
 */
describe('audit entries: personal values as commitments', () => {
  let t: TestApp;
  let audit: AuditService;
  let dataSource: DataSource;
  let admin: { id: string };
  let person: { id: string };

  beforeAll(async () => {
    t = await createTestApp();
    audit = t.app.get(AuditService);
    dataSource = t.app.get(DataSource);
    admin = await userFactory(t.app, { roles: ['platform_admin'] });
    person = await userFactory(t.app);
  });
  afterAll(() => t.close());

  const record = (event: Parameters<AuditService['record']>[1]) => dataSource.transaction((m) => audit.record(m, event));
  const entry = async (action: string): Promise<Entry> =>
    (
      await t.db.query<Entry>(`SELECT e.id::text AS id, before, after FROM audit_entries e WHERE action = $1 ORDER BY e.id DESC LIMIT 1`, [
        action,
      ])
    ).rows[0];
  const held = async (entryId: string) =>
    (
      await t.db.query<{ path: string; subject_ids: string[]; salt: Buffer; value: unknown }>(
        `SELECT path, subject_ids, salt, value FROM audit_personal WHERE entry_id = $1 ORDER BY path`,
        [entryId],
      )
    ).rows;

  it('hashes a commitment in place of each personal value, at any depth, and keeps the value with its salt and subjects', async () => {
    const email = `secret.${Date.now()}@example.test`;
    await record({
      actorId: admin.id,
      academyId: null,
      action: 'test.personal_created',
      entityType: 'user',
      entityId: person.id,
      before: { email: null, note: '' },
      after: { email, fullName: 'Nino Kharaishvili', roles: ['learner'], name: 'Nino', steps: [{ at: 1, note: 'called her at home' }] },
    });
    const stored = await entry('test.personal_created');
    const text = JSON.stringify([stored.before, stored.after]);
    expect(text).not.toContain(email);
    expect(text).not.toContain('Kharaishvili');
    expect(text).not.toContain('called her');
    // Null and empty values hide nothing and stay; what is not personal stays in clear.
    expect(stored.before).toEqual({ email: null, note: '' });
    expect(stored.after).toMatchObject({ roles: ['learner'], email: { $p: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    const values = await held(stored.id);
    expect(values.map((v) => v.path)).toEqual(['after.email', 'after.fullName', 'after.name', 'after.steps[0].note']);
    for (const v of values) {
      expect(v.salt).toHaveLength(16);
      expect(v.subject_ids.sort()).toEqual([admin.id, person.id].sort());
    }
    // The commitment is SHA-256 over the salt and the UTF-8 of the value's canonical JSON.
    const mail = values.find((v) => v.path === 'after.email')!;
    expect(mail.value).toBe(email);
    expect((stored.after!.email as { $p: string }).$p).toBe(
      createHash('sha256').update(mail.salt).update(canonicalJson(email), 'utf8').digest('hex'),
    );

    const [revealed] = await audit.reveal([stored]);
    expect(revealed.after).toEqual({
      email,
      fullName: 'Nino Kharaishvili',
      roles: ['learner'],
      name: 'Nino',
      steps: [{ at: 1, note: 'called her at home' }],
    });
    expect(revealed.before).toEqual({ email: null, note: '' });
    expect((await audit.verify()).ok).toBe(true);
  });

  it('treats `name` as personal only in entries about a person', async () => {
    await record({
      actorId: admin.id,
      academyId: null,
      action: 'test.academy_named',
      entityType: 'academy',
      entityId: admin.id,
      after: { name: { en: 'Tbilisi Academy' }, comment: 'asked by the director' },
    });
    const stored = await entry('test.academy_named');
    expect(stored.after!.name).toEqual({ en: 'Tbilisi Academy' });
    expect(stored.after!.comment).toEqual({ $p: expect.any(String) });
    // Not a person: only the actor is a subject.
    expect((await held(stored.id)).map((v) => v.subject_ids)).toEqual([[admin.id]]);
  });

  it('names extra subjects given by the caller, and reveals to one subject only what is about them', async () => {
    const other = await userFactory(t.app);
    await record({
      actorId: admin.id,
      academyId: null,
      action: 'test.appeal_decided',
      entityType: 'appeal',
      entityId: '00000000-0000-4000-8000-000000000001',
      after: { reason: 'the answer covers the point' },
      subjects: [other.id, null, 'not-a-uuid'],
    });
    const stored = await entry('test.appeal_decided');
    expect((await held(stored.id))[0].subject_ids.sort()).toEqual([admin.id, other.id].sort());
    expect((await audit.reveal([stored], { subjectId: other.id }))[0].after).toEqual({ reason: 'the answer covers the point' });
    expect((await audit.reveal([stored], { subjectId: person.id }))[0].after).toEqual(stored.after);
  });

  it('forgets a subject: the values go, the commitments stay, the chain still verifies', async () => {
    const stored = await entry('test.personal_created');
    // The person's own user.created (e-mail, name) and the four values above.
    const about = await t.db.query(`SELECT count(*)::int AS n FROM audit_personal WHERE $1 = ANY(subject_ids)`, [person.id]);
    expect(about.rows[0].n).toBe(6);
    const forgotten = await dataSource.transaction((m) => audit.forget(m, person.id));
    expect(forgotten).toBe(6);
    expect(await held(stored.id)).toEqual([]);
    const [revealed] = await audit.reveal([stored]);
    expect(revealed.after).toEqual(stored.after);
    expect(revealed.after!.email).toEqual({ $p: expect.any(String) });
    // The admin's own entries keep theirs.
    expect(await held((await entry('test.academy_named')).id)).toHaveLength(1);
    expect(await dataSource.transaction((m) => audit.forget(m, person.id))).toBe(0);
    expect(await audit.verify()).toMatchObject({ ok: true });
    await expect(audit.forget(dataSource.manager, person.id)).rejects.toThrow(/transaction/);
  });

  it('the migration moves old entries’ values out, re-hashes the chain and records both heads; down puts them back', async () => {
    const migration = new AuditPersonal1796570000000();
    const run = async (step: 'up' | 'down') => {
      const runner = dataSource.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      try {
        await migration[step](runner);
        await runner.commitTransaction();
      } catch (error) {
        await runner.rollbackTransaction();
        throw error;
      } finally {
        await runner.release();
      }
    };
    await run('down');
    // Down: values still held are back in clear, erased ones stay commitments, the chain verifies, a last entry says so.
    expect((await entry('test.academy_named')).after!.comment).toBe('asked by the director');
    expect((await entry('test.personal_created')).after!.email).toEqual({ $p: expect.any(String) });
    expect((await entry('audit.personal_values_restored')).after).toMatchObject({ keptCommitted: 6, oldChainFirstBrokenId: null });
    expect(await audit.verify()).toMatchObject({ ok: true });
    expect((await t.db.query(`SELECT to_regclass('audit_personal') AS t`)).rows[0].t).toBeNull();

    // Entries in the old format, values in clear, appended to the chain as the old code did.
    const last = (await t.db.query<{ hash: string }>(`SELECT hash FROM audit_entries ORDER BY id DESC LIMIT 1`)).rows[0];
    let prevHash = last?.hash ?? GENESIS_HASH;
    const old = [
      {
        action: 'test.old_format',
        entityType: 'user',
        entityId: person.id,
        after: { email: 'old.address@example.test', fullName: 'Old Name' },
      },
      {
        action: 'test.old_format',
        entityType: 'cohort',
        entityId: admin.id,
        after: { status: 'withdrawn', reason: 'moved to another unit' },
      },
      // More than one page of the migration's walk (1,000 entries).
      ...Array.from({ length: 1100 }, (_, i) => ({
        action: 'test.old_filler',
        entityType: 'cohort',
        entityId: admin.id,
        after: { i, note: `n${i}` },
      })),
    ];
    const inserted: unknown[][] = [];
    for (const o of old) {
      const e = { at: new Date(), actorId: admin.id, academyId: null, before: null, prevHash, ...o };
      const hash = entryHash(e);
      inserted.push([e.at, e.action, e.entityType, e.entityId, JSON.stringify(e.after), prevHash, hash]);
      prevHash = hash;
    }
    const column = (i: number) => inserted.map((r) => r[i]);
    await t.db.query(
      `INSERT INTO audit_entries (at, actor_id, academy_id, action, entity_type, entity_id, before, after, prev_hash, hash)
       SELECT u.at, $8, NULL, u.action, u.entity_type, u.entity_id, NULL, u.after, u.prev_hash, u.hash
         FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::text[], $7::text[])
           WITH ORDINALITY AS u(at, action, entity_type, entity_id, after, prev_hash, hash, n)
        ORDER BY u.n`,
      [column(0), column(1), column(2), column(3), column(4), column(5), column(6), admin.id],
    );
    const oldHead = prevHash;
    expect(await audit.verify()).toMatchObject({ ok: true });

    await run('up');
    const text = (
      await t.db.query<{ text: string }>(
        `SELECT string_agg(coalesce(before::text, '') || coalesce(after::text, ''), '|') AS text FROM audit_entries`,
      )
    ).rows[0].text;
    expect(text).not.toContain('old.address@example.test');
    expect(text).not.toContain('moved to another unit');
    expect(text).not.toContain('asked by the director');
    const moved = await entry('audit.personal_values_moved');
    const newHead = (
      await t.db.query<{ hash: string }>(`SELECT hash FROM audit_entries WHERE id < $1 ORDER BY id DESC LIMIT 1`, [moved.id])
    ).rows[0].hash;
    expect(moved.before).toEqual({ head: oldHead });
    expect(moved.after).toMatchObject({ head: newHead, oldChainFirstBrokenId: null });
    expect(newHead).not.toBe(oldHead);
    expect(
      (
        await t.db.query(
          `SELECT count(*)::int AS n FROM audit_personal p JOIN audit_entries e ON e.id = p.entry_id WHERE e.action = 'test.old_filler'`,
        )
      ).rows[0].n,
    ).toBe(1100);
    expect(await audit.verify()).toMatchObject({ ok: true });
    const rows = (
      await t.db.query<Entry>(
        `SELECT e.id::text AS id, before, after FROM audit_entries e WHERE action IN ('test.old_format', 'test.academy_named') ORDER BY e.id`,
      )
    ).rows;
    expect((await audit.reveal(rows)).map((r) => r.after)).toEqual([
      { name: { en: 'Tbilisi Academy' }, comment: 'asked by the director' },
      { email: 'old.address@example.test', fullName: 'Old Name' },
      { status: 'withdrawn', reason: 'moved to another unit' },
    ]);
    // Subjects as for new entries: the actor, and the person the entity is.
    expect((await held(rows[1].id)).map((v) => v.subject_ids.sort())).toEqual([[admin.id, person.id].sort(), [admin.id, person.id].sort()]);
    expect((await held(rows[2].id)).map((v) => v.subject_ids)).toEqual([[admin.id]]);
    // New entries append to the re-hashed chain.
    await record({
      actorId: admin.id,
      academyId: null,
      action: 'test.after_migration',
      entityType: 'user',
      entityId: person.id,
      after: { email: 'x@example.test' },
    });
    expect(await audit.verify()).toMatchObject({ ok: true });
  });

  it('still detects tampering: a changed commitment, or a value put back in clear', async () => {
    const stored = await entry('test.after_migration');
    await t.db.query('ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only');
    await t.db.query(`UPDATE audit_entries SET after = '{"email": "x@example.test"}' WHERE id = $1`, [stored.id]);
    await t.db.query('ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only');
    expect(await audit.verify()).toMatchObject({ ok: false, firstBrokenId: stored.id });
  });
});
