import { toDecimalString } from '../../../domain/shared/money.js';
import type { IpnStatus } from '../protocol.js';
import type { Simulator } from './context.js';
import type { Faults } from './faults.js';
import { deliverIpn, signedIpn } from './ipn.js';
import { DEFAULT_PAY_METHOD, payMethodFields, type PayMethod } from './pay-methods.js';
import type { IpnDelivery, Outcome, SimSession, SimTransaction } from './state.js';
import { dhakaDateTime, newBankTranId, newValId } from './wire.js';

/** What happens when the customer finishes (or abandons) the hosted payment page. */

export interface Redirect {
  url: string;
  fields: Record<string, string>;
}

const ERROR_TEXT: Record<IpnStatus, string> = {
  VALID: '',
  FAILED: 'Declined by the issuer',
  CANCELLED: 'Cancelled by the customer',
  UNATTEMPTED: 'Customer did not attempt a payment',
  EXPIRED: 'Session expired',
};

/** The gateway keeps 2.5 % as its fee; integer arithmetic keeps the result exact. */
function storeAmountMinor(amountMinor: number): number {
  return amountMinor - Math.ceil((amountMinor * 25) / 1000);
}

function statusOf(outcome: Outcome): IpnStatus {
  return outcome === 'VALID_RISKY' ? 'VALID' : outcome;
}

/**
 * The test API may pay a session the gateway already reported EXPIRED or UNATTEMPTED: a late payment
 * after such a notice is a race the payment core has to survive.
 */
export function canCompleteAgain(session: SimSession): boolean {
  const status = session.transaction?.status;
  return status === undefined || status === 'EXPIRED' || status === 'UNATTEMPTED';
}

/** The tamperedIpnAmountDeltaMinor fault: the amount edited after signing, so the hashes no longer cover it. */
function tamperedAmount(
  ipn: Record<string, string>,
  faults: Faults,
  amountMinor: number,
  session: SimSession,
): Record<string, string> {
  const delta = faults.tamperedIpnAmountDeltaMinor;
  return delta ? { ...ipn, amount: toDecimalString(amountMinor + delta, session.currency) } : ipn;
}

export function completeSession(
  simulator: Simulator,
  session: SimSession,
  outcome: Outcome,
  payMethod: PayMethod = DEFAULT_PAY_METHOD,
): SimTransaction {
  const faults = simulator.faults.for(session.tranId);
  const status = statusOf(outcome);
  const completedAt = new Date();
  const amountMinor = session.amountMinor + (faults.amountDeltaMinor ?? 0);
  const amount = toDecimalString(amountMinor, session.currency);
  const currency = faults.currency ?? session.currency;
  const valId = status === 'VALID' ? newValId(completedAt) : null;
  const bankTranId = newBankTranId(completedAt);
  const risky = outcome === 'VALID_RISKY';

  const record: Record<string, string> = {
    status,
    tran_date: dhakaDateTime(completedAt),
    tran_id: session.tranId,
    val_id: valId ?? '',
    amount,
    store_amount: toDecimalString(storeAmountMinor(amountMinor), session.currency),
    currency,
    bank_tran_id: bankTranId,
    ...payMethodFields(payMethod),
    card_issuer_country: 'Bangladesh',
    card_issuer_country_code: 'BD',
    currency_type: currency,
    currency_amount: amount,
    currency_rate: '1.0000',
    base_fair: '0.00',
    ...session.passThrough,
    risk_level: risky ? '1' : '0',
    risk_title: risky ? 'Risky' : 'Safe',
    error: ERROR_TEXT[status],
    store_id: session.storeId,
  };
  const password = simulator.stores.get(session.storeId) ?? '';
  const transaction: SimTransaction = {
    sessionkey: session.sessionkey,
    storeId: session.storeId,
    tranId: session.tranId,
    status,
    valId,
    bankTranId,
    amountMinor,
    amountCurrency: session.currency,
    record,
    ipnFields: tamperedAmount(signedIpn(record, password, faults), faults, amountMinor, session),
    ipnUrl: session.ipnUrl,
    completedAt,
    sequence: simulator.state.nextSequence(),
    validatedOn: null,
    refundedMinor: 0,
  };
  simulator.state.addTransaction(session, transaction);
  if (status === 'VALID') {
    simulator.state.settlementFaults.bindOnProcessing(simulator.faults, {
      id: bankTranId,
      faultKey: session.tranId,
      kind: 'payment',
    });
  }
  return transaction;
}

/** The browser is posted the same fields as the IPN. */
export function redirectFor(session: SimSession, transaction: SimTransaction): Redirect {
  const url =
    transaction.status === 'VALID'
      ? session.successUrl
      : transaction.status === 'FAILED' || transaction.status === 'EXPIRED'
        ? session.failUrl
        : session.cancelUrl;
  return { url, fields: transaction.ipnFields };
}

export async function sendIpn(simulator: Simulator, transaction: SimTransaction): Promise<IpnDelivery[]> {
  // The merchant validates what the IPN announces: the gateway must still know it after a crash.
  simulator.checkpoint();
  const deliveries = await deliverIpn(
    transaction.ipnUrl,
    transaction.ipnFields,
    simulator.faults.for(transaction.tranId),
  );
  for (const delivery of deliveries) {
    const log = { tranId: transaction.tranId, ipnStatus: delivery.status, error: delivery.error };
    if (delivery.status !== null && delivery.status < 300) simulator.logger?.info(log, 'IPN delivered');
    else simulator.logger?.warn(log, 'IPN not accepted');
  }
  return deliveries;
}
