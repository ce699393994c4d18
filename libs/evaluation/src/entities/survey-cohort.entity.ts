import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A cohort's reaction survey: one template, at most one per cohort, and the number of answers before results show. */
@Entity('cohort_surveys')
@Index('cohort_surveys_template', ['templateId'])
@Index('cohort_surveys_academy', ['academyId'])
export class CohortSurvey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The cohort (cohorts'; foreign key `cohort_surveys_cohort_fk` in the migration); one survey per cohort. */
  @Column({ type: 'uuid', name: 'cohort_id', unique: true })
  cohortId: string;

  /** The cohort's academy when the survey was attached (a cohort never changes academy): whose results these are. */
  @Column({ type: 'uuid', name: 'academy_id' })
  academyId: string;

  @Column({ type: 'uuid', name: 'template_id' })
  templateId: string;

  /** Results show once at least this many answered; never below 3 (a CHECK in the migration). */
  @Column({ type: 'int', name: 'min_responses', default: 5 })
  minResponses: number;

  @Column({ type: 'timestamptz', name: 'closed_at', nullable: true })
  closedAt: Date | null;

  @Column({ type: 'uuid', name: 'created_by', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
