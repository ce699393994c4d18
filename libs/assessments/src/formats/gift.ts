import type { Locale, LocaleMap } from '@probity/i18n';
import type { ItemContent, ItemOption, NumericAnswer, TextAnswer } from '../item-model';
import {
  ItemProblem,
  MAX_IMPORT_QUESTIONS,
  TooManyQuestions,
  firstWords,
  fractionFromPercent,
  inLocale,
  optionId,
  parseDecimal,
} from './common';
import { htmlToText } from './html-text';

/**
 * Moodle's GIFT format (https://docs.moodle.org/en/GIFT_format), as Moodle reads it:
 *
 *   // a comment line; "// [tag:algebra]" tags the question below it
 *   ::Title:: [html] Question text {=right#feedback ~wrong ~%-50%bad ####general feedback}
 *
 * Questions are separated by blank lines. Answer blocks: {} essay; {T} {F} {TRUE} {FALSE}
 * (#feedback if wrong#feedback if right); {=a ~b} single choice; weights ~%50% (multiple choice
 * when weighted or with more than one right answer); {=a =b} short answer; {#3.5:0.1}
 * {#=3.5:0.1 =%50%3:1} {#1..5} numeric. Text after the block makes a "missing word" question
 * (the block becomes "_____"). \= \~ \# \{ \} \: escape those characters, \n is a line break.
 * Not supported: matching (->), $CATEGORY: lines (skipped).
 */

export interface GiftImportError {
  /** The question's ::title::, or its first words. */
  item: string;
  /** The line the question starts on (1-based). */
  line: number;
  message: string;
}

export interface GiftImportResult {
  items: ItemContent[];
  errors: GiftImportError[];
}

// Escaped special characters are swapped for private-use characters while the syntax is read.
const ESCAPES = new Map<string, string>([
  [':', '\ue001'],
  ['~', '\ue002'],
  ['=', '\ue003'],
  ['#', '\ue004'],
  ['{', '\ue005'],
  ['}', '\ue006'],
  ['\\', '\ue007'],
  ['n', '\n'],
]);
const UNESCAPES = new Map([...ESCAPES].filter(([c]) => c !== 'n').map(([c, placeholder]) => [placeholder, c]));

function protect(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const next = text[i + 1];
    if (text[i] === '\\' && next !== undefined && ESCAPES.has(next)) {
      out += ESCAPES.get(next);
      i++;
    } else out += text[i];
  }
  return out;
}

const restore = (text: string): string => [...text].map((c) => UNESCAPES.get(c) ?? c).join('');

type Format = 'html' | 'moodle' | 'plain' | 'markdown';

