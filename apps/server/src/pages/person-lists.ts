import { type Locale, translate } from '@probity/i18n';
import { PERSON_LISTS, PERSON_LIST_FIELDS, type PersonListField, personValueKey } from '@probity/identity';

/** One controlled list as a form's select: its label, its options in the reader's language, the chosen one, its error. */
export interface PersonListSelect {
  id: string;
  name: PersonListField;
  label: string;
  notRecorded: string;
  options: { code: string; label: string; selected: boolean }[];
  error?: string;
}

/**
 * The selects of sex, agency type and function for a form (the empty option is "not recorded"), with the values
 * chosen and the errors by field. `idPrefix` keeps ids unique when a page has more than one such form.
 */
export function personListSelects(
  locale: Locale,
  values: { [field in PersonListField]?: unknown } | Record<string, unknown>,
  errors: Record<string, string> = {},
  idPrefix = '',
): PersonListSelect[] {
  const notRecorded = translate(locale, personValueKey('sex', null));
  return PERSON_LIST_FIELDS.map((field) => ({
    id: `${idPrefix}${field}`,
    name: field,
    label: translate(locale, `fields:${field}`),
    notRecorded,
    options: PERSON_LISTS[field].map((code) => ({
      code,
      label: translate(locale, personValueKey(field, code)),
      selected: (values as Record<string, unknown>)[field] === code,
    })),
    error: errors[field],
  }));
}

/** How a person is described on the lists, as labels in the reader's language (null: "not recorded"). */
export function personListLabels(
  locale: Locale,
  person: Record<PersonListField, string | null>,
): Record<PersonListField, { label: string; recorded: boolean }> {
  const label = (field: PersonListField) => ({
    label: translate(locale, personValueKey(field, person[field])),
    recorded: person[field] !== null,
  });
  return { sex: label('sex'), agencyType: label('agencyType'), function: label('function') };
}
