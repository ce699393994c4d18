import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { LocaleMap } from '@probity/i18n';
import type { BreakdownValue, IndicatorBreakdown, IndicatorMeasure, PeriodKind, ValueSource } from '../indicators-model';

/** `numeric` columns arrive as text: read them as numbers (null stays null). */
const NUMERIC = { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/**
 * An indicator of the register (issue 13 point 4, ADR 0010): a measure from a fixed list, its filters and breakdown,
 * baseline, target and reporting period. `academy_id` null: platform-wide (platform administrators keep it, academy
 * administrators read it); otherwise the academy's own, whose people (or cohorts) it counts. Codes are unique per
 * academy, and among platform-wide indicators (a unique index with NULLS NOT DISTINCT in the migration).
 */
@Entity('indicators')
@Index('indicators_academy', ['academyId'])
export class Indicator {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Identity's academy (foreign key `indicators_academy_fk`); null: platform-wide. */
  @Column({ type: 'uuid', name: 'academy_id', nullable: true })
  academyId: string | null;

  @Column({ type: 'varchar', length: 40 })
  code: string;

  @Column({ type: 'jsonb' })
  title: LocaleMap;

  @Column({ type: 'jsonb', default: {} })
  description: LocaleMap;

  @Column({ type: 'varchar', length: 40 })
  measure: IndicatorMeasure;

  /** knowledge_improved_percent: percentage points the post-test must exceed the pre-test by; others 0. */
  @Column({ type: 'numeric', precision: 5, scale: 2, default: 0, transformer: NUMERIC })
  margin: number;

  /** ISO 3166-1 alpha-2 of the people's academy (the cohort's academy for satisfaction); null: any. */
  @Column({ type: 'varchar', length: 2, nullable: true })
  country: string | null;

  /** The course (courses'; foreign key `indicators_course_fk`); null: any. */
  @Column({ type: 'uuid', name: 'course_id', nullable: true })
  courseId: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  breakdown: IndicatorBreakdown | null;

  /** What the value counts, per language ("officials"); empty: the measure's own unit. */
  @Column({ type: 'jsonb', default: {} })
  unit: LocaleMap;

  @Column({ type: 'varchar', length: 10, name: 'period_kind' })
  periodKind: PeriodKind;

  @Column({ type: 'numeric', precision: 14, scale: 3, name: 'baseline_value', nullable: true, transformer: NUMERIC })
  baselineValue: number | null;

  @Column({ type: 'date', name: 'baseline_date', nullable: true })
  baselineDate: string | null;

  @Column({ type: 'numeric', precision: 14, scale: 3, name: 'target_value', nullable: true, transformer: NUMERIC })
  targetValue: number | null;

  @Column({ type: 'date', name: 'target_date', nullable: true })
  targetDate: string | null;

  /** Archived indicators keep their values, are no longer computed and leave the register's list. */
  @Column({ type: 'timestamptz', name: 'archived_at', nullable: true })
  archivedAt: Date | null;

  @Column({ type: 'uuid', name: 'created_by', nullable: true })
  createdBy: string | null;

  @Column({ type: 'uuid', name: 'updated_by', nullable: true })
  updatedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}

/**
 * An indicator's value for one reporting period: computed (by the worker at night, or on an administrator's request)
 * or entered by hand with a note. A value computed while its period was still open is provisional (`final` false);
 * the first computation after the period closed makes it final, and a later computation that changes a final value
 * is written to the audit trail with the old and the new value.
 */
@Entity('indicator_values')
@Index('indicator_values_period', ['indicatorId', 'period'], { unique: true })
export class IndicatorValue {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', name: 'indicator_id' })
  indicatorId: string;

  /** The period's label: `2026-Q1`, `2026-H2`, `2026`. */
  @Column({ type: 'varchar', length: 10 })
  period: string;

  @Column({ type: 'date', name: 'period_from' })
  periodFrom: string;

  @Column({ type: 'date', name: 'period_to' })
  periodTo: string;

  /** null: nothing to count (nobody sat both tests, no survey over its threshold). */
  @Column({ type: 'numeric', precision: 14, scale: 3, nullable: true, transformer: NUMERIC })
  value: number | null;

  /** People (or answers) the value rests on; null when entered by hand without it. */
  @Column({ type: 'int', nullable: true })
  n: number | null;

  /** The breakdown's groups in their order; null without a breakdown. */
  @Column({ type: 'jsonb', name: 'breakdown_values', nullable: true })
  breakdownValues: BreakdownValue[] | null;

  @Column({ type: 'varchar', length: 10 })
  source: ValueSource;

  /** Manual values: where the number comes from (required, a CHECK in the migration). */
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'boolean', default: false })
  final: boolean;

  @Column({ type: 'timestamptz', name: 'computed_at' })
  computedAt: Date;

  /** Who computed or entered it; null: the worker's nightly run. */
  @Column({ type: 'uuid', name: 'computed_by', nullable: true })
  computedBy: string | null;
}
