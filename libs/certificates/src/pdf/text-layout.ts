import bidiFactory from 'bidi-js';
import { type Family, type FontKey, type Weight, FAMILIES, covers, fontKey, inkExtent, widthOf } from './fonts';

const bidi = bidiFactory();

export type Direction = 'ltr' | 'rtl';

/** Which family sets the text of a locale, and which one its Latin letters. */
export interface Scripts {
  primary: Family;
  latin: Family;
}

export function scriptsFor(locale: string): Scripts {
  if (locale === 'ur') return { primary: 'nastaliq', latin: 'sans' };
  if (locale === 'ka') return { primary: 'georgian', latin: 'georgian' };
  return { primary: 'sans', latin: 'sans' };
}

export interface TextStyle {
  size: number;
  weight: Weight;
  direction: Direction;
  scripts: Scripts;
}

/** A piece of a line in one font and one direction, its text ready to shape, in visual order. */
export interface ShapedRun {
  font: FontKey;
  text: string;
  size: number;
  width: number;
}

export interface Line {
  runs: ShapedRun[];
  width: number;
  /** Distance from the top of the line to the baseline, and from the baseline to its bottom. */
  ascent: number;
  descent: number;
}

const ARABIC = /\p{Script=Arabic}/u;
const GEORGIAN = /\p{Script=Georgian}/u;
const LETTER = /\p{L}/u;
const SCRIPT_BEARING = /[^\p{Script=Common}\p{Script=Inherited}]/u;
const RTL_TEXT = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u200F\u202B\u202E\u2067]/u;
const BIDI_CONTROLS = new Set([0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);
const REPLACEMENT = '\uFFFD';

/**
 * Nastaliq looks smaller than Noto Sans at the same size, most of all in small text: it is set
 * up to 22% larger, tapering off for headings (which are tall enough already).
 */
function opticalSize(family: Family, size: number): number {
  if (family !== 'nastaliq') return size;
  const boost = 0.22 * Math.min(1, Math.max(0, (26 - size) / 12));
  return size * (1 + boost);
}

/** Vertical room a line of each family needs at least, in em (Nastaliq grows with its ink). */
const NOMINAL: Record<Family, { ascent: number; descent: number }> = {
  sans: { ascent: 1.02, descent: 0.3 },
  georgian: { ascent: 1.02, descent: 0.3 },
  nastaliq: { ascent: 1.05, descent: 0.45 },
};

/** A paragraph resolved once: a font family and a bidi level for every UTF-16 unit. */
interface Analysed {
  text: string;
  families: Family[];
  levels: Uint8Array | null;
  mirrors: Map<number, string>;
}

export function layoutParagraph(text: string, style: TextStyle, maxWidth: number): Line[] {
  const analysed = analyse(text, style);
  const whole = lineOf(analysed, style, 0, analysed.text.length);
  if (whole.width <= maxWidth) return [whole];
  return wrap(analysed, style, maxWidth).map(([start, end]) => lineOf(analysed, style, start, end));
}

/** One line, never wrapped. */
export function layoutLine(text: string, style: TextStyle): Line {
  const analysed = analyse(text, style);
  return lineOf(analysed, style, 0, analysed.text.length);
}

/** Labels repeat from one certificate to the next, and a page is laid out more than once to fit. */
const MAX_ANALYSES = 4096;
const analyses = new Map<string, Analysed>();

function analyse(raw: string, { direction, scripts }: TextStyle): Analysed {
  const key = `${direction} ${scripts.primary} ${scripts.latin} ${raw}`;
  let analysed = analyses.get(key);
  if (!analysed) {
    const text = replaceUnprintable(raw.replace(/\s+/g, ' ').trim());
    const needsBidi = direction === 'rtl' || RTL_TEXT.test(text);
    const levels = needsBidi ? bidi.getEmbeddingLevels(text, direction).levels : null;
    const mirrors = levels ? bidi.getMirroredCharactersMap(text, levels) : new Map<number, string>();
    analysed = { text, families: assignFamilies(text, scripts), levels, mirrors };
    if (analyses.size >= MAX_ANALYSES) analyses.clear();
    analyses.set(key, analysed);
  }
  return analysed;
}

/** Characters that no font has would draw the .notdef glyph, which PDF/A forbids. */
function replaceUnprintable(text: string): string {
  let out = '';
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    out += BIDI_CONTROLS.has(codePoint) || FAMILIES.some((family) => covers(family, codePoint)) ? char : REPLACEMENT;
  }
  return out;
}

/**
 * Letters take the font of their script; digits, spaces and punctuation stay in the font around
 * them, so that a space between two Urdu words is a Nastaliq space. Between Urdu and another
 * script they take the other font: Nastaliq's spaces and middle dot are too slight to separate
 * "کورس · Course".
 */
function assignFamilies(text: string, scripts: Scripts): Family[] {
  const units = unitsOf(text);
  const strong = units.map(({ char, codePoint }) => strongFamily(char, codePoint, scripts));
  const families: Family[] = [];
  let previous: Family | undefined;
  units.forEach(({ codePoint, index, length }, i) => {
    const family = strong[i] ?? neutralFamily(codePoint, previous, strong.slice(i + 1).find(Boolean), scripts);
    previous = family;
    for (let unit = 0; unit < length; unit++) families[index + unit] = family;
  });
  return families;
}

function neutralFamily(codePoint: number, previous: Family | undefined, next: Family | undefined, scripts: Scripts): Family {
  const candidates: Family[] = [];
  if (previous && next && previous !== next && previous === 'nastaliq') candidates.push(next);
  if (previous) candidates.push(previous);
  if (next) candidates.push(next);
  // With no letter at all ("3.2", "40"), the Latin font: it matches the serial numbers beside it.
  return covering(codePoint, [...candidates, scripts.latin, scripts.primary, ...FAMILIES]);
}

