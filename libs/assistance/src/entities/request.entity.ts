import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { AssistanceFormat, EligibilityRule, RequestState, Topic } from '../assistance-model';

/** A facility manager's judgement of one eligibility rule: met or not, with a note; absent: not judged yet. */
export interface RuleJudgement {
  met: boolean;
  note: string;
  by: string;
  at: string;
}

/**
 * A request for technical assistance (issue 14 point 1, ADR 0012), written by a focal point of `institution_id` in
 * `locale` (any of the six), kept as a draft until submitted; a facility manager screens it and decides.
 */
@Entity('assistance_requests')
@Index('assistance_requests_institution', ['institutionId', 'status'])
@Index('assistance_requests_status', ['status', 'submittedAt'])
export class AssistanceRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** `TAF-<year>-<number>`, from the sequence `assistance_request_number`. */
  @Column({ type: 'varchar', length: 20, unique: true })
  reference: string;

  @Column({ type: 'uuid', name: 'institution_id' })
  institutionId: string;

  @Column({ type: 'uuid', name: 'created_by', nullable: true })
  createdBy: string | null;

  /** The language the request is written in. */
  @Column({ type: 'varchar', length: 5 })
  locale: string;

  @Column({ type: 'varchar', length: 20, default: 'draft' })
  status: RequestState;

  @Column({ type: 'varchar', length: 40 })
  topic: Topic;

  @Column({ type: 'varchar', length: 20 })
  format: AssistanceFormat;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text', default: '' })
  need: string;

  @Column({ type: 'text', name: 'expected_result', default: '' })
  expectedResult: string;

  @Column({ type: 'text', name: 'target_group', default: '' })
  targetGroup: string;

  @Column({ type: 'int', nullable: true })
  participants: number | null;

  /** Calendar days (`YYYY-MM-DD`). */
  @Column({ type: 'date', name: 'preferred_from', nullable: true })
  preferredFrom: string | null;

  @Column({ type: 'date', name: 'preferred_to', nullable: true })
  preferredTo: string | null;

  /** ISO 639 codes of the languages the assistance should be given in. */
  @Column({ type: 'varchar', length: 3, array: true, default: () => "'{}'" })
  languages: string[];

  /** The facility manager's screening, one judgement per eligibility rule. */
  @Column({ type: 'jsonb', default: {} })
  screening: Partial<Record<EligibilityRule, RuleJudgement>>;

  @Column({ type: 'text', name: 'decision_reason', nullable: true })
  decisionReason: string | null;

  @Column({ type: 'uuid', name: 'decided_by', nullable: true })
  decidedBy: string | null;

  @Column({ type: 'timestamptz', name: 'decided_at', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'submitted_at', nullable: true })
  submittedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}

/** A file attached to a request: PDF or DOCX (checked by content, not by name), up to 10 MB, kept in PostgreSQL. */
@Entity('assistance_request_files')
@Index('assistance_request_files_request', ['requestId'])
export class RequestFile {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'request_id' })
  requestId: string;

  @Column({ type: 'varchar', length: 200, name: 'file_name' })
  fileName: string;

  @Column({ type: 'varchar', length: 100, name: 'media_type' })
  mediaType: string;

  @Column({ type: 'int' })
  size: number;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  /** Read only when the file is downloaded (`select: false`). */
  @Column({ type: 'bytea', select: false })
  content: Buffer;

  @Column({ type: 'uuid', name: 'uploaded_by', nullable: true })
  uploadedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}

/** A message of a request's thread between its focal points and the facility managers. */
@Entity('assistance_request_comments')
@Index('assistance_request_comments_request', ['requestId', 'createdAt'])
export class RequestComment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'request_id' })
  requestId: string;

  @Column({ type: 'uuid', name: 'author_id', nullable: true })
  authorId: string | null;

  @Column({ type: 'text' })
  body: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
