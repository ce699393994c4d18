import { type LocaleMap, isLocale } from '@probity/i18n';

/** The texts of a map in known locales that are not blank. */
export const clean = (map: LocaleMap | undefined): LocaleMap =>
  Object.fromEntries(
    Object.entries(map ?? {}).filter(([locale, text]) => isLocale(locale) && typeof text === 'string' && text.trim() !== ''),
  );

/** Each map cleaned; maps left with no text go. */
export const cleanList = (list: LocaleMap[] | undefined): LocaleMap[] => (list ?? []).map(clean).filter((m) => Object.keys(m).length > 0);

export const uniqueTags = (tags: string[] | undefined): string[] => [...new Set(tags ?? [])];
