import type { Locale, LocaleMap } from '@probity/i18n';

/** An item that could not be imported: why, in a short code-like English message. */
export class ItemProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ItemProblem';
  }
}

/** Option ids in document order: a … z, aa, ab … */
export function optionId(index: number): string {
  let id = '';
  let n = index;
  do {
    id = String.fromCharCode(97 + (n % 26)) + id;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return id;
}

/** A decimal number as written ("3.5", "-2", ".5", "1e-3"); undefined for anything else. */
export function parseDecimal(text: string | undefined): number | undefined {
  const trimmed = (text ?? '').trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * A Moodle / GIFT percentage (100, 50, -33.33333) as an item fraction (1, 0.5, -0.3333333): kept
 * to 7 decimals, Moodle's own precision, so that fractions survive export and import unchanged.
 */
export function fractionFromPercent(percent: number): number {
  const fraction = Math.round(percent * 1e5) / 1e7;
  return fraction === 0 ? 0 : fraction; // never -0
}

/** An item fraction as a Moodle percentage, to 5 decimals. */
export function percentFromFraction(fraction: number): string {
  const percent = Number((fraction * 100).toFixed(5));
  return String(percent === 0 ? 0 : percent);
}

/** Text in the import's locale. */
export function inLocale(locale: Locale, text: string): LocaleMap {
  const map: LocaleMap = {};
  map[locale] = text;
  return map;
}

/** The first words of a text, to name an item that has no title in an error. */
export function firstWords(text: string, max = 40): string {
  const words = text.trim().split(/\s+/).filter(Boolean);
  let out = '';
  for (const word of words) {
    const next = out ? `${out} ${word}` : word;
    if (next.length > max) return out ? `${out}…` : `${word.slice(0, max)}…`;
    out = next;
  }
  return out;
}

/** The most questions one import reads (Moodle XML or GIFT); a file with more is refused whole. */
export const MAX_IMPORT_QUESTIONS = 2000;

/** The file holds more questions than one import takes: counted before any is read, so none is imported. */
export class TooManyQuestions extends Error {
  constructor(
    readonly found: number,
    readonly max: number,
  ) {
    super(`the file has ${found} questions; one import takes at most ${max}`);
    this.name = 'TooManyQuestions';
  }
}
