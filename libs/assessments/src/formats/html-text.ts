/**
 * HTML <-> the Markdown-ish plain text that items hold.
 *
 * Question texts from Moodle are HTML fragments written by editors (TinyMCE, Atto), rarely
 * well-formed XML, so they are read by a small tolerant tokenizer rather than an XML parser:
 * tags are dropped, block elements become paragraphs (a blank line), <br> a line break, list
 * items "- " / "1. " lines, entities are decoded and runs of whitespace collapse as a browser
 * would. `textToHtml` is its inverse for texts that `htmlToText` can produce.
 */

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ensp: '\u2002',
  emsp: '\u2003',
  thinsp: '\u2009',
  zwnj: '\u200c',
  zwj: '\u200d',
  shy: '\u00ad',
  iexcl: '¡',
  iquest: '¿',
  cent: '¢',
  pound: '£',
  yen: '¥',
  euro: '€',
  curren: '¤',
  copy: '©',
  reg: '®',
  trade: '™',
  sect: '§',
  para: '¶',
  deg: '°',
  plusmn: '±',
  times: '×',
  divide: '÷',
  minus: '−',
  micro: 'µ',
  middot: '·',
  bull: '•',
  hellip: '…',
  prime: '′',
  Prime: '″',
  ndash: '–',
  mdash: '—',
  lsquo: '‘',
  rsquo: '’',
  sbquo: '‚',
  ldquo: '“',
  rdquo: '”',
  bdquo: '„',
  laquo: '«',
  raquo: '»',
  lsaquo: '‹',
  rsaquo: '›',
  dagger: '†',
  Dagger: '‡',
  permil: '‰',
  frac12: '½',
  frac14: '¼',
  frac34: '¾',
  sup1: '¹',
  sup2: '²',
  sup3: '³',
  ordf: 'ª',
  ordm: 'º',
  not: '¬',
  macr: '¯',
  acute: '´',
  cedil: '¸',
  uml: '¨',
  larr: '←',
  uarr: '↑',
  rarr: '→',
  darr: '↓',
  harr: '↔',
  lArr: '⇐',
  rArr: '⇒',
  hArr: '⇔',
  le: '≤',
  ge: '≥',
  ne: '≠',
  asymp: '≈',
  equiv: '≡',
  infin: '∞',
  sum: '∑',
  prod: '∏',
  radic: '√',
  part: '∂',
  nabla: '∇',
  int: '∫',
  isin: '∈',
  notin: '∉',
  cap: '∩',
  cup: '∪',
  sub: '⊂',
  sup: '⊃',
  sube: '⊆',
  supe: '⊇',
  and: '∧',
  or: '∨',
  forall: '∀',
  exist: '∃',
  empty: '∅',
  ang: '∠',
  perp: '⊥',
  there4: '∴',
  sim: '∼',
  prop: '∝',
  lowast: '∗',
  oplus: '⊕',
  otimes: '⊗',
  fnof: 'ƒ',
  szlig: 'ß',
  loz: '◊',
  spades: '♠',
  clubs: '♣',
  hearts: '♥',
  diams: '♦',
};

// Greek letters (&alpha; … &Omega;) and Latin-1 letters with diacritics (&eacute;, &Auml; …).
const GREEK =
  'Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa Lambda Mu Nu Xi Omicron Pi Rho _ Sigma Tau Upsilon Phi Chi Psi Omega';
GREEK.split(' ').forEach((name, i) => {
  if (name === '_') return;
  Object.assign(NAMED_ENTITIES, {
    [name]: String.fromCodePoint(0x391 + i),
    [name.toLowerCase()]: String.fromCodePoint(0x3b1 + i),
  });
});
Object.assign(NAMED_ENTITIES, { sigmaf: 'ς', thetasym: 'ϑ', piv: 'ϖ' });
const LATIN: [suffix: string, mark: string, letters: string][] = [
  ['grave', '\u0300', 'AEIOUaeiou'],
  ['acute', '\u0301', 'AEIOUYaeiouy'],
  ['circ', '\u0302', 'AEIOUaeiou'],
  ['tilde', '\u0303', 'ANOano'],
  ['uml', '\u0308', 'AEIOUaeiouy'],
  ['ring', '\u030a', 'Aa'],
  ['cedil', '\u0327', 'Cc'],
];
for (const [suffix, mark, letters] of LATIN) {
  for (const letter of letters) NAMED_ENTITIES[letter + suffix] = (letter + mark).normalize('NFC');
}
Object.assign(NAMED_ENTITIES, {
  Oslash: 'Ø',
  oslash: 'ø',
  AElig: 'Æ',
  aelig: 'æ',
  OElig: 'Œ',
  oelig: 'œ',
  ETH: 'Ð',
  eth: 'ð',
  THORN: 'Þ',
  thorn: 'þ',
});

const NAMED = new Map(Object.entries(NAMED_ENTITIES));

