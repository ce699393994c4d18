import { type Locale, direction, formatDate, formatNumber, pick, translate } from '@probity/i18n';
import { type PersonListField, personValueKey } from '@probity/identity';
import { BREAKDOWNS, type Breakdown, type CourseNames, type ReportMeasures, type ReportRow, type TrainingReport } from './reports-model';

/** The measures of a row side by side, as a table shows them (null: nobody to take a mean of). */
export interface FlatMeasures {
  enrolled: number;
  completed: number;
  certified: number;
  learners: number;
  meanGain: number | null;
  meanNormalisedGain: number | null;
  improved: number;
  improvedPercent: number | null;
}
export type MeasureId = keyof FlatMeasures;
export const MEASURES: readonly MeasureId[] = [
  'enrolled',
  'completed',
  'certified',
  'learners',
  'meanGain',
  'meanNormalisedGain',
  'improved',
  'improvedPercent',
];

export interface LabelledRow extends FlatMeasures {
  /** The value's code (`female`, `GE`, a course id); null: not recorded. */
  code: string | null;
  label: string;
}

export interface LabelledBreakdown {
  by: Breakdown;
  /** "Sex", "Agency type"... */
  name: string;
  rows: LabelledRow[];
}

/** The report in words of one language: what the page, the CSV, the spreadsheet and the PDF show. */
export interface ReportText {
  locale: Locale;
  dir: 'ltr' | 'rtl';
  title: string;
  /** Whose people are counted: an academy's name, or all academies. */
  scope: string;
  filters: { label: string; value: string }[];
  definitions: { term: string; text: string }[];
  columns: { id: MeasureId; label: string }[];
  totals: FlatMeasures;
  breakdowns: LabelledBreakdown[];
  generatedAt: string;
  generatedBy?: string;
  exportId?: string;
}

export function flat(measures: ReportMeasures): FlatMeasures {
  const { enrolled, completed, certified, knowledgeGain: k } = measures;
  return {
    enrolled,
    completed,
    certified,
    learners: k.learners,
    meanGain: k.meanGain,
    meanNormalisedGain: k.meanNormalisedGain,
    improved: k.improved,
    improvedPercent: k.improvedPercent,
  };
}

const PERSON_FIELDS: Partial<Record<Breakdown, PersonListField>> = { sex: 'sex', agencyType: 'agencyType', function: 'function' };

/** A breakdown's value in words: a list's label (or "not recorded"), a country's name, a course's title and code. */
export function keyLabel(locale: Locale, by: Breakdown, code: string | null, courses: CourseNames = {}): string {
  const field = PERSON_FIELDS[by];
  if (field) return translate(locale, personValueKey(field, code));
  if (code === null) return translate(locale, 'people:not_recorded');
  if (by === 'country') return countryName(locale, code);
  const course = courses[code];
  return course ? `${pick(course.title, locale).text} (${course.code})` : code;
}

export function countryName(locale: Locale, code: string): string {
  try {
    return new Intl.DisplayNames([locale === 'ur' ? 'ur-PK' : locale], { type: 'region', fallback: 'code' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** A measure's value as a reader sees it: counts as they are, means to three places, percentages to one; "—" for none. */
export function formatMeasure(locale: Locale, id: MeasureId, value: number | null): string {
  if (value === null) return '—';
  if (id === 'improvedPercent') return formatPercent(locale, value);
  return formatNumber(locale, value);
}

/** A percentage (0–100) as the locale writes one: "60 %", "60%", "٪60"... */
export function formatPercent(locale: Locale, value: number): string {
  return new Intl.NumberFormat(locale === 'ur' ? 'ur-PK' : locale, { style: 'percent', maximumFractionDigits: 1 }).format(value / 100);
}

export function periodText(locale: Locale, from: string | null, to: string | null): string {
  const day = (value: string): string => formatDate(locale, value);
  if (from && to) return translate(locale, 'reports:filters.period_range', { from: day(from), to: day(to) });
  if (from) return translate(locale, 'reports:filters.period_from', { from: day(from) });
  if (to) return translate(locale, 'reports:filters.period_to', { to: day(to) });
  return translate(locale, 'reports:filters.period_all');
}

/**
 * The report in `locale`'s words, every breakdown it holds in BREAKDOWNS order. `academyName` names the academy the
 * report counts (undefined: all); `generatedBy` and `exportId` are printed on exports.
 */
export function reportText(
  report: TrainingReport,
  locale: Locale,
  context: { academyName?: string; generatedBy?: string; exportId?: string; timeZone?: string } = {},
): ReportText {
  const t = (key: string, options: Record<string, unknown> = {}): string => translate(locale, `reports:${key}`, options);
  const { filters } = report;
  return {
    locale,
    dir: direction(locale),
    title: t('title'),
    scope: context.academyName ?? t('filters.all_academies'),
    filters: [
      { label: t('filters.academy'), value: context.academyName ?? t('filters.all_academies') },
      { label: t('filters.period'), value: periodText(locale, filters.from, filters.to) },
      { label: t('filters.margin'), value: formatNumber(locale, filters.margin) },
    ],
    definitions: ['attribution', 'once', 'enrolled', 'completed', 'certified', 'knowledge', 'gain', 'normalised', 'improved'].map(
      (key) => ({ term: t(`definitions.${key}_term`), text: t(`definitions.${key}`, { margin: formatNumber(locale, filters.margin) }) }),
    ),
    columns: MEASURES.map((id) => ({ id, label: t(`measures.${id}`) })),
    totals: flat(report.totals),
    breakdowns: BREAKDOWNS.filter((by) => report.breakdowns[by]).map((by) => ({
      by,
      name: t(`by.${by}`),
      rows: (report.breakdowns[by] ?? []).map((row: ReportRow) => {
        const code = row.key[by] ?? null;
        return { code, label: keyLabel(locale, by, code, report.courses), ...flat(row) };
      }),
    })),
    generatedAt: formatDate(locale, report.generatedAt, 'datetime', context.timeZone ?? 'UTC'),
    generatedBy: context.generatedBy,
    exportId: context.exportId,
  };
}
