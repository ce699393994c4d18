import { AGENCY_TYPES, PERSON_FUNCTIONS, SEXES } from '@probity/identity';

/**
 * The indicator register (issue 13 point 4, ADR 0010): indicators are rows, not code. Each picks a measure from this
 * fixed list, narrows it with filters (its academy, a country, a course), may break it down, and keeps a baseline, a
 * target and one value per reporting period.
 *
 * - `people_trained`, `people_completed`, `people_certified`: the training report's `enrolled`, `completed`, `certified`
 *   (the same statement, `ReportsRepository.training`): people counted once, under their own academy.
 * - `knowledge_improved_percent`: the report's `improvedPercent` with the indicator's margin (percentage points the
 *   post-test must exceed the pre-test by); `mean_normalised_gain`: the report's `meanNormalisedGain`.
 * - `mean_satisfaction`: the mean of every Likert answer (1–5) of the reaction surveys of cohorts run by the academy
 *   (every academy for a platform-wide indicator) whose last day falls in the period, counting only cohorts whose
 *   survey reached its own anonymity threshold. Anonymous answers belong to no person: no breakdown but by country
 *   (the running academy's).
 * - `applying_at_follow_up_percent`: of the learners who answered "how often have you applied what you learned" in a
 *   follow-up wave whose learners' answers reached the wave's threshold, the percent who answered "sometimes",
 *   "often" or "always" (`APPLYING_FROM`, the follow-up results' own rule). Each learner once: their most recent
 *   answer in the period, dated on their academy's calendar and counted under their own academy, like the report.
 *   A group of fewer than `MIN_FOLLOW_UP_GROUP` learners shows no value (confidential answers, ADR 0010).
 * - `people_trained_or_assisted`: people enrolled in training (as `people_trained`) or reached by a delivered mission of
 *   the Technical Assistance Facility whose last day falls in the period (the assistance context's published view
 *   `report_assistance_participants`), each person once: a person with an account is one `user_id` in both, described
 *   and attributed as `report_people` has them; a guest of a mission counts once per participation, under the
 *   requesting institution's academy, with the sex, agency type, function and country recorded on the mission. A course
 *   filter counts only that course's trainees (missions have no course).
 * - `cooperation_joint_investigations`, `cooperation_mla_requests`, `cooperation_extradition_requests`,
 *   `cooperation_joint_operations`, `cooperation_information_exchanges`, `cooperation_mous_signed`: the sum of that count
 *   over the outcome reports (3- and 6-month follow-ups) of cooperation initiatives whose last day falls in the period
 *   (the cooperation context's published view `report_cooperation_outcomes`), under the reporting institution's academy
 *   and country; broken down by country only, and nothing under a course filter (initiatives have no course).
 * - `manual`: what Probity cannot count (cases referred, guidelines adopted): values are entered by hand, with a note.
 */
export const INDICATOR_MEASURES = [
  'people_trained',
  'people_completed',
  'people_certified',
  'knowledge_improved_percent',
  'mean_normalised_gain',
  'mean_satisfaction',
  'applying_at_follow_up_percent',
  'people_trained_or_assisted',
  'cooperation_joint_investigations',
  'cooperation_mla_requests',
  'cooperation_extradition_requests',
  'cooperation_joint_operations',
  'cooperation_information_exchanges',
  'cooperation_mous_signed',
  'manual',
] as const;
export type IndicatorMeasure = (typeof INDICATOR_MEASURES)[number];

/** Measures computed by the training report's statement. */
export const REPORT_MEASURES: ReadonlySet<IndicatorMeasure> = new Set([
  'people_trained',
  'people_completed',
  'people_certified',
  'knowledge_improved_percent',
  'mean_normalised_gain',
]);

/** How a measure's value reads: a number of people, a percentage, a score out of 5, a ratio 0–1, or as entered. */
export type MeasureKind = 'count' | 'percent' | 'score' | 'ratio' | 'number';
export const MEASURE_KINDS: Record<IndicatorMeasure, MeasureKind> = {
  people_trained: 'count',
  people_completed: 'count',
  people_certified: 'count',
  knowledge_improved_percent: 'percent',
  mean_normalised_gain: 'ratio',
  mean_satisfaction: 'score',
  applying_at_follow_up_percent: 'percent',
  people_trained_or_assisted: 'count',
  cooperation_joint_investigations: 'count',
  cooperation_mla_requests: 'count',
  cooperation_extradition_requests: 'count',
  cooperation_joint_operations: 'count',
  cooperation_information_exchanges: 'count',
  cooperation_mous_signed: 'count',
  manual: 'number',
};

/** Breakdowns an indicator may have (the EU's "disaggregated by sex and sector", function, country). */
export const INDICATOR_BREAKDOWNS = ['sex', 'agencyType', 'function', 'country'] as const;
export type IndicatorBreakdown = (typeof INDICATOR_BREAKDOWNS)[number];

/** Which breakdowns a measure can be given: anonymous survey answers belong to no person, only to a cohort's academy. */
export function breakdownsOf(measure: IndicatorMeasure): readonly IndicatorBreakdown[] {
  // Outcomes of cooperation initiatives are counts of institutions, not people: by the institution's country only.
  if (measure.startsWith('cooperation_')) return ['country'];
  return measure === 'mean_satisfaction' ? ['country'] : INDICATOR_BREAKDOWNS;
}

/** The codes of a breakdown's controlled list, in their order (country: none, any ISO code). */
export const BREAKDOWN_CODES: Partial<Record<IndicatorBreakdown, readonly string[]>> = {
  sex: SEXES,
  agencyType: AGENCY_TYPES,
  function: PERSON_FUNCTIONS,
};

