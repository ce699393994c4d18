/** The tags of an HTML fragment as the tolerant reader of html-text.ts sees them: names, attributes, kinds of element. */
import { decodeHtmlEntities } from './html-entities';

/** Block elements: each starts and ends a paragraph. */
export const BLOCKS = new Set([
  'p',
  'div',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'pre',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'caption',
  'section',
  'article',
  'header',
  'footer',
  'nav',
  'aside',
  'main',
  'figure',
  'figcaption',
  'dl',
  'address',
  'hr',
  'form',
  'fieldset',
  'details',
  'summary',
  'center',
]);
/** Elements whose content is not text a learner reads. */
export const HIDDEN = new Set(['script', 'style', 'head', 'title', 'template', 'noscript', 'iframe', 'object', 'svg', 'math']);
export const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';
/** '<', '&' and the white space isSpace knows: where a run of plain text ends. */
export const isSpecial = (code: number): boolean => code === 60 || code === 38 || code === 32 || (code >= 9 && code <= 13 && code !== 11);
const isNameChar = (c: string): boolean => /[A-Za-z0-9:_-]/.test(c);

export interface Tag {
  name: string;
  closing: boolean;
  attrs: Record<string, string>;
  /** Index just after the '>'. */
  end: number;
}

/** Reads the tag starting at `html[at]` ('<'), or undefined when the '<' does not start one. */
export function tagAt(html: string, at: number): Tag | undefined {
  let i = at + 1;
  const closing = html[i] === '/';
  if (closing) i++;
  if (!/[A-Za-z]/.test(html[i] ?? '')) return undefined;
  let name = '';
  while (i < html.length && isNameChar(html[i])) name += html[i++];
  const attrs: Record<string, string> = {};
  while (i < html.length && html[i] !== '>') {
    if (isSpace(html[i]) || html[i] === '/') {
      i++;
      continue;
    }
    let attr = '';
    while (i < html.length && !isSpace(html[i]) && html[i] !== '>' && html[i] !== '=' && html[i] !== '/') attr += html[i++];
    if (!attr) attr = html[i++];
    while (isSpace(html[i] ?? '')) i++;
    let value = '';
    if (html[i] === '=') {
      i++;
      while (isSpace(html[i] ?? '')) i++;
      const quote = html[i];
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, i + 1);
        const stop = close < 0 ? html.length : close;
        value = html.slice(i + 1, stop);
        i = stop + 1;
      } else {
        while (i < html.length && !isSpace(html[i]) && html[i] !== '>') value += html[i++];
      }
    }
    attrs[attr.toLowerCase()] = decodeHtmlEntities(value);
  }
  return { name: name.toLowerCase(), closing, attrs, end: Math.min(i + 1, html.length) };
}
