import type { Currency } from '../../domain/shared/money.js';

/**
 * What Stripe Checkout and its webhooks promise, shared by the client and the simulator.
 * Stripe counts money in the currency's minor unit, as we do, and treats JPY as zero-decimal, as
 * domain/shared/money.ts does: amounts go over the wire unconverted.
 */

/** Where Stripe's hosted Checkout pages live. */
export const CHECKOUT_ORIGIN = 'https://checkout.stripe.com';

/**
 * Stripe's minimum charge per currency (docs.stripe.com/currencies#minimum-and-maximum-charge-amounts),
 * in minor units. Stripe publishes no BDT floor (it converts to the settlement currency); 60.00 BDT is
 * about the 0.50 USD it requires.
 */
export const MIN_CHARGE_MINOR: Readonly<Record<Currency, number>> = {
  USD: 50,
  EUR: 50,
  GBP: 30,
  INR: 50,
  SGD: 50,
  MYR: 200,
  AUD: 50,
  CAD: 50,
  JPY: 50,
  BDT: 6000,
};

/** Every currency we accept is one Stripe presents. */
export const STRIPE_CURRENCIES = Object.keys(MIN_CHARGE_MINOR) as Currency[];

/** Stripe's amounts have at most eight digits (99,999,999 minor units). */
export const MAX_CHARGE_MINOR = 99_999_999;

/** A session's `expires_at` must lie 30 minutes to 24 hours after its creation. */
export const SESSION_LIFETIME_SECONDS = { min: 30 * 60, max: 24 * 60 * 60 } as const;

/** Stripe substitutes this literal in `success_url` with the session's id. */
export const SESSION_ID_TEMPLATE = '{CHECKOUT_SESSION_ID}';

/** The events about a Checkout Session's outcome; every other event type is of no use to a payment. */
export const SESSION_EVENT_TYPES = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
] as const;
export type SessionEventType = (typeof SESSION_EVENT_TYPES)[number];

export function isSessionEventType(type: string): type is SessionEventType {
  return (SESSION_EVENT_TYPES as readonly string[]).includes(type);
}

/**
 * The events about a dispute of a charge: opened, changed (evidence, status), funds taken or given
 * back, closed won or lost. Each only prompts asking Stripe about the dispute, so any one of them
 * arriving brings our record up to date, even when an earlier one was lost.
 */
export const DISPUTE_EVENT_TYPES = [
  'charge.dispute.created',
  'charge.dispute.updated',
  'charge.dispute.funds_withdrawn',
  'charge.dispute.funds_reinstated',
  'charge.dispute.closed',
] as const;
export type DisputeEventType = (typeof DISPUTE_EVENT_TYPES)[number];

export function isDisputeEventType(type: string): type is DisputeEventType {
  return (DISPUTE_EVENT_TYPES as readonly string[]).includes(type);
}

/** stripe-node's DEFAULT_TOLERANCE: a signature older than five minutes is refused. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export const SIGNATURE_HEADER = 'stripe-signature';

/** Idempotency keys derived from our own references, so a retried call replays the first answer. */
export const idempotencyKeys = {
  session: (reference: string) => `session-${reference}`,
  refund: (refundReference: string) => `refund-${refundReference}`,
};
