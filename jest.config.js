/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: '<rootDir>/test/helpers/node-environment.js',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // request-filtering-agent, otplib's base32 and hash plugins (@scure, @noble) and openid-client
  // (with oauth4webapi and jose) ship only ES modules; they are compiled for Jest like our own code.
  transformIgnorePatterns: [
    '/node_modules/(?!(request-filtering-agent|@scure|@noble|@otplib|otplib|openid-client|oauth4webapi|jose)/)',
  ],
  transform: {
    '^.+\\.(ts|js)$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  globalSetup: '<rootDir>/test/helpers/global-setup.js',
  // Each suite runs on a database of its own.
  setupFilesAfterEnv: ['<rootDir>/test/helpers/suite-database.ts'],
  globalTeardown: '<rootDir>/test/helpers/global-teardown.js',
  testSequencer: '<rootDir>/test/helpers/slowest-first-sequencer.js',
  // Suites that mostly wait on real clocks run in a slot of their own beside the working ones.
  runner: '<rootDir>/test/helpers/waiting-slot-runner.js',
  // Jest's runtime, which keeps track of tests run side by side (`it.concurrent`) when it refuses
  // a module load outside test code.
  runtime: '<rootDir>/test/helpers/side-by-side-runtime.js',
  // A hang guard, not a measure of speed: waits give up at theirs (test/helpers/patience.ts) first.
  testTimeout: 300_000,
  // Suites run side by side, each on its own database (test/helpers/suite-database.ts) and
  // every stack on its own task queue. Each worker hosts a whole stack (API, worker, simulators);
  // most suites spend much of their time waiting (retries, timeouts, a browser, Temporal and
  // PostgreSQL doing their share), so four on two cores keep the machine about nine-tenths busy
  // where three left it 85 % busy (docs/testing.md has the runs). JEST_WORKERS changes how many.
  maxWorkers: Number(process.env.JEST_WORKERS ?? 4),
  // Each suite starts a whole stack (API, worker, simulators); one process kept for every suite
  // grew to several GB, and its long collections stalled the event loop for seconds at a time. The
  // test process is replaced once a suite leaves it above this.
  workerIdleMemoryLimit: '1.5GB',
  // When the run ends, Jest gives each worker this long to exit before killing it and warning of
  // a leak. Our workers leave nothing running (their event loop empties within milliseconds of
  // being told to end), but a worker then still frees its heap, up to the 1.5 GB above, before the
  // process is gone: 0.4 s for 500 MB and up to 2 s for 1.5 GB on two busy cores, where Jest's
  // default of 0.5 s killed a clean worker and warned of a leak that was not there. A worker that
  // really leaks is still killed, and the warning still printed, after this long.
  workerGracefulExitTimeout: 5_000,
  reporters: ['default', '<rootDir>/test/helpers/plain-summary-reporter.js'],
};
