import { generateKeyPairSync } from 'node:crypto';
import { CanonicalJsonError, canonicalJson, signRecord, verifyRecord } from './canonical';

describe('canonicalJson (RFC 8785)', () => {
  it('matches the RFC 8785 sample (3.2.2)', () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}',
    );
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts keys by UTF-16 code units (RFC 8785 3.2.3)', () => {
    const input = {
      '\u20ac': 'Euro',
      '\r': 'CR',
      '\ufb33': 'Dalet',
      '1': 'One',
      '\ud83d\ude00': 'Grin',
      '\u0080': 'Control',
      '\u00f6': 'o',
    };
    expect(canonicalJson(input)).toBe(
      '{"\\r":"CR","1":"One","\u0080":"Control","\u00f6":"o","\u20ac":"Euro","\ud83d\ude00":"Grin","\ufb33":"Dalet"}',
    );
  });

  it('serialises numbers as ECMAScript does', () => {
    expect(canonicalJson([-0, 0, 1e21, 1e-7, 123456789012345680000, 9007199254740991, 0.1 + 0.2, -1.5e-300])).toBe(
      '[0,0,1e+21,1e-7,123456789012345680000,9007199254740991,0.30000000000000004,-1.5e-300]',
    );
  });

  it('has no whitespace and nests', () => {
    expect(canonicalJson({ b: [1, { d: 'x', c: null }], a: {} })).toBe('{"a":{},"b":[1,{"c":null,"d":"x"}]}');
  });

  it('does not depend on key insertion order', () => {
    expect(canonicalJson({ a: 1, b: { x: 1, y: 2 } })).toBe(canonicalJson({ b: { y: 2, x: 1 }, a: 1 }));
  });

  it.each([
    ['undefined', { a: undefined }],
    ['a function', { f: () => 1 }],
    ['a symbol', [Symbol('s')]],
    ['a bigint', { n: 1n }],
    ['NaN', { n: NaN }],
    ['Infinity', [Infinity]],
    ['a Date', { d: new Date(0) }],
    ['a Map', new Map()],
    ['a hole in an array', [1, , 3]],
    ['a lone surrogate', { s: '\ud800x' }],
    ['a lone surrogate in a key', { '\udc00': 1 }],
  ])('rejects %s', (_name, value) => {
    expect(() => canonicalJson(value)).toThrow(CanonicalJsonError);
  });

  it('rejects cycles but allows shared subtrees', () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/cyclic/);
  });

  it('names the offending path', () => {
    expect(() => canonicalJson({ holder: { names: ['a', undefined] } })).toThrow('$.holder.names[1]');
  });
});

describe('signRecord / verifyRecord', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const record = {
    serial: 'GE-2026-000123',
    holder: { name: 'ნინო ბერიძე', id: '0b9d6c1e-6a43-4c39-9c32-4f0f3f7a1c2e' },
    course: { title: { ka: 'საქმის მთლიანობა', ur: 'مقدمے کی سالمیت', en: 'Case integrity' } },
    score: 92.5,
    issuedAt: '2026-12-05T10:00:00Z',
  };

  it('signs and verifies, whatever the key order', () => {
    const signature = signRecord(privateKey, record);
    expect(signature).toMatch(/^[\w-]{86}$/);
    const reordered = {
      issuedAt: record.issuedAt,
      score: 92.5,
      course: record.course,
      holder: { id: record.holder.id, name: record.holder.name },
      serial: record.serial,
    };
    expect(verifyRecord(publicKey, reordered, signature)).toBe(true);
  });

  it('keeps Georgian and Urdu text intact through a JSON round trip', () => {
    const signature = signRecord(privateKey, record);
    const stored: unknown = JSON.parse(JSON.stringify(record));
    expect(verifyRecord(publicKey, stored, signature)).toBe(true);
    expect(canonicalJson(record)).toContain('"ur":"مقدمے کی سالمیت"');
    expect(Buffer.from(canonicalJson(record), 'utf8').toString('utf8')).toBe(canonicalJson(stored));
  });

  it('fails when any one field changes', () => {
    const signature = signRecord(privateKey, record);
    expect(verifyRecord(publicKey, { ...record, score: 92.6 }, signature)).toBe(false);
    expect(verifyRecord(publicKey, { ...record, holder: { ...record.holder, name: 'ნინო ბერიძე ' } }, signature)).toBe(false);
    expect(verifyRecord(publicKey, { ...record, course: { title: { ...record.course.title, ur: 'مقدمے کی سالمیت!' } } }, signature)).toBe(
      false,
    );
    expect(verifyRecord(publicKey, { ...record, extra: null }, signature)).toBe(false);
  });

  it('fails for another key or a damaged signature, without throwing', () => {
    const signature = signRecord(privateKey, record);
    const other = generateKeyPairSync('ed25519').publicKey;
    expect(verifyRecord(other, record, signature)).toBe(false);
    expect(verifyRecord(publicKey, record, `${signature.slice(0, -2)}AA`)).toBe(false);
    expect(verifyRecord(publicKey, record, signature.slice(1))).toBe(false);
    expect(verifyRecord(publicKey, record, `${signature}==`)).toBe(false);
    expect(verifyRecord(publicKey, record, '')).toBe(false);
  });
});
