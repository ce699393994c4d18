/** Reaction surveys: a cohort's results (per item and scale) and the comparison of cohorts on a template. */
import { ApiProperty } from '@nestjs/swagger';
import { SURVEY_ITEM_TYPES, SURVEY_SCALES, type SurveyComparison, type SurveyResults } from '@probity/evaluation';
import { type Locale, type LocaleMap, pick, translate } from '@probity/i18n';
import { UUID } from './common.response';
import { likertLabels } from './surveys.response';

const NUMBER_OR_NULL = { type: Number, nullable: true };

export class ValueCountResponseDto {
  @ApiProperty({ description: 'Likert 1–5, or the option’s number' })
  value: number;

  @ApiProperty()
  label: string;

  @ApiProperty()
  count: number;
}

export class ScaleResultResponseDto {
  @ApiProperty({ enum: SURVEY_SCALES })
  scale: string;

  @ApiProperty()
  label: string;

  @ApiProperty({ description: 'Likert answers in the scale' })
  n: number;

  @ApiProperty(NUMBER_OR_NULL)
  mean: number | null;

  @ApiProperty({ type: [ValueCountResponseDto] })
  distribution: ValueCountResponseDto[];
}

export class ItemResultResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty()
  position: number;

  @ApiProperty({ enum: SURVEY_ITEM_TYPES })
  type: string;

  @ApiProperty({ enum: SURVEY_SCALES, nullable: true })
  scale: string | null;

  @ApiProperty()
  text: string;

  @ApiProperty({ description: 'How many answered this question' })
  n: number;

  @ApiProperty({ ...NUMBER_OR_NULL, description: 'Likert items' })
  mean: number | null;

  @ApiProperty({ type: [ValueCountResponseDto] })
  distribution: ValueCountResponseDto[];

  @ApiProperty({ type: [String], description: 'Open questions: the answers, in a random order' })
  answers: string[];
}

export class SurveyResultsResponseDto {
  @ApiProperty(UUID)
  cohortSurveyId: string;

  @ApiProperty(UUID)
  cohortId: string;

  @ApiProperty()
  cohortName: string;

  @ApiProperty(UUID)
  templateId: string;

  @ApiProperty()
  title: string;

  @ApiProperty()
  minResponses: number;

  @ApiProperty({ description: 'How many answered' })
  responses: number;

  @ApiProperty({ description: 'Learners who completed the cohort' })
  completed: number;

  @ApiProperty({ ...NUMBER_OR_NULL, description: 'Answered of completed, percent' })
  responseRate: number | null;

  @ApiProperty({ description: 'false until at least minResponses answered: then scales and items are empty' })
  shown: boolean;

  @ApiProperty()
  closed: boolean;

  @ApiProperty({ type: [ScaleResultResponseDto] })
  scales: ScaleResultResponseDto[];

  @ApiProperty({ type: [ItemResultResponseDto] })
  items: ItemResultResponseDto[];
}

export class ScaleMeanResponseDto {
  @ApiProperty({ enum: SURVEY_SCALES })
  scale: string;

  @ApiProperty()
  n: number;

  @ApiProperty(NUMBER_OR_NULL)
  mean: number | null;
}

export class ScaleLabelResponseDto {
  @ApiProperty({ enum: SURVEY_SCALES })
  scale: string;

  @ApiProperty()
  label: string;
}

export class ComparisonOverallResponseDto {
  @ApiProperty()
  n: number;

  @ApiProperty(NUMBER_OR_NULL)
  mean: number | null;
}

export class ComparisonRowResponseDto {
  @ApiProperty(UUID)
  cohortSurveyId: string;

  @ApiProperty(UUID)
  cohortId: string;

  @ApiProperty()
  cohortName: string;

  @ApiProperty(UUID)
  academyId: string;

  @ApiProperty()
  academyCode: string;

  @ApiProperty()
  academyName: string;

  @ApiProperty()
  responses: number;

  @ApiProperty()
  completed: number;

  @ApiProperty(NUMBER_OR_NULL)
  responseRate: number | null;

  @ApiProperty({ type: [ScaleMeanResponseDto] })
  scales: ScaleMeanResponseDto[];

  @ApiProperty({ type: ComparisonOverallResponseDto })
  overall: ComparisonOverallResponseDto;
}

export class SurveyComparisonResponseDto {
  @ApiProperty(UUID)
  templateId: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: [ScaleLabelResponseDto] })
  scales: ScaleLabelResponseDto[];

  @ApiProperty({ type: [ComparisonRowResponseDto], description: 'Only cohorts that reached their threshold' })
  rows: ComparisonRowResponseDto[];

  @ApiProperty({ description: 'Cohorts of the caller using the template that have not reached their threshold' })
  belowThreshold: number;
}

// ---- mappers ------------------------------------------------------------------------------------------------

export function mapResults(r: SurveyResults, locale: Locale): SurveyResultsResponseDto {
  const text = (map: LocaleMap): string => pick(map, locale, r.cohort.locale as Locale).text;
  const likert = likertLabels(locale);
  return {
    cohortSurveyId: r.survey.id,
    cohortId: r.cohort.id,
    cohortName: r.cohort.name,
    templateId: r.template.id,
    title: text(r.template.title),
    minResponses: r.survey.minResponses,
    responses: r.responses,
    completed: r.completed,
    responseRate: r.responseRate,
    shown: r.shown,
    closed: r.survey.closedAt !== null,
    scales: r.scales.map((s) => ({
      scale: s.scale,
      label: translate(locale, `evaluation:scales.${s.scale}`),
      n: s.n,
      mean: s.mean,
      distribution: s.counts.map((count, i) => ({ value: i + 1, label: likert[i], count })),
    })),
    items: r.items.map((i) => ({
      id: i.item.id,
      position: i.item.position,
      type: i.item.type,
      scale: i.item.scale,
      text: text(i.item.text),
      n: i.n,
      mean: i.mean,
      distribution: i.counts.map((count, n) => ({
        value: n + 1,
        label: i.item.type === 'likert' ? likert[n] : text(i.item.options?.[n]?.text ?? {}),
        count,
      })),
      answers: i.answers,
    })),
  };
}

export function mapComparison(c: SurveyComparison, locale: Locale): SurveyComparisonResponseDto {
  return {
    templateId: c.template.id,
    title: pick(c.template.title, locale).text,
    scales: c.scales.map((scale) => ({ scale, label: translate(locale, `evaluation:scales.${scale}`) })),
    rows: c.rows.map((r) => ({
      cohortSurveyId: r.survey.id,
      cohortId: r.survey.cohortId,
      cohortName: r.cohortName,
      academyId: r.academy.id,
      academyCode: r.academy.code,
      academyName: pick(r.academy.name as LocaleMap, locale).text,
      responses: r.responses,
      completed: r.completed,
      responseRate: r.responseRate,
      scales: r.scales,
      overall: r.overall,
    })),
    belowThreshold: c.belowThreshold,
  };
}
