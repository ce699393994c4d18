import {
  type KeyObject,
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
} from 'node:crypto';

/**
 * Academy signing keys: Ed25519, the private half encrypted at rest with AES-256-GCM under a key
 * derived from PROBITY_SECRET (HKDF-SHA256). Stored form: `v1.<iv>.<tag>.<ciphertext>`, base64url.
 */

export interface Ed25519PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  use: 'sig';
  /** `EdDSA`, the name our JWT headers use: jose matches a JWK's `alg` against the token's. */
  alg: 'EdDSA';
}

export interface AcademyKey {
  publicJwk: Ed25519PublicJwk;
  privateKeyEncrypted: string;
}

export class SigningKeyError extends Error {
  constructor(
    readonly code: 'signing_key_undecryptable' | 'signing_key_malformed' | 'signing_key_invalid_kid',
    message: string,
  ) {
    super(message);
    this.name = 'SigningKeyError';
  }
}

const VERSION = 'v1';
const HKDF_INFO = 'probity/certificate-keys/v1';
const HKDF_SALT = 'probity';
const IV_BYTES = 12;
const KID_PATTERN = /^[A-Z][A-Z0-9]{1,11}-[A-Za-z0-9]{1,32}$/;

export function isKid(kid: string): boolean {
  return KID_PATTERN.test(kid);
}

/** `GE-1a2b3c4d`: the academy code, a hyphen, then a key id unique within the academy. */
export function newKid(academyCode: string, keyId: string = randomBytes(4).toString('hex')): string {
  const kid = `${academyCode}-${keyId}`;
  if (!isKid(kid)) throw new SigningKeyError('signing_key_invalid_kid', `not a valid key id: "${kid}"`);
  return kid;
}

export function academyCodeOfKid(kid: string): string {
  if (!isKid(kid)) throw new SigningKeyError('signing_key_invalid_kid', `not a valid key id: "${kid}"`);
  return kid.slice(0, kid.indexOf('-'));
}

export function generateAcademyKey(secret: string, kid: string): AcademyKey {
  if (!isKid(kid)) throw new SigningKeyError('signing_key_invalid_kid', `not a valid key id: "${kid}"`);
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { publicJwk: jwkFor(publicKey, kid), privateKeyEncrypted: encryptPrivateKey(secret, privateKey) };
}

export function jwkFor(publicKey: KeyObject, kid: string): Ed25519PublicJwk {
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new SigningKeyError('signing_key_malformed', 'not an Ed25519 key');
  const { x } = (publicKey.type === 'private' ? createPublicKey(publicKey) : publicKey).export({ format: 'jwk' });
  if (typeof x !== 'string') throw new SigningKeyError('signing_key_malformed', 'not an Ed25519 key');
  return { kty: 'OKP', crv: 'Ed25519', x, kid, use: 'sig', alg: 'EdDSA' };
}

export function publicKeyFromJwk(jwk: Pick<Ed25519PublicJwk, 'kty' | 'crv' | 'x'>): KeyObject {
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519') throw new SigningKeyError('signing_key_malformed', 'not an Ed25519 JWK');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' });
}

export function encryptPrivateKey(secret: string, privateKey: KeyObject): string {
  assertEd25519Private(privateKey);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', wrappingKey(secret), iv);
  cipher.setAAD(Buffer.from(VERSION));
  const plain = privateKey.export({ format: 'der', type: 'pkcs8' });
  const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

export function decryptPrivateKey(secret: string, stored: string): KeyObject {
  const { iv, tag, ciphertext } = parseStored(stored);
  let der: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', wrappingKey(secret), iv);
    decipher.setAAD(Buffer.from(VERSION));
    decipher.setAuthTag(tag);
    der = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    throw new SigningKeyError(
      'signing_key_undecryptable',
      'cannot decrypt the certificate signing key: PROBITY_SECRET differs from the one it was encrypted with, or the stored key is corrupt',
    );
  }
  const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  assertEd25519Private(key);
  return key;
}

function wrappingKey(secret: string): Buffer {
  if (secret.length === 0) throw new SigningKeyError('signing_key_undecryptable', 'PROBITY_SECRET is empty');
  return Buffer.from(hkdfSync('sha256', secret, HKDF_SALT, HKDF_INFO, 32));
}

function parseStored(stored: string): { iv: Buffer; tag: Buffer; ciphertext: Buffer } {
  const parts = stored.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION) {
    throw new SigningKeyError('signing_key_malformed', `stored signing key is not in the ${VERSION} format`);
  }
  const [iv, tag, ciphertext] = parts.slice(1).map((part) => Buffer.from(part, 'base64url'));
  if (iv.length !== IV_BYTES || tag.length !== 16 || ciphertext.length === 0) {
    throw new SigningKeyError('signing_key_malformed', 'stored signing key has a malformed IV, tag or ciphertext');
  }
  return { iv, tag, ciphertext };
}

function assertEd25519Private(key: KeyObject): void {
  if (key.type !== 'private' || key.asymmetricKeyType !== 'ed25519') {
    throw new SigningKeyError('signing_key_malformed', 'not an Ed25519 private key');
  }
}
