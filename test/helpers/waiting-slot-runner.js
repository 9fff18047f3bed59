// Jest loads runners through its own transform, but nothing here needs it: plain CommonJS.
const { readFileSync } = require('node:fs');
const { EmittingTestRunner, default: TestRunner } = require('jest-runner');

/** The docblock pragma that puts a suite in the waiting slot: `@test-slot waiting`. */
const WAITING = /^\s*\/\*\*?[\s\S]*?@test-slot\s+waiting\b[\s\S]*?\*\//;
/** How many suites run in the waiting slot at once (JEST_WAITING_SLOTS changes it). */
const WAITING_SLOTS = Number(process.env.JEST_WAITING_SLOTS ?? 1);

function isWaitingSuite(testPath) {
  // Jest reads the same leading docblock for its own pragmas (`@jest-environment`).
  return WAITING.test(readFileSync(testPath, 'utf8').slice(0, 4096));
}

/**
 * Jest's runner, with one more slot kept for suites that mostly wait.
 *
 * A few suites spend nearly all their time waiting on real clocks: an activity's start-to-close
 * timeout after its worker is killed, a gateway's outage and its retries, a circuit that stays
 * open. In one of the working slots such a suite leaves its share of the machine idle for a
 * minute. Marked `@test-slot waiting` in their leading docblock, they run in a slot of their own,
 * beside the working slots (`maxWorkers`), and use little of the machine while they wait. Every
 * suite has a database of its own (test/helpers/suite-database.ts), whichever slot runs it.
 */
class WaitingSlotRunner extends EmittingTestRunner {
  constructor(globalConfig, context) {
    super(globalConfig, context);
    this.working = new TestRunner(globalConfig, context);
    this.waiting = new TestRunner({ ...globalConfig, maxWorkers: WAITING_SLOTS }, context);
  }

  async runTests(tests, watcher, options) {
    // One suite, --runInBand or a debugger: Jest runs them one after another in its own process.
    if (options.serial || WAITING_SLOTS < 1) return this.working.runTests(tests, watcher, options);
    const waiting = tests.filter((test) => isWaitingSuite(test.path));
    const working = tests.filter((test) => !waiting.includes(test));
    await Promise.all([
      working.length > 0 ? this.working.runTests(working, watcher, options) : undefined,
      waiting.length > 0 ? this.waiting.runTests(waiting, watcher, options) : undefined,
    ]);
  }

  on(eventName, listener) {
    const fromWorking = this.working.on(eventName, listener);
    const fromWaiting = this.waiting.on(eventName, listener);
    return () => {
      fromWorking();
      fromWaiting();
    };
  }
}

module.exports = WaitingSlotRunner;
