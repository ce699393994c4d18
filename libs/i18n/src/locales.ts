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

/** The IANA time zones offered in forms (any zone Intl accepts is valid): UTC, then this Node.js's list. */
export const TIME_ZONES: readonly string[] = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];

/** The wall-clock parts of an instant in a time zone. */
function zonedParts(date: Date, timeZone: string): Record<string, number> {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(date);
  return Object.fromEntries(parts.filter((p) => p.type !== 'literal').map((p) => [p.type, Number(p.value)]));
}

/** `YYYY-MM-DD` of an instant in a time zone (a certificate's date, a serial's year). */
export function zonedDate(date: Date, timeZone: string): string {
  const p = zonedParts(date, timeZone);
  return `${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** `YYYY-MM-DDTHH:mm` of an instant in a time zone: the value of a datetime-local field. */
export function zonedLocalInput(date: Date, timeZone: string): string {
  const p = zonedParts(date, timeZone);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}`;
}

/** The instant at which a wall-clock time (`YYYY-MM-DDTHH:mm`) happens in a time zone (DST gaps move forward). */
export function fromZonedLocal(local: string, timeZone: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local)) return undefined;
  const asUtc = Date.parse(`${local}:00Z`);
  if (Number.isNaN(asUtc)) return undefined;
  const offset = (at: number): number => {
    const p = zonedParts(new Date(at), timeZone);
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - at;
  };
  const first = asUtc - offset(asUtc);
  return new Date(asUtc - offset(first));
}

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
