/** The indicator register (GET/POST /api/v1/indicators...): definitions, values per period, where each stands. */
import { ApiProperty } from '@nestjs/swagger';
import {
  type ComputeRun,
  INDICATOR_BREAKDOWNS,
  INDICATOR_MEASURES,
  type IndicatorBreakdown,
  type IndicatorMeasure,
  type IndicatorValue,
  type IndicatorView,
  PERIOD_KINDS,
  type PeriodKind,
  VALUE_SOURCES,
  type ValueSource,
  formatPercent,
  progressWords,
} from '@probity/evaluation';
import { type Locale, type LocaleMap, translate } from '@probity/i18n';
import type { Page } from '@probity/identity';
import { DATE, DATE_TIME, LOCALE_MAP, UUID } from './common.response';

const NUMBER_OR_NULL = { type: Number, nullable: true };

export class PeriodResponseDto {
  @ApiProperty({ example: '2026-Q1', description: '`2026-Q1`, `2026-H1` or `2026`' })
  label: string;

  @ApiProperty(DATE)
  from: string;

  @ApiProperty(DATE)
  to: string;
}

export class BreakdownValueResponseDto {
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'female',
    description: 'A code of the breakdown’s list (country: ISO); null: not recorded',
  })
  key: string | null;

  @ApiProperty({ ...NUMBER_OR_NULL, description: 'null: nothing to count, or too few answers to show (follow-up)' })
  value: number | null;

  @ApiProperty({ ...NUMBER_OR_NULL, description: 'People (or answers) the value rests on' })
  n: number | null;
}

export class IndicatorValueResponseDto {
  @ApiProperty({ example: '2026-Q1' })
  period: string;

  @ApiProperty(DATE)
  from: string;

  @ApiProperty(DATE)
  to: string;

  @ApiProperty({ ...NUMBER_OR_NULL, description: 'null: nothing to count in the period' })
  value: number | null;

  @ApiProperty({ ...NUMBER_OR_NULL, description: 'People (or answers) the value rests on; null when entered without it' })
  n: number | null;

  @ApiProperty({
    type: [BreakdownValueResponseDto],
    nullable: true,
    description: 'One entry per group of the breakdown, in order; null without one',
  })
  breakdown: BreakdownValueResponseDto[] | null;

  @ApiProperty({ enum: VALUE_SOURCES })
  source: ValueSource;

  @ApiProperty({ type: String, nullable: true, description: 'Where a value entered by hand comes from' })
  note: string | null;

  @ApiProperty({ description: 'Computed after its period closed (or entered for a closed period); a later change is audited' })
  final: boolean;

  @ApiProperty({ description: 'The current period’s value, which changes until the period closes' })
  provisional: boolean;

  @ApiProperty(DATE_TIME)
  computedAt: string;

  @ApiProperty({ ...UUID, nullable: true, description: 'Who computed or entered it; null: the worker’s nightly run' })
  computedBy: string | null;
}

export class IndicatorResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty({ ...UUID, nullable: true, description: 'The academy whose people it counts and who keeps it; null: platform-wide' })
  academyId: string | null;

  @ApiProperty({ example: 'EU-1.1' })
  code: string;

  @ApiProperty(LOCALE_MAP)
  title: LocaleMap;

  @ApiProperty(LOCALE_MAP)
  description: LocaleMap;

  @ApiProperty({ enum: INDICATOR_MEASURES })
  measure: IndicatorMeasure;

  @ApiProperty({ description: 'knowledge_improved_percent: percentage points post − pre must exceed; otherwise 0' })
  margin: number;

  @ApiProperty({ type: String, nullable: true, example: 'GE' })
  country: string | null;

  @ApiProperty({ ...UUID, nullable: true })
  courseId: string | null;

  @ApiProperty({ enum: INDICATOR_BREAKDOWNS, nullable: true })
  breakdown: IndicatorBreakdown | null;

  @ApiProperty(LOCALE_MAP)
  unit: LocaleMap;

  @ApiProperty({ enum: PERIOD_KINDS })
  periodKind: PeriodKind;

  @ApiProperty(NUMBER_OR_NULL)
  baselineValue: number | null;

  @ApiProperty({ ...DATE, nullable: true })
  baselineDate: string | null;

  @ApiProperty(NUMBER_OR_NULL)
  targetValue: number | null;

  @ApiProperty({ ...DATE, nullable: true })
  targetDate: string | null;

  @ApiProperty({ ...DATE_TIME, nullable: true })
  archivedAt: string | null;

  @ApiProperty({ ...UUID, nullable: true })
  createdBy: string | null;

  @ApiProperty({ ...UUID, nullable: true })
  updatedBy: string | null;

  @ApiProperty(DATE_TIME)
  createdAt: string;

  @ApiProperty(DATE_TIME)
  updatedAt: string;

  @ApiProperty({ type: PeriodResponseDto, nullable: true, description: 'The current (open) period; null before the first period begins' })
  currentPeriod: PeriodResponseDto | null;

  @ApiProperty({ type: IndicatorValueResponseDto, nullable: true, description: 'The most recent value there is' })
  latest: IndicatorValueResponseDto | null;

  @ApiProperty({ ...NUMBER_OR_NULL, description: 'Baseline → latest → target in percent of the way (0 baseline, 100 target)' })
  progressPercent: number | null;

  @ApiProperty({ ...NUMBER_OR_NULL, description: 'Percent of the time from the baseline date to the target date that has passed' })
  elapsedPercent: number | null;

  @ApiProperty({ description: 'Where it stands, in words of the request’s language' })
  progressText: string;

  @ApiProperty({ description: 'The caller keeps it: may change it, compute it and enter values' })
  editable: boolean;
}

