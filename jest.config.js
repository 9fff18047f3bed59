/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // request-filtering-agent and otplib's base32 and hash plugins (@scure, @noble) ship only ES
  // modules; they are compiled for Jest like our own code.
  transformIgnorePatterns: ['/node_modules/(?!(request-filtering-agent|@scure|@noble|@otplib|otplib)/)'],
  transform: {
    '^.+\\.(ts|js)$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  globalSetup: '<rootDir>/test/helpers/global-setup.js',
  globalTeardown: '<rootDir>/test/helpers/global-teardown.js',
  testSequencer: '<rootDir>/test/helpers/ledger-last-sequencer.js',
  testTimeout: 60_000,
  maxWorkers: 1,
  reporters: ['default', '<rootDir>/test/helpers/plain-summary-reporter.js'],
  // The Temporal native bridge keeps a handle open after teardown (sdk-typescript#928).
  forceExit: true,
};
