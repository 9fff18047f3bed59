import { CALLBACK_FIELDS, STATUS, dhakaDateTime } from '../protocol.js';
import type { Simulator } from './context.js';
import type { CallbackDelivery, Outcome, SimOrder, SimPayment } from './state.js';
import { newIssuerPaymentRefNo, newPaymentReferenceId } from './wire.js';

/** What happens when the customer finishes on the hosted page (or a test does it for them). */

/** Success's values are from real callbacks; the others are undocumented, so these are ours. */
const CALLBACK_WORDS: Record<Outcome, { statusCode: string; message: string }> = {
  Success: { statusCode: '00_0000_000', message: 'Successful Transaction' },
  Aborted: { statusCode: '00_1111_111', message: 'Aborted by the customer' },
  Failed: { statusCode: '00_2222_222', message: 'Transaction failed' },
};

const CALLBACK_TIMEOUT_MS = 10_000;

function callbackUrl(
  order: SimOrder,
  claimed: Outcome,
  paymentRefId: string,
  issuerRef: string,
  paidAt: Date,
): string {
  const url = new URL(order.checkout?.merchantCallbackURL ?? '');
  const words = CALLBACK_WORDS[claimed];
  const fields: Record<string, string> = {
    [CALLBACK_FIELDS.merchant]: order.merchantId,
    [CALLBACK_FIELDS.orderId]: order.orderId,
    [CALLBACK_FIELDS.paymentRefId]: paymentRefId,
    [CALLBACK_FIELDS.status]: claimed,
    [CALLBACK_FIELDS.statusCode]: words.statusCode,
    [CALLBACK_FIELDS.message]: words.message,
    [CALLBACK_FIELDS.paymentDateTime]: dhakaDateTime(paidAt),
    [CALLBACK_FIELDS.issuerPaymentRef]: issuerRef,
  };
  for (const [name, value] of Object.entries(fields)) url.searchParams.set(name, value);
  return url.toString();
}

/** Whether the order waits for the customer: completed by the merchant, not yet paid. */
export function canFinish(order: SimOrder): boolean {
  return order.checkout !== null && order.payment === null;
}

export function finishPayment(simulator: Simulator, order: SimOrder, choice: Outcome): SimPayment {
  const checkout = order.checkout;
  if (!checkout) throw new Error('an order is paid only after complete');
  const faults = simulator.faults.for(order.orderId);
  const paidAtMs = simulator.now();
  const status: Outcome = faults.forgedCallback ? STATUS.ABORTED : choice;
  const claimed: Outcome = faults.forgedCallback ? STATUS.SUCCESS : choice;
  const issuerPaymentRefNo = status === STATUS.SUCCESS ? newIssuerPaymentRefNo() : null;
  const paymentRefId = faults.unknownPaymentRefId
    ? newPaymentReferenceId(order.merchantId, order.orderId, paidAtMs)
    : order.paymentReferenceId;
  // A forged Success carries an issuer reference that looks real but that verify never reports.
  const claimedIssuerRef = issuerPaymentRefNo ?? (claimed === STATUS.SUCCESS ? newIssuerPaymentRefNo() : '');
  const payment: SimPayment = {
    status,
    claimedStatus: claimed,
    amountMinor: checkout.amountMinor + (faults.amountDeltaMinor ?? 0),
    issuerPaymentRefNo,
    paidAtMs,
    pendingUntilMs: faults.pendingForMs && status === STATUS.SUCCESS ? paidAtMs + faults.pendingForMs : null,
    callbackUrl: callbackUrl(order, claimed, paymentRefId, claimedIssuerRef, new Date(paidAtMs)),
    serverCallbacks: [],
  };
  order.payment = payment;
  if (issuerPaymentRefNo !== null) {
    simulator.state.settlementFaults.bindOnProcessing(simulator.faults, {
      id: issuerPaymentRefNo,
      faultKey: order.orderId,
      kind: 'payment',
    });
  }
  return payment;
}

async function callOnce(url: string): Promise<CallbackDelivery> {
  try {
    const response = await fetch(url, {
      redirect: 'manual',
      signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
    });
    await response.arrayBuffer();
    return { status: response.status };
  } catch (error) {
    return { status: null, error: error instanceof Error ? error.message : String(error) };
  }
}

/** The duplicateCallback fault: the merchant's callback is reached once before the browser gets there. */
export async function sendDuplicateCallback(simulator: Simulator, order: SimOrder): Promise<void> {
  const payment = order.payment;
  if (!payment || !simulator.faults.for(order.orderId).duplicateCallback) return;
  // The merchant verifies what the callback announces: the gateway must still know it after a crash.
  simulator.checkpoint();
  const delivery = await callOnce(payment.callbackUrl);
  payment.serverCallbacks.push(delivery);
  simulator.logger?.info({ orderId: order.orderId, status: delivery.status }, 'duplicate callback sent');
}
