import type { FieldViolation, LocaleMap } from '@probity/i18n';

/** What a survey item asks for: agreement on a 1–5 scale, one option of a list, or free text. */
export const SURVEY_ITEM_TYPES = ['likert', 'single_choice', 'open_text'] as const;
export type SurveyItemType = (typeof SURVEY_ITEM_TYPES)[number];

/**
 * The scales Likert items are grouped in. A fixed list (labels in the `evaluation` catalogue), so that the same scale
 * means the same thing in every template, cohort and academy, and results can be compared across them.
 */
export const SURVEY_SCALES = ['relevance', 'content', 'trainers', 'methods', 'materials', 'organisation', 'overall'] as const;
export type SurveyScale = (typeof SURVEY_SCALES)[number];

/** Likert answers: 1 (strongly disagree) … 5 (strongly agree). */
export const LIKERT_VALUES = [1, 2, 3, 4, 5] as const;

/** The default and the floor of the number of answers before any result is shown (ADR 0010). */
export const DEFAULT_MIN_RESPONSES = 5;
export const MIN_RESPONSES_FLOOR = 3;

/** Limits of a template's texts and size. */
export const SURVEY_LIMITS = {
  title: 200,
  intro: 2000,
  itemText: 500,
  optionText: 200,
  items: 60,
  options: 10,
  /** Characters of one open answer. */
  answer: 2000,
} as const;

export interface SurveyOption {
  text: LocaleMap;
}

/** One question of a template, as stored and as shown (options are numbered 1…n in the order given). */
export interface SurveyItem {
  id: string;
  position: number;
  type: SurveyItemType;
  scale: SurveyScale | null;
  text: LocaleMap;
  options: SurveyOption[] | null;
  required: boolean;
}

/** A template's item before it is stored. */
export type SurveyItemInput = Omit<SurveyItem, 'id' | 'position'>;

/**
 * The rules of an item's shape that a DTO cannot say: a Likert item needs a scale (and no options), a single choice
 * 2–10 options (and no scale), an open question neither. Field names point into the request (`items.3.scale`).
 */
export function itemShapeProblems(items: { type: string; scale?: unknown; options?: unknown }[]): FieldViolation[] {
  const problems: FieldViolation[] = [];
  items.forEach((item, i) => {
    const options = Array.isArray(item.options) ? item.options : undefined;
    const hasScale = item.scale !== undefined && item.scale !== null;
    if (item.type === 'likert' && !hasScale) problems.push({ field: `items.${i}.scale`, constraint: 'surveyScaleRequired' });
    if (item.type !== 'likert' && hasScale) problems.push({ field: `items.${i}.scale`, constraint: 'surveyScaleOnlyLikert' });
    if (item.type === 'single_choice' && (!options || options.length < 2 || options.length > SURVEY_LIMITS.options))
      problems.push({ field: `items.${i}.options`, constraint: 'surveyOptionsCount', params: { count: SURVEY_LIMITS.options } });
    if (item.type !== 'single_choice' && item.options !== undefined && item.options !== null)
      problems.push({ field: `items.${i}.options`, constraint: 'surveyOptionsOnlyChoice' });
  });
  return problems;
}

/** What a learner sent for one item: a number (Likert value, option number) or a text. */
export interface SurveyAnswerInput {
  itemId: string;
  value?: number;
  text?: string;
}

/** The answers as stored in `survey_responses.answers`: item id → number or text, nothing else. */
export type StoredAnswers = Record<string, number | string>;

/**
 * Checks answers against the template's items and gives what is stored, or the problems, each tied to its item
 * (`answers.<itemId>`), so that a page shows each message beside its question. Empty texts count as no answer.
 */
export function checkAnswers(items: SurveyItem[], answers: SurveyAnswerInput[]): { answers: StoredAnswers; problems: FieldViolation[] } {
  const problems: FieldViolation[] = [];
  const byId = new Map(items.map((item) => [item.id, item]));
  const given = new Map<string, SurveyAnswerInput>();
  for (const answer of answers) {
    if (!byId.has(answer.itemId)) problems.push({ field: `answers.${answer.itemId}`, constraint: 'surveyUnknownItem' });
    else if (given.has(answer.itemId)) problems.push({ field: `answers.${answer.itemId}`, constraint: 'surveyAnswerTwice' });
    else given.set(answer.itemId, answer);
  }
  const stored: StoredAnswers = {};
  for (const item of items) {
    const answer = given.get(item.id);
    const field = `answers.${item.id}`;
    if (item.type === 'open_text') {
      const text = answer?.text?.trim() ?? '';
      if (answer?.value !== undefined) problems.push({ field, constraint: 'surveyTextExpected' });
      else if (text) stored[item.id] = text;
      else if (item.required) problems.push({ field, constraint: 'surveyAnswerRequired' });
      continue;
    }
    if (answer?.text !== undefined) {
      problems.push({ field, constraint: 'surveyChoiceExpected' });
      continue;
    }
    if (answer?.value === undefined) {
      if (item.required) problems.push({ field, constraint: 'surveyAnswerRequired' });
      continue;
    }
    const max = item.type === 'likert' ? LIKERT_VALUES.length : (item.options?.length ?? 0);
    if (!Number.isInteger(answer.value) || answer.value < 1 || answer.value > max)
      problems.push({ field, constraint: 'surveyChoiceExpected' });
    else stored[item.id] = answer.value;
  }
  return { answers: stored, problems };
}

/** Counts per value (1…`values`) summarised: how many answered, the mean (two decimals) or null when nobody did. */
export function summarise(counts: number[]): { n: number; mean: number | null } {
  const n = counts.reduce((sum, c) => sum + c, 0);
  if (!n) return { n, mean: null };
  const total = counts.reduce((sum, c, i) => sum + c * (i + 1), 0);
  return { n, mean: Math.round((100 * total) / n) / 100 };
}

/** Answered out of completed, in percent with one decimal (null when nobody completed). */
export function responseRate(answered: number, completed: number): number | null {
  return completed > 0 ? Math.round((1000 * answered) / completed) / 10 : null;
}
