/**
 * Verifying the whole ledger reads every journal entry and posting: a heavy query that anyone
 * with `ledger.read` could otherwise run back to back, by reloading the dashboard or calling the
 * API in a loop (on every replica), or by starting `ledgerVerifyWorkflow` on Temporal. The
 * deployment starts at most one verification per interval, whichever door asks: the gate is a row
 * of PostgreSQL (db/ledger/ledger-verify-gate.ts). Inside the interval the dashboard shows the
 * last result, the API answers 429 with when to ask again, and a workflow run reads nothing. The
 * command line's `ledger:verify` is not gated (scripts/cli/commands.ts says why). Pure: no I/O.
 */

/** At most one full verification in the whole deployment in this long. */
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
