/**
 * When a payment whose customer reached the gateway asks the gateway itself, while no callback
 * came: a gateway's server-to-server notice may be lost (SSLCOMMERZ documents no IPN retry) and a
 * customer may close the tab before their browser comes back, and a paid payment must not wait
 * for the end of its window (up to a day) to be known. Measured from the customer's first click,
 * which opened the gateway's checkout; the question at the window's end follows as before.
 */
export const PENDING_CHECKS_AFTER_MS = [5, 15, 45, 120, 360].map((minutes) => minutes * 60_000);

/** The instant of the next check (workflow time), or null when every check was made. */
export function nextPendingCheckAt(firstClickAt: number, checksMade: number): number | null {
  const after = PENDING_CHECKS_AFTER_MS[checksMade];
  return after === undefined ? null : firstClickAt + after;
}
