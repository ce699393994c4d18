import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';
import type { Font, GlyphRun } from 'fontkit';
import { patchFontkit } from './fontkit-patches';

export type Family = 'sans' | 'georgian' | 'nastaliq';
export type Weight = 'regular' | 'bold';
export type FontKey = `${Family}-${Weight}`;

export const FAMILIES: readonly Family[] = ['sans', 'georgian', 'nastaliq'];
const WEIGHTS: readonly Weight[] = ['regular', 'bold'];

/** The same npm-installed Noto TTFs that the web pages serve (libs/web paths.ts). */
const FILES: Record<FontKey, [pkg: string, file: string]> = {
  'sans-regular': ['@expo-google-fonts/noto-sans', '400Regular/NotoSans_400Regular.ttf'],
  'sans-bold': ['@expo-google-fonts/noto-sans', '700Bold/NotoSans_700Bold.ttf'],
  'georgian-regular': ['@expo-google-fonts/noto-sans-georgian', '400Regular/NotoSansGeorgian_400Regular.ttf'],
  'georgian-bold': ['@expo-google-fonts/noto-sans-georgian', '700Bold/NotoSansGeorgian_700Bold.ttf'],
  'nastaliq-regular': ['@expo-google-fonts/noto-nastaliq-urdu', '400Regular/NotoNastaliqUrdu_400Regular.ttf'],
  'nastaliq-bold': ['@expo-google-fonts/noto-nastaliq-urdu', '700Bold/NotoNastaliqUrdu_700Bold.ttf'],
};

export function fontPath(key: FontKey): string {
  const [pkg, file] = FILES[key];
  return join(dirname(require.resolve(`${pkg}/package.json`)), file);
}

/** A shaped run as cached: never handed to pdfkit itself (pdfkit scales positions in place). */
interface CachedRun {
  run: GlyphRun;
  advance: number;
  bbox?: { minY: number; maxY: number };
}

/**
 * Shaping dominates the cost of a certificate (Nastaliq especially), and the labels repeat from
 * one certificate to the next, so shaped runs are kept across documents. Bounded: when full it
 * is emptied, and the labels are shaped again once.
 */
const MAX_RUNS_PER_FONT = 4096;

export interface LoadedFont {
  key: FontKey;
  font: Font;
  shape(text: string): CachedRun;
}

function loadFont(key: FontKey): LoadedFont {
  const parsed = fontkit.create(readFileSync(fontPath(key)));
  if (!('layout' in parsed)) throw new Error(`${fontPath(key)} is a font collection, expected one font`);
  const font: Font = parsed;
  patchFontkit(font);
  const layout = font.layout.bind(font);
  const cache = new Map<string, CachedRun>();

  const shape = (text: string): CachedRun => {
    let entry = cache.get(text);
    if (!entry) {
      if (cache.size >= MAX_RUNS_PER_FONT) cache.clear();
      const run = layout(text, []);
      entry = { run, advance: run.advanceWidth };
      cache.set(text, entry);
    }
    return entry;
  };

  // pdfkit calls font.layout(text, features); we always draw with features [] (whole-run shaping).
  font.layout = (text, features, script, language, direction) => {
    const plain = Array.isArray(features) && features.length === 0 && script === undefined && language === undefined;
    if (!plain || direction !== undefined) return layout(text, features, script, language, direction);
    return copyRun(shape(text).run);
  };
  return { key, font, shape };
}

function copyRun(run: GlyphRun): GlyphRun {
  const copy = Object.create(Object.getPrototypeOf(run) as object) as GlyphRun;
  // One fixed shape, advanceWidth included, which pdfkit adds: its scaling loop stays fast.
  const positions = run.positions.map(({ xAdvance, yAdvance, xOffset, yOffset }) => ({
    xAdvance,
    yAdvance,
    xOffset,
    yOffset,
    advanceWidth: 0,
  }));
  return Object.assign(copy, run, { glyphs: run.glyphs.slice(), positions });
}

function loadAll(): Record<FontKey, LoadedFont> {
  const fonts = {} as Record<FontKey, LoadedFont>;
  for (const family of FAMILIES) for (const weight of WEIGHTS) fonts[`${family}-${weight}`] = loadFont(`${family}-${weight}`);
  return fonts;
}

/** Parsed once, at module load; pdfkit embeds a subset of each into every document that uses it. */
export const FONTS: Record<FontKey, LoadedFont> = loadAll();

const COVERAGE: Record<Family, ReadonlySet<number>> = {
  sans: coverage('sans'),
  georgian: coverage('georgian'),
  nastaliq: coverage('nastaliq'),
};

function coverage(family: Family): ReadonlySet<number> {
  const bold = new Set(FONTS[`${family}-bold`].font.characterSet);
  return new Set(FONTS[`${family}-regular`].font.characterSet.filter((codePoint) => bold.has(codePoint)));
}

export function covers(family: Family, codePoint: number): boolean {
  return COVERAGE[family].has(codePoint);
}

export function fontKey(family: Family, weight: Weight): FontKey {
  return `${family}-${weight}`;
}

/** Advance width in points of `text` shaped as one run. */
export function widthOf(key: FontKey, text: string, size: number): number {
  const font = FONTS[key];
  return (font.shape(text).advance * size) / font.font.unitsPerEm;
}

/** Ink extent above (ascent) and below (descent) the baseline, in points, both positive. */
export function inkExtent(key: FontKey, text: string, size: number): { ascent: number; descent: number } {
  const font = FONTS[key];
  const entry = font.shape(text);
  entry.bbox ??= inkBox(entry.run);
  const scale = size / font.font.unitsPerEm;
  return { ascent: Math.max(0, entry.bbox.maxY) * scale, descent: Math.max(0, -entry.bbox.minY) * scale };
}

function inkBox(run: GlyphRun): { minY: number; maxY: number } {
  let minY = 0;
  let maxY = 0;
  let y = 0;
  run.glyphs.forEach((glyph, i) => {
    const position = run.positions[i];
    const box = glyph.bbox;
    if (Number.isFinite(box.minY) && Number.isFinite(box.maxY)) {
      minY = Math.min(minY, y + position.yOffset + box.minY);
      maxY = Math.max(maxY, y + position.yOffset + box.maxY);
    }
    y += position.yAdvance;
  });
  return { minY, maxY };
}
