/** Unit tests alone: pure code, no PostgreSQL or Temporal set-up. */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  roots: ['<rootDir>/test/unit'],
  globalSetup: undefined,
  globalTeardown: undefined,
};
