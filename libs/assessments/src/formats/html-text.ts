/**
 * HTML <-> the Markdown-ish plain text that items hold.
 *
 * Question texts from Moodle are HTML fragments written by editors (TinyMCE, Atto), rarely
 * well-formed XML, so they are read by a small tolerant tokenizer rather than an XML parser:
 * tags are dropped, block elements become paragraphs (a blank line), <br> a line break, list
 * items "- " / "1. " lines, entities are decoded and runs of whitespace collapse as a browser
 * would. `textToHtml` is its inverse for texts that `htmlToText` can produce.
 */
import { referenceEnd, referenceValue } from './html-entities';
import { BLOCKS, HIDDEN, isSpace, isSpecial, tagAt } from './html-tags';
import { TextSink } from './text-sink';

export { decodeHtmlEntities } from './html-entities';

/** HTML fragment -> Markdown-ish plain text (see the file comment). */
export function htmlToText(html: string): string {
  const sink = new TextSink();
  const lists: { ordered: boolean; count: number }[] = [];
  let pre = 0;
  let cell = 0;
  const lower = html.toLowerCase();
  let i = 0;
  while (i < html.length) {
    const c = html[i];
    if (c === '<') {
      if (html.startsWith('<!--', i)) {
        const close = html.indexOf('-->', i + 4);
        i = close < 0 ? html.length : close + 3;
        continue;
      }
      if (html[i + 1] === '!' || html[i + 1] === '?') {
        const close = html.indexOf('>', i);
        i = close < 0 ? html.length : close + 1;
        continue;
      }
      const tag = tagAt(html, i);
      if (tag) {
        i = tag.end;
        if (!tag.closing && HIDDEN.has(tag.name)) {
          const close = lower.indexOf(`</${tag.name}`, i);
          const after = close < 0 ? -1 : html.indexOf('>', close);
          i = after < 0 ? html.length : after + 1;
          continue;
        }
        switch (tag.name) {
          case 'br':
            sink.lineBreak();
            break;
          case 'ul':
          case 'ol':
            if (tag.closing) {
              lists.pop();
              if (lists.length) sink.newLine();
              else sink.paragraph();
            } else {
              if (lists.length) sink.newLine();
              else sink.paragraph();
              lists.push({ ordered: tag.name === 'ol', count: 0 });
            }
            break;
          case 'li':
            if (!tag.closing) {
              sink.newLine();
              const list = lists[lists.length - 1];
              const indent = '\u00a0\u00a0'.repeat(Math.max(0, lists.length - 1));
              if (list) list.count++;
              sink.text(list?.ordered ? `${indent}${list.count}. ` : `${indent}- `);
            }
            break;
          case 'dt':
          case 'dd':
          case 'tr':
            sink.newLine();
            cell = 0;
            break;
          case 'td':
          case 'th':
            if (!tag.closing && cell++ > 0) sink.text(' | ');
            break;
          case 'img':
            if (tag.attrs.alt) {
              sink.space();
              sink.text(tag.attrs.alt);
              sink.space();
            }
            break;
          default:
            // Inside a list item a paragraph is part of the item's line.
            if ((tag.name === 'p' || tag.name === 'div') && lists.length) sink.space();
            else if (BLOCKS.has(tag.name)) sink.paragraph();
            if (tag.name === 'pre') pre = Math.max(0, pre + (tag.closing ? -1 : 1));
        }
        continue;
      }
    }
    if (c === '&') {
      const end = referenceEnd(html, i);
      const value = end < 0 ? undefined : referenceValue(html, i, end);
      if (value !== undefined) {
        sink.text(value);
        i = end + 1;
        continue;
      }
    }
    if (isSpace(c)) {
      if (pre && c === '\n') sink.lineBreak();
      else if (pre && c !== '\r') sink.text(c === ' ' ? '\u00a0' : c);
      else if (!pre) sink.space();
      i++;
    } else {
      // A run of plain characters at once (this one may be a '<' or '&' that starts nothing).
      let end = i + 1;
      while (end < html.length && !isSpecial(html.charCodeAt(end))) end++;
      sink.text(html.slice(i, end));
      i = end;
    }
  }
  return sink.result();
}

const escapeHtml = (text: string): string => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** One line of text as HTML, its spaces kept (those a browser would collapse written as &nbsp;). */
function lineToHtml(line: string): string {
  let out = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === ' ') out += i === 0 || i === line.length - 1 || line[i - 1] === ' ' ? '&nbsp;' : ' ';
    else if (c === '\t') out += '&#9;';
    else out += escapeHtml(c);
  }
  return out;
}

/**
 * Plain text -> HTML: paragraphs (split at blank lines) in <p> (a single one as it is), line breaks as <br>. For every
 * text that `htmlToText` can produce, `htmlToText(textToHtml(text)) === text`.
 */
export function textToHtml(text: string): string {
  const paragraphs = text.split('\n\n').map((paragraph) => paragraph.split('\n').map(lineToHtml).join('<br>'));
  return paragraphs.length === 1 ? paragraphs[0] : paragraphs.map((paragraph) => `<p>${paragraph}</p>`).join('\n');
}
