import { type Locale, formatDate, formatNumber, pick, translate } from '@probity/i18n';
import type { IndicatorValue } from './entities/indicator.entity';
import { scale } from './exports/report-chart';
import type { IndicatorView } from './indicators.service';
import {
  type BreakdownValue,
  type IndicatorBreakdown,
  MEASURE_KINDS,
  type MeasureKind,
  type Period,
  type PeriodKind,
  progressWords,
} from './indicators-model';
import { countryName, formatPercent, keyLabel } from './reports-labels';

/** One period of the chart and of its table, in words. */
export interface IndicatorPoint {
  period: string;
  /** The period in words ("Q1 2026", "1 кв. 2026"). */
  label: string;
  value: number | null;
  /** The value as the reader sees it ("—" for none). */
  text: string;
  /** How many it rests on, in words ("—" when not known). */
  n: string;
  /** computed, provisional (the current period), manual. */
  source: 'computed' | 'provisional' | 'manual' | 'none';
  sourceText: string;
  note: string | null;
}

/** A line chart of an indicator's values per period, with its baseline and target, independent of how it is drawn. */
export interface IndicatorChart {
  id: string;
  title: string;
  description: string;
  points: IndicatorPoint[];
  baseline: { value: number; text: string; label: string } | null;
  target: { value: number; text: string; label: string } | null;
  /** The axis from `min` (0, or below when a value is negative) to `max`, and its ticks in words. */
  min: number;
  max: number;
  ticks: { value: number; text: string }[];
}

/** An indicator in the words of one language: what the register page shows of it. */
export interface IndicatorText {
  id: string;
  code: string;
  title: string;
  description: string;
  measure: string;
  definition: string;
  unit: string;
  filters: { label: string; value: string }[];
  baseline: string;
  current: string;
  target: string;
  progress: string;
  chart: IndicatorChart;
  /** The latest value's breakdown, when there is one. */
  breakdown: { caption: string; by: string; rows: { label: string; value: string; n: string }[] } | null;
  archived: boolean;
  editable: boolean;
}

/** A value of a measure as its reader sees it: counts whole, percentages with their sign, scores and ratios with decimals. */
export function formatIndicatorValue(locale: Locale, kind: MeasureKind, value: number | null): string {
  if (value === null) return '—';
  if (kind === 'percent') return formatPercent(locale, value);
  const digits = kind === 'score' ? 2 : kind === 'ratio' ? 3 : undefined;
  return digits === undefined
    ? formatNumber(locale, value)
    : new Intl.NumberFormat(locale === 'ur' ? 'ur-PK' : locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
        value,
      );
}

/** A period's label in words: `2026-Q1` → "Q1 2026" in English, "1 кв. 2026" in Ukrainian. */
export function periodName(locale: Locale, kind: PeriodKind, label: string): string {
  const year = label.slice(0, 4);
  const n = label.length > 4 ? label.slice(6) : '';
  return translate(locale, `indicators:period.${kind}`, { year, n });
}

/** A breakdown's group in words: a list's label (or "not recorded"), a country's name. */
export function groupLabel(locale: Locale, by: IndicatorBreakdown, key: string | null): string {
  return by === 'country' && key !== null ? countryName(locale, key) : keyLabel(locale, by, key);
}

/**
 * The register's view of an indicator in `locale`'s words: its filters, baseline → current → target, the progress
 * in words, the chart (periods, baseline and target lines) and its table, and the latest value's breakdown.
 */
