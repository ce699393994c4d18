import { generateKeyPairSync } from 'node:crypto';
import { type CertificateCredentialInput, type OpenBadgeCredential, openBadgeCredential } from './credential';
import { type SignedCredential, dataIntegrityProof, multikeyDocument, verifyDataIntegrity } from './data-integrity';
import { type MultikeyDocument } from './document-loader';
import { jwkFor } from './keys';
import { encodeStatusList, isRevoked, statusListCredential } from './status-list';
import { issuerUrl, keyUrl } from './urls';

const PUBLIC_URL = 'https://probity.example';
const input: CertificateCredentialInput = {
  publicUrl: PUBLIC_URL,
  certificateId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
  holderId: '0b9d6c1e-6a43-4c39-9c32-4f0f3f7a1c2e',
  holderName: 'محمد علی',
  locale: 'ur',
  academy: { code: 'PK', name: { en: 'National Police Academy', ur: 'نیشنل پولیس اکیڈمی' } },
  course: {
    versionId: '7d1f8a52-3c3e-4b0e-8d7e-2b8f3f1f0a11',
    title: { en: 'Case integrity', ur: 'مقدمے کی سالمیت' },
    description: { en: 'Evidence handling and due process.' },
    criteria: { en: 'Attendance ≥ 80%, all lessons, post-test and case exercise passed.' },
  },
  result: '92',
  validFrom: new Date('2026-01-01T00:00:00Z'),
  statusListIndex: 41,
};

function academyKey(code: string, kid: string) {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { privateKey, jwk: jwkFor(publicKey, kid), id: keyUrl(PUBLIC_URL, code, kid), controller: issuerUrl(PUBLIC_URL, code) };
}

type SignedOpenBadge = SignedCredential<OpenBadgeCredential>;

const pk = academyKey('PK', 'PK-2026a');

async function keyStore(...keys: ReturnType<typeof academyKey>[]) {
  const documents = new Map<string, MultikeyDocument>();
  for (const key of keys) documents.set(key.id, await multikeyDocument(key.jwk, key.id, key.controller));
  const asked: string[] = [];
  const resolveKey = (url: string) => {
    asked.push(url);
    return Promise.resolve(documents.get(url) ?? null);
  };
  return { resolveKey, asked };
}

