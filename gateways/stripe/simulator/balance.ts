import { unixSeconds } from './context.js';
import type { Simulator } from './context.js';
import { openDispute } from './disputes.js';
import { newId } from './ids.js';
import type { StripeObject } from './objects.js';
import type { SimCharge, SimDispute, SimRefund } from './state.js';

/**
 * The account's balance: a balance transaction for every charge that succeeds (with Stripe's fee),
 * every refund that succeeds and every dispute's withdrawal (and its reversal when won); payouts
 * sweep what is available to the bank, each with its own balance transaction. Funds are available
 * at once in the simulated account; a payout is made every day (the first request after midnight
 * UTC) or when the control API asks for one, and arrives the next day.
 *
 * The settlement faults act here, bound to the payment as its charge succeeds (or to its refund):
 * left out of every payout, paid out days late, a refund netted into a later payout, the amount or
 * fee changed by the time it is paid out, paid out twice, a charge nobody made, a chargeback.
 */

export type ReportingCategory = 'charge' | 'refund' | 'dispute' | 'dispute_reversal' | 'payout';
export type BalanceType = 'charge' | 'refund' | 'adjustment' | 'payout';

export interface SimBalanceTransaction {
  id: string;
  /** Order of creation, for lists: `created` is only to the second. */
  sequence: number;
  created: number;
  /** Unix seconds; a settlementLate fault pushes it days on. */
  availableOn: number;
  amount: number;
  currency: string;
  fee: number;
  net: number;
  type: BalanceType;
  reportingCategory: ReportingCategory;
  /** The charge, refund, dispute or payout it records. */
  source: string;
  description: string | null;
  /** The payout that swept it (a payout's own transaction names its payout). */
  payoutId: string | null;
  /** Never paid out (the settlementOmit fault). */
  withheld: boolean;
  /** The settlement faults bound to its charge have been applied to it. */
  faultsApplied: boolean;
}

export interface SimPayout {
  id: string;
  created: number;
  /** Midnight UTC of the day it reaches the bank. */
  arrivalDate: number;
  amount: number;
  currency: string;
  balanceTransactionId: string;
  automatic: boolean;
}

const DAY_SECONDS = 24 * 3600;
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

