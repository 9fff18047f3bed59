/**
 * How long a test waits before it fails: a guard against a hang, never a measure of speed.
 *
 * A wait names how long a quiet machine takes (its `expectedMs`). On a loaded machine (a CI
 * runner beside other jobs, two suites and a type check on two cores) the same step can take
 * several times that: the wait goes on up to the hang guard, and says on stderr that it waited
 * longer than expected, so slowness shows in the run's output without failing it. A step that
 * never happens still fails, with what was awaited, once the guard is spent.
 */
// No test or hook gives up before 300 s (test/helpers/node-environment.js raises shorter timeouts
// to that): the waits inside one reach this guard, and name what they awaited, before Jest's
// timeout could end the test with a bare "Exceeded timeout".
export const HANG_GUARD_MS = 240_000;

/** When a wait that a quiet machine finishes within `expectedMs` gives up. */
export function hangGuardDeadline(expectedMs: number): number {
  return Date.now() + Math.max(expectedMs, HANG_GUARD_MS);
}

/** One line on stderr when a wait took longer than a quiet machine does. */
export function noteSlowWait(what: string, expectedMs: number, startedAt: number): void {
  const tookMs = Date.now() - startedAt;
  if (tookMs <= expectedMs) return;
  process.stderr.write(
    `waited ${(tookMs / 1000).toFixed(1)} s for ${what} (a quiet machine: within ${(expectedMs / 1000).toFixed(0)} s)\n`,
  );
}
