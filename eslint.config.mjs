// Type-aware lint, run with --max-warnings 0 (npm run lint and .ci/run).
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
};
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
