import { unixSeconds } from './context.js';
import type { Simulator } from './context.js';
import { newId } from './ids.js';
import type { StripeObject } from './stripe-object.js';
import type { SimBalanceTransaction, SimCharge, SimDispute, SimPayout, SimRefund } from './state.js';

/**
 * The account's balance: a balance transaction for every charge that succeeds (with Stripe's fee),
 * every refund that succeeds and every dispute's withdrawal (and its reversal when won), and how
 * Stripe's API shows them and the payouts that sweep them (payouts.ts makes those). Funds are
 * available at once in the simulated account.
 */

/** Stripe's card pricing: 2.9 % + 30 minor units; a US bank debit 0.8 %, at most 5.00. */
const CARD_BASIS_POINTS = 290;
const CARD_FIXED_MINOR = 30;
const DEBIT_BASIS_POINTS = 80;
const DEBIT_CAP_MINOR = 500;
/**
 * Stripe's dispute fee (15.00 in the account's currency for a US account), charged on the
 * withdrawal's balance transaction when a dispute opens and kept whatever the outcome: a won
 * dispute's reinstatement returns the disputed amount only.
 */
export const DISPUTE_FEE_MINOR = 1500;

function halfUp(amount: number, basisPoints: number): number {
  return Math.floor((Math.abs(amount) * basisPoints + 5_000) / 10_000);
}

export function stripeFee(charge: Pick<SimCharge, 'amount' | 'method'>): number {
  return charge.method === 'us_bank_account'
    ? Math.min(DEBIT_CAP_MINOR, halfUp(charge.amount, DEBIT_BASIS_POINTS))
    : halfUp(charge.amount, CARD_BASIS_POINTS) + CARD_FIXED_MINOR;
}

/** Records a movement of the balance, available at once unless `availableOn` says later. */
export function addBalanceTransaction(
  simulator: Simulator,
  fields: Omit<
    SimBalanceTransaction,
    'id' | 'sequence' | 'created' | 'availableOn' | 'payoutId' | 'withheld' | 'faultsApplied'
  > & {
    availableOn?: number;
  },
): SimBalanceTransaction {
  const created = unixSeconds(simulator);
  const { state } = simulator;
  const txn: SimBalanceTransaction = {
    id: newId.balanceTransaction(),
    sequence: state.balanceTransactions.size + 1,
    created,
    availableOn: fields.availableOn ?? created,
    payoutId: null,
    withheld: false,
    faultsApplied: false,
    ...fields,
  };
  state.balanceTransactions.set(txn.id, txn);
  return txn;
}

/** The client_reference_id of the session a payment was made in: what faults are armed by. */
export function referenceOf(simulator: Simulator, paymentIntentId: string): string | null {
  const sessionId = simulator.state.intents.get(paymentIntentId)?.sessionId;
  return sessionId ? (simulator.state.sessions.get(sessionId)?.clientReferenceId ?? null) : null;
}

/** A charge succeeded: its amount less Stripe's fee joins the balance, and its settlement faults are bound. */
export function chargeSucceeded(simulator: Simulator, charge: SimCharge): SimBalanceTransaction {
  const existing = charge.balanceTransactionId
    ? simulator.state.balanceTransactions.get(charge.balanceTransactionId)
    : undefined;
  if (existing) return existing;
  const fee = stripeFee(charge);
  const txn = addBalanceTransaction(simulator, {
    amount: charge.amount,
    currency: charge.currency,
    fee,
    net: charge.amount - fee,
    type: 'charge',
    reportingCategory: 'charge',
    source: charge.id,
    description: 'Payment',
  });
  charge.balanceTransactionId = txn.id;
  const reference = referenceOf(simulator, charge.paymentIntentId);
  if (reference !== null) {
    simulator.state.settlementFaults.bindOnProcessing(simulator.faults, {
      id: charge.id,
      faultKey: reference,
      kind: 'payment',
    });
  }
  return txn;
}

/** A refund succeeded: its amount leaves the balance. */
export function refundSucceeded(simulator: Simulator, refund: SimRefund): SimBalanceTransaction {
  const existing = refund.balanceTransactionId
    ? simulator.state.balanceTransactions.get(refund.balanceTransactionId)
    : undefined;
  if (existing) return existing;
  const reference = referenceOf(simulator, refund.paymentIntentId);
  if (reference !== null) {
    simulator.state.settlementFaults.bindOnProcessing(simulator.faults, {
      id: refund.id,
      faultKey: reference,
      kind: 'refund',
    });
  }
  const txn = addBalanceTransaction(simulator, {
    amount: -refund.amount,
    currency: refund.currency,
    fee: 0,
    net: -refund.amount,
    type: 'refund',
    reportingCategory: 'refund',
    source: refund.id,
    description: 'REFUND FOR PAYMENT',
  });
  refund.balanceTransactionId = txn.id;
  return txn;
}

/**
 * A dispute takes its amount back at once, with Stripe's dispute fee on the same balance
 * transaction; a won dispute returns the amount, not the fee.
 */
export function disputeMoved(
  simulator: Simulator,
  dispute: SimDispute,
  movement: 'withdrawn' | 'reinstated',
): SimBalanceTransaction {
  const amount = movement === 'withdrawn' ? -dispute.amount : dispute.amount;
  const fee = movement === 'withdrawn' ? DISPUTE_FEE_MINOR : 0;
  const txn = addBalanceTransaction(simulator, {
    amount,
    currency: dispute.currency,
    fee,
    net: amount - fee,
    type: 'adjustment',
    reportingCategory: movement === 'withdrawn' ? 'dispute' : 'dispute_reversal',
    source: dispute.id,
    description:
      movement === 'withdrawn'
        ? `Chargeback withdrawal for ${dispute.chargeId}`
        : `Chargeback reversal for ${dispute.chargeId}`,
  });
  dispute.balanceTransactionIds.push(txn.id);
  return txn;
}

export function balanceTransactionObject(simulator: Simulator, txn: SimBalanceTransaction): StripeObject {
  return {
    id: txn.id,
    object: 'balance_transaction',
    amount: txn.amount,
    available_on: txn.availableOn,
    created: txn.created,
    currency: txn.currency,
    description: txn.description,
    exchange_rate: null,
    fee: txn.fee,
    fee_details:
      txn.fee === 0
        ? []
        : [
            {
              amount: txn.fee,
              application: null,
              currency: txn.currency,
              description: txn.reportingCategory === 'dispute' ? 'Dispute fee' : 'Stripe processing fees',
              type: 'stripe_fee',
            },
          ],
    net: txn.net,
    reporting_category: txn.reportingCategory,
    source: txn.source,
    status: txn.availableOn <= unixSeconds(simulator) ? 'available' : 'pending',
    type: txn.type,
  };
}

export function payoutObject(simulator: Simulator, payout: SimPayout): StripeObject {
  return {
    id: payout.id,
    object: 'payout',
    amount: payout.amount,
    arrival_date: payout.arrivalDate,
    automatic: payout.automatic,
    balance_transaction: payout.balanceTransactionId,
    created: payout.created,
    currency: payout.currency,
    description: 'STRIPE PAYOUT',
    destination: 'ba_simulated_bank_account',
    failure_balance_transaction: null,
    failure_code: null,
    failure_message: null,
    livemode: false,
    metadata: {},
    method: 'standard',
    reconciliation_status: 'completed',
    source_type: 'card',
    statement_descriptor: null,
    status: payout.arrivalDate <= unixSeconds(simulator) ? 'paid' : 'in_transit',
    type: 'bank_account',
  };
}
