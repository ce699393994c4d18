import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** The periods an academy keeps personal data for (issue 16 point 4); an academy without a row keeps the defaults. */
@Entity('privacy_retention')
export class PrivacyRetention {
  /** The academy (identity's; foreign key in the migration). */
  @PrimaryColumn({ type: 'uuid', name: 'academy_id' })
  academyId: string;

  /** Years after a cohort ended that its attempts' answer texts are kept (1–10). */
  @Column({ type: 'int', name: 'answer_texts_years', default: 2 })
  answerTextsYears: number;

  /** Years after a person's last sign-in (or their account's creation) that their account is kept (1–20). */
  @Column({ type: 'int', name: 'inactive_account_years', default: 5 })
  inactiveAccountYears: number;

  /** Who set the periods last (null once their account is gone). */
  @Column({ type: 'uuid', name: 'updated_by', nullable: true })
  updatedBy: string | null;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}

/** What one nightly run did for one academy: the report its administrators read. */
@Entity('privacy_retention_runs')
export class PrivacyRetentionRun {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'academy_id' })
  academyId: string;

  @Column({ type: 'timestamptz', name: 'ran_at', default: () => 'now()' })
  ranAt: Date;

  /** Answer texts deleted (as the erasure counts them). */
  @Column({ type: 'int', name: 'answer_texts_cleared', default: 0 })
  answerTextsCleared: number;

  @Column({ type: 'int', name: 'accounts_erased', default: 0 })
  accountsErased: number;

  /** The queue's message that ran it (null: run by hand, e.g. from a test). */
  @Column({ type: 'uuid', name: 'job_id', nullable: true })
  jobId: string | null;
}
