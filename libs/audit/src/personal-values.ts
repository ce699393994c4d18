import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/**
 * Personal values in audit entries (issue 16 point 3, ADR 0014): a value under one of these keys, at any depth of an
 * entry's `before` or `after`, is written in the hashed JSON as a commitment `{"$p": sha256(salt ‖ canonical JSON)}`,
 * and the value with its salt goes to `audit_personal`, outside the hash, deleted when its subjects are erased.
 *
 * The keys carry a person's name, e-mail address or free text: e-mail addresses (users, experts, participants); names
 * (`fullName` of users, experts and participants; `displayName` and `workContact` of directory entries; supervisors');
 * how a person describes their work in their own words (`agency`, `rank`, `organisation`, an expert's `bio` and
 * `availability`, whose windows carry notes); and texts people write: grading comments, notes on action items,
 * recommendations, screening rules and indicator values, reasons (withdrawal, appeal and its decision, revocation,
 * rejection), file names (they often name a person). Controlled codes (sex, agency type, function, roles, locale),
 * numbers, dates and ids stay as they are: they mean nothing without the person's row, which erasure pseudonymises.
 */
export const AUDIT_PERSONAL_KEYS: readonly string[] = [
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

/**
 * Entity types whose rows are people. Their `name` is a person's name (elsewhere `name` names an academy, a cohort or an
 * institution, and stays), and their id is one of the entry's subjects.
 */
export const AUDIT_PERSON_ENTITY_TYPES: readonly string[] = [
  'user',
  'supervisor_contact',
  'assistance_expert',
  'assistance_mission_participant',
  'cooperation_participant',
  'cooperation_directory_entry',
];

/** Keys that are personal only in an entry about a person (an entity type of {@link AUDIT_PERSON_ENTITY_TYPES}). */
export const AUDIT_PERSON_ENTITY_KEYS: readonly string[] = ['name'];

/** The key of a commitment in the hashed JSON: `{"$p": "<64 hex>"}`. */
export const COMMITMENT_KEY = '$p';

/** One personal value taken out of an entry: where it sat (`after.email`, `before.items[2].note`), its salt and itself. */
export interface PersonalValue {
  path: string;
  salt: Buffer;
  value: unknown;
}

type Json = Record<string, unknown> | null;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The keys whose values are personal in an entry about `entityType`. */
export function personalKeys(entityType: string): ReadonlySet<string> {
  return new Set(
    AUDIT_PERSON_ENTITY_TYPES.includes(entityType) ? [...AUDIT_PERSONAL_KEYS, ...AUDIT_PERSON_ENTITY_KEYS] : AUDIT_PERSONAL_KEYS,
  );
}

/** Hex SHA-256 of the salt followed by the UTF-8 of the value's canonical JSON. */
export function commitment(salt: Buffer, value: unknown): string {
  return createHash('sha256').update(salt).update(canonicalJson(value), 'utf8').digest('hex');
}

/**
 * Whose personal data an entry holds: its actor, the entity when it is a person, and the ones the caller names; uuids
 * only (an entity id such as `platform:3` names no one), each once.
 */
export function auditSubjects(
  actorId: string | null,
  entityType: string,
  entityId: string,
  extra: readonly (string | null | undefined)[] = [],
): string[] {
  const all = [actorId, AUDIT_PERSON_ENTITY_TYPES.includes(entityType) ? entityId : null, ...extra];
  return [...new Set(all.filter((id): id is string => typeof id === 'string' && UUID.test(id)).map((id) => id.toLowerCase()))];
}

/**
 * `json` (an entry's `before` or `after`, named `root` in the paths) with every personal value replaced by its
 * commitment, and the values taken out. The JSON is first made what the database will store (dates as ISO strings,
 * undefined left out), so the hash computed now is the one `verify()` recomputes from the stored row. Null, undefined
 * and empty strings hide nothing and stay as they are.
 */
export function takePersonal(
  json: Json,
  root: 'before' | 'after',
  keys: ReadonlySet<string>,
  salt: () => Buffer,
): { json: Json; values: PersonalValue[] } {
  if (json === null || json === undefined) return { json: null, values: [] };
  const values: PersonalValue[] = [];
  const walk = (node: unknown, path: string): unknown => {
    if (Array.isArray(node)) return node.map((item, i) => walk(item, `${path}[${i}]`));
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      const at = `${path}.${key}`;
      if (keys.has(key) && value !== null && value !== '') {
        const s = salt();
        values.push({ path: at, salt: s, value });
        out[key] = { [COMMITMENT_KEY]: commitment(s, value) };
      } else out[key] = walk(value, at);
    }
    return out;
  };
  return { json: walk(JSON.parse(JSON.stringify(json)), root) as Json, values };
}

/**
 * `json` with each commitment whose value is still held (`values`, by path) replaced by that value, when the value and
 * its salt give the commitment back; a commitment without its value (erased) stays `{"$p": …}`.
 */
export function revealPersonal(json: Json, root: 'before' | 'after', values: readonly PersonalValue[]): Json {
  if (json === null || json === undefined || !values.length) return json ?? null;
  const byPath = new Map(values.map((v) => [v.path, v]));
  const walk = (node: unknown, path: string): unknown => {
    if (Array.isArray(node)) return node.map((item, i) => walk(item, `${path}[${i}]`));
    if (node === null || typeof node !== 'object') return node;
    const record = node as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 1 && keys[0] === COMMITMENT_KEY && typeof record[COMMITMENT_KEY] === 'string') {
      const held = byPath.get(path);
      return held && commitment(held.salt, held.value) === record[COMMITMENT_KEY] ? held.value : node;
    }
    return Object.fromEntries(keys.map((key) => [key, walk(record[key], `${path}.${key}`)]));
  };
  return walk(json, root) as Json;
}
