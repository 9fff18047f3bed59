import { SESSION_ID_TEMPLATE } from '../protocol.js';
import type { Simulator } from './context.js';
import { decline, expire, payByCard, payByDebit } from './payments.js';
import type { Deliveries } from './payments.js';
import type { SimSession } from './state.js';

/** What a customer can do on the hosted page, shared by the page and the control API. */

export const CHOICES = ['pay', 'async_success', 'async_failure', 'decline', 'cancel', 'abandon'] as const;
export type Choice = (typeof CHOICES)[number];

export function isChoice(value: unknown): value is Choice {
  return (CHOICES as readonly unknown[]).includes(value);
}

export interface ChoiceResult {
  /** Where Stripe sends the browser next, or null when it stays on Stripe's page. */
  redirect: string | null;
  deliveries: Deliveries;
}

/** Stripe substitutes the session id into the success URL, and only there. */
function successRedirect(session: SimSession): string | null {
  return session.successUrl?.replaceAll(SESSION_ID_TEMPLATE, session.id) ?? null;
}

const NONE: Deliveries = Promise.resolve([]);

/**
 * `cancel` is the page's back link: the session stays open. `abandon` is a customer who walks
 * away, fast-forwarded to the session's expiry.
 */
export function applyChoice(simulator: Simulator, session: SimSession, choice: Choice): ChoiceResult {
  switch (choice) {
    case 'pay':
      return { deliveries: payByCard(simulator, session), redirect: successRedirect(session) };
    case 'async_success':
      return { deliveries: payByDebit(simulator, session, 'succeeded'), redirect: successRedirect(session) };
    case 'async_failure':
      return { deliveries: payByDebit(simulator, session, 'failed'), redirect: successRedirect(session) };
    case 'decline':
      return { deliveries: decline(simulator, session), redirect: null };
    case 'cancel':
      return { deliveries: NONE, redirect: session.cancelUrl };
    case 'abandon':
      return { deliveries: expire(simulator, session), redirect: null };
  }
}