export class IndicatorDetailResponseDto extends IndicatorResponseDto {
  @ApiProperty({ type: [PeriodResponseDto], description: 'The periods it covers, up to the current one' })
  periods: PeriodResponseDto[];

  @ApiProperty({ type: [IndicatorValueResponseDto], description: 'Every stored value, oldest period first' })
  values: IndicatorValueResponseDto[];
}

export class IndicatorPageResponseDto {
  @ApiProperty({ type: [IndicatorResponseDto] })
  items: IndicatorResponseDto[];

  @ApiProperty()
  total: number;
}

export class ComputeRunResponseDto {
  @ApiProperty({ description: 'Periods looked at' })
  periods: number;

  @ApiProperty({ description: 'Values stored for the first time' })
  created: number;

  @ApiProperty({ description: 'Final values that changed (each audited with the old and the new value)' })
  changed: number;

  @ApiProperty({ description: 'Values as they were, or provisional ones brought up to date' })
  unchanged: number;

  @ApiProperty({ description: 'Periods with a value entered by hand, never replaced by a computation' })
  manual: number;
}

export class IndicatorComputedResponseDto {
  @ApiProperty({ type: ComputeRunResponseDto })
  run: ComputeRunResponseDto;

  @ApiProperty({ type: IndicatorDetailResponseDto })
  indicator: IndicatorDetailResponseDto;
}

export function mapIndicatorValue(v: IndicatorValue, today: string): IndicatorValueResponseDto {
  return {
    period: v.period,
    from: v.periodFrom,
    to: v.periodTo,
    value: v.value,
    n: v.n,
    breakdown: v.breakdownValues?.map((g) => ({ key: g.key, value: g.value, n: g.n })) ?? null,
    source: v.source,
    note: v.note,
    final: v.final,
    provisional: v.source === 'computed' && (!v.final || v.periodTo >= today),
    computedAt: v.computedAt.toISOString(),
    computedBy: v.computedBy,
  };
}

export function mapIndicator(view: IndicatorView, locale: Locale): IndicatorResponseDto {
  const i = view.indicator;
  const current = view.periods.length ? view.periods[view.periods.length - 1] : undefined;
  const words = progressWords(view.progress, view.elapsed);
  return {
    id: i.id,
    academyId: i.academyId,
    code: i.code,
    title: i.title,
    description: i.description,
    measure: i.measure,
    margin: i.margin,
    country: i.country,
    courseId: i.courseId,
    breakdown: i.breakdown,
    unit: i.unit,
    periodKind: i.periodKind,
    baselineValue: i.baselineValue,
    baselineDate: i.baselineDate,
    targetValue: i.targetValue,
    targetDate: i.targetDate,
    archivedAt: i.archivedAt?.toISOString() ?? null,
    createdBy: i.createdBy,
    updatedBy: i.updatedBy,
    createdAt: i.createdAt.toISOString(),
    updatedAt: i.updatedAt.toISOString(),
    currentPeriod: current && current.to >= view.today ? { label: current.label, from: current.from, to: current.to } : null,
    latest: view.latest ? mapIndicatorValue(view.latest, view.today) : null,
    progressPercent: view.progress,
    elapsedPercent: view.elapsed,
    progressText: translate(locale, `indicators:progress.${words.key}`, {
      percent: words.percent === undefined ? '' : formatPercent(locale, words.percent),
    }),
    editable: view.editable,
  };
}

export function mapIndicatorDetail(view: IndicatorView, locale: Locale): IndicatorDetailResponseDto {
  return {
    ...mapIndicator(view, locale),
    periods: view.periods.map((p) => ({ label: p.label, from: p.from, to: p.to })),
    values: view.values.map((v) => mapIndicatorValue(v, view.today)),
  };
}

export function mapIndicatorPage(page: Page<IndicatorView>, locale: Locale): IndicatorPageResponseDto {
  return { items: page.items.map((view) => mapIndicator(view, locale)), total: page.total };
}

export function mapComputed(result: { run: ComputeRun; view: IndicatorView }, locale: Locale): IndicatorComputedResponseDto {
  const { periods, created, changed, unchanged, manual } = result.run;
  return { run: { periods, created, changed, unchanged, manual }, indicator: mapIndicatorDetail(result.view, locale) };
}
