import { generateKeyPairSync } from 'node:crypto';
import { SignJWT, createLocalJWKSet, errors, jwtVerify } from 'jose';
import {
  SigningKeyError,
  academyCodeOfKid,
  decryptPrivateKey,
  encryptPrivateKey,
  generateAcademyKey,
  isKid,
  jwkFor,
  newKid,
  publicKeyFromJwk,
} from './keys';

const SECRET = 'a-probity-secret-of-at-least-32-characters';

describe('academy keys', () => {
  it('generates an Ed25519 key whose private half is encrypted at rest', () => {
    const { publicJwk, privateKeyEncrypted } = generateAcademyKey(SECRET, 'GE-2026a');
    expect(publicJwk).toEqual({
      kty: 'OKP',
      crv: 'Ed25519',
      x: expect.stringMatching(/^[\w-]{43}$/),
      kid: 'GE-2026a',
      use: 'sig',
      alg: 'EdDSA',
    });
    expect(privateKeyEncrypted).toMatch(/^v1\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
    const privateKey = decryptPrivateKey(SECRET, privateKeyEncrypted);
    expect(privateKey.asymmetricKeyType).toBe('ed25519');
    expect(jwkFor(privateKey, 'GE-2026a')).toEqual(publicJwk);
  });

  it('uses a fresh IV each time', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    expect(encryptPrivateKey(SECRET, privateKey)).not.toBe(encryptPrivateKey(SECRET, privateKey));
  });

  it('refuses to decrypt under another secret, clearly', () => {
    const { privateKeyEncrypted } = generateAcademyKey(SECRET, 'GE-2026a');
    expect(() => decryptPrivateKey(`${SECRET}!`, privateKeyEncrypted)).toThrow(/PROBITY_SECRET differs/);
    try {
      decryptPrivateKey('another secret', privateKeyEncrypted);
    } catch (error) {
      expect(error).toBeInstanceOf(SigningKeyError);
      expect((error as SigningKeyError).code).toBe('signing_key_undecryptable');
    }
    expect.assertions(3);
  });

  it('detects a tampered ciphertext and rejects malformed stored keys', () => {
    const { privateKeyEncrypted } = generateAcademyKey(SECRET, 'GE-2026a');
    const [version, iv, tag, ciphertext] = privateKeyEncrypted.split('.');
    const flipped = Buffer.from(ciphertext, 'base64url');
    flipped[5] ^= 1;
    expect(() => decryptPrivateKey(SECRET, [version, iv, tag, flipped.toString('base64url')].join('.'))).toThrow(/cannot decrypt/);
    expect(() => decryptPrivateKey(SECRET, `v2.${iv}.${tag}.${ciphertext}`)).toThrow(/v1 format/);
    expect(() => decryptPrivateKey(SECRET, `v1.${iv}.${tag}`)).toThrow(/v1 format/);
    expect(() => decryptPrivateKey(SECRET, `v1.AAAA.${tag}.${ciphertext}`)).toThrow(/malformed IV/);
  });

  it('encrypts only Ed25519 private keys', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const { privateKey: p256 } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => encryptPrivateKey(SECRET, publicKey)).toThrow(SigningKeyError);
    expect(() => encryptPrivateKey(SECRET, p256)).toThrow(SigningKeyError);
    expect(() => jwkFor(p256, 'GE-1')).toThrow(SigningKeyError);
  });

  it('round-trips a public JWK', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const jwk = jwkFor(publicKey, 'GE-1');
    expect(publicKeyFromJwk(jwk).equals(publicKey)).toBe(true);
  });

  it('names keys <ACADEMY>-<key id>', () => {
    expect(newKid('GE')).toMatch(/^GE-[0-9a-f]{8}$/);
    expect(newKid('NAPOR1', '2026a')).toBe('NAPOR1-2026a');
    expect(academyCodeOfKid('UA-2026a')).toBe('UA');
    expect(isKid('ge-2026a')).toBe(false);
    expect(isKid('GE-')).toBe(false);
    expect(isKid('GE-20/26')).toBe(false);
    expect(() => newKid('G')).toThrow(SigningKeyError);
    expect(() => generateAcademyKey(SECRET, 'nope')).toThrow(SigningKeyError);
  });
});

describe("the JWK's alg and jose's jwtVerify", () => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwks = createLocalJWKSet({ keys: [jwkFor(publicKey, 'GE-2026a')] });
  const token = (alg: string) => new SignJWT({ sub: 'x' }).setProtectedHeader({ alg, kid: 'GE-2026a', typ: 'JWT' }).sign(privateKey);

  it("verifies tokens signed with alg 'EdDSA', the name our JWK declares", async () => {
    const { protectedHeader } = await jwtVerify(await token('EdDSA'), jwks, { algorithms: ['EdDSA'] });
    expect(protectedHeader.alg).toBe('EdDSA');
  });

  it("finds no key for tokens using jose 6's newer 'Ed25519' alg name", async () => {
    await expect(jwtVerify(await token('Ed25519'), jwks)).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
  });

  it("would match 'Ed25519' tokens only with an 'Ed25519' JWK: the two names must agree", async () => {
    const other = createLocalJWKSet({ keys: [{ ...jwkFor(publicKey, 'GE-2026a'), alg: 'Ed25519' }] });
    await expect(jwtVerify(await token('Ed25519'), other)).resolves.toBeDefined();
    await expect(jwtVerify(await token('EdDSA'), other)).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
  });
});
