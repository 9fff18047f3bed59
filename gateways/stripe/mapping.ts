import type Stripe from 'stripe';
import type { GatewayDispute, GatewayTransaction, RefundResult } from '../types.js';

/** Stripe objects read into our neutral terms. */

type Outcome = GatewayTransaction['outcome'];

function expanded<T extends { id: string }>(value: string | T | null | undefined): T | null {
  return value !== null && typeof value === 'object' ? value : null;
}

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (typeof value === 'string') return value;
  return value?.id ?? null;
}

/**
 * Only a complete, paid session is money received. A completed but unpaid session waits for a
 * delayed method (a bank debit) while its PaymentIntent is processing, and has failed once the
 * intent falls back to needing a payment method. An open session is still payable, even after a
 * decline: Checkout lets the customer try another card until the session expires.
 */
function outcomeOf(session: Stripe.Checkout.Session, intent: Stripe.PaymentIntent | null): Outcome {
  switch (session.status) {
    case 'expired':
      return 'EXPIRED';
    case 'open':
      return 'PENDING';
    case 'complete':
      if (session.payment_status === 'paid') return 'SUCCEEDED';
      if (intent?.status === 'requires_payment_method' || intent?.status === 'canceled') return 'FAILED';
      return 'PENDING';
    default:
      return 'UNKNOWN';
  }
}

/** Radar's `elevated` and `highest` risk levels flag the payment (riskLevel > 0) for review. */
function riskLevelOf(charge: Stripe.Charge | null): number | null {
  const level = charge?.outcome?.risk_level;
  if (level === 'normal') return 0;
  if (level === 'elevated' || level === 'highest') return 1;
  return null;
}

/**
 * Stripe's fee for the charge, from its balance transaction, when that is booked in the charge's
 * own currency (a converted charge's fee is in the account's currency: the schedule estimates it).
 */
function feeOf(charge: Stripe.Charge | null, currency: string | null): number | null {
  const balance = expanded(charge?.balance_transaction);
  if (!balance || !currency || balance.currency?.toLowerCase() !== currency.toLowerCase()) return null;
  return Number.isSafeInteger(balance.fee) && balance.fee >= 0 ? balance.fee : null;
}

/**
 * A session retrieved with `payment_intent`, `payment_intent.latest_charge` and that charge's
 * `balance_transaction` expanded. Amounts
 * are the session's `amount_total`: what Stripe charges, which the core compares with the order.
 */
export function toTransaction(session: Stripe.Checkout.Session): GatewayTransaction {
  const intent = expanded(session.payment_intent);
  const charge = expanded(intent?.latest_charge);
  const method = charge?.payment_method_details ?? null;
  return {
    outcome: outcomeOf(session, intent),
    gatewayStatus: [session.status, session.payment_status, intent?.status].filter(Boolean).join('/'),
    reference: session.client_reference_id ?? session.metadata?.reference ?? '',
    amountMinor: session.amount_total,
    currency: session.currency?.toUpperCase() ?? null,
    validationId: session.id,
    gatewayTransactionId: idOf(session.payment_intent),
    // The wallet when there is one (apple_pay), else the card's brand (visa), else the method's type.
    paymentMethod: method?.card?.wallet?.type ?? method?.card?.brand ?? method?.type ?? null,
    riskLevel: riskLevelOf(charge),
    feeMinor: feeOf(charge, session.currency),
    raw: {
      session: session.id,
      status: session.status,
      paymentStatus: session.payment_status,
      paymentIntent: idOf(session.payment_intent),
      paymentIntentStatus: intent?.status ?? null,
      declineCode: intent?.last_payment_error?.decline_code ?? intent?.last_payment_error?.code ?? null,
      charge: charge?.id ?? null,
      balanceTransaction: idOf(charge?.balance_transaction),
      paymentMethod: method?.type ?? null,
      cardBrand: method?.card?.brand ?? null,
      cardLast4: method?.card?.last4 ?? null,
      wallet: method?.card?.wallet?.type ?? null,
    },
  };
}

const REFUND_STATUS: Record<string, RefundResult['status']> = {
  pending: 'PROCESSING',
  requires_action: 'PROCESSING',
  succeeded: 'SUCCEEDED',
  failed: 'FAILED',
  canceled: 'FAILED',
};

/** `replayed`: Stripe answered from its idempotency store, so an earlier try of ours created it. */
export function toRefundResult(refund: Stripe.Refund, replayed = false): RefundResult {
  const status = REFUND_STATUS[refund.status ?? ''] ?? 'PROCESSING';
  return {
    status,
    gatewayRefundId: refund.id,
    ...(replayed ? { alreadySubmitted: true } : {}),
    reason: status === 'FAILED' ? (refund.failure_reason ?? refund.status ?? 'failed') : null,
    raw: {
      id: refund.id,
      status: refund.status,
      amount: refund.amount,
      currency: refund.currency,
      paymentIntent: idOf(refund.payment_intent),
      charge: idOf(refund.charge),
      failureReason: refund.failure_reason ?? null,
    },
  };
}

/**
 * Stripe's dispute statuses in ours. An inquiry (warning_*) or a dispute still being argued is
 * OPEN; `won`, an inquiry closed without a chargeback (`warning_closed`) and a dispute `prevented`
 * give the money back; `lost` keeps it gone.
 */
const DISPUTE_STATUS: Record<string, GatewayDispute['status']> = {
  warning_needs_response: 'OPEN',
  appeal_needs_response: 'OPEN',
  appeal_under_review: 'OPEN',
  warning_under_review: 'OPEN',
  needs_response: 'OPEN',
  under_review: 'OPEN',
  won: 'WON',
  warning_closed: 'WON',
  prevented: 'WON',
  lost: 'LOST',
};

/**
 * Stripe's dispute fee: the fees on the dispute's balance transactions (the withdrawal carries it;
 * a won dispute's reinstatement returns the amount, and in most cases not the fee). Only
 * transactions in the dispute's own currency count: a converted fee is in the account's currency.
 * Null when Stripe has charged nothing yet (an inquiry moves no money).
 */
function disputeFeeOf(dispute: Stripe.Dispute): number | null {
  const own = (dispute.balance_transactions ?? []).filter(
    (txn) => typeof txn === 'object' && txn.currency?.toLowerCase() === dispute.currency.toLowerCase(),
  );
  const fee = own.reduce((sum, txn) => sum + (Number.isSafeInteger(txn.fee) ? txn.fee : 0), 0);
  return fee > 0 ? fee : null;
}

export function toGatewayDispute(dispute: Stripe.Dispute): GatewayDispute {
  return {
    gatewayDisputeId: dispute.id,
    gatewayTransactionId: idOf(dispute.payment_intent),
    amountMinor: dispute.amount,
    currency: dispute.currency.toUpperCase(),
    reason: dispute.reason ?? null,
    status: DISPUTE_STATUS[dispute.status] ?? 'OPEN',
    gatewayStatus: dispute.status,
    feeMinor: disputeFeeOf(dispute),
  };
}
