/**
 * A small circuit breaker per gateway and mode. A gateway whose session openings keep failing is
 * degraded for a few minutes: the checkout still offers it, last and with a note, so customers
 * pick a gateway that answers. One successful opening closes it at once. Pure: the database keeps
 * the state (shared by every process) and calls these under the row's lock.
 */

export const BREAKER_RULE = {
  /** This many failed session openings in a row… */
  failuresToDegrade: 5,
  /** …the first of them no longer ago than this… */
  withinMs: 2 * 60_000,
  /** …degrade the gateway for this long (from its latest failure). */
  degradedForMs: 5 * 60_000,
} as const;

export interface BreakerState {
  /** Failed openings since the last success (or since the count restarted). */
  consecutiveFailures: number;
  firstFailureAt: Date | null;
  degradedSince: Date | null;
  degradedUntil: Date | null;
}

export const CLOSED_BREAKER: BreakerState = {
  consecutiveFailures: 0,
  firstFailureAt: null,
  degradedSince: null,
  degradedUntil: null,
};

export function isDegraded(state: BreakerState, at: Date): boolean {
  return state.degradedUntil !== null && at.getTime() < state.degradedUntil.getTime();
}

/** The breaker after one more failed opening at `at`. */
export function afterFailure(state: BreakerState, at: Date, rule = BREAKER_RULE): BreakerState {
  if (isDegraded(state, at)) {
    // Still failing while degraded: it stays degraded, counted from this latest failure.
    return { ...state, degradedUntil: new Date(at.getTime() + rule.degradedForMs) };
  }
  const stale =
    state.firstFailureAt === null || at.getTime() - state.firstFailureAt.getTime() > rule.withinMs;
  const counted = stale
    ? { consecutiveFailures: 1, firstFailureAt: at }
    : { consecutiveFailures: state.consecutiveFailures + 1, firstFailureAt: state.firstFailureAt };
  if (counted.consecutiveFailures < rule.failuresToDegrade) {
    return { ...counted, degradedSince: null, degradedUntil: null };
  }
  // The count starts again, so after the degraded spell it takes a fresh run of failures.
  return {
    consecutiveFailures: 0,
    firstFailureAt: null,
    degradedSince: at,
    degradedUntil: new Date(at.getTime() + rule.degradedForMs),
  };
}

/** A session opened: whatever came before, the gateway answers again. */
export function afterSuccess(): BreakerState {
  return CLOSED_BREAKER;
}
