import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Cohort } from './cohort.entity';

export const ENROLMENT_STATUSES = ['in_progress', 'completed', 'not_completed', 'withdrawn'] as const;
export type EnrolmentStatus = (typeof ENROLMENT_STATUSES)[number];

/**
 * One period of a learner's membership of a cohort. Withdrawing closes it; enrolling again opens
 * a new one, so the history stays. At most one is open (not withdrawn) per learner and cohort.
 */
@Entity('enrolments')
@Index('enrolments_one_open', ['cohortId', 'userId'], { unique: true, where: `status <> 'withdrawn'` })
@Index('enrolments_user', ['userId'])
export class Enrolment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'cohort_id' })
  cohortId: string;

  @ManyToOne(() => Cohort, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cohort_id', foreignKeyConstraintName: 'enrolments_cohort_fk' })
  cohort?: Cohort;

  /** The learner (identity's; foreign key `enrolments_user_fk` in the migrations, no relation across libs). */
  @Column({ type: 'uuid', name: 'user_id' })
  userId: string;

  @Column({ type: 'varchar', length: 20, default: 'in_progress' })
  status: EnrolmentStatus;

  @Column({ type: 'timestamptz', name: 'enrolled_at', default: () => 'now()' })
  enrolledAt: Date;

  @Column({ type: 'uuid', name: 'enrolled_by', nullable: true })
  enrolledBy: string | null;

  @Column({ type: 'timestamptz', name: 'completed_at', nullable: true })
  completedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'withdrawn_at', nullable: true })
  withdrawnAt: Date | null;

  @Column({ type: 'text', name: 'withdrawal_reason', nullable: true })
  withdrawalReason: string | null;

  /** Rules still unmet when the cohort was closed. */
  @Column({ type: 'jsonb', name: 'unmet_rules', nullable: true })
  unmetRules: string[] | null;
}
