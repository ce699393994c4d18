import { generateKeyPairSync } from 'node:crypto';
import { UnsecuredJWT, createLocalJWKSet, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { type CertificateCredentialInput, credentialJwt, openBadgeCredential } from './credential';
import { jwkFor } from './keys';
import { encodeStatusList, statusListCredential } from './status-list';

const input: CertificateCredentialInput = {
  publicUrl: 'https://probity.example',
  certificateId: '3F2504E0-4F89-41D3-9A0C-0305E82C3301',
  holderId: '0b9d6c1e-6a43-4c39-9c32-4f0f3f7a1c2e',
  holderName: 'ნინო ბერიძე',
  locale: 'ka',
  academy: { code: 'GE', name: { en: 'Academy of the Ministry of Internal Affairs of Georgia', ka: 'შსს აკადემია' } },
  course: {
    versionId: '7d1f8a52-3c3e-4b0e-8d7e-2b8f3f1f0a11',
    title: { en: 'Case integrity', ka: 'საქმის მთლიანობა' },
    description: { en: 'Evidence handling and due process.', ka: '' },
    criteria: { en: 'Attendance ≥ 80%, all lessons, post-test and case exercise passed.' },
  },
  result: '92',
  validFrom: new Date('2026-12-05T10:20:30.999Z'),
  statusListIndex: 94567,
};

describe('openBadgeCredential', () => {
  it('builds an OB 3.0 OpenBadgeCredential in the credential’s language', () => {
    expect(openBadgeCredential(input)).toEqual({
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
      id: 'urn:uuid:3f2504e0-4f89-41d3-9a0c-0305e82c3301',
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: 'https://probity.example/academies/GE', type: ['Profile'], name: 'შსს აკადემია' },
      validFrom: '2026-12-05T10:20:30Z',
      name: 'საქმის მთლიანობა',
      credentialSubject: {
        id: 'urn:uuid:0b9d6c1e-6a43-4c39-9c32-4f0f3f7a1c2e',
        type: ['AchievementSubject'],
        identifier: [{ type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: 'ნინო ბერიძე' }],
        achievement: {
          id: 'https://probity.example/achievements/7d1f8a52-3c3e-4b0e-8d7e-2b8f3f1f0a11',
          type: ['Achievement'],
          achievementType: 'Certificate',
          name: 'საქმის მთლიანობა',
          description: 'Evidence handling and due process.',
          criteria: { narrative: 'Attendance ≥ 80%, all lessons, post-test and case exercise passed.' },
          inLanguage: 'ka',
        },
        result: [{ type: ['Result'], value: '92' }],
      },
      credentialStatus: {
        id: 'https://probity.example/status/GE#94567',
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: '94567',
        statusListCredential: 'https://probity.example/status/GE',
      },
    });
  });

  it('leaves out what is not given and adds validUntil when it is', () => {
    const credential = openBadgeCredential({
      ...input,
      holderName: undefined,
      result: undefined,
      validUntil: new Date('2029-12-05T00:00:00Z'),
    });
    expect(credential.credentialSubject.identifier).toBeUndefined();
    expect(credential.credentialSubject.result).toBeUndefined();
    expect(credential.validUntil).toBe('2029-12-05T00:00:00Z');
  });

  it('rejects ids that are not UUIDs, missing text and bad status indexes', () => {
    expect(() => openBadgeCredential({ ...input, holderId: 'user-42' })).toThrow(/holderId must be a UUID/);
    expect(() => openBadgeCredential({ ...input, course: { ...input.course, criteria: {} } })).toThrow(/course.criteria has no text/);
    expect(() => openBadgeCredential({ ...input, statusListIndex: -1 })).toThrow(RangeError);
    expect(() => openBadgeCredential({ ...input, publicUrl: 'ftp://probity.example' })).toThrow(/http/);
  });
});

