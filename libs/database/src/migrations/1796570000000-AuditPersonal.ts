import { createHash, randomBytes } from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Personal values out of the audit chain (issue 16 point 3, ADR 0014), owned by `libs/audit`.
 *
 * `audit_personal` holds the personal values (names, e-mail addresses, free text) of audit entries: where in the
 * entry's `before`/`after` each sat (`path`), whose personal data it is (`subject_ids`), a random salt and the value.
 * The entry's hashed JSON holds `{"$p": sha256(salt ‖ canonical JSON of the value)}` instead. The table is outside the
 * hash and not append-only: erasure deletes a person's rows, the chain still verifies, the commitment can no longer be
 * opened.
 *
 * Entries written before are rewritten once, in id order: their personal values move out (same rule as
 * `libs/audit/src/personal-values.ts` had when this ran: the key lists and the hashing are copied below, frozen), and
 * every hash is recomputed with the new `before`/`after` and the new chain of `prev_hash`, with the append-only trigger
 * disabled inside this migration's transaction and the chain's lock held. The subjects of a moved value are the
 * entry's actor, the entity when it is a person, and the person the entity belongs to (an appeal's, a graded
 * response's, an enrolment's, a certificate's learner; an expert's account; a named participant). Then one entry
 * `audit.personal_values_moved` records the old and the new head hash, how many entries and values, and the first
 * entry whose old hash or link did not hold (null when the old chain verified): re-hashing must not hide a break.
 *
 * `down` puts back the values still held (an erased person's stay commitments), re-hashes the chain the same way,
 * records `audit.personal_values_restored` and drops the table.
 */
export class AuditPersonal1796570000000 implements MigrationInterface {
  name = 'AuditPersonal1796570000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "audit_personal" (
        "id" BIGSERIAL NOT NULL,
        "entry_id" bigint NOT NULL,
        "path" text NOT NULL,
        "subject_ids" uuid[] NOT NULL DEFAULT '{}',
        "salt" bytea NOT NULL,
        "value" jsonb NOT NULL,
        CONSTRAINT "PK_audit_personal" PRIMARY KEY ("id"),
        CONSTRAINT "audit_personal_salt" CHECK (octet_length("salt") = 16),
        CONSTRAINT "audit_personal_entry_fk" FOREIGN KEY ("entry_id") REFERENCES "audit_entries"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "audit_personal_subjects" ON "audit_personal" USING GIN ("subject_ids")`);
    await queryRunner.query(`CREATE INDEX "audit_personal_entry" ON "audit_personal" ("entry_id")`);
    await queryRunner.query(
      `COMMENT ON TABLE "audit_personal" IS 'audit: personal values of audit_entries, outside the hash; deleted when a subject is erased (ADR 0014)'`,
    );
    await rewriteChain(queryRunner, 'move');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await rewriteChain(queryRunner, 'restore');
    await queryRunner.query(`DROP TABLE "audit_personal"`);
  }
}

// ---- frozen copies (as libs/audit had them when this migration was written) ------------------------------------

const CHAIN_LOCK = 0x70726f62;
const GENESIS_HASH = '0'.repeat(64);
const PAGE = 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const PERSONAL_KEYS = [
  'email',
  'fullName',
  'displayName',
  'workContact',
  'supervisorName',
  'supervisorEmail',
  'agency',
  'rank',
  'organisation',
  'bio',
  'availability',
  'comment',
  'text',
  'note',
  'reason',
  'decisionReason',
  'revocationReason',
  'withdrawalReason',
  'fileName',
];
const PERSON_ENTITY_TYPES = [
  'user',
  'supervisor_contact',
  'assistance_expert',
  'assistance_mission_participant',
  'cooperation_participant',
  'cooperation_directory_entry',
];
const PERSON_ENTITY_KEYS = ['name'];

type Json = Record<string, unknown> | null;
interface Value {
  path: string;
  salt: Buffer;
  value: unknown;
}
interface Row {
  id: string;
  at: Date;
  actor_id: string | null;
  academy_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before: Json;
  after: Json;
  prev_hash: string;
  hash: string;
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    const source = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(source)
        .filter((key) => source[key] !== undefined)
        .sort()
        .map((key) => [key, sortKeys(source[key])]),
    );
  }
  return value;
}

function entryHash(e: {
  at: Date;
  actorId: string | null;
  academyId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: Json;
  after: Json;
  prevHash: string;
}): string {
  return createHash('sha256')
    .update(
      canonicalJson({
        at: e.at.toISOString(),
        actorId: e.actorId,
        academyId: e.academyId,
        action: e.action,
        entityType: e.entityType,
        entityId: e.entityId,
        before: e.before,
        after: e.after,
        prevHash: e.prevHash,
      }),
    )
    .digest('hex');
}

const rowHash = (row: Row, before: Json, after: Json, prevHash: string): string =>
  entryHash({
    at: row.at,
    actorId: row.actor_id,
    academyId: row.academy_id,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    before,
    after,
    prevHash,
  });

function commitment(salt: Buffer, value: unknown): string {
  return createHash('sha256').update(salt).update(canonicalJson(value), 'utf8').digest('hex');
}

function take(json: Json, root: string, keys: Set<string>): { json: Json; values: Value[] } {
  if (json === null || json === undefined) return { json: null, values: [] };
  const values: Value[] = [];
  const walk = (node: unknown, path: string): unknown => {
    if (Array.isArray(node)) return node.map((item, i) => walk(item, `${path}[${i}]`));
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      const at = `${path}.${key}`;
      if (keys.has(key) && value !== null && value !== '') {
        const salt = randomBytes(16);
        values.push({ path: at, salt, value });
        out[key] = { $p: commitment(salt, value) };
      } else out[key] = walk(value, at);
    }
    return out;
  };
  return { json: walk(json, root) as Json, values };
}

function reveal(json: Json, root: string, byPath: Map<string, Value>): { json: Json; restored: number; kept: number } {
  let restored = 0;
  let kept = 0;
  const walk = (node: unknown, path: string): unknown => {
    if (Array.isArray(node)) return node.map((item, i) => walk(item, `${path}[${i}]`));
    if (node === null || typeof node !== 'object') return node;
    const record = node as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 1 && keys[0] === '$p' && typeof record.$p === 'string') {
      const held = byPath.get(path);
      if (held && commitment(held.salt, held.value) === record.$p) {
        restored++;
        return held.value;
      }
      kept++;
      return node;
    }
    return Object.fromEntries(keys.map((key) => [key, walk(record[key], `${path}.${key}`)]));
  };
  return { json: json === null || json === undefined ? null : (walk(json, root) as Json), restored, kept };
}

const asUuid = (value: unknown): string | null => (typeof value === 'string' && UUID.test(value) ? value.toLowerCase() : null);

/** The person a row of these entity types belongs to, as the tables said when this ran. */
const OWNER_QUERIES: Record<string, string> = {
  appeal: `SELECT id::text AS id, user_id::text AS user_id FROM appeals WHERE id = ANY($1::uuid[])`,
  response: `SELECT r.id::text AS id, a.user_id::text AS user_id FROM responses r JOIN attempts a ON a.id = r.attempt_id WHERE r.id = ANY($1::uuid[])`,
  enrolment: `SELECT id::text AS id, user_id::text AS user_id FROM enrolments WHERE id = ANY($1::uuid[])`,
  certificate: `SELECT id::text AS id, user_id::text AS user_id FROM certificates WHERE id = ANY($1::uuid[])`,
  assistance_expert: `SELECT id::text AS id, user_id::text AS user_id FROM assistance_experts WHERE id = ANY($1::uuid[])`,
  supervisor_contact: `SELECT id::text AS id, user_id::text AS user_id FROM supervisor_contacts WHERE id = ANY($1::uuid[])`,
};
const PARTICIPANTS = `SELECT id::text AS id, user_id::text AS user_id FROM assistance_mission_participants WHERE id = ANY($1::uuid[])
  UNION ALL SELECT id::text AS id, user_id::text AS user_id FROM cooperation_participants WHERE id = ANY($1::uuid[])`;
const REVOKED = `SELECT c.mission_id::text || ' ' || c.code AS id, c.participant_id::text AS participant_id, p.user_id::text AS user_id
  FROM assistance_participation_certificates c JOIN assistance_mission_participants p ON p.id = c.participant_id
  WHERE c.mission_id::text || ' ' || c.code = ANY($1::text[])`;

/** For entries with personal values: the people besides the actor and a person entity whose data the values are. */
async function extraSubjects(runner: QueryRunner, rows: Row[]): Promise<Map<string, string[]>> {
  const extra = new Map<string, string[]>();
  const add = (entryId: string, ...ids: unknown[]) => {
    const found = ids.map(asUuid).filter((id): id is string => id !== null);
    if (found.length) extra.set(entryId, [...(extra.get(entryId) ?? []), ...found]);
  };
  for (const [entityType, sql] of Object.entries(OWNER_QUERIES)) {
    const mine = rows.filter((r) => r.entity_type === entityType && asUuid(r.entity_id));
    if (!mine.length) continue;
    const owners = new Map(
      ((await runner.query(sql, [mine.map((r) => r.entity_id)])) as { id: string; user_id: string | null }[]).map((o) => [o.id, o.user_id]),
    );
    for (const r of mine) add(r.id, owners.get(r.entity_id.toLowerCase()));
  }
  const participantOf = (r: Row): string | null =>
    /\.participant_(added|removed)$/.test(r.action) ? asUuid(r.after?.participantId ?? r.before?.participantId) : null;
  const named = rows.filter((r) => participantOf(r));
  if (named.length) {
    const users = new Map(
      ((await runner.query(PARTICIPANTS, [named.map(participantOf)])) as { id: string; user_id: string | null }[]).map((p) => [
        p.id,
        p.user_id,
      ]),
    );
    for (const r of named) {
      const participant = participantOf(r)!;
      add(r.id, participant, r.after?.userId ?? r.before?.userId, users.get(participant));
    }
  }
  const revokedKey = (r: Row): string => `${r.entity_id} ${String(r.after?.code)}`;
  const revoked = rows.filter((r) => r.action === 'assistance.mission.participation_revoked' && asUuid(r.entity_id));
  if (revoked.length) {
    const holders = new Map(
      ((await runner.query(REVOKED, [revoked.map(revokedKey)])) as { id: string; participant_id: string; user_id: string | null }[]).map(
        (h) => [h.id, h],
      ),
    );
    for (const r of revoked) add(r.id, holders.get(revokedKey(r))?.participant_id, holders.get(revokedKey(r))?.user_id);
  }
  return extra;
}

function subjectsOf(row: Row, extra: string[] = []): string[] {
  const all = [row.actor_id, PERSON_ENTITY_TYPES.includes(row.entity_type) ? row.entity_id : null, ...extra];
  return [...new Set(all.map(asUuid).filter((id): id is string => id !== null))];
}

/**
 * Walks the chain in id order, moves the personal values out (`move`) or puts back those still held (`restore`),
 * re-hashes every entry from the first one, and records the old and new head in a last entry.
 */
async function rewriteChain(runner: QueryRunner, direction: 'move' | 'restore'): Promise<void> {
  await runner.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
  await runner.query('ALTER TABLE "audit_entries" DISABLE TRIGGER audit_entries_append_only');
  let oldPrev = GENESIS_HASH;
  let newPrev = GENESIS_HASH;
  let afterId = '0';
  let entries = 0;
  let values = 0;
  let kept = 0;
  let firstBrokenId: string | null = null;
  for (;;) {
    const rows = (await runner.query(
      `SELECT id::text AS id, at, actor_id, academy_id, action, entity_type, entity_id, before, after, prev_hash, hash
         FROM audit_entries e WHERE e.id > $1 ORDER BY e.id LIMIT ${PAGE}`,
      [afterId],
    )) as Row[];
    if (!rows.length) break;
    const held = new Map<string, Map<string, Value>>();
    if (direction === 'restore') {
      const stored = (await runner.query(
        `SELECT entry_id::text AS entry_id, path, salt, value FROM audit_personal WHERE entry_id = ANY($1::bigint[])`,
        [rows.map((r) => r.id)],
      )) as { entry_id: string; path: string; salt: Buffer; value: unknown }[];
      for (const s of stored) {
        if (!held.has(s.entry_id)) held.set(s.entry_id, new Map());
        held.get(s.entry_id)!.set(s.path, { path: s.path, salt: s.salt, value: s.value });
      }
    }
    const changed: { id: string; before: Json; after: Json; prevHash: string; hash: string }[] = [];
    const moved: { row: Row; values: Value[] }[] = [];
    for (const row of rows) {
      if (firstBrokenId === null && (row.prev_hash !== oldPrev || rowHash(row, row.before, row.after, row.prev_hash) !== row.hash))
        firstBrokenId = row.id;
      oldPrev = row.hash;
      let before: Json;
      let after: Json;
      if (direction === 'move') {
        const keys = new Set(PERSON_ENTITY_TYPES.includes(row.entity_type) ? [...PERSONAL_KEYS, ...PERSON_ENTITY_KEYS] : PERSONAL_KEYS);
        const b = take(row.before, 'before', keys);
        const a = take(row.after, 'after', keys);
        before = b.json;
        after = a.json;
        if (b.values.length || a.values.length) moved.push({ row, values: [...b.values, ...a.values] });
      } else {
        const byPath = held.get(row.id) ?? new Map<string, Value>();
        const b = reveal(row.before, 'before', byPath);
        const a = reveal(row.after, 'after', byPath);
        before = b.json;
        after = a.json;
        values += b.restored + a.restored;
        kept += b.kept + a.kept;
      }
      const hash = rowHash(row, before, after, newPrev);
      if (hash !== row.hash || newPrev !== row.prev_hash) changed.push({ id: row.id, before, after, prevHash: newPrev, hash });
      newPrev = hash;
      entries++;
    }
    const json = (v: Json): string | null => (v === null || v === undefined ? null : JSON.stringify(v));
    if (changed.length)
      await runner.query(
        `UPDATE audit_entries e SET before = u.before, after = u.after, prev_hash = u.prev_hash, hash = u.hash
           FROM unnest($1::bigint[], $2::jsonb[], $3::jsonb[], $4::text[], $5::text[]) AS u(id, before, after, prev_hash, hash)
          WHERE e.id = u.id`,
        [
          changed.map((c) => c.id),
          changed.map((c) => json(c.before)),
          changed.map((c) => json(c.after)),
          changed.map((c) => c.prevHash),
          changed.map((c) => c.hash),
        ],
      );
    if (moved.length) {
      const extra = await extraSubjects(
        runner,
        moved.map((m) => m.row),
      );
      const flat = moved.flatMap((m) =>
        m.values.map((v) => ({ entryId: m.row.id, subjects: subjectsOf(m.row, extra.get(m.row.id)), ...v })),
      );
      values += flat.length;
      await runner.query(
        `INSERT INTO audit_personal (entry_id, path, subject_ids, salt, value)
         SELECT u.entry_id, u.path, ARRAY(SELECT jsonb_array_elements_text(u.subjects)::uuid), u.salt, u.value
           FROM unnest($1::bigint[], $2::text[], $3::jsonb[], $4::bytea[], $5::jsonb[]) AS u(entry_id, path, subjects, salt, value)`,
        [
          flat.map((f) => f.entryId),
          flat.map((f) => f.path),
          flat.map((f) => JSON.stringify(f.subjects)),
          flat.map((f) => f.salt),
          flat.map((f) => JSON.stringify(f.value)),
        ],
      );
    }
    afterId = rows[rows.length - 1].id;
    if (rows.length < PAGE) break;
  }
  await runner.query('ALTER TABLE "audit_entries" ENABLE TRIGGER audit_entries_append_only');
  if (!entries) return;
  const entry = {
    at: new Date(),
    actorId: null,
    academyId: null,
    action: direction === 'move' ? 'audit.personal_values_moved' : 'audit.personal_values_restored',
    entityType: 'audit_chain',
    entityId: 'audit_entries',
    before: { head: oldPrev },
    after: {
      head: newPrev,
      entries,
      values,
      ...(direction === 'restore' ? { keptCommitted: kept } : {}),
      oldChainFirstBrokenId: firstBrokenId,
    },
    prevHash: newPrev,
  };
  await runner.query(
    `INSERT INTO audit_entries (at, actor_id, academy_id, action, entity_type, entity_id, before, after, prev_hash, hash)
     VALUES ($1, NULL, NULL, $2, $3, $4, $5, $6, $7, $8)`,
    [
      entry.at,
      entry.action,
      entry.entityType,
      entry.entityId,
      JSON.stringify(entry.before),
      JSON.stringify(entry.after),
      entry.prevHash,
      entryHash(entry),
    ],
  );
}
