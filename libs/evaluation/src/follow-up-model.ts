import { createHash, randomBytes } from 'node:crypto';
import type { FieldViolation, LocaleMap } from '@probity/i18n';

/**
 * Follow-up waves (Kirkpatrick levels 3 and 4, ADR 0010): months after each learner's completion, the learner and the
 * supervisor they named answer a questionnaire about how the training was applied. A questionnaire is a survey
 * template of its own kind; its items ask how often (a five-step frequency), how many cases (a count), examples and
 * barriers (choices and open text), never case details.
 */

/**
 * What a survey template is for: a reaction survey, one of the two follow-up questionnaires, or the evaluation of a
 * mission of the Technical Assistance Facility (by its participants, experts and host; assistance's, issue 14).
 */
export const TEMPLATE_KINDS = ['reaction', 'follow_up_learner', 'follow_up_supervisor', 'mission'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

/** Who answers a follow-up invitation. */
export const RESPONDENTS = ['learner', 'supervisor'] as const;
export type Respondent = (typeof RESPONDENTS)[number];

/**
 * The items of a follow-up questionnaire: `frequency` (never, rarely, sometimes, often, always: 1–5), `count` (a whole
 * number of cases, 0 or more), `single_choice`, `multi_choice` (option numbers 1…n) and `open_text`.
 */
export const FOLLOW_UP_ITEM_TYPES = ['frequency', 'count', 'single_choice', 'multi_choice', 'open_text'] as const;
export type FollowUpItemType = (typeof FOLLOW_UP_ITEM_TYPES)[number];

/** The five steps of "how often", 1 (never) … 5 (always); labels in the `followups` catalogue. */
export const FREQUENCY_VALUES = [1, 2, 3, 4, 5] as const;
/** From this step on ("sometimes"), a person counts as applying the training (the indicator's measure). */
export const APPLYING_FROM = 3;

/** The standard questionnaires, seeded on every database under these codes. */
export const FOLLOW_UP_LEARNER_CODE = 'napor-follow-up-learner';
export const FOLLOW_UP_SUPERVISOR_CODE = 'napor-follow-up-supervisor';

/** A cohort's waves: by default 3 and 6 months after each learner's completion; 1–24 months; at most four waves. */
export const DEFAULT_WAVE_MONTHS = [3, 6] as const;
export const WAVE_MONTHS = { min: 1, max: 24 } as const;
export const MAX_WAVES = 4;

/** How long an invitation can be answered (a supervisor's link, from its first mail), and when the reminders go. */
export const ANSWER_DAYS = 30;
export const REMINDER_DAYS = [7, 14] as const;

export const FOLLOW_UP_LIMITS = {
  /**
   * Characters of one open answer. A supervisor answers without an account, so the whole form must fit the
   * anonymous body limit (16 kB): two open answers of 700 Georgian letters, percent-encoded (9 bytes each), do.
   * Examples are short anyway: no case details.
   */
  answer: 700,
  /** The largest number of cases one person can report. */
  count: 10_000,
  contactName: 200,
  email: 254,
} as const;

export interface FollowUpOption {
  text: LocaleMap;
}

/** One question of a follow-up questionnaire, as stored (in `survey_template_items`) and shown. */
export interface FollowUpItem {
  id: string;
  position: number;
  type: FollowUpItemType;
  text: LocaleMap;
  options: FollowUpOption[] | null;
  required: boolean;
}

export type FollowUpItemInput = Omit<FollowUpItem, 'id' | 'position'>;

/** A standard questionnaire as the seed gives it (`seed/follow-ups`). */
export interface StandardFollowUpTemplate {
  code: string;
  kind: Exclude<TemplateKind, 'reaction' | 'mission'>;
  title: LocaleMap;
  intro: LocaleMap;
  items: FollowUpItemInput[];
}

/** What a respondent sent for one item: a number (frequency, count, option), option numbers, or a text. */
export interface FollowUpAnswerInput {
  itemId: string;
  value?: number;
  values?: number[];
  text?: string;
}

/** As stored in `follow_up_responses.answers`: item id → number, option numbers or text. */
export type StoredFollowUpAnswers = Record<string, number | number[] | string>;

/** The shape rules of a questionnaire's items: choices have 2–10 options, the others none. */
export function followUpItemProblems(items: FollowUpItemInput[]): FieldViolation[] {
  const problems: FieldViolation[] = [];
  items.forEach((item, i) => {
    const choice = item.type === 'single_choice' || item.type === 'multi_choice';
    const n = item.options?.length ?? 0;
    if (choice && (n < 2 || n > 10))
      problems.push({ field: `items.${i}.options`, constraint: 'surveyOptionsCount', params: { count: 10 } });
    if (!choice && item.options) problems.push({ field: `items.${i}.options`, constraint: 'surveyOptionsOnlyChoice' });
  });
  return problems;
}

/**
 * Checks answers against the questionnaire and gives what is stored, or the problems, each tied to its item
 * (`answers.<itemId>`). Empty texts and empty option lists count as no answer.
 */
export function checkFollowUpAnswers(
  items: FollowUpItem[],
  answers: FollowUpAnswerInput[],
): { answers: StoredFollowUpAnswers; problems: FieldViolation[] } {
  const problems: FieldViolation[] = [];
  const byId = new Map(items.map((item) => [item.id, item]));
  const given = new Map<string, FollowUpAnswerInput>();
  for (const answer of answers) {
    if (!byId.has(answer.itemId)) problems.push({ field: `answers.${answer.itemId}`, constraint: 'surveyUnknownItem' });
    else if (given.has(answer.itemId)) problems.push({ field: `answers.${answer.itemId}`, constraint: 'surveyAnswerTwice' });
    else given.set(answer.itemId, answer);
  }
  const stored: StoredFollowUpAnswers = {};
  for (const item of items) {
    const answer = given.get(item.id);
    const field = `answers.${item.id}`;
    const missing = (): void => {
      if (item.required) problems.push({ field, constraint: 'surveyAnswerRequired' });
    };
    if (item.type === 'open_text') {
      const text = answer?.text?.trim() ?? '';
      if (answer?.value !== undefined || answer?.values !== undefined) problems.push({ field, constraint: 'surveyTextExpected' });
      else if (text.length > FOLLOW_UP_LIMITS.answer)
        problems.push({ field, constraint: 'maxLength', params: { count: FOLLOW_UP_LIMITS.answer } });
      else if (text) stored[item.id] = text;
      else missing();
      continue;
    }
    if (item.type === 'multi_choice') {
      if (answer?.text !== undefined || answer?.value !== undefined) {
        problems.push({ field, constraint: 'surveyChoiceExpected' });
        continue;
      }
      const values = answer?.values ?? [];
      const max = item.options?.length ?? 0;
      if (values.some((v) => !Number.isInteger(v) || v < 1 || v > max) || new Set(values).size !== values.length)
        problems.push({ field, constraint: 'surveyChoiceExpected' });
      else if (values.length) stored[item.id] = [...values].sort((a, b) => a - b);
      else missing();
      continue;
    }
    if (answer?.text !== undefined || answer?.values !== undefined) {
      problems.push(
        item.type === 'count'
          ? { field, constraint: 'followUpCount', params: { max: FOLLOW_UP_LIMITS.count } }
          : { field, constraint: 'surveyChoiceExpected' },
      );
      continue;
    }
    if (answer?.value === undefined) {
      missing();
      continue;
    }
    if (item.type === 'count') {
      if (!Number.isInteger(answer.value) || answer.value < 0 || answer.value > FOLLOW_UP_LIMITS.count)
        problems.push({ field, constraint: 'followUpCount', params: { max: FOLLOW_UP_LIMITS.count } });
      else stored[item.id] = answer.value;
      continue;
    }
    const max = item.type === 'frequency' ? FREQUENCY_VALUES.length : (item.options?.length ?? 0);
    if (!Number.isInteger(answer.value) || answer.value < 1 || answer.value > max)
      problems.push({ field, constraint: 'surveyChoiceExpected' });
    else stored[item.id] = answer.value;
  }
  return { answers: stored, problems };
}

/** A supervisor's link: 32 random bytes, base64url (43 characters). Only its SHA-256 is stored. */
export function newLinkToken(): { token: string; hash: Buffer } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: linkTokenHash(token)! };
}

/** The SHA-256 a token is looked up by, or undefined when the text cannot be a token (then nothing is looked up). */
export function linkTokenHash(token: string): Buffer | undefined {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Answered out of invited, in percent with one decimal (null when nobody was invited). */
export function answeredRate(answered: number, invited: number): number | null {
  return invited > 0 ? Math.round((1000 * answered) / invited) / 10 : null;
}