/** The character a numeric reference stands for, or U+FFFD for one that is not a character. */
function fromCodePoint(code: number): string {
  if (!Number.isInteger(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
  return String.fromCodePoint(code);
}

/** The longest character reference read (`&` to `;`); longer runs are text. */
const MAX_ENTITY = 40;
/** Characters a reference's name or number can hold: letters, digits and '#'. */
const isEntityChar = (code: number): boolean =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 35;

/**
 * The index of the ';' that closes the character reference starting at `text[at]` ('&'), or -1 when none
 * does. It looks at most MAX_ENTITY characters ahead and never past a character no reference holds, so that
 * reading a text is linear in its length however many '&' it has (a search for the next ';' from every '&',
 * however far, was quadratic).
 */
function referenceEnd(text: string, at: number): number {
  const limit = Math.min(text.length, at + MAX_ENTITY);
  let end = at + 1;
  while (end < limit && isEntityChar(text.charCodeAt(end))) end++;
  return end > at + 1 && end < text.length && text.charCodeAt(end) === 59 ? end : -1;
}

/** The value of a hexadecimal (or decimal) digit, or -1. */
function digit(code: number, hex: boolean): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (!hex) return -1;
  const lower = code | 0x20;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}

/**
 * What the reference `text[at..end]` (from '&' to ';') stands for, or undefined when it is not one (an
 * unknown name or a malformed number stay as written).
 */
function referenceValue(text: string, at: number, end: number): string | undefined {
  if (text.charCodeAt(at + 1) !== 35) return NAMED.get(text.slice(at + 1, end)); // not '#'
  const hex = (text.charCodeAt(at + 2) | 0x20) === 120; // '#x' or '#X'
  const first = at + (hex ? 3 : 2);
  if (first >= end) return undefined;
  let code = 0;
  for (let i = first; i < end; i++) {
    const value = digit(text.charCodeAt(i), hex);
    if (value < 0) return undefined;
    code = Math.min(code * (hex ? 16 : 10) + value, 0x110000); // past U+10FFFF is as bad as far past it
  }
  return fromCodePoint(code);
}

/** Decodes HTML character references (&amp; &eacute; &#233; &#xE9;) in one pass, in time linear in the text's length. */
export function decodeHtmlEntities(text: string): string {
  let out = '';
  let from = 0;
  for (let at = text.indexOf('&'); at >= 0; at = text.indexOf('&', at + 1)) {
    const end = referenceEnd(text, at);
    const value = end < 0 ? undefined : referenceValue(text, at, end);
    if (value === undefined) continue;
    out += text.slice(from, at) + value;
    from = end + 1;
    at = end;
  }
  return from === 0 ? text : out + text.slice(from);
}

const BLOCKS = new Set([
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
const HIDDEN = new Set(['script', 'style', 'head', 'title', 'template', 'noscript', 'iframe', 'object', 'svg', 'math']);
const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';
/** '<', '&' and the white space isSpace knows: where a run of plain text ends. */
const isSpecial = (code: number): boolean => code === 60 || code === 38 || code === 32 || (code >= 9 && code <= 13 && code !== 11);
const isNameChar = (c: string): boolean => /[A-Za-z0-9:_-]/.test(c);

interface Tag {
  name: string;
  closing: boolean;
  attrs: Record<string, string>;
  /** Index just after the '>'. */
  end: number;
}

/** Reads the tag starting at `html[at]` ('<'), or undefined when the '<' does not start one. */
function tagAt(html: string, at: number): Tag | undefined {
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

/** Collects text the way a browser lays it out: collapsible spaces, hard line breaks, paragraph breaks. */
class TextSink {
  /**
   * What was written, joined once at the end, and its last character ('' before the first). Asking the string
   * built so far `endsWith()` made V8 flatten it at every space: quadratic (400 kB of "a b " took 30 s).
   */
  private readonly parts: string[] = [];
  private last = '';

  private write(value: string): void {
    if (!value) return;
    this.parts.push(value);
    this.last = value[value.length - 1];
  }

  /** Collapsible white space (one space, none at the start of a line). */
  space(): void {
    if (this.last !== '' && this.last !== ' ' && this.last !== '\n') this.write(' ');
  }

  text(value: string): void {
    this.write(value);
  }

  lineBreak(): void {
    this.write('\n');
  }

  /** A new line unless one has just begun (list items, table rows). */
  newLine(): void {
    if (this.last !== '' && this.last !== '\n') this.write('\n');
  }

  paragraph(): void {
    this.write('\n\n');
  }

  /**
   * Lines trimmed of collapsible spaces, non-breaking spaces made plain, blank lines merged
   * (one blank line at most between paragraphs), and the whole trimmed.
   */
  result(): string {
    const lines = this.parts
      .join('')
      .split('\n')
      .map((line) => {
        let start = 0;
        let end = line.length;
        while (start < end && line[start] === ' ') start++;
        while (end > start && line[end - 1] === ' ') end--;
        const plain = line.slice(start, end).replaceAll('\u00a0', ' ');
        return plain.trim() === '' ? '' : plain;
      });
    const merged: string[] = [];
    for (const line of lines) if (line !== '' || merged[merged.length - 1] !== '') merged.push(line);
    return merged.join('\n').trim();
  }
}

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
