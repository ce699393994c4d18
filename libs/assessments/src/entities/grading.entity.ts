import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** A cohort's settings for one of its version's assessments: when it is open, and second marking. */
@Entity('cohort_assessment_settings')
export class CohortAssessmentSettings {
  @PrimaryColumn({ type: 'uuid', name: 'cohort_id' })
  cohortId: string;

  @PrimaryColumn({ type: 'uuid', name: 'assessment_id' })
  assessmentId: string;

  @Column({ type: 'timestamptz', name: 'opens_at', nullable: true })
  opensAt: Date | null;

  @Column({ type: 'timestamptz', name: 'closes_at', nullable: true })
  closesAt: Date | null;

  /** Two independent graders for every hand-graded answer (case exercises). */
  @Column({ type: 'boolean', name: 'second_marking', default: false })
  secondMarking: boolean;

  /** Largest difference between the two graders' points that is settled by averaging; above it they reconcile. */
  @Column({
    type: 'numeric',
    precision: 10,
    scale: 3,
    name: 'marking_threshold',
    default: 1,
    transformer: { to: (v: number) => v, from: (v: string) => Number(v) },
  })
  markingThreshold: number;
}

export const MARK_ROLES = ['single', 'first', 'second', 'agreed', 'appeal'] as const;
export type MarkRole = (typeof MARK_ROLES)[number];

/** Every grade given to an answer, kept: single marks, both independent marks, the agreed one, appeal outcomes. */
@Entity('marks')
@Index('marks_response', ['responseId', 'createdAt'])
export class Mark {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'response_id' })
  responseId: string;

  @Column({ type: 'uuid', name: 'grader_id' })
  graderId: string;

  @Column({ type: 'varchar', length: 10 })
  role: MarkRole;

  @Column({ type: 'numeric', precision: 10, scale: 3, transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  points: number;

  @Column({ type: 'int', array: true, name: 'rubric_levels', nullable: true })
  rubricLevels: number[] | null;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}

export const APPEAL_STATUSES = ['open', 'upheld', 'rejected'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

/** A learner asks for a review of one graded answer; another trainer decides, and the reasons are kept. */
@Entity('appeals')
@Index('appeals_one_open', ['responseId'], { unique: true, where: `status = 'open'` })
export class Appeal {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'response_id' })
  responseId: string;

  @Column({ type: 'uuid', name: 'cohort_id' })
  cohortId: string;

  @Column({ type: 'uuid', name: 'user_id' })
  userId: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'varchar', length: 10, default: 'open' })
  status: AppealStatus;

  @Column({
    type: 'numeric',
    precision: 10,
    scale: 3,
    name: 'points_before',
    transformer: { to: (v: number) => v, from: (v: string) => Number(v) },
  })
  pointsBefore: number;

  @Column({
    type: 'numeric',
    precision: 10,
    scale: 3,
    name: 'points_after',
    nullable: true,
    transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) },
  })
  pointsAfter: number | null;

  @Column({ type: 'uuid', name: 'decided_by', nullable: true })
  decidedBy: string | null;

  @Column({ type: 'text', name: 'decision_reason', nullable: true })
  decisionReason: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'decided_at', nullable: true })
  decidedAt: Date | null;
}
