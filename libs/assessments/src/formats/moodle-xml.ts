import { type Locale, type LocaleMap, LOCALES, isLocale } from '@probity/i18n';
import { type EntityDecoderOptions, XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ItemContent, ItemOption, ItemType, NumericAnswer, RubricCriterion, RubricLevel, TextAnswer } from '../item-model';
import {
  ItemProblem,
  MAX_IMPORT_QUESTIONS,
  TooManyQuestions,
  fractionFromPercent,
  inLocale,
  optionId,
  parseDecimal,
  percentFromFraction,
} from './common';
import { htmlToText, textToHtml } from './html-text';

/** The document is not a Moodle XML question file at all (not well-formed, or no <quiz> root): a 400. */
export class BrokenXml extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BrokenXml';
  }
}

export interface MoodleImportError {
  /** The question's <name>, or "question N" (N counting questions, not categories, from 1). */
  item: string;
  message: string;
}

export interface MoodleImportResult {
  items: ItemContent[];
  errors: MoodleImportError[];
}

// ---------------------------------------------------------------------------------------------
// Reading the parsed document. Every element is parsed as an array of nodes (`isArray`), every
// node has its text under '#text' and its attributes under '@_name'.

type XmlNode = Record<string, unknown>;

const isNode = (value: unknown): value is XmlNode => typeof value === 'object' && value !== null && !Array.isArray(value);

function children(node: XmlNode | undefined, name: string): XmlNode[] {
  const value = node?.[name];
  return Array.isArray(value) ? value.filter(isNode) : [];
}

const child = (node: XmlNode | undefined, name: string): XmlNode | undefined => children(node, name)[0];

function attribute(node: XmlNode | undefined, name: string): string | undefined {
  const value = node?.[`@_${name}`];
  return typeof value === 'string' ? value : undefined;
}

/** The text of an element, raw; a <text> holding elements (HTML not escaped nor in CDATA) is refused. */
function ownText(node: XmlNode | undefined): string {
  if (!node) return '';
  if (Object.keys(node).some((key) => key !== '#text' && !key.startsWith('@_'))) throw new ItemProblem('unescaped_markup_in_text');
  const value = node['#text'];
  return typeof value === 'string' ? value : '';
}

/** The plain text of `<name><text>…</text></name>` and the like, trimmed. */
const plainText = (container: XmlNode | undefined): string => ownText(child(container, 'text')).trim();

type TextFormat = 'html' | 'moodle_auto_format' | 'plain_text' | 'markdown';

/** Text in one of Moodle's formats as the item's plain text. */
function convert(text: string, format: string): string {
  switch (format) {
    case 'moodle_auto_format':
    case 'plain_text':
    case 'markdown':
      return text.replaceAll('\r\n', '\n').trim();
    default:
      return htmlToText(text);
  }
}

/** `<x format="…"><text>…</text></x>` as plain text; the format defaults to the question's. */
function formattedText(container: XmlNode | undefined, defaultFormat: string): string {
  if (!container) return '';
  return convert(ownText(child(container, 'text')), attribute(container, 'format') ?? defaultFormat);
}

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
function readQuestion(question: XmlNode, type: string, locale: Locale): ItemContent {
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

const XML_ENTITIES = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
]);

/** Characters of a reference between '&' and ';': letters, digits and '#'. */
const isReferenceChar = (code: number): boolean =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 35;

/**
 * XML's own five entities and numeric character references, decoded in one pass (so "&amp;lt;"
 * stays "&lt;", for the HTML inside to decode). HTML entities (&nbsp;) are left for the HTML text.
 * Moodle never declares entities: a DOCTYPE declaring any is refused rather than expanded.
 */
