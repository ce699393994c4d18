import { canonicalJson } from './canonical-json';
import { GENESIS_HASH, entryHash } from './audit.service';

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