/** Reporting periods: calendar quarters, half-years or years (`2026-Q1`, `2026-H2`, `2026`). */
export const PERIOD_KINDS = ['quarter', 'half_year', 'year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** The fewest learners whose follow-up answers a value (or a breakdown's group) may show. */
export const MIN_FOLLOW_UP_GROUP = 5;
/** At most this many periods are kept per indicator: the most recent ones (ten years of quarters). */
export const MAX_PERIODS = 40;

export const INDICATOR_LIMITS = { code: 40, title: 300, description: 2000, unit: 60, note: 1000, value: 1_000_000_000 } as const;

export interface Period {
  label: string;
  /** First and last day (YYYY-MM-DD). */
  from: string;
  to: string;
}

const MONTHS: Record<PeriodKind, number> = { quarter: 3, half_year: 6, year: 12 };
const LABELS: Record<PeriodKind, RegExp> = { quarter: /^(\d{4})-Q([1-4])$/, half_year: /^(\d{4})-H([12])$/, year: /^(\d{4})$/ };

function day(year: number, month: number, date: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}`;
}

/** The `index`-th period (1-based) of `kind` in `year`. */
function periodAt(kind: PeriodKind, year: number, index: number): Period {
  const months = MONTHS[kind];
  const first = (index - 1) * months + 1;
  const last = first + months - 1;
  const lastDay = new Date(Date.UTC(year, last, 0)).getUTCDate();
  const label = kind === 'quarter' ? `${year}-Q${index}` : kind === 'half_year' ? `${year}-H${index}` : String(year);
  return { label, from: day(year, first, 1), to: day(year, last, lastDay) };
}

/** The period of `kind` that contains a day (YYYY-MM-DD). */
export function periodOf(kind: PeriodKind, date: string): Period {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return periodAt(kind, year, Math.floor((month - 1) / MONTHS[kind]) + 1);
}

/** The period a label names, when it is one of `kind` (`2026-Q3` for quarters); undefined otherwise. */
export function periodByLabel(kind: PeriodKind, label: string): Period | undefined {
  const match = LABELS[kind].exec(label);
  if (!match) return undefined;
  const year = Number(match[1]);
  if (year < 1970 || year > 2999) return undefined;
  return periodAt(kind, year, match[2] ? Number(match[2]) : 1);
}

/** The day after `date`. */
export function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Every period of `kind` from the one containing `start` to the one containing `today`, the last `MAX_PERIODS` of them. */
export function periodsBetween(kind: PeriodKind, start: string, today: string): Period[] {
  if (start > today) return [];
  const periods: Period[] = [];
  for (let p = periodOf(kind, start); p.from <= today; p = periodOf(kind, nextDay(p.to))) periods.push(p);
  return periods.slice(-MAX_PERIODS);
}

/** A value of one group of a breakdown: `key` a code of the list (null: not recorded), `n` the people or answers behind it. */
export interface BreakdownValue {
  key: string | null;
  value: number | null;
  n: number | null;
}

/** What a measure gives for one period: the value (null: nothing to count), how many it rests on, and the breakdown. */
export interface MeasuredValue {
  value: number | null;
  n: number | null;
  breakdown: BreakdownValue[] | null;
}

/** Where a stored value came from. */
export const VALUE_SOURCES = ['computed', 'manual'] as const;
export type ValueSource = (typeof VALUE_SOURCES)[number];

/** What an indicator counts, as its service passes it to the measures. */
export interface IndicatorDefinition {
  measure: IndicatorMeasure;
  academyId: string | null;
  country: string | null;
  courseId: string | null;
  breakdown: IndicatorBreakdown | null;
  margin: number;
}

/**
 * How far a value has come from the baseline towards the target, in percent (0 at the baseline, 100 at the target;
 * below 0 when it moved away, above 100 past the target), or null when the baseline, the target or the value is
 * missing or the target equals the baseline. Works for targets below the baseline too (fewer is better).
 */
export function progressPercent(baseline: number | null, target: number | null, value: number | null): number | null {
  if (baseline === null || target === null || value === null || target === baseline) return null;
  return Math.round((1000 * (value - baseline)) / (target - baseline)) / 10;
}

/** The share of the time from the baseline date to the target date that has passed on `today` (0–100), or null. */
export function elapsedPercent(baselineDate: string | null, targetDate: string | null, today: string): number | null {
  if (!baselineDate || !targetDate || targetDate <= baselineDate) return null;
  const at = (d: string): number => Date.parse(`${d}T00:00:00Z`);
  const share = (at(today) - at(baselineDate)) / (at(targetDate) - at(baselineDate));
  return Math.round(1000 * Math.min(1, Math.max(0, share))) / 10;
}

/** The progress in words (a key of the `indicators:progress` catalogue and its parameters). */
export function progressWords(
  progress: number | null,
  elapsed: number | null,
): { key: 'no_value' | 'reached' | 'behind_baseline' | 'on_track' | 'behind_schedule' | 'part'; percent?: number } {
  if (progress === null) return { key: 'no_value' };
  if (progress >= 100) return { key: 'reached' };
  if (progress < 0) return { key: 'behind_baseline' };
  if (elapsed === null) return { key: 'part', percent: progress };
  return { key: progress >= elapsed ? 'on_track' : 'behind_schedule', percent: progress };
}

/** A value rounded as its measure is read: counts whole, percentages to one decimal, scores and ratios to two or three. */
export function roundValue(kind: MeasureKind, value: number | null): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const places = kind === 'count' ? 0 : kind === 'percent' ? 1 : kind === 'score' ? 2 : 3;
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
}