/** One question block's text (escapes protected) as item content; throws ItemProblem. */
function readQuestion(source: string, locale: Locale): ItemContent {
  let rest = source.trim();
  let title: string | undefined;
  if (rest.startsWith('::')) {
    const end = rest.indexOf('::', 2);
    if (end < 0) throw new ItemProblem('unclosed_title');
    title = restore(rest.slice(2, end)).trim();
    rest = rest.slice(end + 2);
  }
  let format: Format = 'moodle';
  const marker = /^\s*\[(html|moodle|plain|markdown)\]/.exec(rest);
  if (marker) {
    format = marker[1] as Format;
    rest = rest.slice(marker[0].length);
  }
  const convert = (text: string): string => (format === 'html' ? htmlToText(restore(text)) : restore(text).trim());
  const text = (value: string): LocaleMap => inLocale(locale, value);

  const open = rest.indexOf('{');
  if (open < 0) throw new ItemProblem(rest.includes('}') ? 'unexpected_closing_brace' : 'missing_answer_block');
  const close = rest.indexOf('}', open);
  if (close < 0) throw new ItemProblem('unclosed_answer_block');
  const before = rest.slice(0, open);
  const block = rest.slice(open + 1, close);
  const after = rest.slice(close + 1);
  if (before.includes('}')) throw new ItemProblem('unexpected_closing_brace');
  if (block.includes('{')) throw new ItemProblem('unexpected_opening_brace');
  if (after.includes('{') || after.includes('}')) throw new ItemProblem('more_than_one_answer_block');
  // Text after the answers: a "missing word" question, the answers standing for a blank.
  const stem = convert(after.trim() ? `${before}_____${after}` : before);
  if (!stem) throw new ItemProblem('empty_question_text');

  const item: ItemContent = { type: 'essay', stem: text(stem), points: 1 };
  if (title) item.name = title;
  let answers = block;
  const general = answers.indexOf('####');
  if (general >= 0) {
    const explanation = convert(answers.slice(general + 4));
    if (explanation) item.explanation = text(explanation);
    answers = answers.slice(0, general);
  }
  answers = answers.trim();

  /** "answer#feedback" -> its text and feedback (converted). */
  const withFeedback = (raw: string): { value: string; feedback?: LocaleMap } => {
    const hash = raw.indexOf('#');
    const value = convert(hash < 0 ? raw : raw.slice(0, hash));
    const feedback = hash < 0 ? '' : convert(raw.slice(hash + 1));
    return feedback ? { value, feedback: text(feedback) } : { value };
  };
  /** A leading %weight% of an answer: its fraction and the rest, or undefined when unweighted. */
  const weightOf = (raw: string): { fraction: number; rest: string } | undefined => {
    const trimmed = raw.trimStart();
    if (!trimmed.startsWith('%')) return undefined;
    const end = trimmed.indexOf('%', 1);
    const percent = end < 0 ? undefined : parseDecimal(trimmed.slice(1, end));
    if (percent === undefined) throw new ItemProblem('invalid_weight');
    if (percent < -100 || percent > 100) throw new ItemProblem('weight_out_of_range');
    return { fraction: fractionFromPercent(percent), rest: trimmed.slice(end + 1) };
  };
  /** Splits answers at their '=' / '~' markers; text before the first marker is an error unless `bare` allows it. */
  const split = (raw: string, markers: string, bare: boolean): { marker: string; body: string }[] => {
    const parts: { marker: string; body: string }[] = [];
    let current: { marker: string; body: string } = { marker: '', body: '' };
    for (const c of raw) {
      if (markers.includes(c)) {
        if (current.marker || current.body.trim()) parts.push(current);
        current = { marker: c, body: '' };
      } else current.body += c;
    }
    if (current.marker || current.body.trim()) parts.push(current);
    if (!bare && parts.some((p) => !p.marker)) throw new ItemProblem('answer_without_marker');
    return parts;
  };

  if (answers === '') return item; // {} essay

  if (answers.startsWith('#')) {
    // Numeric. A '~' part is Moodle's feedback for any other answer: it has no place here.
    const tilde = answers.indexOf('~');
    const numeric: NumericAnswer[] = split(tilde < 0 ? answers.slice(1) : answers.slice(1, tilde), '=', true).map(({ body }) => {
      const weight = weightOf(body);
      const { value, feedback } = withFeedback(weight ? weight.rest : body);
      let number: number | undefined;
      let tolerance: number | undefined;
      const range = value.indexOf('..');
      const colon = value.indexOf(':');
      if (range > 0) {
        const min = parseDecimal(value.slice(0, range));
        const max = parseDecimal(value.slice(range + 2));
        if (min === undefined || max === undefined) throw new ItemProblem('invalid_number');
        if (min > max) throw new ItemProblem('invalid_range');
        number = (min + max) / 2;
        tolerance = max - number;
      } else {
        number = parseDecimal(colon > 0 ? value.slice(0, colon) : value);
        tolerance = colon > 0 ? parseDecimal(value.slice(colon + 1)) : 0;
        if (number === undefined) throw new ItemProblem('invalid_number');
        if (tolerance === undefined || tolerance < 0) throw new ItemProblem('invalid_tolerance');
      }
      return { value: number, tolerance, fraction: weight?.fraction ?? 1, ...(feedback ? { feedback } : {}) };
    });
    if (!numeric.length) throw new ItemProblem('no_numeric_answer');
    if (!numeric.some((a) => a.fraction > 0)) throw new ItemProblem('no_correct_answer');
    return { ...item, type: 'numeric', numeric };
  }

  if (answers.includes('~')) {
    // Multiple choice: '=' right, '~' wrong, either weighted with %n%.
    let weighted = false;
    const options: ItemOption[] = split(answers, '=~', false).map(({ marker, body }, i) => {
      const weight = weightOf(body);
      if (weight) weighted = true;
      const { value, feedback } = withFeedback(weight ? weight.rest : body);
      if (!value) throw new ItemProblem('empty_answer');
      const fraction = weight?.fraction ?? (marker === '=' ? 1 : 0);
      return { id: optionId(i), text: text(value), fraction, ...(feedback ? { feedback } : {}) };
    });
    if (options.length < 2) throw new ItemProblem('too_few_options');
    const right = options.filter((o) => o.fraction > 0).length;
    if (!right) throw new ItemProblem('no_correct_answer');
    return { ...item, type: weighted || right > 1 ? 'multiple_choice' : 'single_choice', options };
  }

  if (answers.includes('=') && answers.includes('->')) throw new ItemProblem('unsupported_type: matching');

  const hash = answers.indexOf('#');
  const word = (hash < 0 ? answers : answers.slice(0, hash)).trim().toUpperCase();
  if (word === 'T' || word === 'TRUE' || word === 'F' || word === 'FALSE') {
    // {T#feedback if answered wrongly#feedback if answered rightly}
    const comments = hash < 0 ? '' : answers.slice(hash + 1);
    const second = comments.indexOf('#');
    const wrong = convert(second < 0 ? comments : comments.slice(0, second));
    const right = second < 0 ? '' : convert(comments.slice(second + 1));
    const truth = word.startsWith('T');
    const option = (id: string, label: string, correct: boolean): ItemOption => {
      const feedback = correct ? right : wrong;
      return { id, text: text(label), fraction: correct ? 1 : 0, ...(feedback ? { feedback: text(feedback) } : {}) };
    };
    return { ...item, type: 'true_false', options: [option('a', 'True', truth), option('b', 'False', !truth)] };
  }

  // Short answer: every answer is accepted ('=' optional on the first), weighted with %n%.
  const accepted: TextAnswer[] = split(answers, '=', true).map(({ body }) => {
    const weight = weightOf(body);
    const { value, feedback } = withFeedback(weight ? weight.rest : body);
    if (!value) throw new ItemProblem('empty_answer');
    return { text: value, fraction: weight?.fraction ?? 1, ...(feedback ? { feedback } : {}) };
  });
  if (!accepted.some((a) => a.fraction > 0)) throw new ItemProblem('no_correct_answer');
  return { ...item, type: 'short_text', accepted };
}

