/**
 * The payout workflow's pacing, apart from payouts.ts (which makes references with node:crypto):
 * the workflow bundle takes no Node module.
 */

/** How long a payout the rail holds as PROCESSING waits before it is asked again: 5 s doubling to 10 min. */
export function confirmationDelayMs(asked: number): number {
  return Math.min(600_000, 5_000 * 2 ** Math.min(asked, 7));
}
