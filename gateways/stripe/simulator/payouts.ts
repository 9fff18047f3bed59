import { addBalanceTransaction, chargeSucceeded, referenceOf } from './balance.js';
import { unixSeconds } from './context.js';
import type { Simulator } from './context.js';
import { openDispute } from './disputes.js';
import { newId } from './ids.js';
import type { SimBalanceTransaction, SimCharge, SimPayout } from './state.js';

/**
 * Payouts sweep what is available in the balance (balance.ts) to the bank: one every day (the
 * first request after midnight UTC) or when the control API asks for one, arriving the next day.
 *
 * The settlement faults act here, bound to the payment as its charge succeeds (or to its refund):
 * left out of every payout, paid out days late, a refund netted into a later payout, the amount or
 * fee changed by the time it is paid out, paid out twice, a charge nobody made, a chargeback. Apart
 * from the balance because a chargeback opens a dispute, and a dispute moves the balance.
 */

const DAY_SECONDS = 24 * 3600;

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
    extra.push(addBalanceTransaction(simulator, { ...copyOf(txn), description: 'Payment' }));
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
    const own = addBalanceTransaction(simulator, {
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
