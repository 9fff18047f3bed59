import type Stripe from 'stripe';
import type { GatewaySessionRequest } from '../types.js';
import { SESSION_ID_TEMPLATE, SESSION_LIFETIME_SECONDS } from './protocol.js';

/** Our session request as the parameters of a one-off, hosted Stripe Checkout Session. */

/**
 * The session ends when our payment does. Stripe accepts 30 minutes to 24 hours from now, so an
 * earlier expiry (or none) gets Stripe's shortest lifetime plus a minute for the call to reach
 * Stripe, rounded up to a ten-minute grid: Stripe compares a retried call's parameters with the
 * first, and retries within one step then send the same `expires_at` and replay the session. A
 * success after our expiry is a late capture, refunded like any other.
 */
const EXPIRY_MARGIN_SECONDS = 60;
const EXPIRY_GRID_SECONDS = 10 * 60;

export function sessionExpiresAt(nowMs: number, ours?: Date): number {
  const earliest = Math.floor(nowMs / 1000) + SESSION_LIFETIME_SECONDS.min + EXPIRY_MARGIN_SECONDS;
  const latest = Math.floor(nowMs / 1000) + SESSION_LIFETIME_SECONDS.max - EXPIRY_MARGIN_SECONDS;
  const gridded = Math.ceil(earliest / EXPIRY_GRID_SECONDS) * EXPIRY_GRID_SECONDS;
  const wanted = ours ? Math.floor(ours.getTime() / 1000) : null;
  if (wanted === null || wanted < earliest) return gridded;
  return Math.min(latest, wanted);
}

/**
 * Our return URL with `reference` set, so a return names its payment even without a session id.
 * The session id template is appended verbatim: encoded, Stripe would not substitute it.
 */
export function returnUrl(url: string, reference: string, withSessionId: boolean): string {
  const target = new URL(url);
  target.searchParams.set('reference', reference);
  if (!withSessionId) return target.toString();
  const fragment = target.hash;
  target.hash = '';
  return `${target.toString()}&session_id=${SESSION_ID_TEMPLATE}${fragment}`;
}

function present(value: string | null | undefined): string | undefined {
  return value === null || value === undefined || value.trim() === '' ? undefined : value.trim();
}

/**
 * Stripe has no failure URL (a declined card stays on the hosted page to try again) and takes no
 * per-session notification URL (webhook endpoints are configured on the account), so `failUrl`
 * and `ipnUrl` are not sent.
 */
export function sessionParams(
  request: GatewaySessionRequest,
  nowMs: number,
): Stripe.Checkout.SessionCreateParams {
  const metadata = { reference: request.reference };
  return {
    mode: 'payment',
    line_items: [
      {
        quantity: 1,
        price_data: {
          currency: request.currency.toLowerCase(),
          unit_amount: request.amountMinor,
          product_data: { name: request.productName },
        },
      },
    ],
    success_url: returnUrl(request.successUrl, request.reference, true),
    cancel_url: returnUrl(request.cancelUrl, request.reference, false),
    client_reference_id: request.reference,
    customer_email: present(request.customer.email),
    metadata,
    payment_intent_data: { metadata },
    expires_at: sessionExpiresAt(nowMs, request.expiresAt),
  };
}
