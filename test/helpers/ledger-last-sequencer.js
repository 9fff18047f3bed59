// Jest loads the sequencer outside its transform: plain CommonJS.
const Sequencer = require('@jest/test-sequencer').default;

/**
 * Jest's own order (slowest first, from its cache), except that the ledger's audit is queued last:
 * it checks, with `ledger:verify`, everything the suites before it wrote to its worker's database
 * (global teardown then checks every worker's).
 */
class LedgerLastSequencer extends Sequencer {
  async sort(tests) {
    const sorted = await super.sort(tests);
    const last = (test) => /ledger-verify\.test\.ts$/.test(test.path);
    return [...sorted.filter((t) => !last(t)), ...sorted.filter(last)];
  }
}

module.exports = LedgerLastSequencer;