interface Block {
  line: number;
  lines: string[];
  comments: string[];
}

/** The title of a question block, else its first words, for an error. */
function label(source: string): string {
  const text = source.trim();
  if (text.startsWith('::')) {
    const end = text.indexOf('::', 2);
    const title = end < 0 ? '' : restore(text.slice(2, end)).trim();
    if (title) return title;
  }
  const open = text.indexOf('{');
  return firstWords(restore(open < 0 ? text : text.slice(0, open)).replace(/^::|\[(html|moodle|plain|markdown)\]/g, '')) || 'question';
}

/**
 * The "[tag:name]" of a comment line, as /\[tag:([^\]]+)\]/g finds them but in linear time: that regular
 * expression looked for a "]" again from every later "[tag:" of a line that has none (quadratic).
 */
function tagsOf(comment: string): string[] {
  const tags: string[] = [];
  let at = comment.indexOf('[tag:');
  while (at >= 0) {
    const close = comment.indexOf(']', at + 5);
    if (close < 0) break; // no "]" after this one, so none after any later "[tag:" either
    if (close === at + 5) {
      at = comment.indexOf('[tag:', at + 1); // "[tag:]" names nothing
      continue;
    }
    const name = comment.slice(at + 5, close).trim();
    if (name) tags.push(name);
    at = comment.indexOf('[tag:', close + 1);
  }
  return tags;
}

/**
 * Reads GIFT text. Each question that cannot be imported is reported in `errors` (with the line
 * it starts on) and the rest imported.
 * @throws TooManyQuestions when it has more than `maxQuestions` questions (counted before any is read).
 */
export function importGift(source: string, locale: Locale, maxQuestions = MAX_IMPORT_QUESTIONS): GiftImportResult {
  const text = (source.startsWith('\ufeff') ? source.slice(1) : source).replaceAll('\r\n', '\n').replaceAll('\r', '\n');
  const blocks: Block[] = [];
  let current: Block = { line: 0, lines: [], comments: [] };
  text.split('\n').forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '') {
      if (current.lines.length) blocks.push(current);
      current = { line: 0, lines: [], comments: [] };
    } else if (trimmed.startsWith('//')) {
      current.comments.push(trimmed.slice(2));
    } else {
      if (!current.lines.length) current.line = index + 1;
      current.lines.push(line);
    }
  });
  if (current.lines.length) blocks.push(current);
  // A block's first line is not blank, so it tells whether the block is a $CATEGORY: line.
  const questions = blocks.filter((block) => !block.lines[0].trimStart().startsWith('$CATEGORY:'));
  if (questions.length > maxQuestions) throw new TooManyQuestions(questions.length, maxQuestions);

  const items: ItemContent[] = [];
  const errors: GiftImportError[] = [];
  for (const block of questions) {
    const question = protect(block.lines.join('\n'));
    // Moodle writes a question's tags as "// [tag:name]" comments above it.
    const tags = block.comments.flatMap(tagsOf);
    try {
      const item = readQuestion(question, locale);
      if (tags.length) item.tags = [...new Set(tags)];
      items.push(item);
    } catch (error) {
      if (!(error instanceof ItemProblem)) throw error;
      errors.push({ item: label(question), line: block.line, message: error.message });
    }
  }
  return { items, errors };
}