function strongFamily(char: string, codePoint: number, scripts: Scripts): Family | undefined {
  if (ARABIC.test(char)) return covering(codePoint, ['nastaliq', ...FAMILIES]);
  if (GEORGIAN.test(char)) return covering(codePoint, ['georgian', ...FAMILIES]);
  if (LETTER.test(char)) return covering(codePoint, [scripts.latin, 'sans', 'georgian']);
  return undefined;
}

function covering(codePoint: number, candidates: Family[]): Family {
  return candidates.find((family) => covers(family, codePoint)) ?? 'sans';
}

interface Unit {
  char: string;
  codePoint: number;
  index: number;
  length: number;
}

function unitsOf(text: string): Unit[] {
  const units: Unit[] = [];
  let index = 0;
  for (const char of text) {
    units.push({ char, codePoint: char.codePointAt(0) ?? 0, index, length: char.length });
    index += char.length;
  }
  return units;
}

/** Greedy wrapping at spaces, measured word by word (shaping does not cross a space). */
function wrap(analysed: Analysed, style: TextStyle, maxWidth: number): [number, number][] {
  const words = wordRanges(analysed.text);
  const { primary } = style.scripts;
  const space = widthOf(fontKey(primary, style.weight), ' ', opticalSize(primary, style.size));
  const lines: [number, number][] = [];
  let start = words[0][0];
  let end = words[0][1];
  let width = lineOf(analysed, style, start, end).width;
  for (const [wordStart, wordEnd] of words.slice(1)) {
    const wordWidth = lineOf(analysed, style, wordStart, wordEnd).width;
    if (width + space + wordWidth > maxWidth) {
      lines.push([start, end]);
      start = wordStart;
      width = wordWidth;
    } else {
      width += space + wordWidth;
    }
    end = wordEnd;
  }
  lines.push([start, end]);
  return lines;
}

function wordRanges(text: string): [number, number][] {
  return [...text.matchAll(/[^ ]+/g)].map((match) => [match.index, match.index + match[0].length]);
}

interface LogicalRun {
  family: Family;
  level: number;
  text: string;
}

function lineOf(analysed: Analysed, style: TextStyle, start: number, end: number): Line {
  const runs = visualOrder(logicalRuns(analysed, start, end)).map((run) => shapeRun(run, style));
  const { ascent, descent } = verticalRoom(runs);
  return { runs, width: runs.reduce((sum, run) => sum + run.width, 0), ascent, descent };
}

function logicalRuns(analysed: Analysed, start: number, end: number): LogicalRun[] {
  const { text, families, levels, mirrors } = analysed;
  const runs: LogicalRun[] = [];
  for (let i = start; i < end; i++) {
    if (BIDI_CONTROLS.has(text.charCodeAt(i))) continue;
    const family = families[i];
    const level = levels ? levels[i] : 0;
    const char = mirrors.get(i) ?? text[i];
    const last = runs[runs.length - 1];
    if (last && last.family === family && last.level === level) last.text += char;
    else runs.push({ family, level, text: char });
  }
  return runs;
}

/** Unicode rule L2: reverse every sequence at or above each odd level, from the highest down. */
function visualOrder(runs: LogicalRun[]): LogicalRun[] {
  const ordered = runs.slice();
  const highest = Math.max(0, ...ordered.map((run) => run.level));
  const lowestOdd = Math.min(...ordered.map((run) => (run.level % 2 === 1 ? run.level : Infinity)));
  for (let level = highest; level >= lowestOdd; level--) {
    let i = 0;
    while (i < ordered.length) {
      if (ordered[i].level < level) {
        i++;
        continue;
      }
      let j = i;
      while (j < ordered.length && ordered[j].level >= level) j++;
      ordered.splice(i, j - i, ...ordered.slice(i, j).reverse());
      i = j;
    }
  }
  return ordered;
}

/**
 * fontkit lays Arabic-script text right to left by itself and everything else left to right, so
 * a run is reversed beforehand when its bidi level disagrees: Urdu digits (۲۰۲۶, left to right
 * inside Urdu) and neutral runs such as brackets inside right-to-left text.
 */
function shapeRun(run: LogicalRun, style: TextStyle): ShapedRun {
  const rtlLevel = run.level % 2 === 1;
  const text = rtlLevel !== shapedRightToLeft(run.text) ? [...run.text].reverse().join('') : run.text;
  const font = fontKey(run.family, style.weight);
  const size = opticalSize(run.family, style.size);
  return { font, text, size, width: widthOf(font, text, size) };
}

function shapedRightToLeft(text: string): boolean {
  const first = SCRIPT_BEARING.exec(text);
  return first !== null && ARABIC.test(first[0]);
}

function verticalRoom(runs: ShapedRun[]): { ascent: number; descent: number } {
  let ascent = 0;
  let descent = 0;
  for (const run of runs) {
    const family = familyOf(run.font);
    ascent = Math.max(ascent, NOMINAL[family].ascent * run.size);
    descent = Math.max(descent, NOMINAL[family].descent * run.size);
    if (family === 'nastaliq') {
      const ink = inkExtent(run.font, run.text, run.size);
      ascent = Math.max(ascent, ink.ascent);
      descent = Math.max(descent, ink.descent);
    }
  }
  return { ascent, descent };
}

function familyOf(key: FontKey): Family {
  return FAMILIES.find((family) => key.startsWith(`${family}-`)) ?? 'sans';
}
