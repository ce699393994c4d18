import { LOCALES, translate } from '@probity/i18n';
import { PERSON_LISTS, PERSON_LIST_FIELDS, isPersonValue, personValueFromText, personValueKey } from './people';

describe('the controlled lists that describe people', () => {
  it('names the values the report route of API.md names for sex', () => {
    expect(PERSON_LISTS.sex).toEqual(['female', 'male', 'another', 'not_stated']);
  });

  it('has snake_case codes that fit their columns (varchar 10 for sex, 20 for the others)', () => {
    for (const field of PERSON_LIST_FIELDS)
      for (const code of PERSON_LISTS[field]) {
        expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
        expect(code.length).toBeLessThanOrEqual(field === 'sex' ? 10 : 20);
      }
  });

  it.each(LOCALES)('labels every value, and "not recorded", in %s', (locale) => {
    const missing = PERSON_LIST_FIELDS.flatMap((field) =>
      [...PERSON_LISTS[field], null]
        .map((code) => personValueKey(field, code))
        .filter((key) => translate(locale, key) === key.split(':')[1]),
    );
    expect(missing).toEqual([]);
  });

  it('never gives two values of one list the same label, in any language or case (the import could not tell them apart)', () => {
    const clashes: string[] = [];
    for (const field of PERSON_LIST_FIELDS) {
      const seen = new Map<string, string>();
      for (const code of PERSON_LISTS[field])
        for (const text of [code, ...LOCALES.map((l) => translate(l, personValueKey(field, code)))]) {
          const key = text.toLocaleLowerCase('und').replace(/[\s_-]+/g, ' ');
          if (seen.has(key) && seen.get(key) !== code) clashes.push(`${field}: "${text}" is ${seen.get(key)} and ${code}`);
          seen.set(key, code);
        }
    }
    expect(clashes).toEqual([]);
  });

  it('reads a code or a label in any locale, whatever the case, spacing or separator', () => {
    expect(personValueFromText('sex', 'female')).toBe('female');
    expect(personValueFromText('sex', ' NOT STATED ')).toBe('not_stated');
    expect(personValueFromText('sex', 'not-stated')).toBe('not_stated');
    expect(personValueFromText('sex', 'Prefers not to say')).toBe('not_stated');
    expect(personValueFromText('sex', 'ЖЕНСКИЙ')).toBe('female');
    expect(personValueFromText('agencyType', 'Border guard')).toBe('border_guard');
    expect(personValueFromText('agencyType', 'прокуратура')).toBe('prosecution');
    expect(personValueFromText('agencyType', 'საბაჟო')).toBe('customs');
    expect(personValueFromText('agencyType', 'عدلیہ')).toBe('judiciary');
    expect(personValueFromText('agencyType', 'walinzi wa mipaka')).toBe('border_guard');
    expect(personValueFromText('function', 'Intelligence_Officer')).toBe('intelligence_officer');
    expect(personValueFromText('function', 'Слідчий')).toBe('investigator');
    expect(personValueFromText('function', 'Mwendesha mashtaka')).toBe('prosecutor');
  });

  it('names nothing for a text on none of the lists, or on another list', () => {
    expect(personValueFromText('sex', 'woman')).toBeUndefined();
    expect(personValueFromText('sex', '')).toBeUndefined();
    expect(personValueFromText('agencyType', 'investigator')).toBeUndefined();
    expect(personValueFromText('function', 'police')).toBeUndefined();
  });

  it('tells codes from anything else', () => {
    expect(isPersonValue('function', 'supervisor_manager')).toBe(true);
    expect(isPersonValue('function', 'Supervisor_manager')).toBe(false);
    expect(isPersonValue('agencyType', null)).toBe(false);
  });
});
