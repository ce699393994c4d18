import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One follow-up wave of a cohort (ADR 0010): `months` after each learner's completion, the learner and the supervisor
 * they named are asked how the training was applied. At most one wave per cohort and month count.
 */
@Entity('follow_up_waves')
@Index('follow_up_waves_cohort_months', ['cohortId', 'months'], { unique: true })
@Index('follow_up_waves_academy', ['academyId'])
export class FollowUpWave {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The cohort (cohorts'; foreign key `follow_up_waves_cohort_fk` in the migration). */
  @Column({ type: 'uuid', name: 'cohort_id' })
  cohortId: string;

  /** The cohort's academy when the wave was scheduled (a cohort never changes academy): whose results these are. */
  @Column({ type: 'uuid', name: 'academy_id' })
  academyId: string;

  /** Months after a learner's completion (1–24, a CHECK in the migration). */
  @Column({ type: 'int' })
  months: number;

  /** The questionnaires (survey templates of kind `follow_up_learner` and `follow_up_supervisor`). */
  @Column({ type: 'uuid', name: 'learner_template_id' })
  learnerTemplateId: string;

  @Column({ type: 'uuid', name: 'supervisor_template_id' })
  supervisorTemplateId: string;

  /** Results of each kind of respondent show once at least this many of them answered; never below 3. */
  @Column({ type: 'int', name: 'min_responses', default: 5 })
  minResponses: number;

  @Column({ type: 'uuid', name: 'created_by', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
