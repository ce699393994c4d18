import { LOCALES, translate } from '@probity/i18n';

/**
 * How a person is described for reporting: controlled lists, not free text, so that reports can count
 * people by them (the EU's indicators ask for "disaggregated by sex and sector"). The free-text agency
 * name and rank stay beside them as detail.
 *
 * A value of `null` means "not asked or not recorded"; `not_stated` means the person was asked and
 * declined to say. Reports show both, apart.
 *
 * The codes are stored as they are (CHECK constraints on `users`, see the PeopleForReporting migration),
 * and each has a label in every locale under `people:<list>.<code>`. Adding a code needs a migration
 * that widens the constraint, and its labels.
 */
export const SEXES = ['female', 'male', 'another', 'not_stated'] as const;
export type Sex = (typeof SEXES)[number];

/** The kind of body a person works for (the "sector" of the indicators). */
export const AGENCY_TYPES = [
  'police',
  'prosecution',
  'customs',
  'drug_control',
  'intelligence',
  'border_guard',
  'judiciary',
  'other',
] as const;
export type AgencyType = (typeof AGENCY_TYPES)[number];

/** What a person does in their agency. */
export const PERSON_FUNCTIONS = [
  'investigator',
  'prosecutor',
  'analyst',
  'intelligence_officer',
  'supervisor_manager',
  'trainer',
  'other',
] as const;
export type PersonFunction = (typeof PERSON_FUNCTIONS)[number];

/** Every controlled list, by the name of the user's field that holds its code. */
export const PERSON_LISTS = {
  sex: SEXES,
  agencyType: AGENCY_TYPES,
  function: PERSON_FUNCTIONS,
} as const;
export type PersonListField = keyof typeof PERSON_LISTS;
export const PERSON_LIST_FIELDS = Object.keys(PERSON_LISTS) as PersonListField[];

/** The person's values on the lists (null: not recorded). */
export interface PersonDescription {
  sex: Sex | null;
  agencyType: AgencyType | null;
  function: PersonFunction | null;
}

/** The i18n key of a code's label (`people:agencyType.border_guard`), and of "not recorded" for null. */
export function personValueKey(field: PersonListField, code: string | null): string {
  return code === null ? 'people:not_recorded' : `people:${field}.${code}`;
}

/** The same text whatever its case, spacing, hyphens or Unicode composition: what a spreadsheet may have done to it. */
function folded(text: string): string {
  return text
    .normalize('NFC')
    .trim()
    .toLocaleLowerCase('und')
    .replace(/[\s\-‐‑–—_]+/g, ' ');
}

const AMBIGUOUS = '';
let byText: Map<PersonListField, Map<string, string>> | undefined;

/** Each list's codes and their labels in every locale, folded, to the code (built once from the catalogues). */
function lookup(): Map<PersonListField, Map<string, string>> {
  if (!byText) {
    const built = new Map<PersonListField, Map<string, string>>();
    for (const field of PERSON_LIST_FIELDS) {
      const texts = new Map<string, string>();
      for (const code of PERSON_LISTS[field]) {
        for (const text of [code, ...LOCALES.map((locale) => translate(locale, personValueKey(field, code)))]) {
          const key = folded(text);
          // A text that two codes share names neither (people.spec.ts keeps the catalogues free of such clashes).
          texts.set(key, texts.has(key) && texts.get(key) !== code ? AMBIGUOUS : code);
        }
      }
      built.set(field, texts);
    }
    byText = built;
  }
  return byText;
}

/**
 * The code a text names on one list: the code itself or its label in any of the six locales, whatever its
 * case (`Border guard`, `border-guard`, `Прокуратура`). `undefined` when it names none: the caller
 * reports it, never guesses.
 */
export function personValueFromText(field: PersonListField, text: string): string | undefined {
  return lookup().get(field)?.get(folded(text)) || undefined;
}

/** Whether `value` is a code of the list. */
export function isPersonValue(field: PersonListField, value: unknown): boolean {
  return typeof value === 'string' && (PERSON_LISTS[field] as readonly string[]).includes(value);
}
