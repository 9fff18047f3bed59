import { closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';

const LOG_DIR = path.resolve(__dirname, '..', '..', '.data', 'test-logs');
let opened = 0;

/**
 * A file for the output of a process a test starts (an API or worker): `.data/test-logs/`, not the
 * test report. Suites that cut a process's database or Temporal make it log warnings by design;
 * in the report they would read as faults of a passing run. Read the file when such a test fails.
 */
export function processLogFile(name: string): { fd: number; path: string; close: () => void } {
  mkdirSync(LOG_DIR, { recursive: true });
  opened += 1;
  const file = path.join(LOG_DIR, `${name}-${process.pid}-${Date.now()}-${opened}.log`);
  const fd = openSync(file, 'a');
  // The child keeps a descriptor of its own once spawned; the test process need not hold this one.
  return { fd, path: file, close: () => closeSync(fd) };
}
