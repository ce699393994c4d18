import { gunzipSync, gzipSync } from 'node:zlib';
import { CREDENTIALS_V2_CONTEXT, type VerifiableCredential, isoSeconds } from './credential';
import { issuerUrl, statusListUrl } from './urls';

/**
 * W3C Bitstring Status List (revocation). Bit i is the (7 - i % 8)-th bit of byte i / 8, i.e. bit
 * 0 is the most significant bit of the first byte; 1 = revoked. `encodedList` is the GZIP of the
 * bitstring in multibase base64url (no padding, `u` prefix).
 *
 * Indexes: the database allocates them per academy, sequentially from 0, one per certificate for
 * life, in the issuing transaction. The list is at least 131,072 bits (the spec's minimum, so
 * that its length says little about how many certificates exist); `statusListSize` grows it in
 * whole bytes once an academy passes that many. Sequential indexes reveal the issuing order of
 * two certificates to whoever sees both, nothing more.
 */

export const STATUS_LIST_MIN_SIZE = 131072;
const MAX_DECODED_BYTES = 16 * 1024 * 1024;

export interface BitstringStatusListCredential extends VerifiableCredential {
  id: string;
  type: ['VerifiableCredential', 'BitstringStatusListCredential'];
  issuer: { id: string; name: string };
  credentialSubject: { id: string; type: 'BitstringStatusList'; statusPurpose: 'revocation'; encodedList: string };
}

export interface StatusListCredentialInput {
  publicUrl: string;
  academyCode: string;
  issuerName: string;
  encodedList: string;
  validFrom: Date;
  validUntil?: Date;
}

export function encodeStatusList(revokedIndexes: readonly number[], size = STATUS_LIST_MIN_SIZE): string {
  if (!Number.isSafeInteger(size) || size < STATUS_LIST_MIN_SIZE || size % 8 !== 0) {
    throw new RangeError(`a status list has a multiple of 8 bits, at least ${STATUS_LIST_MIN_SIZE}; not ${size}`);
  }
  const bits = new Uint8Array(size / 8);
  for (const index of revokedIndexes) {
    assertIndex(index, size);
    bits[index >> 3] |= 0x80 >> (index & 7);
  }
  return `u${gzipSync(bits).toString('base64url')}`;
}

export function decodeStatusList(encoded: string): Uint8Array {
  if (!encoded.startsWith('u')) throw new TypeError('encodedList must be multibase base64url (a leading "u")');
  const bits = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'), { maxOutputLength: MAX_DECODED_BYTES });
  return new Uint8Array(bits.buffer, bits.byteOffset, bits.byteLength);
}

/** Accepts the encoded list or, to check many indexes, the bits `decodeStatusList` returned. */
export function isRevoked(list: string | Uint8Array, index: number): boolean {
  const bits = typeof list === 'string' ? decodeStatusList(list) : list;
  assertIndex(index, bits.length * 8);
  return (bits[index >> 3] & (0x80 >> (index & 7))) !== 0;
}

export function statusListCredential(input: StatusListCredentialInput): BitstringStatusListCredential {
  const id = statusListUrl(input.publicUrl, input.academyCode);
  const credential: BitstringStatusListCredential = {
    '@context': [CREDENTIALS_V2_CONTEXT],
    id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: { id: issuerUrl(input.publicUrl, input.academyCode), name: input.issuerName },
    validFrom: isoSeconds(input.validFrom),
    credentialSubject: { id: `${id}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList: input.encodedList },
  };
  if (input.validUntil) credential.validUntil = isoSeconds(input.validUntil);
  return credential;
}

export function statusListSize(nextIndex: number): number {
  return Math.max(STATUS_LIST_MIN_SIZE, Math.ceil(nextIndex / 8) * 8);
}

function assertIndex(index: number, size: number): void {
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
    throw new RangeError(`status list index ${index} is outside 0..${size - 1}`);
  }
}
