import type { PaymentStatus } from './payment-status.js';

/**
 * Failover at checkout, decided without I/O: when may a customer's gateway choice be replaced,
 * and in which order are the choices offered.
 */

export type OpeningOutcome = 'OPENING' | 'OPENED' | 'FAILED';

/** How many tries one session opening (a customer's click) makes before the page says it failed. */
export const SESSION_OPENING_TRIES = 3;

/**
 * Past this, an opening still recorded as under way has ended without word (its tries timed out:
 * 3 × 15 s plus backoff): it counts as failed.
 */
export const OPENING_GIVES_UP_AFTER_MS = 60_000;

export interface FailoverFacts {
  status: PaymentStatus;
  gateway: string | null;
  /** A session key or page URL: a gateway page may have reached the customer. */
  sessionReachedCustomer: boolean;
  /** The customer chose the gateway on our checkout (false: the app bound it at create). */
  chosenAtCheckout: boolean;
  /** The payment's latest session opening, if any. */
  latestOpening: { gateway: string; outcome: OpeningOutcome; startedAt: Date } | null;
  now: Date;
}

export type FailoverRefusal =
  'NOT_OPEN' | 'SESSION_REACHED_CUSTOMER' | 'BOUND_BY_APP' | 'NO_FAILED_OPENING' | 'NOT_BOUND';

/**
 * Whether the customer may now choose another gateway for a payment already bound to one. Only
 * while no gateway page can have reached the customer (CREATED, no session), only for a choice
 * the customer made here (the app's explicit choice at create is respected), and only after the
 * opening with the bound gateway failed (not while one is under way or after one succeeded).
 */
export function failoverOpen(facts: FailoverFacts): { open: true } | { open: false; why: FailoverRefusal } {
  if (facts.gateway === null) return { open: false, why: 'NOT_BOUND' };
  if (facts.status !== 'CREATED') return { open: false, why: 'NOT_OPEN' };
  if (facts.sessionReachedCustomer) return { open: false, why: 'SESSION_REACHED_CUSTOMER' };
  if (!facts.chosenAtCheckout) return { open: false, why: 'BOUND_BY_APP' };
  const latest = facts.latestOpening;
  const failed =
    latest?.outcome === 'FAILED' ||
    (latest?.outcome === 'OPENING' &&
      facts.now.getTime() - latest.startedAt.getTime() > OPENING_GIVES_UP_AFTER_MS);
  if (!latest || latest.gateway !== facts.gateway || !failed) {
    return { open: false, why: 'NO_FAILED_OPENING' };
  }
  return { open: true };
}

export interface OfferedChoice {
  name: string;
  /** Its sessions kept failing lately (the breaker is open): offered, but last. */
  degraded: boolean;
  /** The customer's earlier choice, whose opening just failed: may be tried again, after the rest. */
  failedJustNow: boolean;
  /** Down or under maintenance (gateway health): shown after every other, and not selectable. */
  unavailable?: boolean;
}

/**
 * The order choices are offered in: gateways that answer first, then degraded ones, then the one
 * that just failed, then those down or under maintenance; otherwise as the app's gateways are listed.
 */
export function orderChoices<T extends OfferedChoice>(choices: readonly T[]): T[] {
  const rank = (choice: T) => (choice.unavailable ? 3 : choice.failedJustNow ? 2 : choice.degraded ? 1 : 0);
  return choices
    .map((choice, index) => ({ choice, index }))
    .sort((a, b) => rank(a.choice) - rank(b.choice) || a.index - b.index)
    .map(({ choice }) => choice);
}
