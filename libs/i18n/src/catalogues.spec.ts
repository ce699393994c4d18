import { LOCALES } from './locales';
import { loadCatalogues, translate } from './i18n';

type Tree = Record<string, unknown>;
const PLURAL = /_(zero|one|two|few|many|other)$/;

function leaves(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]) =>
    value && typeof value === 'object'
      ? leaves(value as Tree, `${prefix}${key}.`)
      : [[`${prefix}${key}`, String(value)] as [string, string]],
  );
}

const catalogues = loadCatalogues();
const english = new Map<string, string>(
  Object.entries(catalogues.en).flatMap(([ns, tree]) => leaves(tree as Tree).map(([k, v]) => [`${ns}:${k}`, v] as const)),
);
const pluralBases = new Set([...english.keys()].filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')));
const placeholders = (text: string): string[] => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe.each(LOCALES.filter((l) => l !== 'en'))('the %s catalogue', (locale) => {
  const own = new Map<string, string>(
    Object.entries(catalogues[locale]).flatMap(([ns, tree]) => leaves(tree as Tree).map(([k, v]) => [`${ns}:${k}`, v] as const)),
  );
  const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;

  it('has every key English has', () => {
    const missing = [...english.keys()].filter((k) => !PLURAL.test(k) && !own.has(k));
    expect(missing).toEqual([]);
  });

  it(`has every plural form its language needs (${categories.join(', ')})`, () => {
    const missing = [...pluralBases].flatMap((base) => categories.filter((c) => !own.has(`${base}_${c}`)).map((c) => `${base}_${c}`));
    expect(missing).toEqual([]);
  });

  it('keeps the placeholders of every message', () => {
    const wrong = [...own.entries()]
      .filter(([key]) => english.has(key) || english.has(key.replace(PLURAL, '_other')))
      .filter(([key, text]) => {
        const source = english.get(key) ?? english.get(key.replace(PLURAL, '_other')) ?? '';
        return (
          placeholders(text)
            .filter((p) => p !== 'count')
            .join() !==
          placeholders(source)
            .filter((p) => p !== 'count')
            .join()
        );
      })
      .map(([key]) => key);
    expect(wrong).toEqual([]);
  });

  it('is not English left in place', () => {
    const same = [...own.entries()].filter(([key, text]) => english.get(key) === text && /[a-z]{4,}\s+[a-z]{3,}/i.test(text));
    expect(same.map(([key]) => key)).toEqual([]);
  });
});

describe('plural forms in use', () => {
  it('chooses the Russian and Ukrainian forms by Intl.PluralRules', () => {
    const forms = (locale: 'ru' | 'uk'): string[] =>
      [1, 3, 5, 21].map((count) => translate(locale, 'admin:users.import_created', { count }));
    const [ru1, ru3, ru5, ru21] = forms('ru');
    expect(new Set([ru1, ru3, ru5]).size).toBe(3);
    expect(ru21.replace('21', '1')).toBe(ru1);
    const [uk1, uk3, uk5] = forms('uk');
    expect(new Set([uk1, uk3, uk5]).size).toBe(3);
  });
});
