import { LANGUAGE_NAMES, LOCALES, type Locale, direction, isLocale } from '@probity/i18n';

/** One text of a side-by-side translation page. */
export interface SideBySideField {
  key: string;
  label: string;
  markdown?: boolean;
  value: Partial<Record<Locale, string>>;
}

/** The source and target of a translation page: `from` (default English) and `to` (default the reader's language, else another). */
export function pickLocales(pageLocale: Locale, from: unknown, to: unknown): { source: Locale; target: Locale } {
  const source: Locale = isLocale(from) ? from : 'en';
  const target: Locale = isLocale(to) ? to : pageLocale === source ? (LOCALES.find((l) => l !== source) ?? 'ka') : pageLocale;
  return { source, target };
}

/** Percent of the fields (that exist in any locale) written in each locale. */
export function percentages(fields: SideBySideField[]): Record<Locale, number> {
  const present = fields.filter((f) => LOCALES.some((l) => f.value[l]?.trim()));
  return Object.fromEntries(
    LOCALES.map((l) => [l, present.length ? Math.floor((100 * present.filter((f) => f.value[l]?.trim()).length) / present.length) : 0]),
  ) as Record<Locale, number>;
}

/** What courses/translate.hbs shows: rows with source and target, gaps highlighted, progress per locale. */
export function sideBySideModel(
  fields: SideBySideField[],
  source: Locale,
  target: Locale,
  percent: Record<Locale, number>,
): Record<string, unknown> {
  const rows = fields
    .filter((f) => Object.keys(f.value).length > 0)
    .map((f) => ({
      key: f.key,
      label: f.label,
      markdown: f.markdown ?? false,
      source: f.value[source] ?? '',
      target: f.value[target] ?? '',
      missing: !f.value[target],
      sourceMissing: !f.value[source],
    }));
  return {
    rows,
    missingCount: rows.filter((r) => r.missing).length,
    source,
    target,
    sourceName: LANGUAGE_NAMES[source],
    targetName: LANGUAGE_NAMES[target],
    sourceDir: direction(source),
    targetDir: direction(target),
    locales: LOCALES.map((code) => ({
      code,
      name: LANGUAGE_NAMES[code],
      percent: percent[code],
      isSource: code === source,
      isTarget: code === target,
    })),
  };
}
