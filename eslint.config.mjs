// Type-aware lint, run with --max-warnings 0 (npm run lint and .ci/run).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import tseslint from 'typescript-eslint';

const DEEP = { group: ['**/libs/*', '../../libs/**', '@probity/*/src/**'], message: 'import another lib through @probity/<lib>' };
const APPS = { group: ['**/apps/**', '@probity/server', '@probity/worker'], message: 'a lib never imports an app' };
/** Who stands on whom: a lib may import only the libs below it (ARCHITECTURE.md's floors). */
const BELOW = {
  i18n: [],
  database: ['i18n'],
  audit: ['i18n', 'database'],
  identity: ['i18n', 'database', 'audit'],
  web: ['i18n', 'identity'],
  jobs: ['i18n', 'database', 'audit', 'identity'],
  courses: ['i18n', 'database', 'audit', 'identity'],
  cohorts: ['i18n', 'database', 'audit', 'identity', 'courses'],
  assessments: ['i18n', 'database', 'audit', 'identity', 'courses', 'cohorts'],
  certificates: ['i18n', 'database', 'audit', 'identity', 'jobs', 'courses', 'cohorts', 'assessments'],
  evaluation: ['i18n', 'database', 'audit', 'identity', 'jobs', 'courses', 'cohorts', 'assessments', 'certificates'],
  assistance: ['i18n', 'database', 'audit', 'identity', 'jobs', 'courses', 'cohorts', 'assessments', 'certificates', 'evaluation'],
  cooperation: [
    'i18n',
    'database',
    'audit',
    'identity',
    'jobs',
    'courses',
    'cohorts',
    'assessments',
    'certificates',
    'evaluation',
    'assistance',
  ],
  privacy: [
    'i18n',
    'database',
    'audit',
    'identity',
    'jobs',
    'courses',
    'cohorts',
    'assessments',
    'certificates',
    'evaluation',
    'assistance',
    'cooperation',
  ],
};
/** Each lib's entity classes (`@Entity(...) export class X` in its *.entity.ts files), read from the source. */
function entityClasses() {
  const byLib = {};
  for (const lib of readdirSync('libs')) {
    const names = [];
    const walk = (dir) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.entity.ts'))
          for (const m of readFileSync(path, 'utf8').matchAll(/@Entity\([^)]*\)\s*(?:@[^\n]*\n\s*)*export class (\w+)/g)) names.push(m[1]);
      }
    };
    try {
      walk(join('libs', lib, 'src'));
    } catch {
      continue;
    }
    if (names.length) byLib[lib] = names;
  }
  return byLib;
}
const ENTITIES = entityClasses();
/**
 * Entity classes stay inside their lib (ADR 0005): another lib, an app, the seed or a test may import an entity's
 * type, never the class (with the class one could query the other context's table). Each lib's index.ts exports its
 * entities as types only (`export type { Cohort } from …`), never `export *` from an entities file.
 */
function entitiesStayHome() {
  const restricted = (except) =>
    Object.entries(ENTITIES)
      .filter(([lib]) => lib !== except)
      .map(([lib, names]) => ({
        name: `@probity/${lib}`,
        importNames: names,
        allowTypeImports: true,
        message: `an entity class stays inside ${lib}: import its type, or ask ${lib}'s services`,
      }));
  const all = Object.values(ENTITIES).flat();
  return [
    ...Object.keys(BELOW).map((lib) => ({
      files: [`libs/${lib}/**/*.ts`],
      rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: restricted(lib) }] },
    })),
    {
      files: ['apps/**/*.ts', 'seed/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts'],
      rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: restricted(null) }] },
    },
    {
      files: ['libs/*/src/index.ts'],
      rules: {
        'no-restricted-syntax': [
          'error',
          {
            selector: 'ExportAllDeclaration[source.value=/entities\\//]',
            message: 'index.ts names what it exports from an entities file (entity classes as types only)',
          },
          {
            selector: `ExportNamedDeclaration[exportKind='value'] > ExportSpecifier[exportKind='value'][local.name=/^(${all.join('|')})$/]`,
            message: 'an entity class is exported as a type only (export type { … }): other libs ask the services',
          },
        ],
      },
    },
  ];
}
function floorPlan() {
  const all = Object.keys(BELOW);
  return all.map((lib) => ({
    files: [`libs/${lib}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            DEEP,
            APPS,
            ...all
              .filter((other) => other !== lib && !BELOW[lib].includes(other))
              .map((other) => ({ group: [`@probity/${other}`], message: `libs depend downward only: ${lib} may not import ${other}` })),
          ],
        },
      ],
    },
  }));
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**', 'test-artifacts/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      eqeqeq: ['error', 'always'],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Libraries are reached through @probity/<lib>, never by a deep path into another lib.
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['**/libs/*', '../../libs/**', '@probity/*/src/**'], message: 'import another lib through @probity/<lib>' }],
        },
      ],
    },
  },
  // The floor plan (docs/architecture.md): libs depend downward only and never on an app. Each block repeats the
  // base pattern because a later `no-restricted-imports` replaces an earlier one for the same files.
  ...floorPlan(),
  ...entitiesStayHome(),
  {
    files: ['test/**/*.ts', '**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
