import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { LocaleMap } from '@probity/i18n';

/**
 * An academy's Ed25519 signing key. The private key is stored encrypted with a key derived from
 * PROBITY_SECRET; a rotated key is retired, never deleted, so that what it signed still verifies.
 */
@Entity('academy_keys')
export class AcademySigningKey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'academy_id' })
  @Index('academy_keys_academy')
  academyId: string;

  /** `<ACADEMY CODE>-<key id>`, as the JWKS, the JWT header and the Data Integrity proof name it. */
  @Column({ type: 'varchar', length: 64, unique: true })
  kid: string;

  @Column({ type: 'jsonb', name: 'public_jwk' })
  publicJwk: Record<string, string>;

  @Column({ type: 'text', name: 'private_key_encrypted' })
  privateKeyEncrypted: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'retired_at', nullable: true })
  retiredAt: Date | null;
}

/**
 * Counters taken in the issuing transaction under a row lock: `serial:<year>` (gap-free serials
 * per academy and year) and `status` (the certificate's position in the academy's status list).
 */
@Entity('certificate_counters')
export class CertificateCounter {
  @PrimaryColumn({ type: 'uuid', name: 'academy_id' })
  academyId: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  name: string;

  @Column({ type: 'int' })
  value: number;
}

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
}

/** The PDF rendered by the worker at issue (default language or bilingual); other languages render on request. */
@Entity('certificate_files')
export class CertificateFile {
  @PrimaryColumn({ type: 'uuid', name: 'certificate_id' })
  certificateId: string;

  @PrimaryColumn({ type: 'varchar', length: 8 })
  variant: string;

  @Column({ type: 'bytea' })
  pdf: Buffer;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}

/** Each academy's signed Bitstring Status List credential, rewritten in every revocation's transaction. */
@Entity('status_lists')
export class StatusList {
  @PrimaryColumn({ type: 'uuid', name: 'academy_id' })
  academyId: string;

  @Column({ type: 'jsonb' })
  credential: Record<string, unknown>;

  @Column({ type: 'text' })
  jwt: string;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}

/** How an academy's certificates look: emblem, signatories, bilingual by default. */
@Entity('academy_branding')
export class AcademyBranding {
  @PrimaryColumn({ type: 'uuid', name: 'academy_id' })
  academyId: string;

  @Column({ type: 'bytea', nullable: true })
  emblem: Buffer | null;

  @Column({ type: 'varchar', length: 40, name: 'emblem_type', nullable: true })
  emblemType: string | null;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  signatories: { name: LocaleMap; title: LocaleMap }[];

  /** National language + English on one certificate, unless a language is asked for. */
  @Column({ type: 'boolean', default: false })
  bilingual: boolean;

  /** Print the final result (percent) on certificates and show it on public verification (off: only attendance and hours). */
  @Column({ type: 'boolean', name: 'print_result', default: false })
  printResult: boolean;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}

export const JOB_STATES = ['queued', 'active', 'completed', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** A background job as its starter sees it: progress while it runs, the result when done. */
@Entity('jobs')
export class Job {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 40 })
  kind: string;

  @Column({ type: 'varchar', length: 12, default: 'queued' })
  state: JobState;

  @Column({ type: 'int', default: 0 })
  done: number;

  @Column({ type: 'int', default: 0 })
  total: number;

  @Column({ type: 'jsonb', nullable: true })
  params: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  result: Record<string, unknown> | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'uuid', name: 'started_by' })
  startedBy: string;

  @Column({ type: 'uuid', name: 'academy_id', nullable: true })
  academyId: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}

/** The Open Badges 3.0 forms of a certificate, signed once on first request and then served as they are. */
@Entity('certificate_credentials')
export class CertificateCredential {
  @PrimaryColumn({ type: 'uuid', name: 'certificate_id' })
  certificateId: string;

  @Column({ type: 'text' })
  jwt: string;

  @Column({ type: 'jsonb' })
  credential: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