function add(
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
function referenceOf(simulator: Simulator, paymentIntentId: string): string | null {
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
  const txn = add(simulator, {
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
  const txn = add(simulator, {
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
  const txn = add(simulator, {
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

/** Faults bound to a charge after it succeeded, by reference: bound before anything is paid out. */
function bindLateArmedFaults(simulator: Simulator): void {
  const { state } = simulator;
  const processed: Array<{ id: string; faultKey: string; kind: 'payment' | 'refund' }> = [
    ...[...state.charges.values()]
      .filter((charge) => charge.balanceTransactionId)
      .map((charge) => ({
        id: charge.id,
        faultKey: referenceOf(simulator, charge.paymentIntentId) ?? '',
        kind: 'payment' as const,
      })),
    ...[...state.refunds.values()]
      .filter((refund) => refund.balanceTransactionId)
      .map((refund) => ({
        id: refund.id,
        faultKey: referenceOf(simulator, refund.paymentIntentId) ?? '',
        kind: 'refund' as const,
      })),
  ];
  const items = processed
    .filter((item) => item.faultKey !== '')
    .map((item) => ({
      ...item,
      gatewayTransactionId: item.id,
      reference: item.faultKey,
      currency: '',
      grossMinor: 0,
      feeMinor: 0,
      processedAtMs: 0,
      details: {},
    }));
  state.settlementFaults.bindArmedForProcessed(simulator.faults, items);
}

/**
 * Faults that change what a payout carries, applied once as the charge's transaction is first
 * paid out (or held back): it is then what Stripe reports for it.
 */
function applyChargeFaults(
  simulator: Simulator,
  txn: SimBalanceTransaction,
  extra: SimBalanceTransaction[],
): void {
  const charge = simulator.state.charges.get(txn.source);
  if (!charge) return;
  const faults = simulator.state.settlementFaults.of(charge.id);
  if (faults.settlementOmit) txn.withheld = true;
  if (faults.settlementLate !== undefined) {
    txn.availableOn =
      txn.created + (faults.settlementLate === true ? 1 : faults.settlementLate) * DAY_SECONDS;
  }
  if (faults.settlementAmountMismatch !== undefined) {
    txn.amount += faults.settlementAmountMismatch;
    txn.net = txn.amount - txn.fee;
  }
  if (faults.settlementFeeMismatch !== undefined) {
    txn.fee += faults.settlementFeeMismatch;
    txn.net = txn.amount - txn.fee;
  }
  if (faults.settlementDuplicate) {
    extra.push(add(simulator, { ...copyOf(txn), description: 'Payment' }));
  }
  if (faults.settlementExtra) {
    const made = phantomCharge(simulator, charge);
    extra.push(chargeSucceeded(simulator, made));
  }
  if (
    faults.settlementChargeback &&
    ![...simulator.state.disputes.values()].some((d) => d.chargeId === charge.id)
  ) {
    // The cardholder disputes it: Stripe withdraws the amount and announces the dispute.
    openDispute(simulator, { payment_intent: charge.paymentIntentId, reason: 'fraudulent' }).catch(
      (error: unknown) => simulator.logger?.warn({ err: error }, 'chargeback dispute not announced'),
    );
    const dispute = [...simulator.state.disputes.values()].find((d) => d.chargeId === charge.id);
    const withdrawal = dispute?.balanceTransactionIds[0];
    const txnOf = withdrawal ? simulator.state.balanceTransactions.get(withdrawal) : undefined;
    if (txnOf) extra.push(txnOf);
  }
}

function copyOf(txn: SimBalanceTransaction) {
  return {
    amount: txn.amount,
    currency: txn.currency,
    fee: txn.fee,
    net: txn.net,
    type: txn.type,
    reportingCategory: txn.reportingCategory,
    source: txn.source,
    description: txn.description,
    availableOn: txn.availableOn,
  };
}

/** A charge of the same amount, on a PaymentIntent no session of ours made. */
function phantomCharge(simulator: Simulator, like: SimCharge): SimCharge {
  const created = unixSeconds(simulator);
  const intentId = newId.paymentIntent();
  simulator.state.intents.set(intentId, {
    id: intentId,
    created,
    sessionId: '',
    amount: like.amount,
    currency: like.currency,
    status: 'succeeded',
    metadata: {},
    latestChargeId: null,
    lastPaymentError: null,
    canceledAt: null,
  });
  const charge: SimCharge = {
    id: newId.charge(),
    created,
    paymentIntentId: intentId,
    amount: like.amount,
    currency: like.currency,
    status: 'succeeded',
    method: like.method,
    balanceTransactionId: null,
  };
  simulator.state.charges.set(charge.id, charge);
  simulator.state.intents.get(intentId)!.latestChargeId = charge.id;
  return charge;
}

/**
 * Pays out, per currency, every balance transaction available by `atSeconds` and not yet paid
 * out; answers the payouts made (none for a currency whose balance is not positive).
 */
export function createPayouts(simulator: Simulator, atSeconds: number, automatic: boolean): SimPayout[] {
  const { state } = simulator;
  // What the faults below add is made now: available at once means by this second, not by a later
  // one the clock reached while the payout was being prepared.
  const startedAt = unixSeconds(simulator);
  bindLateArmedFaults(simulator);
  const unpaid = () =>
    [...state.balanceTransactions.values()].filter(
      (txn) => txn.payoutId === null && txn.type !== 'payout' && !txn.faultsApplied,
    );
  // Faults are applied once per charge transaction, before the first payout that could carry it.
  for (const txn of unpaid()) {
    txn.faultsApplied = true;
    if (txn.type === 'refund') {
      const later = state.settlementFaults.of(txn.source).settlementRefundNettedLater;
      if (later !== undefined) txn.availableOn = txn.created + (later === true ? 1 : later) * DAY_SECONDS;
    }
    if (txn.type === 'charge') {
      const extra: SimBalanceTransaction[] = [];
      applyChargeFaults(simulator, txn, extra);
      for (const made of extra) {
        made.faultsApplied = true;
        if (made.availableOn === made.created) made.availableOn = Math.min(made.availableOn, startedAt);
      }
    }
  }
  const due = [...state.balanceTransactions.values()].filter(
    (txn) => txn.payoutId === null && txn.type !== 'payout' && !txn.withheld && txn.availableOn <= atSeconds,
  );
  const byCurrency = new Map<string, SimBalanceTransaction[]>();
  for (const txn of due) byCurrency.set(txn.currency, [...(byCurrency.get(txn.currency) ?? []), txn]);
  const payouts: SimPayout[] = [];
  for (const [currency, txns] of byCurrency) {
    const amount = txns.reduce((sum, txn) => sum + txn.net, 0);
    if (amount <= 0) continue;
    const created = unixSeconds(simulator);
    const id = newId.payout();
    const own = add(simulator, {
      amount: -amount,
      currency,
      fee: 0,
      net: -amount,
      type: 'payout',
      reportingCategory: 'payout',
      source: id,
      description: 'STRIPE PAYOUT',
    });
    own.payoutId = id;
    for (const txn of txns) txn.payoutId = id;
    const payout: SimPayout = {
      id,
      created,
      arrivalDate: (Math.floor(created / DAY_SECONDS) + 1) * DAY_SECONDS,
      amount,
      currency,
      balanceTransactionId: own.id,
      automatic,
    };
    state.payouts.set(id, payout);
    payouts.push(payout);
  }
  return payouts;
}

/** The daily automatic payout: the first time the clock is past a midnight (UTC) since the last one. */
export function runDailyPayouts(simulator: Simulator): void {
  const { state } = simulator;
  const today = Math.floor(unixSeconds(simulator) / DAY_SECONDS);
  if (state.payoutDay === null) {
    state.payoutDay = today;
    return;
  }
  if (today <= state.payoutDay) return;
  state.payoutDay = today;
  createPayouts(simulator, today * DAY_SECONDS - 1, true);
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
