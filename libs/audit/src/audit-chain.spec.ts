import { canonicalJson } from './canonical-json';
import { GENESIS_HASH, entryHash } from './audit.service';
import { auditSubjects, commitment, personalKeys, revealPersonal, takePersonal } from './personal-values';

describe('canonical JSON', () => {
  it('gives the same text whatever the key order, at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [2, { y: 2, z: 1 }] }, b: 1 }),
    );
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });
  it('drops undefined and writes dates as ISO strings', () => {
    expect(canonicalJson({ a: undefined, at: new Date('2026-01-02T03:04:05.006Z') })).toBe('{"at":"2026-01-02T03:04:05.006Z"}');
  });
});

describe('audit entry hash', () => {
  const entry = {
    at: new Date('2026-11-29T10:00:00.000Z'),
    actorId: null,
    academyId: null,
    action: 'user.created',
    entityType: 'user',
    entityId: 'u1',
    before: null,
    after: { roles: ['learner'] },
    prevHash: GENESIS_HASH,
  };
  it('is a SHA-256 that changes with any field, including the previous hash', () => {
    const hash = entryHash(entry);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(entryHash({ ...entry })).toBe(hash);
    expect(entryHash({ ...entry, after: { roles: ['trainer'] } })).not.toBe(hash);
    expect(entryHash({ ...entry, prevHash: 'f'.repeat(64) })).not.toBe(hash);
    expect(entryHash({ ...entry, at: new Date('2026-11-29T10:00:00.001Z') })).not.toBe(hash);
  });
});

describe('personal values as commitments', () => {
  let n = 0;
  const salt = () => Buffer.alloc(16, ++n);

  it('replaces values under personal keys at any depth, and reveals them back by path', () => {
    const keys = personalKeys('user');
    const after = {
      email: 'a@b.test',
      name: 'Ana',
      roles: ['learner'],
      list: [{ note: 'x' }, { note: null }],
      when: new Date(0),
      gone: undefined,
    };
    const { json, values } = takePersonal(after, 'after', keys, salt);
    expect(values.map((v) => v.path)).toEqual(['after.email', 'after.name', 'after.list[0].note']);
    expect(json).toEqual({
      email: { $p: commitment(values[0].salt, 'a@b.test') },
      name: { $p: commitment(values[1].salt, 'Ana') },
      roles: ['learner'],
      list: [{ note: { $p: commitment(values[2].salt, 'x') } }, { note: null }],
      when: '1970-01-01T00:00:00.000Z',
    });
    expect(revealPersonal(json, 'after', values)).toEqual({ ...after, when: '1970-01-01T00:00:00.000Z', gone: undefined });
    // A value that does not open its commitment, or at another path, is not revealed.
    expect(revealPersonal(json, 'after', [{ ...values[0], value: 'other@b.test' }])).toEqual(json);
    expect(revealPersonal(json, 'before', values)).toEqual(json);
  });

  it('keeps `name` in clear outside entries about people, and names uuids only as subjects', () => {
    expect(takePersonal({ name: 'Academy' }, 'after', personalKeys('academy'), salt).values).toEqual([]);
    const actor = '11111111-1111-4111-8111-111111111111';
    const user = '22222222-2222-4222-8222-222222222222';
    expect(auditSubjects(actor, 'user', user, [null, 'x', actor.toUpperCase()])).toEqual([actor, user]);
    expect(auditSubjects(null, 'privacy_notice', 'platform:3')).toEqual([]);
    expect(auditSubjects(actor, 'cohort', user)).toEqual([actor]);
  });
});
