import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES, type ErrorCode, errorMessageKey, isErrorCode } from './errors';
import { loadCatalogues } from './i18n';
import { LOCALES, projectRoot } from './locales';

/**
 * Error codes are one list (`ERROR_CODES`, typed `ErrorCode`): every listed code has its message in every
 * locale, and every code the source raises is listed. The codes are read from the source
 * (`new Conflict('cohort_closed')`, `new Unauthenticated(token ? 'invalid_token' : 'unauthenticated')`,
 * `super(429, 'too_many_attempts')`, `'errors:csrf_failed'`), so a code written around the type still fails
 * here, not in front of a user. Entities of `NotFound` and violations' constraints are checked too.
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
const ERROR = '(?:Forbidden|Conflict|Unprocessable|TooLarge|BadInput|Unauthenticated|RequestRefused)';
/** Message keys of `errors` that are not codes: the count line of a long validation failure, entity names, HTTP statuses. */
const MESSAGE_ONLY = /^(validation_more|entities\..*|http\..*)$/;

const used = new Set<string>();
const entities = new Set<string>();
const constraints = new Set<string>();
for (const m of text.matchAll(new RegExp(`new ${ERROR}\\(\\s*'([a-z_]+)'`, 'g'))) used.add(m[1]);
for (const m of text.matchAll(new RegExp(`new ${ERROR}\\([^()]*?\\?\\s*'([a-z_]+)'\\s*:\\s*'([a-z_]+)'`, 'g'))) used.add(m[1]).add(m[2]);
for (const m of text.matchAll(/(?:new ProbityError|super)\(\s*\d{3},\s*'([a-z_]+)'/g)) used.add(m[1]);
for (const m of text.matchAll(/'errors:([a-z_.]+)'/g)) if (!MESSAGE_ONLY.test(m[1])) used.add(m[1]);
for (const m of text.matchAll(/new NotFound\(\s*'([a-z_]+)'/g)) entities.add(m[1]);
for (const m of text.matchAll(/constraint: '([A-Za-z]+)'/g)) constraints.add(m[1]);

const catalogues = loadCatalogues() as Record<string, Record<string, Record<string, unknown>>>;
/** `errors:not_found`, `errors:http.404`: present as such or with plural forms. */
const has = (locale: string, key: string): boolean => {
  const [ns, path] = key.split(':');
  const tree = catalogues[locale][ns] ?? {};
  const at = (p: string): unknown => p.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], tree);
  return at(path) !== undefined || at(`${path}_one`) !== undefined || at(`${path}_other`) !== undefined;
};

describe('error codes and their messages', () => {
  it('finds the codes in the source', () => {
    expect(used.size).toBeGreaterThan(30);
    expect(entities.size).toBeGreaterThan(10);
    expect(used).toContain('attempt_submitted'); // from a ternary
  });

  it('lists each code once', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });

  it('lists every code the source raises in ERROR_CODES', () => {
    expect([...used].filter((code) => !isErrorCode(code)).sort()).toEqual([]);
  });

  it('names the message of an HTTP code by its status', () => {
    expect(errorMessageKey('http_404')).toBe('errors:http.404');
    expect(errorMessageKey('cohort_closed')).toBe('errors:cohort_closed');
  });

  it.each(LOCALES)('has a message for every code of ERROR_CODES, entity and constraint in %s', (locale) => {
    const missing = [
      ...ERROR_CODES.map((code: ErrorCode) => errorMessageKey(code)).filter((key) => !has(locale, key)),
      ...[...entities].map((entity) => `errors:entities.${entity}`).filter((key) => !has(locale, key)),
      ...[...constraints].map((c) => `validation:${c}`).filter((key) => !has(locale, key)),
    ];
    expect(missing).toEqual([]);
  });
});
