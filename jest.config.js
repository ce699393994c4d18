// Unit tests (*.spec.ts beside the code). ESM-only dependencies (NestJS 12) are turned into
// CommonJS by the same swc transform as our own code.
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
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)sx?$': ['@swc/jest', swc] },
  transformIgnorePatterns: [],
  moduleNameMapper: { '^@probity/seed$': '<rootDir>/seed', '^@probity/(.*)$': '<rootDir>/libs/$1/src' },
  testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/seed/**/*.spec.ts'],
};
