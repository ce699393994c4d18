import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { LocaleMap } from '@probity/i18n';

/** What a certificate certifies, frozen at issue and signed as canonical JSON. */
export interface CertificateRecord {
  type: 'ProbityCertificate';
  version: 1;
  certificateId: string;
  serial: string;
  code: string;
  holder: { id: string; name: string };
  academy: { code: string; name: LocaleMap; country: string };
  course: { title: LocaleMap; code: string; versionNumber: number; versionId: string; hours: number };
  cohort: { id: string; name: string; startsOn: string; endsOn: string; locale: string };
  completedOn: string;
  issuedOn: string;
  /** The final result: the pass mark of the post-test and case exercises, in percent (none when the course has no test). */
  result: { percent: number | null; attendancePercent: number };
  issuer: { id: string; name: string };
  statusIndex: number;
  kid: string;
}

@Entity('certificates')
@Index('certificates_one_per_enrolment', ['enrolmentId'], { unique: true })
@Index('certificates_status_index', ['academyId', 'statusIndex'], { unique: true })
@Index('certificates_cohort', ['cohortId'])
@Index('certificates_user', ['userId'])
export class Certificate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'academy_id' })
  academyId: string;

  @Column({ type: 'uuid', name: 'cohort_id' })
  cohortId: string;

  @Column({ type: 'uuid', name: 'enrolment_id' })
  enrolmentId: string;

  @Column({ type: 'uuid', name: 'user_id' })
  userId: string;

  @Column({ type: 'varchar', length: 40, unique: true })
  serial: string;

  /** The verification code (Crockford base32 with a check character), upper case without separators. */
  @Column({ type: 'varchar', length: 20, unique: true })
  code: string;

  @Column({ type: 'jsonb' })
  record: CertificateRecord;

  /** Ed25519 over the record's canonical JSON (RFC 8785), base64url. */
  @Column({ type: 'text' })
  signature: string;

  @Column({ type: 'varchar', length: 64 })
  kid: string;

  @Column({ type: 'int', name: 'status_index' })
  statusIndex: number;

  /** The learner's language when issued: the PDF's default. */
  @Column({ type: 'varchar', length: 5 })
  locale: string;

  @Column({ type: 'timestamptz', name: 'issued_at', default: () => 'now()' })
  issuedAt: Date;

  @Column({ type: 'uuid', name: 'issued_by', nullable: true })
  issuedBy: string | null;

  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'uuid', name: 'revoked_by', nullable: true })
  revokedBy: string | null;

  @Column({ type: 'text', name: 'revocation_reason', nullable: true })
  revocationReason: string | null;

  /**
   * The SHA-256 (hex) of the record's canonical JSON as issued and signed, kept when the holder was erased (ADR 0014)
   * before their name was redacted from `record`: the holder's own copy still matches it and its signature.
   */
  @Column({ type: 'char', length: 64, name: 'record_sha256', nullable: true })
  recordSha256: string | null;

  /** When the holder's details were erased at their request (their name is no longer in `record`). */
  @Column({ type: 'timestamptz', name: 'holder_erased_at', nullable: true })
  holderErasedAt: Date | null;
}
