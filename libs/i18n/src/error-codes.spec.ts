import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalogues } from './i18n';
import { LOCALES, projectRoot } from './locales';

/**
 * Every error code the code can raise has its message in every locale: the codes are read from the source
 * (`new Conflict('cohort_closed')`, `new NotFound('cohort')`, `super(429, 'too_many_attempts')`, violations'
 * constraints), so a new code without a translation fails here, not in front of a user.
 */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'migrations' ? [] : sources(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

const root = projectRoot();
const files = [...sources(join(root, 'libs')), ...sources(join(root, 'apps'))];
const text = files.map((file) => readFileSync(file, 'utf8')).join('\n');
const codes = new Set<string>();
const entities = new Set<string>();
const constraints = new Set<string>();
for (const m of text.matchAll(/new (?:Forbidden|Conflict|Unprocessable|TooLarge|BadInput|Unauthenticated|RequestRefused)\(\s*'([a-z_]+)'/g))
  codes.add(m[1]);
for (const m of text.matchAll(/(?:new ProbityError|super)\(\s*\d{3},\s*'([a-z_]+)'/g)) codes.add(m[1]);
for (const m of text.matchAll(/new NotFound\(\s*'([a-z_]+)'/g)) entities.add(m[1]);
for (const m of text.matchAll(/constraint: '([A-Za-z]+)'/g)) constraints.add(m[1]);

const catalogues = loadCatalogues() as Record<string, Record<string, Record<string, unknown>>>;
const has = (locale: string, ns: string, key: string): boolean => {
  const tree = catalogues[locale][ns] ?? {};
  const at = (path: string): unknown => path.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], tree);
  return at(key) !== undefined || at(`${key}_one`) !== undefined || at(`${key}_other`) !== undefined;
};

describe('error codes and their messages', () => {
  it('finds the codes in the source', () => {
    expect(codes.size).toBeGreaterThan(30);
    expect(entities.size).toBeGreaterThan(10);
  });

  it.each(LOCALES)('has a message for every error code, entity and constraint in %s', (locale) => {
    const missing = [
      ...[...codes].filter((code) => !has(locale, 'errors', code)).map((code) => `errors:${code}`),
      ...[...entities].filter((entity) => !has(locale, 'errors', `entities.${entity}`)).map((entity) => `errors:entities.${entity}`),
      ...[...constraints].filter((c) => !has(locale, 'validation', c)).map((c) => `validation:${c}`),
    ];
    expect(missing).toEqual([]);
  });
});
