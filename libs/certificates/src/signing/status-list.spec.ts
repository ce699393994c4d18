import { gzipSync } from 'node:zlib';
import { STATUS_LIST_MIN_SIZE, decodeStatusList, encodeStatusList, isRevoked, statusListCredential, statusListSize } from './status-list';

/** The empty 16 KB list from the W3C Bitstring Status List specification's examples. */
const SPEC_EMPTY_LIST = 'uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA';

describe('Bitstring Status List', () => {
  it('reads the specification’s own example list', () => {
    const bits = decodeStatusList(SPEC_EMPTY_LIST);
    expect(bits.length).toBe(16384);
    expect(bits.every((byte) => byte === 0)).toBe(true);
    expect(isRevoked(SPEC_EMPTY_LIST, 94567)).toBe(false);
  });

  it('is GZIP in multibase base64url, 131,072 bits by default', () => {
    const encoded = encodeStatusList([]);
    expect(encoded).toMatch(/^u[\w-]+$/);
    expect(Buffer.from(encoded.slice(1), 'base64url').subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(decodeStatusList(encoded).length).toBe(STATUS_LIST_MIN_SIZE / 8);
  });

  it('puts index 0 in the most significant bit of the first byte', () => {
    const bits = decodeStatusList(encodeStatusList([0, 9, 131071]));
    expect(bits[0]).toBe(0b1000_0000);
    expect(bits[1]).toBe(0b0100_0000);
    expect(bits[bits.length - 1]).toBe(0b0000_0001);
    expect(bits.slice(2, -1).every((byte) => byte === 0)).toBe(true);
  });

  it('agrees with a list built by hand', () => {
    const bits = new Uint8Array(16384);
    bits[94567 >> 3] = 0x80 >> (94567 % 8);
    const handmade = `u${gzipSync(bits).toString('base64url')}`;
    expect(isRevoked(handmade, 94567)).toBe(true);
    expect(decodeStatusList(encodeStatusList([94567]))).toEqual(bits);
  });

  it('answers isRevoked for each index', () => {
    const revoked = [1, 7, 8, 1000, 94567, 131071];
    const encoded = encodeStatusList(revoked);
    const bits = decodeStatusList(encoded);
    for (const index of [0, 1, 2, 6, 7, 8, 9, 999, 1000, 1001, 94566, 94567, 131070, 131071]) {
      expect(isRevoked(encoded, index)).toBe(revoked.includes(index));
      expect(isRevoked(bits, index)).toBe(revoked.includes(index));
    }
  });

  it('grows past the minimum in whole bytes', () => {
    expect(statusListSize(0)).toBe(STATUS_LIST_MIN_SIZE);
    expect(statusListSize(STATUS_LIST_MIN_SIZE + 1)).toBe(STATUS_LIST_MIN_SIZE + 8);
    const size = statusListSize(200_001);
    expect(isRevoked(encodeStatusList([200_000], size), 200_000)).toBe(true);
  });

  it('rejects bad sizes, indexes and encodings', () => {
    expect(() => encodeStatusList([], 1024)).toThrow(RangeError);
    expect(() => encodeStatusList([], STATUS_LIST_MIN_SIZE + 4)).toThrow(RangeError);
    expect(() => encodeStatusList([STATUS_LIST_MIN_SIZE])).toThrow(RangeError);
    expect(() => encodeStatusList([-1])).toThrow(RangeError);
    expect(() => encodeStatusList([1.5])).toThrow(RangeError);
    expect(() => isRevoked(encodeStatusList([]), STATUS_LIST_MIN_SIZE)).toThrow(RangeError);
    expect(() => decodeStatusList(SPEC_EMPTY_LIST.slice(1))).toThrow(/multibase/);
    expect(() => decodeStatusList('uAAAA')).toThrow();
  });

  it('refuses a list that inflates beyond 16 MiB', () => {
    const bomb = `u${gzipSync(Buffer.alloc(17 * 1024 * 1024)).toString('base64url')}`;
    expect(() => decodeStatusList(bomb)).toThrow();
  });
});

describe('statusListCredential', () => {
  it('builds a BitstringStatusListCredential for the academy', () => {
    const encodedList = encodeStatusList([3]);
    expect(
      statusListCredential({
        publicUrl: 'https://probity.example/',
        academyCode: 'GE',
        issuerName: 'Academy of the Ministry of Internal Affairs of Georgia',
        encodedList,
        validFrom: new Date('2026-12-05T10:20:30.456Z'),
      }),
    ).toEqual({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: 'https://probity.example/status/GE',
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: { id: 'https://probity.example/academies/GE', name: 'Academy of the Ministry of Internal Affairs of Georgia' },
      validFrom: '2026-12-05T10:20:30Z',
      credentialSubject: {
        id: 'https://probity.example/status/GE#list',
        type: 'BitstringStatusList',
        statusPurpose: 'revocation',
        encodedList,
      },
    });
  });
});
