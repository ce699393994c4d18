import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { ItemType } from '../item-model';

export const ATTEMPT_STATUSES = ['in_progress', 'awaiting_grading', 'graded'] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];

/** What an attempt showed of one item: frozen at start, so the attempt can always be shown as it was. */
export interface ShownItem {
  itemId: string;
  revisionId: string;
  type: ItemType;
  stem: string;
  /** Options in the order this attempt shows them (a shuffled order is reproducible from the seed). */
  options?: { id: string; text: string }[];
  maxPoints: number;
}

@Entity('attempts')
@Index('attempts_cohort_assessment_user', ['cohortId', 'assessmentId', 'userId'])
@Index('attempts_one_number', ['cohortId', 'assessmentId', 'userId', 'number'], { unique: true })
export class Attempt {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The cohort's id (cohorts' table; the foreign key `attempts_cohort_fk` is in the migrations, not a relation here). */
  @Column({ type: 'uuid', name: 'cohort_id' })
  cohortId: string;

  /** The assessment's id, as frozen in the cohort's course version. */
  @Column({ type: 'uuid', name: 'assessment_id' })
  assessmentId: string;

  /** The learner's id (identity's table; foreign key `attempts_user_fk` in the migrations). */
  @Column({ type: 'uuid', name: 'user_id' })
  userId: string;

  @Column({ type: 'int' })
  number: number;

  /** Seeds the shuffle of items and options: the same attempt always shows the same order. */
  @Column({ type: 'int' })
  seed: number;

  @Column({ type: 'varchar', length: 20, default: 'in_progress' })
  status: AttemptStatus;

  @Column({ type: 'jsonb' })
  shown: ShownItem[];

  @Column({ type: 'varchar', length: 5 })
  locale: string;

  @Column({ type: 'timestamptz', name: 'started_at', default: () => 'now()' })
  startedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  deadline: Date | null;

  @Column({ type: 'timestamptz', name: 'submitted_at', nullable: true })
  submittedAt: Date | null;

  @Column({
    type: 'numeric',
    precision: 10,
    scale: 3,
    nullable: true,
    transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) },
  })
  score: number | null;

  @Column({
    type: 'numeric',
    precision: 10,
    scale: 3,
    name: 'max_score',
    transformer: { to: (v: number) => v, from: (v: string) => Number(v) },
  })
  maxScore: number;

  @Column({
    type: 'numeric',
    precision: 6,
    scale: 2,
    nullable: true,
    transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) },
  })
  percent: number | null;

  @Column({ type: 'boolean', nullable: true })
  passed: boolean | null;
}

/** A learner's answer to one item of an attempt; autosaved until submit, then scored. */
@Entity('responses')
@Index('responses_attempt_item_key', ['attemptId', 'itemId'], { unique: true })
/** Hand-marked answers only: when a post-test was last marked (`report_knowledge`). */
@Index('responses_hand_marked', ['attemptId', 'gradedAt'], { where: '"graded_at" IS NOT NULL' })
export class AttemptResponse {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'attempt_id' })
  attemptId: string;

  @ManyToOne(() => Attempt, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'attempt_id', foreignKeyConstraintName: 'responses_attempt_fk' })
  attempt?: Attempt;

  @Column({ type: 'uuid', name: 'item_id' })
  itemId: string;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  value: { optionIds?: string[]; text?: string; value?: number };

  @Column({ type: 'timestamptz', name: 'saved_at', default: () => 'now()' })
  savedAt: Date;

  @Column({
    type: 'numeric',
    precision: 10,
    scale: 3,
    nullable: true,
    transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) },
  })
  points: number | null;

  @Column({
    type: 'numeric',
    precision: 10,
    scale: 3,
    name: 'max_points',
    transformer: { to: (v: number) => v, from: (v: string) => Number(v) },
  })
  maxPoints: number;

  @Column({ type: 'uuid', name: 'graded_by', nullable: true })
  gradedBy: string | null;

  @Column({ type: 'timestamptz', name: 'graded_at', nullable: true })
  gradedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ type: 'int', array: true, name: 'rubric_levels', nullable: true })
  rubricLevels: number[] | null;
}

/** Results of an assessment in a cohort are shown to its learners once a trainer releases them. */
@Entity('assessment_releases')
export class AssessmentRelease {
  @PrimaryColumn({ type: 'uuid', name: 'cohort_id' })
  cohortId: string;

  @PrimaryColumn({ type: 'uuid', name: 'assessment_id' })
  assessmentId: string;

  @Column({ type: 'timestamptz', name: 'released_at', default: () => 'now()' })
  releasedAt: Date;

  @Column({ type: 'uuid', name: 'released_by', nullable: true })
  releasedBy: string | null;
}
