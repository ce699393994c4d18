/** Reaction surveys: templates, a cohort's survey, a learner's surveys and form (results: `survey-results.response.ts`). */
import { ApiProperty } from '@nestjs/swagger';
import {
  SURVEY_ITEM_TYPES,
  SURVEY_SCALES,
  type CohortSurvey,
  type MySurvey,
  type SurveyForm,
  type TemplateSummary,
  type TemplateView,
} from '@probity/evaluation';
import { type Locale, type LocaleMap, pick, translate } from '@probity/i18n';
import type { Page } from '@probity/identity';
import { DATE, DATE_TIME, LOCALE_MAP, UUID } from './common.response';

const STANDINGS = ['open', 'answered', 'closed', 'not_completed', 'preview'];

export class SurveyOptionResponseDto {
  @ApiProperty({ description: 'The option’s number, 1…n: what an answer sends as `value`' })
  value: number;

  @ApiProperty(LOCALE_MAP)
  text: LocaleMap;
}

export class SurveyItemResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty()
  position: number;

  @ApiProperty({ enum: SURVEY_ITEM_TYPES })
  type: string;

  @ApiProperty({ enum: SURVEY_SCALES, nullable: true })
  scale: string | null;

  @ApiProperty(LOCALE_MAP)
  text: LocaleMap;

  @ApiProperty({ type: [SurveyOptionResponseDto], nullable: true })
  options: SurveyOptionResponseDto[] | null;

  @ApiProperty()
  required: boolean;
}

export class SurveyTemplateSummaryResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty({ ...UUID, nullable: true, description: 'null: platform-wide' })
  academyId: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Standard templates: a stable name' })
  code: string | null;

  @ApiProperty(LOCALE_MAP)
  title: LocaleMap;

  @ApiProperty()
  itemCount: number;

  @ApiProperty({ description: 'A cohort uses it: it never changes (copy it to change it)' })
  inUse: boolean;

  @ApiProperty(DATE_TIME)
  createdAt: Date;
}

export class SurveyTemplatePageResponseDto {
  @ApiProperty({ type: [SurveyTemplateSummaryResponseDto] })
  items: SurveyTemplateSummaryResponseDto[];

  @ApiProperty()
  total: number;
}

export class SurveyTemplateResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty({ ...UUID, nullable: true, description: 'null: platform-wide' })
  academyId: string | null;

  @ApiProperty({ type: String, nullable: true })
  code: string | null;

  @ApiProperty(LOCALE_MAP)
  title: LocaleMap;

  @ApiProperty(LOCALE_MAP)
  intro: LocaleMap;

  @ApiProperty({ ...UUID, nullable: true })
  copiedFrom: string | null;

  @ApiProperty({ type: [SurveyItemResponseDto] })
  items: SurveyItemResponseDto[];

  @ApiProperty()
  inUse: boolean;

  @ApiProperty({ description: 'The caller may change it (no cohort uses it yet)' })
  editable: boolean;

  @ApiProperty(DATE_TIME)
  createdAt: Date;

  @ApiProperty(DATE_TIME)
  updatedAt: Date;
}

export class CohortSurveyResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty(UUID)
  cohortId: string;

  @ApiProperty(UUID)
  academyId: string;

  @ApiProperty(UUID)
  templateId: string;

  @ApiProperty({ minimum: 3, description: 'Results show once at least this many answered' })
  minResponses: number;

  @ApiProperty({ ...DATE_TIME, nullable: true })
  closedAt: Date | null;

  @ApiProperty(DATE_TIME)
  createdAt: Date;
}

export class MySurveyResponseDto {
  @ApiProperty(UUID)
  cohortSurveyId: string;

  @ApiProperty(UUID)
  cohortId: string;

  @ApiProperty()
  cohortName: string;

  @ApiProperty({ description: 'The template’s title in the caller’s language' })
  title: string;

  @ApiProperty()
  answered: boolean;
}

export class MySurveysResponseDto {
  @ApiProperty({ type: [MySurveyResponseDto], description: 'Open surveys of the cohorts the caller completed' })
  items: MySurveyResponseDto[];
}

export class SurveyFormOptionResponseDto {
  @ApiProperty()
  value: number;

  @ApiProperty()
  text: string;
}

export class SurveyFormItemResponseDto {
  @ApiProperty(UUID)
  id: string;

  @ApiProperty({ enum: SURVEY_ITEM_TYPES })
  type: string;

  @ApiProperty({ enum: SURVEY_SCALES, nullable: true })
  scale: string | null;

