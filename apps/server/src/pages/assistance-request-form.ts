import type { RequestView } from '@probity/assistance';
import { LOCALES, type Locale, formatNumber } from '@probity/i18n';
import { asList, formText } from './page';

type Body = Record<string, unknown>;

/** The request form's text fields (the assistance pages: posted fields, the API's body made of them, a request as the form shows it). */
export const TEXTS = ['title', 'locale', 'topic', 'format', 'need', 'expectedResult', 'targetGroup'] as const;
/** Fields left out when empty on a new draft, cleared when emptied on an edit. */
export const OPTIONAL = ['participants', 'preferredFrom', 'preferredTo'] as const;

/** The posted form as it was typed. */
export function formOf(body: Body): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = {};
  for (const key of [...TEXTS, ...OPTIONAL, 'otherLanguages']) form[key] = formText(body, key);
  form.languages = asList(body.languages);
  return form;
}

/** The form as the API's body: an empty optional field left out when creating, cleared (null) when editing. */
export function inputOf(form: Record<string, string | string[]>, creating: boolean): Body {
  const input: Body = {};
  for (const key of TEXTS) if (form[key] !== '' || !['topic', 'format', 'locale'].includes(key)) input[key] = form[key];
  for (const key of OPTIONAL) {
    const value = form[key] as string;
    if (value) input[key] = key === 'participants' && /^\d{1,6}$/.test(value) ? Number(value) : value;
    else if (!creating) input[key] = null;
  }
  const others = (form.otherLanguages as string)
    .split(/[,;\s]+/)
    .map((code) => code.trim().toLowerCase())
    .filter(Boolean);
  input.languages = [...(form.languages as string[]), ...others];
  return input;
}

/** A request as the form shows it. */
export function formFromRequest(view: RequestView): Record<string, string | string[]> {
  const r = view.request;
  const known = r.languages.filter((l) => (LOCALES as readonly string[]).includes(l));
  return {
    title: r.title,
    locale: r.locale,
    topic: r.topic,
    format: r.format,
    need: r.need,
    expectedResult: r.expectedResult,
    targetGroup: r.targetGroup,
    participants: r.participants === null ? '' : String(r.participants),
    preferredFrom: r.preferredFrom ?? '',
    preferredTo: r.preferredTo ?? '',
    languages: known,
    otherLanguages: r.languages.filter((l) => !known.includes(l)).join(', '),
  };
}

/** Bytes as the reader reads them: `2.4 MB`, `830 KB`. */
export function sizeText(locale: Locale, bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${formatNumber(locale, Math.round((bytes / 1024 / 1024) * 10) / 10)} MB`
    : `${formatNumber(locale, Math.max(1, Math.round(bytes / 1024)))} KB`;
}
