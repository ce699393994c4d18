import { AfterLoad, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { cohortStatusOn, utcToday } from '../cohort-status';

/** What staff decided, as stored in `cohorts.status`: nothing yet (`planned`), started early by hand (`running`), closed. */
export const COHORT_STATES = ['planned', 'running', 'closed'] as const;
export type CohortState = (typeof COHORT_STATES)[number];

/** A cohort's status as shown and filtered on, derived from its dates and state when read (`cohortStatusOn`). */
export const COHORT_STATUSES = ['planned', 'running', 'finished', 'closed'] as const;
export type CohortStatus = (typeof COHORT_STATUSES)[number];

/** How an excused absence counts towards attendance. */
export const EXCUSED_RULES = ['exclude', 'present', 'absent'] as const;
export type ExcusedRule = (typeof EXCUSED_RULES)[number];

export interface CompletionRules {
  /** Share of held sessions a learner must attend (present or late). */
  minAttendancePercent: number;
  requireAllLessons: boolean;
  /** `exclude`: an excused session is left out of the count; `present`: counts as attended; `absent`: as missed. */
  excused: ExcusedRule;
  /** null: every post-test and case exercise of the version (decided by the version's assessments). */
  requiredAssessmentIds: string[] | null;
}

export const DEFAULT_RULES: CompletionRules = {
  minAttendancePercent: 80,
  requireAllLessons: true,
  excused: 'exclude',
  requiredAssessmentIds: null,
};

/** One run of a published course version for a group of officers. */
@Entity('cohorts')
@Index('cohorts_academy', ['academyId'])
export class Cohort {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The owner academy (identity's; foreign key `cohorts_academy_fk` in the migrations, no relation across libs). */
  @Column({ type: 'uuid', name: 'academy_id' })
  academyId: string;

  /** The published version it runs (courses'; foreign key `cohorts_course_version_fk`), read through `CoursesService.snapshot`. */
  @Column({ type: 'uuid', name: 'course_version_id' })
  courseVersionId: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** The language the cohort is taught in. */
  @Column({ type: 'varchar', length: 5 })
  locale: string;

  @Column({ type: 'date', name: 'starts_on' })
  startsOn: string;

  @Column({ type: 'date', name: 'ends_on' })
  endsOn: string;

  @Column({ type: 'int', nullable: true })
  capacity: number | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  venue: string | null;

  /** The stored column `status`: what staff decided. Read `status` for what the cohort is now. */
  @Column({ type: 'varchar', length: 10, default: 'planned', name: 'status' })
  state: CohortState;

  @Column({ type: 'jsonb' })
  completion: CompletionRules;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'closed_at', nullable: true })
  closedAt: Date | null;

  /**
   * Planned, running, finished or closed (not stored): derived whenever the row is read, first as of today in UTC,
   * then by the cohorts services as of today in the owner academy's time zone (`CohortCalendar`).
   */
  status: CohortStatus;

  /** Derives `status` as of `today` (YYYY-MM-DD). */
  @AfterLoad()
  deriveStatus(today: string = utcToday()): this {
    this.status = cohortStatusOn(this, today);
    return this;
  }
}

@Entity('cohort_trainers')
export class CohortTrainer {
  @PrimaryColumn({ type: 'uuid', name: 'cohort_id' })
  cohortId: string;

  @PrimaryColumn({ type: 'uuid', name: 'user_id' })
  userId: string;

  @ManyToOne(() => Cohort, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cohort_id', foreignKeyConstraintName: 'cohort_trainers_cohort_fk' })
  cohort?: Cohort;
}

export const PARTNER_STATUSES = ['invited', 'accepted', 'declined'] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];

/**
 * A partner academy of a trans-regional cohort, by invitation: until the partner academy's
 * administrator accepts, the cohort's staff see nothing of its people and cannot enrol them. Once
 * accepted, its admins enrol and see their own people only.
 */
@Entity('cohort_partners')
@Index('cohort_partners_academy_status', ['academyId', 'status'])
export class CohortPartner {
  @PrimaryColumn({ type: 'uuid', name: 'cohort_id' })
  cohortId: string;

  @PrimaryColumn({ type: 'uuid', name: 'academy_id' })
  academyId: string;

  @Column({ type: 'varchar', length: 10, default: 'invited' })
  status: PartnerStatus;

  @Column({ type: 'uuid', name: 'invited_by', nullable: true })
  invitedBy: string | null;

  @Column({ type: 'timestamptz', name: 'invited_at', default: () => 'now()' })
  invitedAt: Date;

  @Column({ type: 'uuid', name: 'decided_by', nullable: true })
  decidedBy: string | null;

  @Column({ type: 'timestamptz', name: 'decided_at', nullable: true })
  decidedAt: Date | null;

  @ManyToOne(() => Cohort, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cohort_id', foreignKeyConstraintName: 'cohort_partners_cohort_fk' })
  cohort?: Cohort;
}