  @ApiProperty()
  text: string;

  @ApiProperty()
  required: boolean;

  @ApiProperty({ type: [SurveyFormOptionResponseDto], description: 'Likert: 1–5 with their labels; single choice: the options' })
  options: SurveyFormOptionResponseDto[];
}

export class SurveyFormResponseDto {
  @ApiProperty(UUID)
  cohortSurveyId: string;

  @ApiProperty(UUID)
  cohortId: string;

  @ApiProperty()
  cohortName: string;

  @ApiProperty()
  title: string;

  @ApiProperty()
  intro: string;

  @ApiProperty({ enum: STANDINGS, description: 'open: may answer; preview: the cohort’s staff' })
  standing: string;

  @ApiProperty({ description: 'What the survey page says about anonymity, in the caller’s language' })
  anonymity: string;

  @ApiProperty({ type: [SurveyFormItemResponseDto] })
  items: SurveyFormItemResponseDto[];
}

export class SurveyAnsweredResponseDto {
  @ApiProperty({ description: 'Always true: the answers were stored, without the person' })
  answered: boolean;

  @ApiProperty({ ...DATE, description: 'The day recorded that the caller answered (nothing else is recorded of the person)' })
  answeredOn: string;
}

// ---- mappers ------------------------------------------------------------------------------------------------

export function mapTemplateSummary(s: TemplateSummary): SurveyTemplateSummaryResponseDto {
  return {
    id: s.template.id,
    academyId: s.template.academyId,
    code: s.template.code,
    title: s.template.title,
    itemCount: s.itemCount,
    inUse: s.inUse,
    createdAt: s.template.createdAt,
  };
}

export function mapTemplatePage(page: Page<TemplateSummary>): SurveyTemplatePageResponseDto {
  return { items: page.items.map(mapTemplateSummary), total: page.total };
}

export function mapTemplate(view: TemplateView): SurveyTemplateResponseDto {
  const t = view.template;
  return {
    id: t.id,
    academyId: t.academyId,
    code: t.code,
    title: t.title,
    intro: t.intro,
    copiedFrom: t.copiedFrom,
    items: view.items.map((i) => ({
      id: i.id,
      position: i.position,
      type: i.type,
      scale: i.scale,
      text: i.text,
      options: i.options ? i.options.map((o, n) => ({ value: n + 1, text: o.text })) : null,
      required: i.required,
    })),
    inUse: view.inUse,
    editable: view.editable,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  };
}

export function mapCohortSurvey(s: CohortSurvey): CohortSurveyResponseDto {
  return {
    id: s.id,
    cohortId: s.cohortId,
    academyId: s.academyId,
    templateId: s.templateId,
    minResponses: s.minResponses,
    closedAt: s.closedAt,
    createdAt: s.createdAt,
  };
}

export function mapMySurveys(items: MySurvey[], locale: Locale): MySurveysResponseDto {
  return {
    items: items.map((m) => ({
      cohortSurveyId: m.survey.id,
      cohortId: m.cohort.id,
      cohortName: m.cohort.name,
      title: pick(m.template.title, locale, m.cohort.locale as Locale).text,
      answered: m.answered,
    })),
  };
}

/** Likert values' labels (1 strongly disagree … 5 strongly agree) in a locale. */
export function likertLabels(locale: Locale): string[] {
  return [1, 2, 3, 4, 5].map((v) => translate(locale, `evaluation:likert.${v}`));
}

export function mapSurveyForm(form: SurveyForm, locale: Locale): SurveyFormResponseDto {
  const text = (map: LocaleMap): string => pick(map, locale, form.cohort.locale as Locale).text;
  const likert = likertLabels(locale);
  return {
    cohortSurveyId: form.survey.id,
    cohortId: form.cohort.id,
    cohortName: form.cohort.name,
    title: text(form.template.title),
    intro: text(form.template.intro),
    standing: form.standing,
    anonymity: translate(locale, 'evaluation:answer.anonymity'),
    items: form.items.map((i) => ({
      id: i.id,
      type: i.type,
      scale: i.scale,
      text: text(i.text),
      required: i.required,
      options:
        i.type === 'likert'
          ? likert.map((label, n) => ({ value: n + 1, text: label }))
          : (i.options ?? []).map((o, n) => ({ value: n + 1, text: text(o.text) })),
    })),
  };
}

export function mapAnswered(result: { answeredOn: string }): SurveyAnsweredResponseDto {
  return { answered: true, answeredOn: result.answeredOn };
}
