/**
 * Sign-in throttling per (email, client): a client that keeps failing for an email waits longer and
 * longer before its next attempt is even checked. Another client (the owner on their own machine)
 * keeps its own count, so nobody can lock an operator out by guessing at their email.
 *
 * The first FREE_FAILURES failures cost nothing (typos); then each failure doubles the wait,
 * starting at one second and capped at fifteen minutes. A success clears the count; so does a day
 * without failures.
 */
export const LOGIN_THROTTLE = {
  freeFailures: 5,
  firstDelayMs: 1000,
  maxDelayMs: 15 * 60 * 1000,
  forgetAfterMs: 24 * 60 * 60 * 1000,
} as const;

/** How long the client waits after its `failures`-th failure in a row. */
export function delayAfterFailures(failures: number): number {
  if (failures < LOGIN_THROTTLE.freeFailures) return 0;
  const doublings = Math.min(failures - LOGIN_THROTTLE.freeFailures, 30);
  return Math.min(LOGIN_THROTTLE.firstDelayMs * 2 ** doublings, LOGIN_THROTTLE.maxDelayMs);
}