function xmlEntityDecoder(): EntityDecoderOptions {
  return {
    setExternalEntities: () => undefined,
    addInputEntities: (entities: Record<string, unknown>) => {
      if (Object.keys(entities).length) throw new BrokenXml('entity declarations are not supported');
    },
    reset: () => undefined,
    setXmlVersion: () => undefined,
    decode: (text: string) => {
      let out = '';
      let from = 0;
      for (let at = text.indexOf('&'); at >= 0; at = text.indexOf('&', at + 1)) {
        // Only as far as a reference's own characters go: a search for the next ';' from every '&'
        // made a text of many '&' (bare in an attribute, or &amp;&amp;… ending far away) quadratic.
        let end = at + 1;
        while (end < text.length && isReferenceChar(text.charCodeAt(end))) end++;
        if (text[end] !== ';') continue;
        const body = text.slice(at + 1, end);
        let value = XML_ENTITIES.get(body);
        if (value === undefined && /^#(x[0-9a-fA-F]+|[0-9]+)$/.test(body)) {
          const code = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
          value = isXmlChar(code) ? String.fromCodePoint(code) : undefined;
        }
        if (value === undefined) continue;
        out += text.slice(from, at) + value;
        from = end + 1;
        at = end;
      }
      return from === 0 ? text : out + text.slice(from);
    },
  };
}

/**
 * Reads a Moodle XML question file. Categories are skipped; each question that cannot be
 * imported (unsupported type, no right answer, …) is reported in `errors` and the rest imported.
 * @throws BrokenXml when the document is not well-formed XML or has no <quiz> root.
 * @throws TooManyQuestions when it has more than `maxQuestions` questions (counted before any is read).
 */
