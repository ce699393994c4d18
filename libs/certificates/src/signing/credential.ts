import { type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { achievementUrl, issuerUrl, statusListUrl } from './urls';

export const CREDENTIALS_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OPEN_BADGES_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';

export type LocalizedText = Readonly<Record<string, string>>;

export interface BitstringStatusListEntry {
  id: string;
  type: 'BitstringStatusListEntry';
  statusPurpose: 'revocation';
  statusListIndex: string;
  statusListCredential: string;
}

/** A W3C VC 2.0 credential without a proof; the shape both proof formats take. */
export interface VerifiableCredential {
  '@context': string[];
  id?: string;
  type: string[];
  issuer: { id: string; name?: string; type?: string[] };
  validFrom: string;
  validUntil?: string;
  credentialSubject: { id: string; type?: string | string[] };
  credentialStatus?: BitstringStatusListEntry;
  proof?: unknown;
}

export interface OpenBadgeCredential extends VerifiableCredential {
  id: string;
  type: ['VerifiableCredential', 'OpenBadgeCredential'];
  issuer: { id: string; type: ['Profile']; name: string };
  name: string;
  credentialSubject: AchievementSubject;
  credentialStatus: BitstringStatusListEntry;
}

export interface AchievementSubject {
  id: string;
  type: ['AchievementSubject'];
  identifier?: { type: 'IdentityObject'; identityType: 'name'; hashed: false; identityHash: string }[];
  achievement: {
    id: string;
    type: ['Achievement'];
    achievementType: 'Certificate';
    name: string;
    description: string;
    criteria: { narrative: string };
    inLanguage: string;
  };
  result?: { type: ['Result']; value: string }[];
}

export interface CertificateCredentialInput {
  /** The site's public origin, e.g. `https://probity.example`. */
  publicUrl: string;
  certificateId: string;
  holderId: string;
  /** The holder's name as printed on the certificate; omitted from the credential when absent. */
  holderName?: string;
  /** The credential's one language: OB 3.0 names and descriptions are single strings. */
  locale: string;
  academy: { code: string; name: LocalizedText };
  course: { versionId: string; title: LocalizedText; description: LocalizedText; criteria: LocalizedText };
  /** E.g. the post-test score, `"92"`. */
  result?: string;
  validFrom: Date;
  validUntil?: Date;
  /** Allocated sequentially per academy by the database; see status-list.ts. */
  statusListIndex: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function openBadgeCredential(input: CertificateCredentialInput): OpenBadgeCredential {
  const text = (map: LocalizedText, field: string): string => localized(map, input.locale, field);
  const issuer = issuerUrl(input.publicUrl, input.academy.code);
  const credential: OpenBadgeCredential = {
    '@context': [CREDENTIALS_V2_CONTEXT, OPEN_BADGES_CONTEXT],
    id: urnUuid(input.certificateId, 'certificateId'),
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: issuer, type: ['Profile'], name: text(input.academy.name, 'academy.name') },
    validFrom: isoSeconds(input.validFrom),
    name: text(input.course.title, 'course.title'),
    credentialSubject: achievementSubject(input, text),
    credentialStatus: statusEntry(input.publicUrl, input.academy.code, input.statusListIndex),
  };
  if (input.validUntil) credential.validUntil = isoSeconds(input.validUntil);
  return credential;
}

/**
 * OB 3.0 "JSON Web Token Proof Format": header `{alg: 'EdDSA', kid, typ: 'JWT'}`, payload the
 * credential itself plus the registered claims it implies. Works for any VC 2.0 credential here.
 */
export async function credentialJwt(credential: VerifiableCredential, privateKey: KeyObject, kid: string): Promise<string> {
  if (credential.proof !== undefined) throw new TypeError('credentialJwt signs a credential without an embedded proof');
  const claims = {
    iss: credential.issuer.id,
    ...(credential.id === undefined ? {} : { jti: credential.id }),
    sub: credential.credentialSubject.id,
    nbf: epochSeconds(credential.validFrom),
    ...(credential.validUntil === undefined ? {} : { exp: epochSeconds(credential.validUntil) }),
  };
  return new SignJWT({ ...credential, ...claims }).setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JWT' }).sign(privateKey);
}

export function statusEntry(publicUrl: string, academyCode: string, index: number): BitstringStatusListEntry {
  if (!Number.isSafeInteger(index) || index < 0) throw new RangeError(`status list index must be a non-negative integer, not ${index}`);
  const statusListCredential = statusListUrl(publicUrl, academyCode);
  return {
    id: `${statusListCredential}#${index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: 'revocation',
    statusListIndex: String(index),
    statusListCredential,
  };
}

/** `2026-12-05T10:20:30Z`: ISO 8601 in UTC without milliseconds, as OB 3.0 examples write it. */
export function isoSeconds(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('invalid date');
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function achievementSubject(input: CertificateCredentialInput, text: (map: LocalizedText, field: string) => string): AchievementSubject {
  const subject: AchievementSubject = {
    id: urnUuid(input.holderId, 'holderId'),
    type: ['AchievementSubject'],
    achievement: {
      id: achievementUrl(input.publicUrl, input.course.versionId),
      type: ['Achievement'],
      achievementType: 'Certificate',
      name: text(input.course.title, 'course.title'),
      description: text(input.course.description, 'course.description'),
      criteria: { narrative: text(input.course.criteria, 'course.criteria') },
      inLanguage: input.locale,
    },
  };
  if (input.holderName)
    subject.identifier = [{ type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: input.holderName }];
  if (input.result !== undefined) subject.result = [{ type: ['Result'], value: input.result }];
  return subject;
}

/** The text in `locale`, else English, else the first language present. */
function localized(map: LocalizedText, locale: string, field: string): string {
  const value = [map[locale], map.en, ...Object.values(map)].find((candidate) => candidate !== undefined && candidate.trim() !== '');
  if (value === undefined) throw new TypeError(`${field} has no text`);
  return value;
}

function urnUuid(id: string, field: string): string {
  if (!UUID.test(id)) throw new TypeError(`${field} must be a UUID, not "${id}"`);
  return `urn:uuid:${id.toLowerCase()}`;
}

function epochSeconds(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not a date: ${iso}`);
  return Math.floor(ms / 1000);
}
