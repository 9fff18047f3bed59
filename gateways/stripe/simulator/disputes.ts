import { z } from 'zod';
import { balanceTransactionObject, disputeMoved } from './balance.js';
import { unixSeconds } from './context.js';
import type { Simulator } from './context.js';
import { resourceMissing } from './errors.js';
import { record, sendAll } from './events.js';
import { newId } from './ids.js';
import type { StripeObject } from './stripe-object.js';
import type { SimDispute, WebhookDelivery } from './state.js';

/**
 * Disputes: a cardholder disputes a succeeded charge. Stripe takes the amount back at once and
 * sends `charge.dispute.created`; evidence moves it `under_review` (`charge.dispute.updated`);
 * the card network's decision closes it `won` or `lost` (`charge.dispute.closed`). One dispute
 * per charge, as at Stripe.
 */

export const DISPUTE_REASONS = [
  'fraudulent',
  'product_not_received',
  'product_unacceptable',
  'duplicate',
  'subscription_canceled',
  'credit_not_processed',
  'general',
] as const;

export const openDisputeSchema = z
  .object({
    /** The PaymentIntent disputed, or the client_reference_id of the session that paid it. */
    payment_intent: z.string().min(1).optional(),
    reference: z.string().min(1).optional(),
    /** Part of the charge (default: all of it). */
    amount: z.number().int().min(1).optional(),
    reason: z.enum(DISPUTE_REASONS).default('fraudulent'),
  })
  .strict()
  .refine((body) => body.payment_intent !== undefined || body.reference !== undefined, {
    message: 'name the payment_intent or the reference',
  });

export const closeDisputeSchema = z.object({ status: z.enum(['won', 'lost']) }).strict();

/** A refusal of the control API, in words for the tester. */
export class DisputeRefused extends Error {}

/**
 * The dispute as Stripe's API shows it: its `balance_transactions` are the money it moved (the
 * withdrawal with Stripe's dispute fee, a won dispute's reinstatement), embedded whole as Stripe
 * embeds them.
 */
export function disputeObject(simulator: Simulator, dispute: SimDispute): StripeObject {
  const { balanceTransactions } = simulator.state;
  return {
    id: dispute.id,
    object: 'dispute',
    amount: dispute.amount,
    balance_transactions: dispute.balanceTransactionIds
      .map((id) => balanceTransactions.get(id))
      .filter((txn) => txn !== undefined)
      .map((txn) => balanceTransactionObject(simulator, txn)),
    charge: dispute.chargeId,
    created: dispute.created,
    currency: dispute.currency,
    evidence: {},
    evidence_details: {
      due_by: dispute.created + 7 * 24 * 3600,
      has_evidence: dispute.status === 'under_review',
      past_due: false,
      submission_count: dispute.status === 'under_review' ? 1 : 0,
    },
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    payment_intent: dispute.paymentIntentId,
    reason: dispute.reason,
    status: dispute.status,
  };
}

/** The client_reference_id of the session a payment was made in, for per-payment faults. */
function referenceOf(simulator: Simulator, paymentIntentId: string): string | null {
  const sessionId = simulator.state.intents.get(paymentIntentId)?.sessionId;
  return sessionId ? (simulator.state.sessions.get(sessionId)?.clientReferenceId ?? null) : null;
}

function announce(simulator: Simulator, type: string, dispute: SimDispute): Promise<WebhookDelivery[]> {
  const event = record(
    simulator,
    type,
    disputeObject(simulator, dispute),
    referenceOf(simulator, dispute.paymentIntentId),
  );
  return sendAll(simulator, [event]);
}

function intentToDispute(simulator: Simulator, params: z.infer<typeof openDisputeSchema>) {
  const { state } = simulator;
  const intentId = params.payment_intent ?? state.latestSession(params.reference ?? '')?.paymentIntentId;
  if (!intentId) throw new DisputeRefused(`no payment for ${params.reference ?? params.payment_intent}`);
  const intent = state.intents.get(intentId);
  if (!intent) throw new DisputeRefused(`unknown payment_intent ${intentId}`);
  const charge = intent.latestChargeId ? state.charges.get(intent.latestChargeId) : undefined;
  if (!charge || charge.status !== 'succeeded')
    throw new DisputeRefused(`${intentId} has no succeeded charge`);
  return charge;
}

/** The cardholder disputes a payment: the dispute opens (needs_response) and Stripe tells the merchant. */
export async function openDispute(
  simulator: Simulator,
  params: z.infer<typeof openDisputeSchema>,
): Promise<{ dispute: SimDispute; deliveries: WebhookDelivery[] }> {
  const charge = intentToDispute(simulator, params);
  if ([...simulator.state.disputes.values()].some((d) => d.chargeId === charge.id)) {
    throw new DisputeRefused(`charge ${charge.id} is already disputed`);
  }
  const amount = params.amount ?? charge.amount;
  if (amount > charge.amount)
    throw new DisputeRefused(`a dispute cannot exceed the charge (${charge.amount})`);
  const dispute: SimDispute = {
    id: newId.dispute(),
    created: unixSeconds(simulator),
    chargeId: charge.id,
    paymentIntentId: charge.paymentIntentId,
    amount,
    currency: charge.currency,
    reason: params.reason,
    status: 'needs_response',
    balanceTransactionIds: [],
  };
  simulator.state.disputes.set(dispute.id, dispute);
  disputeMoved(simulator, dispute, 'withdrawn');
  return { dispute, deliveries: await announce(simulator, 'charge.dispute.created', dispute) };
}

function openOne(simulator: Simulator, id: string): SimDispute {
  const dispute =
    simulator.state.disputes.get(id) ??
    [...simulator.state.disputes.values()].find((d) => d.paymentIntentId === id || d.chargeId === id);
  if (!dispute) throw new DisputeRefused(`unknown dispute ${id}`);
  if (dispute.status === 'won' || dispute.status === 'lost') {
    throw new DisputeRefused(`dispute ${dispute.id} is already ${dispute.status}`);
  }
  return dispute;
}

/** The merchant's evidence is in: the dispute is under review. */
export async function submitEvidence(simulator: Simulator, id: string) {
  const dispute = openOne(simulator, id);
  dispute.status = 'under_review';
  return { dispute, deliveries: await announce(simulator, 'charge.dispute.updated', dispute) };
}

/** The card network decides (by dispute id, or the PaymentIntent or charge it disputes). */
export async function closeDispute(simulator: Simulator, id: string, status: 'won' | 'lost') {
  const dispute = openOne(simulator, id);
  dispute.status = status;
  if (status === 'won') disputeMoved(simulator, dispute, 'reinstated');
  return { dispute, deliveries: await announce(simulator, 'charge.dispute.closed', dispute) };
}

export function retrieveDispute(simulator: Simulator, id: string): SimDispute {
  const dispute = simulator.state.disputes.get(id);
  if (!dispute) throw resourceMissing('dispute', id);
  return dispute;
}