export function importMoodleXml(xml: string, locale: Locale, maxQuestions = MAX_IMPORT_QUESTIONS): MoodleImportResult {
  const source = xml.startsWith('\ufeff') ? xml.slice(1) : xml;
  const valid = XMLValidator.validate(source);
  if (valid !== true) throw new BrokenXml(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`);
  let document: unknown;
  try {
    document = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@_',
      parseTagValue: false,
      parseAttributeValue: false,
      trimValues: false,
      alwaysCreateTextNode: true,
      isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
      entityDecoder: xmlEntityDecoder(),
    }).parse(source);
  } catch (error) {
    if (error instanceof BrokenXml) throw error;
    throw new BrokenXml(`not well-formed XML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const quiz = isNode(document) ? child(document, 'quiz') : undefined;
  if (!quiz) throw new BrokenXml('not a Moodle XML question file: no <quiz> root element');

  const questions = children(quiz, 'question')
    .map((question) => ({ question, type: (attribute(question, 'type') ?? '').trim() }))
    .filter(({ type }) => type !== 'category');
  if (questions.length > maxQuestions) throw new TooManyQuestions(questions.length, maxQuestions);

  const items: ItemContent[] = [];
  const errors: MoodleImportError[] = [];
  let count = 0;
  for (const { question, type } of questions) {
    count++;
    let label = `question ${count}`;
    try {
      label = plainText(child(question, 'name')) || label;
      items.push(readQuestion(question, type, locale));
    } catch (error) {
      if (!(error instanceof ItemProblem)) throw error;
      errors.push({ item: label, message: error.message });
    }
  }
  return { items, errors };
}

// ---------------------------------------------------------------------------------------------
// Writing.

/** Characters XML 1.0 cannot hold at all, not even as references. */
function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/** Text escaped for element content (a \r as a reference, so that it survives; characters XML cannot hold dropped). */
function escapeXml(text: string): string {
  let out = '';
  for (const c of text) {
    const code = c.codePointAt(0) ?? 0;
    if (!isXmlChar(code)) continue;
    if (c === '&') out += '&amp;';
    else if (c === '<') out += '&lt;';
    else if (c === '>') out += '&gt;';
    else if (c === '\r') out += '&#13;';
    else out += c;
  }
  return out;
}

/** The text of a locale map in the export's locale, else in English, else in any locale. */
function localized(map: LocaleMap | undefined, locale: Locale): string {
  if (!map) return '';
  return map[locale] ?? map.en ?? LOCALES.map((l) => map[l]).find((t) => t !== undefined) ?? '';
}

/** Plain text written as HTML, or as plain text when HTML would not give it back unchanged. */
function asFormatted(text: string): { format: TextFormat; body: string } {
  const html = textToHtml(text);
  return htmlToText(html) === text ? { format: 'html', body: html } : { format: 'plain_text', body: text };
}

/** Text (mostly HTML) as element content: in CDATA as Moodle writes it, escaped when CDATA cannot hold it. */
function htmlContent(html: string): string {
  const escaped = escapeXml(html);
  const cdataSafe = ![...html].some((c) => c === '\r' || !isXmlChar(c.codePointAt(0) ?? 0));
  if (escaped === html || !cdataSafe) return escaped;
  return `<![CDATA[${html.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

function formattedElement(name: string, text: string, indent: string): string {
  const { format, body } = asFormatted(text);
  return `${indent}<${name} format="${format}">\n${indent}  <text>${htmlContent(body)}</text>\n${indent}</${name}>`;
}

const element = (name: string, value: string, indent: string): string => `${indent}<${name}>${escapeXml(value)}</${name}>`;

const MOODLE_TYPES: Record<ItemType, string> = {
  single_choice: 'multichoice',
  multiple_choice: 'multichoice',
  true_false: 'truefalse',
  numeric: 'numerical',
  short_text: 'shortanswer',
  essay: 'essay',
};

function questionXml(item: ItemContent, locale: Locale): string {
  const lines: string[] = [`  <question type="${MOODLE_TYPES[item.type]}">`];
  const push = (...more: string[]): void => void lines.push(...more);
  const text = (map: LocaleMap | undefined): string => localized(map, locale);
  const feedback = (map: LocaleMap | undefined): string => formattedElement('feedback', text(map), '      ');
  push(`    <name>\n      <text>${escapeXml(item.name ?? '')}</text>\n    </name>`);
  push(formattedElement('questiontext', text(item.stem), '    '));
  push(formattedElement('generalfeedback', text(item.explanation), '    '));
  push(element('defaultgrade', String(item.points), '    '));
  push(element('hidden', '0', '    '));
  const choices = (): void => {
    for (const option of item.options ?? []) {
      const { format, body } = asFormatted(text(option.text));
      push(
        `    <answer fraction="${percentFromFraction(option.fraction)}" format="${format}">`,
        `      <text>${htmlContent(body)}</text>`,
        feedback(option.feedback),
        '    </answer>',
      );
    }
  };
  switch (item.type) {
    case 'single_choice':
    case 'multiple_choice':
      push(element('single', item.type === 'single_choice' ? 'true' : 'false', '    '));
      push(element('shuffleanswers', 'true', '    '));
      push(element('answernumbering', 'abc', '    '));
      choices();
      break;
    case 'true_false':
      choices();
      break;
    case 'numeric':
      for (const answer of item.numeric ?? []) {
        push(
          `    <answer fraction="${percentFromFraction(answer.fraction)}" format="moodle_auto_format">`,
          element('text', String(answer.value), '      '),
          element('tolerance', String(answer.tolerance), '      '),
          feedback(answer.feedback),
          '    </answer>',
        );
      }
      break;
    case 'short_text':
      if (item.caseSensitive !== undefined) push(element('usecase', item.caseSensitive ? '1' : '0', '    '));
      if (item.ignoreDiacritics !== undefined) push(element('probity_ignorediacritics', item.ignoreDiacritics ? '1' : '0', '    '));
      for (const answer of item.accepted ?? []) {
        push(
          `    <answer fraction="${percentFromFraction(answer.fraction)}" format="moodle_auto_format">`,
          element('text', answer.text, '      '),
          feedback(answer.feedback),
          '    </answer>',
        );
      }
      break;
    case 'essay':
      push(element('responseformat', 'editor', '    '));
      push(element('responserequired', '1', '    '));
      push(element('responsefieldlines', '15', '    '));
      push(element('attachments', '0', '    '));
      push(element('attachmentsrequired', '0', '    '));
      push(formattedElement('graderinfo', '', '    '));
      push(formattedElement('responsetemplate', '', '    '));
      // Probity-only; Moodle ignores elements it does not know.
      if (item.rubric) push(element('probity_rubric', JSON.stringify(item.rubric), '    '));
      break;
  }
  if (item.tags) {
    push('    <tags>');
    for (const tag of item.tags) push(`      <tag>\n${element('text', tag, '        ')}\n      </tag>`);
    push('    </tags>');
  }
  push('  </question>');
  return lines.join('\n');
}

/**
 * Items as a Moodle XML question file (texts in `locale`, as HTML). Reading it back with
 * importMoodleXml gives the same items, for items as importMoodleXml makes them (trimmed texts,
 * option ids a, b, c …, fractions to 7 decimals).
 */
export function exportMoodleXml(items: ItemContent[], locale: Locale): string {
  return ['<?xml version="1.0" encoding="UTF-8"?>', '<quiz>', ...items.map((item) => questionXml(item, locale)), '</quiz>', ''].join('\n');
}
