import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n, type TOptions } from 'i18next';
import { LOCALES, type Locale, projectRoot } from './locales';

export const NAMESPACES = [
  'common',
  'errors',
  'validation',
  'fields',
  'auth',
  'admin',
  'courses',
  'cohorts',
  'assessments',
  'certificates',
  'evaluation',
  'followups',
  'people',
  'reports',
  'indicators',
  'assistance',
  'experts',
  'missions',
  'outcomes',
  'cooperation',
  'directory',
  'cooperation_outcomes',
  'cooperation_reports',
  'privacy',
  'facility',
  'register',
  'export',
  'erasure',
  'retention',
] as const;

export function localesDir(): string {
  return join(projectRoot(), 'libs', 'i18n', 'locales');
}

/** Reads every catalogue once: `{ en: { common: {...}, errors: {...} }, ... }`. */
export function loadCatalogues(dir = localesDir()): Record<string, Record<string, unknown>> {
  const resources: Record<string, Record<string, unknown>> = {};
  for (const locale of LOCALES) {
    resources[locale] = {};
    for (const file of readdirSync(join(dir, locale)).filter((f) => f.endsWith('.json'))) {
      resources[locale][file.slice(0, -5)] = JSON.parse(readFileSync(join(dir, locale, file), 'utf8')) as unknown;
    }
  }
  return resources;
}

let instance: i18n | undefined;

/** The process-wide i18next instance, initialised synchronously on first use. */
export function i18n(): i18n {
  if (!instance) {
    const created = i18next.createInstance();
    void created.init({
      initAsync: false,
      resources: loadCatalogues(),
      supportedLngs: [...LOCALES],
      fallbackLng: 'en',
      ns: [...NAMESPACES],
      defaultNS: 'common',
      interpolation: { escapeValue: false },
      returnNull: false,
      showSupportNotice: false,
    } as Parameters<i18n['init']>[0]);
    instance = created;
  }
  return instance;
}

/** Translates `ns:key` (or a `common` key) into `locale`. */
export function translate(locale: Locale, key: string, options: TOptions = {}): string {
  return i18n().t(key, { ...options, lng: locale });
}

export type Translator = (key: string, options?: TOptions) => string;

export function translator(locale: Locale): Translator {
  const fixed = i18n().getFixedT(locale);
  return (key, options) => fixed(key, options ?? {});
}

/** Dates and numbers through Intl, in the reader's locale. */
/** Dates (calendar days, stored as such) are shown as they are; times of day in `timeZone`, which is named. */
export function formatDate(locale: Locale, value: Date | string, style: 'date' | 'datetime' = 'date', timeZone = 'UTC'): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  const options: Intl.DateTimeFormatOptions =
    style === 'date'
      ? { dateStyle: 'long', timeZone: 'UTC' }
      : { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' };
  return new Intl.DateTimeFormat(intlTag(locale), options).format(date);
}

export function formatNumber(locale: Locale, value: number): string {
  return new Intl.NumberFormat(intlTag(locale)).format(value);
}

/** Urdu as written in Pakistan; the rest as they are. */
function intlTag(locale: Locale): string {
  return locale === 'ur' ? 'ur-PK' : locale;
}