describe('Data Integrity proofs (eddsa-rdfc-2022)', () => {
  it('publishes the key as a Multikey document', async () => {
    const document = await multikeyDocument(pk.jwk, pk.id, pk.controller);
    expect(document).toEqual({
      '@context': 'https://w3id.org/security/multikey/v1',
      id: 'https://probity.example/academies/PK/keys/PK-2026a',
      type: 'Multikey',
      controller: 'https://probity.example/academies/PK',
      publicKeyMultibase: expect.stringMatching(/^z6Mk[1-9A-HJ-NP-Za-km-z]{44}$/),
    });
  });

  it('signs an OpenBadgeCredential that then verifies', async () => {
    const credential = openBadgeCredential(input);
    const signed = await dataIntegrityProof(credential, pk.privateKey, pk.jwk, pk.id);
    expect(signed.proof).toEqual({
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
      created: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      verificationMethod: pk.id,
      proofPurpose: 'assertionMethod',
      proofValue: expect.stringMatching(/^z[1-9A-HJ-NP-Za-km-z]+$/),
    });
    expect(credential).not.toHaveProperty('proof');
    const { resolveKey, asked } = await keyStore(pk);
    expect(await verifyDataIntegrity(signed, resolveKey)).toEqual({ verified: true, errors: [] });
    expect(asked).toEqual([pk.id]);
  });

  it('survives a JSON round trip, as stored and served', async () => {
    const signed = await dataIntegrityProof(openBadgeCredential(input), pk.privateKey, pk.jwk, pk.id);
    const { resolveKey } = await keyStore(pk);
    expect((await verifyDataIntegrity(JSON.parse(JSON.stringify(signed)), resolveKey)).verified).toBe(true);
  });

  it.each([
    ['the achievement name', (c: SignedOpenBadge) => (c.credentialSubject.achievement.name = 'Advanced case integrity')],
    ['the result', (c: SignedOpenBadge) => (c.credentialSubject.result![0].value = '99')],
    ['the holder', (c: SignedOpenBadge) => (c.credentialSubject.id = 'urn:uuid:00000000-0000-4000-8000-000000000000')],
    ['the status index', (c: SignedOpenBadge) => (c.credentialStatus.statusListIndex = '42')],
    ['the validity date', (c: SignedOpenBadge) => (c.validFrom = '2025-01-01T00:00:00Z')],
  ])('fails with "Invalid signature" when %s is changed', async (_field, tamper) => {
    const signed = await dataIntegrityProof(openBadgeCredential(input), pk.privateKey, pk.jwk, pk.id);
    const tampered = structuredClone(signed);
    tamper(tampered);
    const { resolveKey } = await keyStore(pk);
    const result = await verifyDataIntegrity(tampered, resolveKey);
    expect(result.verified).toBe(false);
    expect(result.errors.join('\n')).toMatch(/Invalid signature/);
  });

  it('fails for a key the server does not serve', async () => {
    const signed = await dataIntegrityProof(openBadgeCredential(input), pk.privateKey, pk.jwk, pk.id);
    const { resolveKey } = await keyStore();
    const result = await verifyDataIntegrity(signed, resolveKey);
    expect(result.verified).toBe(false);
    expect(result.errors.join('\n')).toContain(pk.id);
  });

  it('fails when the key served under that URL is another one', async () => {
    const signed = await dataIntegrityProof(openBadgeCredential(input), pk.privateKey, pk.jwk, pk.id);
    const impostor = { ...academyKey('PK', 'PK-2026a') };
    const { resolveKey } = await keyStore(impostor);
    expect(await verifyDataIntegrity(signed, resolveKey)).toEqual({
      verified: false,
      errors: [expect.stringMatching(/Invalid signature/)],
    });
  });

  it("fails when another academy's key signs this academy's credential", async () => {
    const ua = academyKey('UA', 'UA-2026a');
    const signed = await dataIntegrityProof(openBadgeCredential(input), ua.privateKey, ua.jwk, ua.id);
    const { resolveKey } = await keyStore(pk, ua);
    const result = await verifyDataIntegrity(signed, resolveKey);
    expect(result.verified).toBe(false);
    expect(result.errors.join('\n')).toMatch(/issuer/i);
  });

  it('checks validity dates and, when asked, revocation', async () => {
    const signed = await dataIntegrityProof(
      openBadgeCredential({ ...input, validUntil: new Date('2027-01-01T00:00:00Z') }),
      pk.privateKey,
      pk.jwk,
      pk.id,
    );
    const { resolveKey } = await keyStore(pk);
    expect((await verifyDataIntegrity(signed, resolveKey, { now: new Date('2028-01-01T00:00:00Z') })).verified).toBe(false);
    expect((await verifyDataIntegrity(signed, resolveKey, { now: new Date('2025-01-01T00:00:00Z') })).verified).toBe(false);
    const list = encodeStatusList([41]);
    const revoked = await verifyDataIntegrity(signed, resolveKey, {
      now: new Date('2026-06-01T00:00:00Z'),
      isRevoked: (entry) => Promise.resolve(isRevoked(list, Number(entry.statusListIndex))),
    });
    expect(revoked).toEqual({ verified: false, errors: ['revoked'] });
    const current = await verifyDataIntegrity(signed, resolveKey, {
      now: new Date('2026-06-01T00:00:00Z'),
      isRevoked: () => Promise.resolve(false),
    });
    expect(current.verified).toBe(true);
  });

  it('refuses to sign with a private key that is not the named public key', async () => {
    await expect(dataIntegrityProof(openBadgeCredential(input), academyKey('PK', 'PK-x').privateKey, pk.jwk, pk.id)).rejects.toThrow(
      /does not match/,
    );
  });

  it('signs and verifies a BitstringStatusListCredential with the bundled contexts', async () => {
    const list = statusListCredential({
      publicUrl: PUBLIC_URL,
      academyCode: 'PK',
      issuerName: 'National Police Academy',
      encodedList: encodeStatusList([41]),
      validFrom: new Date('2026-01-01T00:00:00Z'),
    });
    const signed = await dataIntegrityProof(list, pk.privateKey, pk.jwk, pk.id);
    const { resolveKey } = await keyStore(pk);
    expect(await verifyDataIntegrity(signed, resolveKey)).toEqual({ verified: true, errors: [] });
    const tampered = structuredClone(signed);
    tampered.credentialSubject.encodedList = encodeStatusList([]);
    expect((await verifyDataIntegrity(tampered, resolveKey)).errors.join()).toMatch(/Invalid signature/);
  });

  it('rejects terms no bundled context defines, rather than signing them unchecked', async () => {
    const credential = { ...openBadgeCredential(input), favouriteColour: 'blue' };
    await expect(dataIntegrityProof(credential, pk.privateKey, pk.jwk, pk.id)).rejects.toThrow(/Safe mode validation error/);
  });
});

describe('Data Integrity and the bundled document loader', () => {
  it('fails signing and verification of a credential whose context is not bundled', async () => {
    const credential = openBadgeCredential(input);
    credential['@context'] = [...credential['@context'], 'https://example.org/extra-context.jsonld'];
    await expect(dataIntegrityProof(credential, pk.privateKey, pk.jwk, pk.id)).rejects.toThrow();
    const signed = await dataIntegrityProof(openBadgeCredential(input), pk.privateKey, pk.jwk, pk.id);
    signed['@context'] = [...signed['@context'], 'https://example.org/extra-context.jsonld'];
    const { resolveKey } = await keyStore(pk);
    const result = await verifyDataIntegrity(signed, resolveKey);
    expect(result.verified).toBe(false);
  });
});
