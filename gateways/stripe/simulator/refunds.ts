import { z } from 'zod';
import { refundSucceeded } from './balance.js';
import { toDecimalString, isCurrency } from '../../../domain/shared/money.js';
import { unixSeconds } from './context.js';
import type { Simulator } from './context.js';
import { invalidRequest, resourceMissing } from './errors.js';
import { record, sendAll } from './events.js';
import type { FormObject } from './form.js';
import { newId } from './ids.js';
import { chargeObject, refundObject } from './objects.js';
import { expandList, integer, metadata, parseParams } from './params.js';
import type { SimCharge, SimRefund, WebhookDelivery } from './state.js';

/** `POST /v1/refunds`: partial refunds add up to at most the charge; each waits for the bank, then settles. */

const createSchema = z
  .object({
    payment_intent: z.string().min(1).optional(),
    charge: z.string().min(1).optional(),
    amount: integer.pipe(z.number().int().min(1)).optional(),
    reason: z.enum(['duplicate', 'fraudulent', 'requested_by_customer']).optional(),
    metadata: metadata.optional(),
    expand: expandList,
  })
  .strict();

function money(amountMinor: number, currency: string): string {
  const code = currency.toUpperCase();
  return isCurrency(code) ? `${toDecimalString(amountMinor, code)} ${code}` : `${amountMinor} ${code}`;
}

function chargeToRefund(simulator: Simulator, params: z.infer<typeof createSchema>): SimCharge {
  const { state } = simulator;
  if (params.charge) {
    const charge = state.charges.get(params.charge);
    if (!charge) throw resourceMissing('charge', params.charge, 'charge');
    return charge;
  }
  if (!params.payment_intent) {
    throw invalidRequest(
      'One of the following params should be provided for this request: payment_intent or charge.',
    );
  }
  const intent = state.intents.get(params.payment_intent);
  if (!intent) throw resourceMissing('payment_intent', params.payment_intent, 'payment_intent');
  const charge = intent.latestChargeId ? state.charges.get(intent.latestChargeId) : undefined;
  if (intent.status !== 'succeeded' || !charge) {
    throw invalidRequest(
      `This PaymentIntent (${intent.id}) does not have a successful charge to refund.`,
      'payment_intent',
    );
  }
  return charge;
}

/** The client_reference_id of the session a payment was made in, for per-payment faults. */
function referenceOf(simulator: Simulator, paymentIntentId: string): string | null {
  const sessionId = simulator.state.intents.get(paymentIntentId)?.sessionId;
  return sessionId ? (simulator.state.sessions.get(sessionId)?.clientReferenceId ?? null) : null;
}

export function createRefund(simulator: Simulator, form: FormObject): SimRefund {
  const params = parseParams(createSchema, form);
  const charge = chargeToRefund(simulator, params);
  if (charge.status !== 'succeeded') throw invalidRequest(`Charge ${charge.id} has not succeeded.`, 'charge');
  const remaining = charge.amount - simulator.state.refundedMinor(charge.id);
  if (remaining <= 0)
    throw invalidRequest(
      `Charge ${charge.id} has already been refunded.`,
      undefined,
      'charge_already_refunded',
    );
  const amount = params.amount ?? remaining;
  if (amount > remaining) {
    throw invalidRequest(
      `Refund amount (${money(amount, charge.currency)}) is greater than unrefunded amount on charge (${money(remaining, charge.currency)})`,
      'amount',
      'amount_too_large',
    );
  }
  const reference = referenceOf(simulator, charge.paymentIntentId);
  const faults = simulator.faults.for(reference);
  const refund: SimRefund = {
    id: newId.refund(),
    created: unixSeconds(simulator),
    chargeId: charge.id,
    paymentIntentId: charge.paymentIntentId,
    amount,
    currency: charge.currency,
    status: 'pending',
    reason: params.reason ?? null,
    metadata: params.metadata ?? {},
    failureReason: null,
    settlesAtMs: simulator.now() + (faults.refundSettlesAfterMs ?? 0),
    settlesTo: faults.refundOutcome ?? 'succeeded',
    balanceTransactionId: null,
  };
  simulator.state.refunds.set(refund.id, refund);
  void sendAll(simulator, [record(simulator, 'refund.created', refundObject(refund), reference)]);
  return refund;
}

export function retrieveRefund(simulator: Simulator, id: string): SimRefund {
  const refund = simulator.state.refunds.get(id);
  if (!refund) throw resourceMissing('refund', id);
  return refund;
}

/** The bank's answer: a failed refund gives its amount back to the charge. */
export function settleRefund(
  simulator: Simulator,
  refund: SimRefund,
  status = refund.settlesTo,
): Promise<WebhookDelivery[]> {
  if (refund.status !== 'pending') return Promise.resolve([]);
  refund.status = status;
  if (status === 'failed') refund.failureReason = 'expired_or_canceled_card';
  else refundSucceeded(simulator, refund);
  const reference = referenceOf(simulator, refund.paymentIntentId);
  const charge = simulator.state.charges.get(refund.chargeId);
  const events = [record(simulator, 'refund.updated', refundObject(refund), reference)];
  if (status === 'failed') events.push(record(simulator, 'refund.failed', refundObject(refund), reference));
  else if (charge)
    events.push(record(simulator, 'charge.refunded', chargeObject(simulator, charge), reference));
  return sendAll(simulator, events);
}
