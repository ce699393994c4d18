import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Locale } from '@probity/i18n';

/**
 * The supervisor a learner named for a cohort they completed: who is asked about them at each wave, by e-mail, in
 * the supervisor's language. Changeable until the first supervisor invitation is mailed.
 */
@Entity('supervisor_contacts')
@Index('supervisor_contacts_learner_cohort', ['userId', 'cohortId'], { unique: true })
export class SupervisorContact {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The learner (identity's; foreign key in the migration). */
  @Column({ type: 'uuid', name: 'user_id' })
  userId: string;

  /** The cohort they completed (cohorts'; foreign key in the migration). */
  @Column({ type: 'uuid', name: 'cohort_id' })
  cohortId: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 5 })
  locale: Locale;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  /** The learner withdrew their consent: name and address emptied, no further invitation (issue 16 point 5). */
  @Column({ type: 'timestamptz', name: 'withdrawn_at', nullable: true })
  withdrawnAt: Date | null;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
