/**
 * How often a stored callback is checked with the gateway. A callback the gateway's authority did
 * not confirm (UNCONFIRMED: a forged success before the customer approved, a call that did not get
 * through) may be the one that matters a moment later, when the customer's real return, identical
 * to it, arrives: that return is checked again rather than skipped as a duplicate. Each check is a
 * numbered hand-over to the payment's workflow, which confirms each number once.
 *
 * The first `MAX_CALLBACK_CHECKS` checks are asked at once. Later ones are never refused (a flood
 * of forged returns must not use up the genuine return's checks) but spaced: the check numbered
 * n ≥ MAX waits `CHECK_SPACING_BASE_SECONDS × 2^(n − MAX)` after the previous one. A repeat arriving
 * inside the spacing is remembered on the row and checked when the spacing ends (by the sweeper, or
 * by a later arrival). So a window of W seconds holds at most MAX + log2(W / 30 s + 1) checks: a
 * flood grows a workflow's history, and our questions to the gateway, only logarithmically in
 * time, and the customer's return is still checked. Pure: no I/O.
 */

/** Checks asked at once (the first included); any further one is spaced. */
export const MAX_CALLBACK_CHECKS = 4;

/** The wait before the first spaced check; each later one waits twice the one before. */
export const CHECK_SPACING_BASE_SECONDS = 30;

/** The verdict that leaves a payment as it was because the gateway confirmed nothing. */
const UNCONFIRMED = 'UNCONFIRMED';

export interface StoredCallbackChecks {
  /** The workflow wrote its verdict (or the callback was closed when stored). */
  judged: boolean;
  verdict: string | null;
  /** Checks asked of a workflow so far; the latest one's hand-over number is `checks - 1`. */
  checks: number;
  /**
   * The same callback arrived again and no check has answered it yet: its latest check was still
   * waiting or running, or the spacing held the next check back.
   */
  returnedWhileChecking: boolean;
  /** Seconds since it was last handed to a workflow; null if never. */
  secondsSinceHandOver: number | null;
  /** Seconds until the spacing lets another check be asked (0 or less: now). */
  secondsUntilNextCheck: number;
}

/** A check asked now: its hand-over number, and how long the check after it must wait. */
export interface NextCheck {
  handOver: number;
  /** Seconds after this check before the one after it may be asked (`spacingAfter`). */
  spacingSeconds: number;
}

/** What a repeat of a stored callback does. */
export type RepeatAction =
  /** Judged UNCONFIRMED and the spacing allows: waiting again, handed over now under the next number. */
  | ({ kind: 'CHECK_AGAIN' } & NextCheck)
  /**
   * Still waiting, and its last hand-over long enough ago to have been lost: handed over again
   * under the same number (a workflow that has it ignores it). `noteReturn` as below.
   */
  | { kind: 'HAND_OVER_AGAIN'; handOver: number; noteReturn: boolean }
  /**
   * Being checked now, or judged UNCONFIRMED inside the spacing: remembered, so it is checked once
   * the check under way ends UNCONFIRMED and the spacing allows.
   */
  | { kind: 'NOTE_RETURN' }
  | { kind: 'NOTHING' };

/** The hand-over number of a row's latest check (0 for a row never handed over). */
export function latestHandOver(checks: number): number {
  return Math.max(checks - 1, 0);
}

/**
 * Seconds that must pass after the latest of `checks` checks before the next one (numbered
 * `checks`) is asked: none for the first `MAX_CALLBACK_CHECKS`, then 30 s, 60 s, 120 s, …
 */
export function spacingAfter(checks: number): number {
  return checks < MAX_CALLBACK_CHECKS ? 0 : CHECK_SPACING_BASE_SECONDS * 2 ** (checks - MAX_CALLBACK_CHECKS);
}

function nextCheck(row: Pick<StoredCallbackChecks, 'checks'>): NextCheck {
  return { handOver: row.checks, spacingSeconds: spacingAfter(row.checks + 1) };
}

function spacingAllows(row: Pick<StoredCallbackChecks, 'secondsUntilNextCheck'>): boolean {
  return row.secondsUntilNextCheck <= 0;
}

/**
 * A repeat of a stored callback. `worthChecking` is false when the payment's own rules say the
 * callback starts nothing now (an unsigned return for a closed payment); `lostAfterSeconds` is how
 * long a hand-over may go unanswered before it is taken as lost.
 */
