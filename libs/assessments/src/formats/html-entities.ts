/**
 * HTML character references (&amp; &eacute; &#233; &#xE9;): the named ones a question text from an editor
 * holds, and the reading of one reference, in time linear in the text's length however many '&' it has.
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
export function referenceEnd(text: string, at: number): number {
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
export function referenceValue(text: string, at: number, end: number): string | undefined {
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
