/** The training report (GET /api/v1/reports/training): totals and the rows of one breakdown. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BREAKDOWNS, type Breakdown, type KnowledgeGain, type ReportMeasures, type TrainingReport, keyLabel } from '@probity/evaluation';
import type { Locale } from '@probity/i18n';
import { DATE, DATE_TIME, UUID } from './common.response';

const NUMBER_OR_NULL = { type: Number, nullable: true };

export class KnowledgeGainResponseDto {
  @ApiProperty({ description: 'People with a counted pre-test and post-test (each person’s most recent pair in the period)' })
  learners: number;

  @ApiProperty({ ...NUMBER_OR_NULL, description: 'Mean of post − pre, percentage points; null without learners' })
  meanGain: number | null;

  @ApiProperty({
    ...NUMBER_OR_NULL,
    description: 'Mean of (post − pre) / (100 − pre), people with pre = 100 left out; null when none is left',
  })
  meanNormalisedGain: number | null;

  @ApiProperty({ description: 'People whose post − pre exceeds `margin`' })
  improved: number;

  @ApiProperty({ ...NUMBER_OR_NULL, description: 'improved / learners × 100, one decimal; null without learners' })
  improvedPercent: number | null;
}

export class ReportTotalsResponseDto {
  @ApiProperty({ description: 'People enrolled in the period (withdrawn enrolments left out), each once' })
  enrolled: number;

  @ApiProperty({ description: 'People who completed in the period, each once' })
  completed: number;

  @ApiProperty({ description: 'People certified in the period (certificates not revoked), each once' })
  certified: number;

  @ApiProperty({ type: KnowledgeGainResponseDto })
  knowledgeGain: KnowledgeGainResponseDto;
}

export class ReportKeyResponseDto {
  @ApiPropertyOptional({ type: String, nullable: true, description: 'female, male, another, not_stated; null: not recorded' })
  sex?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'A code of the agency types; null: not recorded' })
  agencyType?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'A code of the functions; null: not recorded' })
  function?: string | null;

  @ApiPropertyOptional({ type: String, description: 'ISO 3166-1 alpha-2 of the person’s academy' })
  country?: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', description: 'The course’s id' })
  course?: string;
}

export class ReportRowResponseDto extends ReportTotalsResponseDto {
  @ApiProperty({ type: ReportKeyResponseDto, description: '{<by>: value}' })
  key: ReportKeyResponseDto;

  @ApiProperty({ description: 'The value in words, in the request’s language (a course: its title and code)' })
  label: string;
}

export class ReportFiltersResponseDto {
  @ApiProperty({ ...UUID, nullable: true, description: 'The academy whose people are counted; null: every academy' })
  academyId: string | null;

  @ApiProperty({ ...DATE, nullable: true })
  from: string | null;

  @ApiProperty({ ...DATE, nullable: true })
  to: string | null;

  @ApiProperty({ enum: BREAKDOWNS, nullable: true })
  by: Breakdown | null;

  @ApiProperty()
  margin: number;
}

export class TrainingReportResponseDto {
  @ApiProperty({ type: ReportFiltersResponseDto, description: 'The filters as applied (an academy administrator’s academy filled in)' })
  filters: ReportFiltersResponseDto;

  @ApiProperty(DATE_TIME)
  generatedAt: string;

  @ApiProperty({ type: ReportTotalsResponseDto })
  totals: ReportTotalsResponseDto;

  @ApiProperty({ type: [ReportRowResponseDto], description: 'One row per value of `by` (none without `by`)' })
  rows: ReportRowResponseDto[];
}

function mapGain(k: KnowledgeGain): KnowledgeGainResponseDto {
  return {
    learners: k.learners,
    meanGain: k.meanGain,
    meanNormalisedGain: k.meanNormalisedGain,
    improved: k.improved,
    improvedPercent: k.improvedPercent,
  };
}

function mapMeasures(m: ReportMeasures): ReportTotalsResponseDto {
  return { enrolled: m.enrolled, completed: m.completed, certified: m.certified, knowledgeGain: mapGain(m.knowledgeGain) };
}

export function mapTrainingReport(report: TrainingReport, by: Breakdown | undefined, locale: Locale): TrainingReportResponseDto {
  const { academyId, from, to, margin } = report.filters;
  return {
    filters: { academyId, from, to, by: by ?? null, margin },
    generatedAt: report.generatedAt.toISOString(),
    totals: mapMeasures(report.totals),
    rows: by
      ? (report.breakdowns[by] ?? []).map((row) => ({
          key: { [by]: row.key[by] ?? null },
          label: keyLabel(locale, by, row.key[by] ?? null, report.courses),
          ...mapMeasures(row),
        }))
      : [],
  };
}
