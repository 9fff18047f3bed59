import { chargeSucceeded } from './balance.js';
import { unixSeconds } from './context.js';
import type { Simulator } from './context.js';
import { record, sendAll } from './events.js';
import { newId } from './ids.js';
import { chargeObject, intentObject, sessionObject } from './objects.js';
import type {
  AsyncOutcome,
  PaymentError,
  SimCharge,
  SimEvent,
  SimPaymentIntent,
  SimSession,
  WebhookDelivery,
} from './state.js';

/**
 * What happens to a Checkout Session, its PaymentIntent and charge as the customer acts, with the
 * events Stripe sends for each step. State changes at once; deliveries resolve later.
 */

export type Deliveries = Promise<WebhookDelivery[]>;

const DEFAULT_ASYNC_SETTLES_AFTER_MS = 10_000;

const CARD_DECLINED: PaymentError = {
  type: 'card_error',
  code: 'card_declined',
  decline_code: 'generic_decline',
  message: 'Your card was declined.',
};

const DEBIT_FAILED: PaymentError = {
  type: 'card_error',
  code: 'payment_method_provider_decline',
  message: 'The bank refused the debit (insufficient funds).',
};

function sessionEvent(simulator: Simulator, session: SimSession, type: string): SimEvent {
  return record(simulator, type, sessionObject(simulator, session), session.clientReferenceId);
}

function intentEvent(
  simulator: Simulator,
  session: SimSession,
  intent: SimPaymentIntent,
  type: string,
): SimEvent {
  return record(simulator, type, intentObject(intent), session.clientReferenceId);
}

/** Stripe creates the PaymentIntent at the first payment attempt; later attempts reuse it. */
function intentFor(simulator: Simulator, session: SimSession): SimPaymentIntent {
  const existing = session.paymentIntentId ? simulator.state.intents.get(session.paymentIntentId) : undefined;
  if (existing) return existing;
  const intent: SimPaymentIntent = {
    id: newId.paymentIntent(),
    created: unixSeconds(simulator),
    sessionId: session.id,
    amount: session.amountTotal,
    currency: session.currency,
    status: 'requires_payment_method',
    metadata: session.intentMetadata,
    latestChargeId: null,
    lastPaymentError: null,
    canceledAt: null,
  };
  simulator.state.intents.set(intent.id, intent);
  session.paymentIntentId = intent.id;
  return intent;
}

function newCharge(
  simulator: Simulator,
  intent: SimPaymentIntent,
  status: SimCharge['status'],
  method: SimCharge['method'],
) {
  const charge: SimCharge = {
    id: newId.charge(),
    created: unixSeconds(simulator),
    paymentIntentId: intent.id,
    amount: intent.amount,
    currency: intent.currency,
    status,
    method,
    balanceTransactionId: null,
  };
  simulator.state.charges.set(charge.id, charge);
  intent.latestChargeId = charge.id;
  return charge;
}

/** The amount fault takes effect as the session completes, as if the order had been changed at Stripe. */
function complete(simulator: Simulator, session: SimSession, paid: boolean): SimPaymentIntent {
  session.amountTotal =
    session.amountMinor + (simulator.faults.for(session.clientReferenceId).amountDeltaMinor ?? 0);
  session.status = 'complete';
  session.paymentStatus = paid ? 'paid' : 'unpaid';
  const intent = intentFor(simulator, session);
  intent.amount = session.amountTotal;
  intent.lastPaymentError = null;
  return intent;
}

export function payByCard(simulator: Simulator, session: SimSession): Deliveries {
  const intent = complete(simulator, session, true);
  intent.status = 'succeeded';
  const charge = newCharge(simulator, intent, 'succeeded', 'card');
  chargeSucceeded(simulator, charge);
  return sendAll(simulator, [
    record(simulator, 'charge.succeeded', chargeObject(simulator, charge), session.clientReferenceId),
    intentEvent(simulator, session, intent, 'payment_intent.succeeded'),
    sessionEvent(simulator, session, 'checkout.session.completed'),
  ]);
}

/** A bank debit: the session completes unpaid, and the bank's answer comes later. */
export function payByDebit(simulator: Simulator, session: SimSession, outcome: AsyncOutcome): Deliveries {
  const intent = complete(simulator, session, false);
  intent.status = 'processing';
  newCharge(simulator, intent, 'pending', 'us_bank_account');
  const after =
    simulator.faults.for(session.clientReferenceId).asyncSettlesAfterMs ?? DEFAULT_ASYNC_SETTLES_AFTER_MS;
  session.asyncSettlement = { outcome, atMs: simulator.now() + after };
  return sendAll(simulator, [
    intentEvent(simulator, session, intent, 'payment_intent.processing'),
    sessionEvent(simulator, session, 'checkout.session.completed'),
  ]);
}

export function settleDebit(simulator: Simulator, session: SimSession): Deliveries {
  const settlement = session.asyncSettlement;
  const intent = session.paymentIntentId ? simulator.state.intents.get(session.paymentIntentId) : undefined;
  const charge = intent?.latestChargeId ? simulator.state.charges.get(intent.latestChargeId) : undefined;
  session.asyncSettlement = null;
  if (!settlement || !intent || !charge) return Promise.resolve([]);
  if (settlement.outcome === 'succeeded') {
    session.paymentStatus = 'paid';
    intent.status = 'succeeded';
    charge.status = 'succeeded';
    chargeSucceeded(simulator, charge);
    return sendAll(simulator, [
      intentEvent(simulator, session, intent, 'payment_intent.succeeded'),
      sessionEvent(simulator, session, 'checkout.session.async_payment_succeeded'),
    ]);
  }
  intent.status = 'requires_payment_method';
  intent.lastPaymentError = DEBIT_FAILED;
  charge.status = 'failed';
  return sendAll(simulator, [
    intentEvent(simulator, session, intent, 'payment_intent.payment_failed'),
    sessionEvent(simulator, session, 'checkout.session.async_payment_failed'),
  ]);
}

/** A declined card leaves the session open: the customer may try another until it expires. */
export function decline(simulator: Simulator, session: SimSession): Deliveries {
  const intent = intentFor(simulator, session);
  intent.lastPaymentError = CARD_DECLINED;
  newCharge(simulator, intent, 'failed', 'card');
  return sendAll(simulator, [intentEvent(simulator, session, intent, 'payment_intent.payment_failed')]);
}

/** Expiry cancels a PaymentIntent left behind by failed attempts. */
export function expire(simulator: Simulator, session: SimSession): Deliveries {
  session.status = 'expired';
  const intent = session.paymentIntentId ? simulator.state.intents.get(session.paymentIntentId) : undefined;
  const events: SimEvent[] = [];
  if (intent && intent.status === 'requires_payment_method') {
    intent.status = 'canceled';
    intent.canceledAt = unixSeconds(simulator);
    events.push(intentEvent(simulator, session, intent, 'payment_intent.canceled'));
  }
  events.push(sessionEvent(simulator, session, 'checkout.session.expired'));
  return sendAll(simulator, events);
}