describe('credentialJwt', () => {
  const keys = generateKeyPairSync('ed25519');
  const jwk = jwkFor(keys.publicKey, 'GE-2026a');
  const jwks = createLocalJWKSet({ keys: [jwk] });
  const credential = openBadgeCredential({
    ...input,
    validFrom: new Date('2026-01-01T00:00:00Z'),
    validUntil: new Date('2036-01-01T00:00:00Z'),
  });
  const verify = (token: string) => jwtVerify(token, jwks, { algorithms: ['EdDSA'], currentDate: new Date('2026-06-01T00:00:00Z') });

  it('signs the OB 3.0 JWT proof format', async () => {
    const token = await credentialJwt(credential, keys.privateKey, 'GE-2026a');
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'EdDSA', kid: 'GE-2026a', typ: 'JWT' });
    const { payload } = await verify(token);
    expect(payload).toEqual({
      ...credential,
      iss: 'https://probity.example/academies/GE',
      jti: 'urn:uuid:3f2504e0-4f89-41d3-9a0c-0305e82c3301',
      sub: 'urn:uuid:0b9d6c1e-6a43-4c39-9c32-4f0f3f7a1c2e',
      nbf: Date.parse('2026-01-01T00:00:00Z') / 1000,
      exp: Date.parse('2036-01-01T00:00:00Z') / 1000,
    });
    expect(payload.vc).toBeUndefined();
  });

  it('rejects a tampered payload', async () => {
    const [header, payload, signature] = (await credentialJwt(credential, keys.privateKey, 'GE-2026a')).split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { name: string };
    const forged = Buffer.from(JSON.stringify({ ...claims, name: 'Advanced case integrity' })).toString('base64url');
    await expect(verify(`${header}.${forged}.${signature}`)).rejects.toBeInstanceOf(errors.JWSSignatureVerificationFailed);
  });

  it('rejects a token signed by another key under the same kid', async () => {
    const other = generateKeyPairSync('ed25519').privateKey;
    await expect(verify(await credentialJwt(credential, other, 'GE-2026a'))).rejects.toBeInstanceOf(errors.JWSSignatureVerificationFailed);
  });

  it('rejects an unknown kid', async () => {
    await expect(verify(await credentialJwt(credential, keys.privateKey, 'GE-2025z'))).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
  });

  it('rejects alg none', async () => {
    const unsecured = new UnsecuredJWT({ ...credential, iss: credential.issuer.id }).encode();
    await expect(verify(unsecured)).rejects.toThrow();
    const [, payload] = unsecured.split('.');
    const noneWithKid = `${Buffer.from(JSON.stringify({ alg: 'none', kid: 'GE-2026a', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    await expect(verify(noneWithKid)).rejects.toThrow();
  });

  it('rejects a credential that is not valid yet, or no longer', async () => {
    const token = await credentialJwt(credential, keys.privateKey, 'GE-2026a');
    await expect(jwtVerify(token, jwks, { currentDate: new Date('2025-12-31T23:00:00Z') })).rejects.toBeInstanceOf(
      errors.JWTClaimValidationFailed,
    );
    await expect(jwtVerify(token, jwks, { currentDate: new Date('2036-01-02T00:00:00Z') })).rejects.toBeInstanceOf(errors.JWTExpired);
  });

  it('refuses a credential that already carries a proof', async () => {
    await expect(credentialJwt({ ...credential, proof: {} }, keys.privateKey, 'GE-2026a')).rejects.toThrow(TypeError);
  });

  it('signs status list credentials too', async () => {
    const list = statusListCredential({
      publicUrl: 'https://probity.example',
      academyCode: 'GE',
      issuerName: 'GE academy',
      encodedList: encodeStatusList([5]),
      validFrom: new Date('2026-01-01T00:00:00Z'),
    });
    const { payload } = await verify(await credentialJwt(list, keys.privateKey, 'GE-2026a'));
    expect(payload).toMatchObject({
      iss: 'https://probity.example/academies/GE',
      jti: 'https://probity.example/status/GE',
      sub: 'https://probity.example/status/GE#list',
    });
    expect(payload.exp).toBeUndefined();
  });
});
