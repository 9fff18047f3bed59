import { balanceTransactionObject, payoutObject } from './balance.js';
import type { Simulator } from './context.js';
import { disputeObject } from './disputes.js';
import { invalidRequest } from './errors.js';
import type { SimCharge, SimPaymentIntent, SimRefund, SimSession } from './state.js';
import type { StripeObject } from './stripe-object.js';

/** The simulator's records as the Stripe API objects the SDK reads (API version fields it relies on). */

export function sessionObject(simulator: Simulator, session: SimSession): StripeObject {
  return {
    id: session.id,
    object: 'checkout.session',
    amount_subtotal: session.amountTotal,
    amount_total: session.amountTotal,
    cancel_url: session.cancelUrl,
    client_reference_id: session.clientReferenceId,
    created: session.created,
    currency: session.currency,
    customer: null,
    customer_email: session.customerEmail,
    expires_at: session.expiresAt,
    livemode: false,
    metadata: session.metadata,
    mode: 'payment',
    payment_intent: session.paymentIntentId,
    payment_method_types: ['card', 'us_bank_account'],
    payment_status: session.paymentStatus,
    status: session.status,
    success_url: session.successUrl,
    ui_mode: 'hosted_page',
    // Stripe gives the URL only while the session can still be paid.
    url: session.status === 'open' ? `${simulator.publicUrl}/c/pay/${session.id}` : null,
  };
}

export function intentObject(intent: SimPaymentIntent): StripeObject {
  return {
    id: intent.id,
    object: 'payment_intent',
    amount: intent.amount,
    amount_received: intent.status === 'succeeded' ? intent.amount : 0,
    canceled_at: intent.canceledAt,
    cancellation_reason: intent.canceledAt === null ? null : 'abandoned',
    created: intent.created,
    currency: intent.currency,
    last_payment_error: intent.lastPaymentError,
    latest_charge: intent.latestChargeId,
    livemode: false,
    metadata: intent.metadata,
    payment_method_types: ['card', 'us_bank_account'],
    status: intent.status,
  };
}

function paymentMethodDetails(charge: SimCharge): StripeObject {
  if (charge.method === 'us_bank_account') {
    return { type: 'us_bank_account', us_bank_account: { bank_name: 'STRIPE TEST BANK', last4: '6789' } };
  }
  return {
    type: 'card',
    card: {
      brand: 'visa',
      country: 'US',
      exp_month: 12,
      exp_year: 2034,
      funding: 'credit',
      last4: '4242',
      wallet: null,
    },
  };
}

export function chargeObject(simulator: Simulator, charge: SimCharge): StripeObject {
  const refunded = simulator.state.refundedMinor(charge.id);
  const succeeded = charge.status === 'succeeded';
  return {
    id: charge.id,
    object: 'charge',
    amount: charge.amount,
    amount_captured: succeeded ? charge.amount : 0,
    amount_refunded: refunded,
    captured: succeeded,
    created: charge.created,
    currency: charge.currency,
    livemode: false,
    outcome: {
      network_status: charge.status === 'failed' ? 'declined_by_network' : 'approved_by_network',
      risk_level: 'normal',
      risk_score: 12,
      type: charge.status === 'failed' ? 'issuer_declined' : 'authorized',
    },
    paid: succeeded,
    payment_intent: charge.paymentIntentId,
    payment_method_details: paymentMethodDetails(charge),
    refunded: succeeded && refunded >= charge.amount,
    balance_transaction: charge.balanceTransactionId,
    status: charge.status,
  };
}

export function refundObject(refund: SimRefund): StripeObject {
  return {
    id: refund.id,
    object: 'refund',
    amount: refund.amount,
    balance_transaction: refund.balanceTransactionId,
    charge: refund.chargeId,
    created: refund.created,
    currency: refund.currency,
    failure_reason: refund.failureReason,
    metadata: refund.metadata,
    payment_intent: refund.paymentIntentId,
    reason: refund.reason,
    status: refund.status,
  };
}

/** Any object by its id, for expansion. */
function objectById(simulator: Simulator, id: string): StripeObject | null {
  const { state } = simulator;
  const session = state.sessions.get(id);
  if (session) return sessionObject(simulator, session);
  const intent = state.intents.get(id);
  if (intent) return intentObject(intent);
  const charge = state.charges.get(id);
  if (charge) return chargeObject(simulator, charge);
  const refund = state.refunds.get(id);
  if (refund) return refundObject(refund);
  const txn = state.balanceTransactions.get(id);
  if (txn) return balanceTransactionObject(simulator, txn);
  const payout = state.payouts.get(id);
  if (payout) return payoutObject(simulator, payout);
  const dispute = state.disputes.get(id);
  return dispute ? disputeObject(simulator, dispute) : null;
}

function expandPath(simulator: Simulator, object: StripeObject, path: string[], fullPath: string): void {
  const [field, ...rest] = path;
  if (field === undefined) return;
  const value = object[field];
  if (value === null || value === undefined) return;
  let target: unknown = value;
  if (typeof value === 'string') {
    target = objectById(simulator, value);
    if (target === null) throw invalidRequest(`This property cannot be expanded (${fullPath}).`, 'expand');
    object[field] = target;
  }
  if (rest.length === 0) return;
  if (typeof target !== 'object' || target === null || Array.isArray(target)) {
    throw invalidRequest(`This property cannot be expanded (${fullPath}).`, 'expand');
  }
  expandPath(simulator, target as StripeObject, rest, fullPath);
}

/** `expand[]=payment_intent.latest_charge` replaces ids along the path with their objects. */
export function expand(simulator: Simulator, object: StripeObject, paths: readonly string[]): StripeObject {
  for (const path of paths) expandPath(simulator, object, path.split('.'), path);
  return object;
}
