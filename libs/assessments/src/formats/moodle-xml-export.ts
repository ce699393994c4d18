/** Writing items as a Moodle XML question file: texts as HTML in CDATA, Probity-only elements that Moodle ignores. */
import { type Locale, type LocaleMap, LOCALES } from '@probity/i18n';
import type { ItemContent, ItemType } from '../item-model';
import { percentFromFraction } from './common';
import { htmlToText, textToHtml } from './html-text';
import { type TextFormat, isXmlChar } from './moodle-xml-document';

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