export function indicatorText(view: IndicatorView, locale: Locale, context: { academyName?: string; index: number }): IndicatorText {
  const t = (key: string, options: Record<string, unknown> = {}): string => translate(locale, `indicators:${key}`, options);
  const { indicator } = view;
  const kind = MEASURE_KINDS[indicator.measure];
  const value = (n: number | null): string => formatIndicatorValue(locale, kind, n);
  const day = (d: string | null): string => (d ? formatDate(locale, d) : '');
  const title = pick(indicator.title, locale).text;
  const unit = pick(indicator.unit, locale).text || t(`units.${kind}`);
  const course = indicator.courseId ? view.courses[indicator.courseId] : undefined;

  const filters = [
    { label: t('filters.academy'), value: context.academyName ?? t('filters.all_academies') },
    { label: t('filters.country'), value: indicator.country ? countryName(locale, indicator.country) : t('filters.any_country') },
    { label: t('filters.course'), value: course ? `${pick(course.title, locale).text} (${course.code})` : t('filters.any_course') },
    {
      label: t('filters.breakdown'),
      value: indicator.breakdown ? translate(locale, `reports:by.${indicator.breakdown}`) : t('filters.no_breakdown'),
    },
    { label: t('filters.period_kind'), value: t(`period_kinds.${indicator.periodKind}`) },
    ...(indicator.measure === 'knowledge_improved_percent'
      ? [{ label: t('filters.margin'), value: formatNumber(locale, indicator.margin) }]
      : []),
  ];

  const points = pointsOf(view, locale, kind);
  const latest = view.latest;
  const words = progressWords(view.progress, view.elapsed);
  const baseline =
    indicator.baselineValue === null
      ? null
      : {
          value: indicator.baselineValue,
          text: value(indicator.baselineValue),
          label: t('chart.baseline', { value: value(indicator.baselineValue) }),
        };
  const target =
    indicator.targetValue === null
      ? null
      : {
          value: indicator.targetValue,
          text: value(indicator.targetValue),
          label: t('chart.target', { value: value(indicator.targetValue) }),
        };
  const all = [...points.map((p) => p.value), baseline?.value ?? null, target?.value ?? null].filter((v): v is number => v !== null);
  const axis =
    kind === 'percent'
      ? { max: 100, ticks: [0, 25, 50, 75, 100] }
      : kind === 'score'
        ? { max: 5, ticks: [0, 1, 2, 3, 4, 5] }
        : scale(Math.max(0, ...all));
  const min = Math.min(0, ...all);
  const chartId = `indicator-${context.index}`;
  const withValues = points.filter((p) => p.value !== null);
  const chart: IndicatorChart = {
    id: chartId,
    title: t('chart.title', { title }),
    description: [
      points.length === 1
        ? t('chart.desc_single', { first: points[0].label, unit })
        : points.length
          ? t('chart.desc_periods', { count: points.length, first: points[0].label, last: points[points.length - 1].label, unit })
          : t('chart.desc_none'),
      withValues.length
        ? t('chart.desc_latest', { period: withValues[withValues.length - 1].label, value: withValues[withValues.length - 1].text })
        : '',
      baseline ? baseline.label : '',
      target ? target.label : '',
      t('chart.desc_table'),
    ]
      .filter(Boolean)
      .join(' '),
    points,
    baseline,
    target,
    min,
    max: Math.max(axis.max, ...all),
    ticks: axis.ticks.map((tick) => ({ value: tick, text: value(tick) })),
  };

  const latestPoint = latest ? points.find((p) => p.period === latest.period) : undefined;
  const breakdown =
    indicator.breakdown && latest?.breakdownValues?.length
      ? {
          caption: t('breakdown.caption', {
            by: translate(locale, `reports:by.${indicator.breakdown}`),
            period: latestPoint?.label ?? latest.period,
          }),
          by: translate(locale, `reports:by.${indicator.breakdown}`),
          rows: latest.breakdownValues.map((g: BreakdownValue) => ({
            label: groupLabel(locale, indicator.breakdown!, g.key),
            value: value(g.value),
            n: g.n === null ? '—' : formatNumber(locale, g.n),
          })),
        }
      : null;

  return {
    id: indicator.id,
    code: indicator.code,
    title,
    description: pick(indicator.description, locale).text,
    measure: t(`measures.${indicator.measure}`),
    definition: t(`definitions.${indicator.measure}`, { margin: formatNumber(locale, indicator.margin) }),
    unit,
    filters,
    baseline: baseline
      ? t('summary.baseline', { value: baseline.text, date: day(indicator.baselineDate) || t('summary.no_date') })
      : t('summary.no_baseline'),
    current: latest && latestPoint ? t('summary.current', { value: latestPoint.text, period: latestPoint.label }) : t('summary.no_current'),
    target: target
      ? t('summary.target', { value: target.text, date: day(indicator.targetDate) || t('summary.no_date') })
      : t('summary.no_target'),
    progress: t(`progress.${words.key}`, words.percent === undefined ? {} : { percent: formatPercent(locale, words.percent) }),
    chart,
    breakdown,
    archived: indicator.archivedAt !== null,
    editable: view.editable,
  };
}

/** The periods the indicator covers, with any other period that has a value (entered by hand), oldest first. */
function pointsOf(view: IndicatorView, locale: Locale, kind: MeasureKind): IndicatorPoint[] {
  const t = (key: string): string => translate(locale, `indicators:${key}`);
  const byPeriod = new Map<string, IndicatorValue>(view.values.map((v) => [v.period, v]));
  const periods = new Map<string, Period>(view.periods.map((p) => [p.label, p]));
  for (const v of view.values) if (!periods.has(v.period)) periods.set(v.period, { label: v.period, from: v.periodFrom, to: v.periodTo });
  return [...periods.values()]
    .sort((a, b) => (a.from < b.from ? -1 : 1))
    .map((period) => {
      const stored = byPeriod.get(period.label);
      const source: IndicatorPoint['source'] = !stored
        ? 'none'
        : stored.source === 'manual'
          ? 'manual'
          : !stored.final || period.to >= view.today
            ? 'provisional'
            : 'computed';
      return {
        period: period.label,
        label: periodName(locale, view.indicator.periodKind, period.label),
        value: stored?.value ?? null,
        text: formatIndicatorValue(locale, kind, stored?.value ?? null),
        n: stored?.n === null || stored?.n === undefined ? '—' : formatNumber(locale, stored.n),
        source,
        sourceText: t(`sources.${source}`),
        note: stored?.note ?? null,
      };
    });
}
