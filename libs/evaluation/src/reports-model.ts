import type { LocaleMap } from '@probity/i18n';

/**
 * The training report (issue 13, ADR 0010): people enrolled, completed, certified and with a knowledge gain in a
 * period, each person counted once per measure, attributed to their own academy, broken down by one of these.
 */
export const BREAKDOWNS = ['sex', 'agencyType', 'function', 'country', 'course'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

/** Export formats of the report: all built from the same report object. */
export const REPORT_FORMATS = ['csv', 'xlsx', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Knowledge gain of the people who sat a counted pre-test and post-test: each person's most recent pair in the period. */
export interface KnowledgeGain {
  /** People with a pair. */
  learners: number;
  /** Mean of post − pre, in percentage points (null without learners). */
  meanGain: number | null;
  /** Mean of (post − pre) / (100 − pre), leaving out people whose pre-test was 100 (null when none is left). */
  meanNormalisedGain: number | null;
  /** People whose post − pre exceeds the margin. */
  improved: number;
  /** improved / learners × 100, one decimal (null without learners). */
  improvedPercent: number | null;
}

export interface ReportMeasures {
  enrolled: number;
  completed: number;
  certified: number;
  knowledgeGain: KnowledgeGain;
}

/** One value of a breakdown: `key` is `{ sex: 'female' }`, `{ country: 'GE' }`, `{ course: '<course id>' }`; null: not recorded. */
export interface ReportRow extends ReportMeasures {
  key: Partial<Record<Breakdown, string | null>>;
}

/** What the report was asked for, as it was applied (an academy administrator's academy filled in). */
export interface ReportFilters {
  /** The academy whose people are counted; null: every academy. */
  academyId: string | null;
  /** First and last day of the period (YYYY-MM-DD, in each person's academy's time zone); null: open. */
  from: string | null;
  to: string | null;
  /** Percentage points post − pre must exceed for "improved". */
  margin: number;
}

/** Courses named in a breakdown by course: code and title per language. */
export type CourseNames = Record<string, { code: string; title: LocaleMap }>;

/** The report with the rows of the breakdowns asked for. */
export interface TrainingReport {
  filters: ReportFilters;
  generatedAt: Date;
  totals: ReportMeasures;
  breakdowns: Partial<Record<Breakdown, ReportRow[]>>;
  courses: CourseNames;
}

/** A key's value in the database's column for a breakdown. */
export const BREAKDOWN_COLUMNS: Record<Breakdown, string> = {
  sex: 'sex',
  agencyType: 'agency_type',
  function: '"function"',
  country: 'country',
  course: 'course_id',
};

/** The default margin: any rise of the post-test over the pre-test counts as improved. */
export const DEFAULT_MARGIN = 0;
