/** A process that ran at least this long before crashing was healthy: its back-off starts over. */
export const HEALTHY_RUN_MS = 60_000;
const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;

/**
 * How long to wait before restarting a process after its `crashes`-th crash in a row (1, 2, …):
 * 1 s, doubling, at most 30 s, so a process that cannot start does not spin.
 */
export function restartDelayMs(crashes: number): number {
  const exponent = Math.max(0, Math.min(crashes - 1, 30));
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** exponent);
}

/** Crashes in a row, counting this one: a long healthy run resets the count. */
export function crashesInARow(previous: number, ranForMs: number): number {
  return ranForMs >= HEALTHY_RUN_MS ? 1 : previous + 1;
}
