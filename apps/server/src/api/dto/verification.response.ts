/** What anyone may read without an account: verification of a code, revocation and status lists, keys and the issuer’s profile. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { VerificationService, controllerDocument, multikeyDocument } from '@probity/certificates';
import { type Answer, DATE, LOCALE_MAP, OBJECT } from './common.response';

export class VerifiedCourseResponseDto {
  @ApiProperty({ description: 'In the request’s locale' })
  title: string;

  @ApiProperty(LOCALE_MAP)
  titles: Record<string, string>;

  @ApiProperty()
  code: string;

  @ApiProperty()
  versionNumber: number;

  @ApiProperty()
  hours: number;
}

export class VerifiedAcademyResponseDto {
  @ApiProperty()
  code: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  country: string;
}

export class VerifiedCohortResponseDto {
  @ApiProperty()
  name: string;

  @ApiProperty(DATE)
  startsOn: string;

  @ApiProperty(DATE)
  endsOn: string;
}

export class VerifiedResultResponseDto {
  @ApiProperty()
  attendancePercent: number;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Only where the academy prints the result' })
  percent?: number | null;
}

export class VerificationResponseDto {
  @ApiProperty({ enum: ['valid', 'revoked'] })
  status: string;

  @ApiProperty()
  serial: string;

  @ApiProperty()
  code: string;

  @ApiProperty()
  holderName: string;

  @ApiProperty({ type: VerifiedCourseResponseDto })
  course: VerifiedCourseResponseDto;

  @ApiProperty({ type: VerifiedAcademyResponseDto })
  academy: VerifiedAcademyResponseDto;

  @ApiProperty({ type: VerifiedCohortResponseDto })
  cohort: VerifiedCohortResponseDto;

  @ApiProperty(DATE)
  issuedOn: string;

  @ApiProperty(DATE)
  completedOn: string;

  @ApiProperty({ type: VerifiedResultResponseDto })
  result: VerifiedResultResponseDto;

  @ApiPropertyOptional(DATE)
  revokedOn?: string;

  @ApiPropertyOptional()
  reason?: string;

  @ApiProperty({ description: 'The record’s signature holds against the key that made it' })
  signatureValid: boolean;

  @ApiProperty()
  kid: string;

  @ApiPropertyOptional({ description: 'Present (true) when the holder’s details were erased at their request: holderName is empty' })
  holderErased?: boolean;

  @ApiPropertyOptional({
    description: 'For an erased holder: SHA-256 (hex) of the record as issued, which the holder’s own copy must match',
  })
  recordSha256?: string;
}

export class CopyCheckResponseDto {
  @ApiProperty({ description: 'The copy is the record this code was issued with (same canonical SHA-256)' })
  matches: boolean;

  @ApiProperty({ description: 'Its signature holds against the academy key that signed the certificate' })
  signatureValid: boolean;

  @ApiPropertyOptional({ description: 'The holder’s name as the copy states it, when both hold' })
  holderName?: string;
}

export class RevokedEntryResponseDto {
  @ApiProperty()
  serial: string;

  @ApiProperty({ description: 'SHA-256 of the verification code, hex' })
  codeSha256: string;

  @ApiProperty(DATE)
  revokedOn: string;

  @ApiProperty()
  reason: string;
}

export class RevocationListResponseDto {
  @ApiProperty({ description: 'The academy’s code' })
  academy: string;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ type: [RevokedEntryResponseDto] })
  items: RevokedEntryResponseDto[];
}

export class JwkResponseDto {
  @ApiProperty({ example: 'OKP' })
  kty: string;

  @ApiProperty({ example: 'Ed25519' })
  crv: string;

  @ApiProperty()
  x: string;

  @ApiProperty({ description: 'Academy code + key id' })
  kid: string;

  @ApiProperty({ example: 'sig' })
  use: string;

  @ApiProperty({ example: 'EdDSA' })
  alg: string;
}

export class JwksResponseDto {
  @ApiProperty({ type: [JwkResponseDto], description: 'Every academy signing key, retired ones too' })
  keys: Record<string, string>[];
}

export class StatusListSubjectResponseDto {
  @ApiProperty()
  id: string;

  @ApiProperty({ example: 'BitstringStatusList' })
  type: string;

  @ApiProperty({ example: 'revocation' })
  statusPurpose: string;

  @ApiProperty({ description: 'GZIP-compressed, base64url-encoded bitstring (multibase)' })
  encodedList: string;
}

/** The academy's Bitstring Status List credential (`application/vc+ld+json`). */
export class StatusListCredentialResponseDto {
  @ApiProperty({ name: '@context', type: [String] })
  '@context': string[];

