import { fromDecimalString } from '../../../domain/money.js';
import { CURRENCY, ERROR_CODES, TRANSACTION_STATUS } from '../protocol.js';
import type { Simulator } from './context.js';
import type { SimPayment, SimRefund, SimToken } from './state.js';
import { bkashTime, newTrxId, refusal, successful } from './wire.js';
import type { Answer } from './wire.js';

/**
 * payment/refund: with an amount it refunds, without one it reports the payment's latest refund.
 * Refunds add up to at most the payment; each is Completed the moment it is answered.
 */

const REFUND_FIELDS = ['paymentID', 'amount', 'trxID', 'sku', 'reason'] as const;

export function isRefundStatusCall(body: Record<string, string>): boolean {
  return body.amount === undefined;
}

function refundAnswer(payment: SimPayment, refund: SimRefund): Answer {
  return successful({
    originalTrxID: refund.originalTrxID,
    refundTrxID: refund.refundTrxID,
    transactionStatus: TRANSACTION_STATUS.COMPLETED,
    amount: refund.amount,
    currency: payment.currency,
    charge: '0.00',
    completedTime: bkashTime(refund.completedAtMs),
  });
}

/** The merchant's own executed payment named by both paymentID and trxID, or bKash's refusal. */
function paymentFor(
  simulator: Simulator,
  token: SimToken,
  body: Record<string, string>,
): { payment: SimPayment } | { refused: Answer } {
  const payment = simulator.state.payments.get(body.paymentID ?? '');
  if (!payment || payment.appKey !== token.appKey)
    return { refused: refusal(ERROR_CODES.INVALID_PAYMENT_ID) };
  if (payment.trxID === null || payment.trxID !== body.trxID) {
    return { refused: refusal(ERROR_CODES.TRANSACTION_NOT_FOUND) };
  }
  return { payment };
}

function refundedMinor(payment: SimPayment): number {
  return payment.refunds.reduce((sum, refund) => sum + refund.amountMinor, 0);
}

function positiveAmountMinor(amount: string): number | null {
  try {
    const minor = fromDecimalString(amount, CURRENCY);
    return minor > 0 ? minor : null;
  } catch {
    return null;
  }
}

export interface RefundCall {
  answer: Answer;
  /** The refundAnswerLost fault in force for a refund this call made. */
  answerLost: boolean;
}

export function refund(simulator: Simulator, token: SimToken, body: Record<string, string>): RefundCall {
  const refused = (answer: Answer): RefundCall => ({ answer, answerLost: false });
  if (REFUND_FIELDS.some((field) => !body[field]?.trim())) {
    return refused(refusal(ERROR_CODES.MANDATORY_FIELD_MISSING));
  }
  const found = paymentFor(simulator, token, body);
  if ('refused' in found) return refused(found.refused);
  const { payment } = found;
  if (payment.status !== TRANSACTION_STATUS.COMPLETED)
    return refused(refusal(ERROR_CODES.INVALID_PAYMENT_STATE));
  const amountMinor = positiveAmountMinor(body.amount as string);
  if (amountMinor === null) return refused(refusal(ERROR_CODES.INVALID_AMOUNT));
  // The same refund again (a retry whose first answer was lost, or a double click) is refused.
  if (payment.refunds.some((earlier) => earlier.sku === body.sku && earlier.amountMinor === amountMinor)) {
    return refused(refusal(ERROR_CODES.DUPLICATE));
  }
  const refunded = refundedMinor(payment);
  if (refunded >= payment.amountMinor) return refused(refusal(ERROR_CODES.ALREADY_REVERSED));
  if (refunded + amountMinor > payment.amountMinor)
    return refused(refusal(ERROR_CODES.REVERSAL_EXCEEDS_ORIGINAL));

  const made: SimRefund = {
    refundTrxID: newTrxId(),
    originalTrxID: payment.trxID as string,
    paymentID: payment.paymentID,
    amount: body.amount as string,
    amountMinor,
    sku: body.sku as string,
    reason: body.reason as string,
    completedAtMs: simulator.now(),
  };
  payment.refunds.push(made);
  return {
    answer: refundAnswer(payment, made),
    answerLost: simulator.faults.for(payment.merchantInvoiceNumber).refundAnswerLost === true,
  };
}

export function refundStatus(simulator: Simulator, token: SimToken, body: Record<string, string>): Answer {
  if (!body.paymentID || !body.trxID) return refusal(ERROR_CODES.MANDATORY_FIELD_MISSING);
  const found = paymentFor(simulator, token, body);
  if ('refused' in found) return found.refused;
  const { payment } = found;
  const latest = payment.refunds.at(-1);
  return latest ? refundAnswer(payment, latest) : refusal(ERROR_CODES.TRANSACTION_NOT_FOUND);
}
