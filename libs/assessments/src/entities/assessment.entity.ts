import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { LocaleMap } from '@probity/i18n';

export const ASSESSMENT_KINDS = ['pre_test', 'post_test', 'quiz', 'case_exercise'] as const;
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number];
export const SCORE_POLICIES = ['best', 'last'] as const;
export type ScorePolicy = (typeof SCORE_POLICIES)[number];

/** A test or exercise of a course's draft; publishing the course freezes it with its items' revisions. */
@Entity('assessments')
@Index('assessments_course', ['courseId'])
export class Assessment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The course's id (courses' table; foreign key `assessments_course_fk` in the migrations, not a relation here). */
  @Column({ type: 'uuid', name: 'course_id' })
  courseId: string;

  @Column({ type: 'varchar', length: 20 })
  kind: AssessmentKind;

  @Column({ type: 'jsonb' })
  title: LocaleMap;

  /** Items in the order they are asked (unless shuffled). */
  @Column({ type: 'uuid', array: true, name: 'item_ids' })
  itemIds: string[];

  @Column({ type: 'int', name: 'pass_percent' })
  passPercent: number;

  @Column({ type: 'int', name: 'time_limit_minutes', nullable: true })
  timeLimitMinutes: number | null;

  @Column({ type: 'int', name: 'max_attempts', nullable: true })
  maxAttempts: number | null;

  @Column({ type: 'boolean', default: false })
  shuffle: boolean;

  @Column({ type: 'boolean', name: 'blind_grading', default: false })
  blindGrading: boolean;

  /** Which attempt counts in the gradebook. */
  @Column({ type: 'varchar', length: 10, default: 'best' })
  policy: ScorePolicy;

  @Column({ type: 'uuid', name: 'created_by', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