export function repeatAction(
  row: StoredCallbackChecks,
  input: { worthChecking: boolean; lostAfterSeconds: number },
): RepeatAction {
  const note: RepeatAction =
    input.worthChecking && !row.returnedWhileChecking ? { kind: 'NOTE_RETURN' } : { kind: 'NOTHING' };
  if (row.judged) {
    if (!input.worthChecking || row.verdict !== UNCONFIRMED) return { kind: 'NOTHING' };
    return spacingAllows(row) ? { kind: 'CHECK_AGAIN', ...nextCheck(row) } : note;
  }
  const lost = row.secondsSinceHandOver === null || row.secondsSinceHandOver >= input.lostAfterSeconds;
  if (lost) {
    return { kind: 'HAND_OVER_AGAIN', handOver: latestHandOver(row.checks), noteReturn: input.worthChecking };
  }
  return note;
}

/** What writing a check's verdict does to its row. */
export type VerdictAction =
  /**
   * The verdict stands: the row is judged. `keepReturn`: an UNCONFIRMED check the same callback
   * arrived during, inside the spacing: that repeat stays remembered for the check the spacing
   * allows next.
   */
  | { kind: 'JUDGE'; keepReturn: boolean }
  /**
   * The check ended UNCONFIRMED while the same callback arrived again, and the spacing allows: the
   * row waits again and is checked at once under `handOver`.
   */
  | ({ kind: 'CHECK_AGAIN' } & NextCheck)
  /**
   * This check was overtaken (an earlier try of the same step already asked for the next one, or
   * the row was judged): nothing is written; a later check still due is named so it is not lost.
   */
  | { kind: 'STALE'; pending: number | null };

/**
 * Whether `verdictAction` judges this verdict on the row's checks alone: any verdict but
 * UNCONFIRMED is written (JUDGE, keeping no repeat) exactly when the row is not judged yet and the
 * check is its latest, whatever repeats arrived meanwhile.
 */
export function judgedWhenCurrent(verdict: string): boolean {
  return verdict !== UNCONFIRMED;
}

/** The verdict of the check numbered `handOver` (0 for notices that carry no number). */
export function verdictAction(
  row: StoredCallbackChecks,
  input: { verdict: string; handOver: number },
): VerdictAction {
  const current = latestHandOver(row.checks);
  if (row.judged) return { kind: 'STALE', pending: null };
  if (input.handOver < current) return { kind: 'STALE', pending: current };
  const returned = input.verdict === UNCONFIRMED && row.returnedWhileChecking;
  if (returned && spacingAllows(row)) return { kind: 'CHECK_AGAIN', ...nextCheck(row) };
  return { kind: 'JUDGE', keepReturn: returned };
}

/** What the sweeper does with a row judged UNCONFIRMED that holds a remembered repeat. */
export type RememberedRepeatAction =
  /** The spacing has ended: the remembered repeat is checked now under the next number. */
  | ({ kind: 'CHECK_AGAIN' } & NextCheck)
  /** The payment's rules no longer want it checked: forgotten, so no sweep looks at it again. */
  | { kind: 'FORGET' }
  /** Not yet (or nothing remembered). */
  | { kind: 'NOTHING' };

/**
 * A remembered repeat once its spacing may have ended (the sweeper looks every minute). Checked
 * only while the row's verdict is UNCONFIRMED and the payment's rules still say hand over.
 */
export function rememberedRepeatAction(
  row: StoredCallbackChecks,
  input: { worthChecking: boolean },
): RememberedRepeatAction {
  if (!row.judged || row.verdict !== UNCONFIRMED || !row.returnedWhileChecking) return { kind: 'NOTHING' };
  if (!input.worthChecking) return { kind: 'FORGET' };
  return spacingAllows(row) ? { kind: 'CHECK_AGAIN', ...nextCheck(row) } : { kind: 'NOTHING' };
}

/**
 * The key a refused callback (a bad signature, a callback naming another payment) is kept under:
 * one row per payment, gateway, kind and reason, whatever the forged body held, so a flood of
 * forgeries naming a real payment counts on one row instead of writing one each. Refused rows are
 * never handed to a workflow, so folding them loses nothing a genuine callback needs: that one is
 * kept under its own key (payment, confirmation key, claimed status) and checked as ever.
 */
export function rejectedCallbackKey(input: {
  paymentId: number;
  gateway: string;
  kind: string;
  reason: string;
}): string {
  return `${input.paymentId}:rejected:${input.gateway}:${input.kind}:${input.reason}`;
}
