/**
 * Verifying the whole ledger reads every journal entry and posting: a heavy query that anyone
 * with `ledger.read` could otherwise run back to back, by reloading the dashboard or calling the
 * API in a loop. Each API process starts at most one verification per interval; inside it the
 * dashboard shows the last result and the API answers 429 with when to ask again. The command
 * line's `ledger:verify` is not gated (scripts/cli/commands.ts says why). Pure: no I/O.
 */

/** At most one full verification per API process in this long. */
export const LEDGER_VERIFICATION_INTERVAL_MS = 5 * 60_000;

/** Milliseconds until another verification may start (0: now). */
export function verificationWaitMs(
  lastStartedAt: number | null,
  now: number,
  intervalMs = LEDGER_VERIFICATION_INTERVAL_MS,
): number {
  if (lastStartedAt === null) return 0;
  return Math.max(0, lastStartedAt + intervalMs - now);
}
