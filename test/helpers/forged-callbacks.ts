import { signatureHeader } from '../../gateways/stripe/simulator/signing.js';
import type { Stack } from './stack.js';

/**
 * What a forger sends in place of a gateway: the claims the contract suite and the gateways' own
 * end-to-end suites make, built once so both make the same claim.
 */

/** Nagad's paymentReferenceId is the hosted page's last path segment. */
export const nagadPaymentRefIdOf = (pageUrl: string) =>
  decodeURIComponent(new URL(pageUrl).pathname.split('/').at(-1)!);

/** Our reference as Nagad's orderId (no underscore). */
export const nagadOrderIdOf = (reference: string) => reference.replace('_', '');

/** Nagad's callback query claiming success for `reference`; unsigned, so anyone can send it. */
export const nagadSuccessClaim = (stack: Stack, reference: string, paymentRefId: string) => ({
  merchant: stack.gatewaySimulators.credentials.nagad.merchantId!,
  order_id: nagadOrderIdOf(reference),
  payment_ref_id: paymentRefId,
  status: 'Success',
  status_code: '00_0000_000',
  message: 'Successful Transaction',
});

/** A payment_ref_id Nagad never issued. */
export const BOGUS_NAGAD_PAYMENT_REF_ID = 'MDIxMjAxOTAzMTI0Ny42ODMwMDIwMDcxMDQyMjUuQm9ndXM=';

/** The Checkout Session's id is Stripe's hosted page's last path segment (`/c/pay/cs_…`). */
export const stripeSessionIdOf = (pageUrl: string) => new URL(pageUrl).pathname.split('/').at(-1)!;

/** A checkout.session.completed event saying `sessionId` paid `amountMinor` for `reference`. */
export const stripeCompletedClaim = (sessionId: string, reference: string, amountMinor: number) =>
  JSON.stringify({
    id: `evt_forged${Date.now()}${Math.random().toString(36).slice(2, 8)}`,
    object: 'event',
    type: 'checkout.session.completed',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    data: {
      object: {
        id: sessionId,
        object: 'checkout.session',
        client_reference_id: reference,
        metadata: { reference },
        status: 'complete',
        payment_status: 'paid',
        amount_total: amountMinor,
        currency: 'usd',
      },
    },
  });

/** Posts `payload` to our Stripe webhook URL, signed with `secret` (ours if stolen, or any other). */
export const postStripeWebhook = (stack: Stack, payload: string, secret: string) =>
  stack.api('POST', '/api/v1/gateways/stripe/ipn', {
    rawBody: payload,
    headers: {
      'content-type': 'application/json',
      'stripe-signature': signatureHeader(payload, secret, Math.floor(Date.now() / 1000)),
    },
  });
