/** One <question> of a Moodle XML file read into item content, or refused with the reason (ItemProblem). */
import { type Locale, type LocaleMap, isLocale } from '@probity/i18n';
import type { ItemContent, ItemOption, ItemType, NumericAnswer, RubricCriterion, RubricLevel, TextAnswer } from '../item-model';
import { ItemProblem, fractionFromPercent, inLocale, optionId, parseDecimal } from './common';
import { type XmlNode, attribute, child, children, formattedText, ownText, plainText } from './moodle-xml-document';

function fractionOf(answer: XmlNode): number {
  const raw = attribute(answer, 'fraction');
  if (raw === undefined || raw.trim() === '') return 0;
  const percent = parseDecimal(raw);
  if (percent === undefined) throw new ItemProblem('invalid_fraction');
  if (percent < -100 || percent > 100) throw new ItemProblem('fraction_out_of_range');
  return fractionFromPercent(percent);
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function localeMapFrom(value: unknown): LocaleMap | undefined {
  if (!isRecord(value)) return undefined;
  const map: LocaleMap = {};
  for (const [key, text] of Object.entries(value)) {
    if (!isLocale(key) || typeof text !== 'string') return undefined;
    map[key] = text;
  }
  return map;
}

/** The Probity-only <probity_rubric> of an essay: JSON, checked and copied field by field. */
function rubricFrom(json: string): RubricCriterion[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new ItemProblem('invalid_probity_rubric');
  }
  if (!Array.isArray(parsed)) throw new ItemProblem('invalid_probity_rubric');
  return parsed.map((entry: unknown): RubricCriterion => {
    const criterion = isRecord(entry) ? localeMapFrom(entry.criterion) : undefined;
    const levels = isRecord(entry) && Array.isArray(entry.levels) ? (entry.levels as unknown[]) : undefined;
    if (!criterion || !levels) throw new ItemProblem('invalid_probity_rubric');
    return {
      criterion,
      levels: levels.map((level): RubricLevel => {
        const descriptor = isRecord(level) ? localeMapFrom(level.descriptor) : undefined;
        const points = isRecord(level) ? level.points : undefined;
        if (!descriptor || typeof points !== 'number' || !Number.isFinite(points)) throw new ItemProblem('invalid_probity_rubric');
        return { points, descriptor };
      }),
    };
  });
}

function flag(node: XmlNode | undefined): boolean {
  const value = ownText(node).trim().toLowerCase();
  return value === '1' || value === 'true';
}

/** Moodle question types read, with the item type they become (multichoice: or multiple_choice). */
const IMPORTED_TYPES = new Map<string, ItemType>([
  ['multichoice', 'single_choice'],
  ['truefalse', 'true_false'],
  ['numerical', 'numeric'],
  ['shortanswer', 'short_text'],
  ['essay', 'essay'],
]);

/** One <question> as item content; throws ItemProblem when it cannot be imported. */
export function readQuestion(question: XmlNode, type: string, locale: Locale): ItemContent {
  const text = (value: string): LocaleMap => inLocale(locale, value);
  const questiontext = child(question, 'questiontext');
  const format = attribute(questiontext, 'format') ?? 'moodle_auto_format';
  const itemType = IMPORTED_TYPES.get(type);
  if (!itemType) throw new ItemProblem(type ? `unsupported_type: ${type}` : 'missing_type');

  const stem = formattedText(questiontext, format);
  if (!stem) throw new ItemProblem('empty_question_text');
  const grade = child(question, 'defaultgrade');
  let points = 1;
  if (grade && ownText(grade).trim() !== '') {
    const parsed = parseDecimal(ownText(grade));
    if (parsed === undefined || parsed < 0) throw new ItemProblem('invalid_defaultgrade');
    points = parsed;
  }
  const name = plainText(child(question, 'name'));
  const item: ItemContent = { type: itemType, stem: text(stem), points };
  if (name) item.name = name;

  const feedbackOf = (answer: XmlNode): LocaleMap | undefined => {
    const feedback = formattedText(child(answer, 'feedback'), format);
    return feedback ? text(feedback) : undefined;
  };
  const options = (): ItemOption[] =>
    children(question, 'answer')
      .map((answer) => ({ answer, value: formattedText(answer, format) }))
      .filter(({ value }) => value !== '')
      .map(({ answer, value }, i) => {
        const feedback = feedbackOf(answer);
        return { id: optionId(i), text: text(value), fraction: fractionOf(answer), ...(feedback ? { feedback } : {}) };
      });
  let explanation = formattedText(child(question, 'generalfeedback'), format);

  switch (type) {
    case 'multichoice': {
      const single = ownText(child(question, 'single')).trim().toLowerCase();
      item.type = single === 'false' || single === '0' ? 'multiple_choice' : 'single_choice';
      item.options = options();
      if (item.options.length < 2) throw new ItemProblem('too_few_options');
      if (!item.options.some((o) => o.fraction > 0)) throw new ItemProblem('no_correct_answer');
      break;
    }
    case 'truefalse':
      item.options = options();
      if (item.options.length !== 2) throw new ItemProblem('truefalse_needs_two_answers');
      if (!item.options.some((o) => o.fraction > 0)) throw new ItemProblem('no_correct_answer');
      break;
    case 'numerical': {
      const answers: NumericAnswer[] = [];
      for (const answer of children(question, 'answer')) {
        const raw = ownText(child(answer, 'text')).trim();
        if (raw === '*') continue; // Moodle's "any other answer", only there for its feedback
        const value = parseDecimal(raw);
        if (value === undefined) throw new ItemProblem('invalid_number');
        const toleranceText = ownText(child(answer, 'tolerance')).trim();
        const tolerance = toleranceText === '' ? 0 : parseDecimal(toleranceText);
        if (tolerance === undefined || tolerance < 0) throw new ItemProblem('invalid_tolerance');
        const feedback = feedbackOf(answer);
        answers.push({ value, tolerance, fraction: fractionOf(answer), ...(feedback ? { feedback } : {}) });
      }
      if (!answers.length) throw new ItemProblem('no_numeric_answer');
      if (!answers.some((a) => a.fraction > 0)) throw new ItemProblem('no_correct_answer');
      item.numeric = answers;
      break;
    }
    case 'shortanswer': {
      const accepted: TextAnswer[] = [];
      for (const answer of children(question, 'answer')) {
        const value = formattedText(answer, 'plain_text');
        if (!value) continue;
        const feedback = feedbackOf(answer);
        accepted.push({ text: value, fraction: fractionOf(answer), ...(feedback ? { feedback } : {}) });
      }
      if (!accepted.length) throw new ItemProblem('no_accepted_answer');
      if (!accepted.some((a) => a.fraction > 0)) throw new ItemProblem('no_correct_answer');
      item.accepted = accepted;
      const usecase = child(question, 'usecase');
      if (usecase) item.caseSensitive = flag(usecase);
      const diacritics = child(question, 'probity_ignorediacritics');
      if (diacritics) item.ignoreDiacritics = flag(diacritics);
      break;
    }
    case 'essay': {
      const graderinfo = formattedText(child(question, 'graderinfo'), format);
      if (graderinfo) explanation = explanation ? `${explanation}\n\n${graderinfo}` : graderinfo;
      const rubric = child(question, 'probity_rubric');
      if (rubric) item.rubric = rubricFrom(ownText(rubric));
      break;
    }
  }
  if (explanation) item.explanation = text(explanation);
  const tags = child(question, 'tags');
  if (tags) item.tags = [...new Set(children(tags, 'tag').map(plainText).filter(Boolean))];
  return item;
}
