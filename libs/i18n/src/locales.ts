import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const LOCALES = ['en', 'ru', 'ka', 'uk', 'ur', 'sw'] as const;
export type Locale = (typeof LOCALES)[number];
/** Text that learners read, one entry per locale: `{"en": "...", "ka": "..."}`. */
export type LocaleMap = Partial<Record<Locale, string>>;

export const RTL_LOCALES: ReadonlySet<Locale> = new Set<Locale>(['ur']);
/** Each language's own name, as the language switcher shows it. */
export const LANGUAGE_NAMES: Record<Locale, string> = {
  en: 'English',
  ru: 'Русский',
  ka: 'ქართული',
  uk: 'Українська',
  ur: 'اردو',
  sw: 'Kiswahili',
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function direction(locale: Locale): 'rtl' | 'ltr' {
  return RTL_LOCALES.has(locale) ? 'rtl' : 'ltr';
}

/** Picks the first supported language of an Accept-Language header, by quality. */
export function fromAcceptLanguage(header: string | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { base: tag.trim().toLowerCase().split('-')[0], q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked.map((entry) => entry.base).find(isLocale);
}

/** The first locale in `preferences` that is supported; `en` when none is. */
export function negotiate(...preferences: (string | undefined | null)[]): Locale {
  return preferences.find(isLocale) ?? 'en';
}

/**
 * Looks text up in a locale map: requested locale, then each fallback in order, then `en`, then any.
 * `fellBack` tells the page to say so.
 */
export function pick(
  map: LocaleMap | null | undefined,
  locale: Locale,
  ...fallbacks: (Locale | undefined)[]
): { text: string; locale: Locale | undefined; fellBack: boolean } {
  if (!map) return { text: '', locale: undefined, fellBack: false };
  for (const candidate of [locale, ...fallbacks, 'en' as const]) {
    if (candidate && map[candidate]) return { text: map[candidate], locale: candidate, fellBack: candidate !== locale };
  }
  const any = LOCALES.find((l) => map[l]);
  return { text: any ? (map[any] ?? '') : '', locale: any, fellBack: any !== undefined };
}

/** The folder holding package.json, found from wherever the code runs (sources or dist/). */
export function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'libs'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the project root');
    dir = parent;
  }
  return dir;
}
