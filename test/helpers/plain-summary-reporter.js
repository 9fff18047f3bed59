/**
 * Closes a Jest run with one plain tally line, "Tests: N passed, N failed[, N skipped]", the
 * form CI systems read without knowing Jest's own summary layout. With TEST_SUMMARY_FILE set,
 * the same line is also written there, so a script that runs more steps after Jest can repeat
 * it as its closing line.
 */
const fs = require('node:fs');

class PlainSummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const line =
      `Tests: ${results.numPassedTests} passed, ${failed} failed` +
      (skipped > 0 ? `, ${skipped} skipped` : '');
    process.stdout.write(`${line}\n`);
    if (process.env.TEST_SUMMARY_FILE) fs.writeFileSync(process.env.TEST_SUMMARY_FILE, `${line}\n`);
  }
}

module.exports = PlainSummaryReporter;
