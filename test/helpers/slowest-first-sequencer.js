// Jest loads the sequencer outside its transform: plain CommonJS.
const { readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

const ROOT = path.resolve(__dirname, '..', '..');
/**
 * Seconds each suite took in a full run, committed: Jest keeps its own timings in a cache named
 * after the checkout's path, so a fresh clone (CI's, a newcomer's) would otherwise order suites by
 * file size and could start a 100-second suite last. `UPDATE_SUITE_DURATIONS=1 npx jest` rewrites it.
 */
const DURATIONS_FILE = path.join(__dirname, 'suite-durations.json');
const relative = (testPath) => path.relative(ROOT, testPath).split(path.sep).join('/');

function committedDurations() {
  try {
    return JSON.parse(readFileSync(DURATIONS_FILE, 'utf8'));
  } catch {
    return {};
  }
}

/**
 * Slowest first, so that no long suite starts when the others are done: Jest's own timings where
 * it has them, else the committed ones.
 */
class SlowestFirstSequencer extends Sequencer {
  committed = committedDurations();

  time(test) {
    const seconds = this.committed[relative(test.path)];
    return super.time(test) ?? (seconds === undefined ? undefined : seconds * 1000);
  }

  cacheResults(tests, results) {
    super.cacheResults(tests, results);
    if (!process.env.UPDATE_SUITE_DURATIONS) return;
    const durations = { ...this.committed };
    for (const result of results.testResults) {
      const { start, end } = result.perfStats;
      if (!result.skipped && end > start)
        durations[relative(result.testFilePath)] = Math.round((end - start) / 100) / 10;
    }
    const ordered = Object.fromEntries(Object.entries(durations).sort(([a], [b]) => a.localeCompare(b)));
    writeFileSync(DURATIONS_FILE, `${JSON.stringify(ordered, null, 2)}\n`);
  }
}

module.exports = SlowestFirstSequencer;
