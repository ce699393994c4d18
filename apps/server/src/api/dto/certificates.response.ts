/** Certificates for their holders and academies: issuance jobs, certificates, Open Badges credentials, key rotation. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CertificatesService, CredentialsService, IssuanceService, RevocationService } from '@probity/certificates';
import type { LocaleMap } from '@probity/i18n';
import { JOB_STATES, type JobsService } from '@probity/jobs';
import { type Answer, DATE, LOCALE_MAP, OBJECT, UUID } from './common.response';

/** The signed record a certificate freezes at issue. */
type CertificateRecord = Answer<CertificatesService, 'get'>['record'];

export class JobStartedResponseDto {
  @ApiProperty({ ...UUID, description: 'Follow it at GET /api/v1/jobs/{jobId}' })
  jobId: string;
}

export class JobProgressResponseDto {
  @ApiProperty()
  done: number;

  @ApiProperty()
  total: number;
}

export class IssuedCertificateResponseDto {
  @ApiProperty(UUID)
  certificateId: string;

  @ApiProperty({ example: 'GE-2026-000001' })
  serial: string;

  @ApiProperty({ description: 'The verification code' })
  code: string;

  @ApiProperty(UUID)
  userId: string;
}

export class SkippedCertificateResponseDto {
  @ApiProperty(UUID)
  userId: string;

  @ApiProperty({ example: 'not_completed' })
  reason: string;
}

export class IssueResultResponseDto {
  @ApiProperty({ type: [IssuedCertificateResponseDto] })
  issued: IssuedCertificateResponseDto[];

  @ApiProperty({ type: [SkippedCertificateResponseDto] })
  skipped: SkippedCertificateResponseDto[];
}

export class JobResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty({ enum: JOB_STATES })
  state: string;

  @ApiProperty({ type: JobProgressResponseDto })
  progress: JobProgressResponseDto;

  @ApiPropertyOptional({ type: IssueResultResponseDto, description: 'Once completed (certificate issuance: issued and skipped)' })
  result?: unknown;

  @ApiPropertyOptional({ description: 'Why it failed (`interrupted`: the worker stopped)' })
  error?: string;
}

export class CertificateCourseResponseDto {
  @ApiProperty(LOCALE_MAP)
  title: LocaleMap;

  @ApiProperty()
  code: string;

  @ApiProperty()
  versionNumber: number;

  @ApiProperty(UUID)
  versionId: string;

  @ApiProperty()
  hours: number;
}

export class CertificateRecordResponseDto {
  @ApiProperty({ example: 'ProbityCertificate' })
  type: string;

  @ApiProperty({ example: 1 })
  version: number;

  @ApiProperty(UUID)
  certificateId: string;

  @ApiProperty()
  serial: string;

  @ApiProperty()
  code: string;

  @ApiProperty({ ...OBJECT, description: '{id, name}' })
  holder: CertificateRecord['holder'];

  @ApiProperty({ ...OBJECT, description: '{code, name (per locale), country}' })
  academy: CertificateRecord['academy'];

  @ApiProperty({ type: CertificateCourseResponseDto })
  course: CertificateRecord['course'];

  @ApiProperty({ ...OBJECT, description: '{id, name, startsOn, endsOn, locale}' })
  cohort: CertificateRecord['cohort'];

  @ApiProperty(DATE)
  completedOn: string;

  @ApiProperty(DATE)
  issuedOn: string;

  @ApiProperty({ ...OBJECT, description: '{percent (null when the course has no test), attendancePercent}' })
  result: CertificateRecord['result'];

  @ApiProperty({ ...OBJECT, description: '{id, name} of who issued it' })
  issuer: CertificateRecord['issuer'];

  @ApiProperty()
  statusIndex: number;

  @ApiProperty({ description: 'The signing key' })
  kid: string;
}

export class CertificateResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty({ example: 'GE-2026-000001' })
  serial: string;

  @ApiProperty({ description: 'The verification code' })
  code: string;

  @ApiProperty(UUID)
  userId: string;

  @ApiProperty()
  holderName: string;

  @ApiProperty(UUID)
  cohortId: string;

  @ApiProperty({ type: CertificateCourseResponseDto })
  course: CertificateCourseResponseDto;

  @ApiProperty(DATE)
  issuedOn: string;

  @ApiProperty({ enum: ['valid', 'revoked'] })
  status: string;

  @ApiPropertyOptional(DATE)
  revokedOn?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Why it was revoked' })
  reason?: string | null;

  @ApiProperty({ description: 'The public verification page (what the QR code opens)' })
  verifyUrl: string;

  @ApiProperty({ type: CertificateRecordResponseDto, description: 'The signed record, frozen at issue' })
  record: CertificateRecord;

  @ApiProperty({ description: 'Ed25519 signature of the canonical record, to check with the published key' })
  signature: string;
}

export class CertificateListResponseDto {
  @ApiProperty({ type: [CertificateResponseDto] })
  items: CertificateResponseDto[];
}

export class CredentialResponseDto {
  @ApiProperty({ description: 'OpenBadgeCredential as a VC-JWT (EdDSA, typ JWT)' })
  jwt: string;

  @ApiProperty({ ...OBJECT, description: 'The same credential as JSON with a Data Integrity proof (eddsa-rdfc-2022)' })
  credential: Record<string, unknown>;
}

export class KeyRotatedResponseDto {
  @ApiProperty({ description: 'The new key id (academy code + key id)' })
  kid: string;
}

export function mapJobStarted(started: Answer<IssuanceService, 'startIssuance'>): JobStartedResponseDto {
  return { jobId: started.jobId };
}

export function mapJob(job: Answer<JobsService, 'get'>): JobResponseDto {
  return {
    id: job.id,
    state: job.state,
    progress: { done: job.progress.done, total: job.progress.total },
    result: job.result,
    error: job.error,
  };
}

/**
 * A certificate as `CertificatesService.view` shows it to its holder and the academy. The service types
 * its view loosely (a record), so the fields are read by the names the view writes.
 */
export function mapCertificate(view: ReturnType<CertificatesService['view']>): CertificateResponseDto {
  const v = view as unknown as CertificateResponseDto;
  return {
    id: v.id,
    serial: v.serial,
    code: v.code,
    userId: v.userId,
    holderName: v.holderName,
    cohortId: v.cohortId,
    course: v.course,
    issuedOn: v.issuedOn,
    status: v.status,
    revokedOn: v.revokedOn,
    reason: v.reason,
    verifyUrl: v.verifyUrl,
    record: v.record,
    signature: v.signature,
  };
}

export function mapCertificateList(views: ReturnType<CertificatesService['view']>[]): CertificateListResponseDto {
  return { items: views.map(mapCertificate) };
}

export function mapCredential(credential: Answer<CredentialsService, 'credential'>): CredentialResponseDto {
  return { jwt: credential.jwt, credential: credential.credential };
}

export function mapKeyRotated(rotated: Answer<RevocationService, 'rotateKey'>): KeyRotatedResponseDto {
  return { kid: rotated.kid };
}