  @ApiProperty()
  id: string;

  @ApiProperty({ type: [String], example: ['VerifiableCredential', 'BitstringStatusListCredential'] })
  type: string[];

  @ApiProperty({ ...OBJECT, description: '{id, name}' })
  issuer: Record<string, unknown>;

  @ApiProperty({ type: String, format: 'date-time' })
  validFrom: string;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  validUntil?: string;

  @ApiProperty({ type: StatusListSubjectResponseDto })
  credentialSubject: StatusListSubjectResponseDto;

  @ApiPropertyOptional({ ...OBJECT, description: 'Data Integrity proof' })
  proof?: unknown;
}

/** The issuer's profile: a controller document listing its keys as assertion methods. */
export class IssuerProfileResponseDto {
  @ApiProperty({ name: '@context', type: [String] })
  '@context': string[];

  @ApiProperty({ description: 'The issuer’s URL' })
  id: string;

  @ApiProperty({ type: [String], description: 'URLs of its keys' })
  assertionMethod: string[];

  @ApiProperty({ type: [String], example: ['Profile'] })
  type: string[];
}

/** One key as a Multikey document (what Data Integrity verifiers resolve). */
export class MultikeyResponseDto {
  @ApiProperty({ name: '@context', oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] })
  '@context': string | string[];

  @ApiProperty({ description: 'The key’s URL' })
  id: string;

  @ApiProperty({ example: 'Multikey' })
  type: string;

  @ApiProperty({ description: 'The issuer’s URL' })
  controller: string;

  @ApiProperty()
  publicKeyMultibase: string;
}

export function mapVerification(v: Answer<VerificationService, 'verify'>): VerificationResponseDto {
  return {
    status: v.status,
    serial: v.serial,
    code: v.code,
    holderName: v.holderName,
    course: v.course,
    academy: v.academy,
    cohort: v.cohort,
    issuedOn: v.issuedOn,
    completedOn: v.completedOn,
    result: v.result,
    revokedOn: v.revokedOn,
    reason: v.reason,
    signatureValid: v.signatureValid,
    kid: v.kid,
    ...(v.holderErased ? { holderErased: true, ...(v.recordSha256 ? { recordSha256: v.recordSha256 } : {}) } : {}),
  };
}

export function mapCopyCheck(c: Answer<VerificationService, 'checkCopy'>): CopyCheckResponseDto {
  return { matches: c.matches, signatureValid: c.signatureValid, ...(c.holderName !== undefined ? { holderName: c.holderName } : {}) };
}

export function mapRevocationList(list: Answer<VerificationService, 'revocations'>): RevocationListResponseDto {
  return {
    academy: list.academy,
    updatedAt: list.updatedAt,
    items: list.items.map((i) => ({ serial: i.serial, codeSha256: i.codeSha256, revokedOn: i.revokedOn, reason: i.reason })),
  };
}

export function mapJwks(keys: { publicJwk: Record<string, string> }[]): JwksResponseDto {
  return { keys: keys.map((k) => k.publicJwk) };
}

export function mapIssuerProfile(document: ReturnType<typeof controllerDocument>): IssuerProfileResponseDto {
  return { '@context': document['@context'], id: document.id, assertionMethod: document.assertionMethod, type: ['Profile'] };
}

export function mapMultikey(key: Awaited<ReturnType<typeof multikeyDocument>>): MultikeyResponseDto {
  return {
    '@context': key['@context'],
    id: key.id,
    type: key.type,
    controller: key.controller,
    publicKeyMultibase: key.publicKeyMultibase,
  };
}
