import { fromDecimalString } from '../../../domain/shared/money.js';
import { CURRENCY, ERROR_CODES, ERROR_MESSAGES, TRANSACTION_STATUS } from '../protocol.js';
import type { ErrorCode, RefundApi } from '../protocol.js';
import type { Simulator } from './context.js';
import type { SimPayment, SimRefund, SimToken } from './state.js';
import { bkashTime, newTrxId, refusal, successful } from './wire.js';
import type { Answer } from './wire.js';

/**
 * Both refund APIs over one book of refunds per payment. Refunds add up to at most the payment,
 * only a Completed payment is refunded, and the same refund again (same sku and amount) is
 * refused as a duplicate. Each refund is Completed the moment it is answered, unless the
 * refundPending fault answers it in progress: it is Completed by the time bKash is asked about it.
 *
 * The older `payment/refund` refunds with an amount and, without one, reports the payment's
 * latest refund. The current API (`/v2/tokenized-checkout/refund/payment/transaction` and
 * `…/status`) names its fields paymentId/trxId/refundAmount, refuses with HTTP 400 and
 * `{internalCode, externalCode, errorMessageEn, errorMessageBn}`, and its status lists every
 * refund of the transaction.
 */

/** bkash-rs's reading of bKash's rule: at most ten partial refunds of one transaction (current API). */
const MAX_REFUNDS = 10;

/** A refund request in either API's words, read into one shape. */
interface RefundAsk {
  paymentID: string;
  trxID: string;
  amount: string;
  sku: string;
  reason: string;
}

/** What each API answers for each reason to refuse. */
const REFUSALS: Record<
  RefundApi,
  Record<
    'missing' | 'payment' | 'trx' | 'state' | 'amount' | 'duplicate' | 'reversed' | 'exceeds' | 'count',
    ErrorCode
  >
> = {
  v1: {
    missing: ERROR_CODES.MANDATORY_FIELD_MISSING,
    payment: ERROR_CODES.INVALID_PAYMENT_ID,
    trx: ERROR_CODES.TRANSACTION_NOT_FOUND,
    state: ERROR_CODES.INVALID_PAYMENT_STATE,
    amount: ERROR_CODES.INVALID_AMOUNT,
    duplicate: ERROR_CODES.DUPLICATE,
    reversed: ERROR_CODES.ALREADY_REVERSED,
    exceeds: ERROR_CODES.REVERSAL_EXCEEDS_ORIGINAL,
    count: ERROR_CODES.NOT_REVERSIBLE,
  },
  v2: {
    missing: ERROR_CODES.MANDATORY_FIELD_MISSING,
    payment: ERROR_CODES.INVALID_PAYMENT_ID,
    trx: ERROR_CODES.INVALID_TRX_ID,
    state: ERROR_CODES.TRANSACTION_NOT_COMPLETED,
    amount: ERROR_CODES.REFUND_AMOUNT_INVALID,
    // The current API's code for a repeat is undocumented; the older one's is kept.
    duplicate: ERROR_CODES.DUPLICATE,
    reversed: ERROR_CODES.REFUND_AMOUNT_INVALID,
    exceeds: ERROR_CODES.REFUND_AMOUNT_INVALID,
    count: ERROR_CODES.NOT_REVERSIBLE,
  },
};
type RefusalReason = keyof (typeof REFUSALS)['v2'];

/** The current API's `internalCode`: bKash's words for the reason, in snake case. */
const INTERNAL_CODES: Record<RefusalReason, string> = {
  missing: 'mandatory_field_missing',
  payment: 'invalid_payment_id',
  trx: 'invalid_trx_id',
  state: 'transaction_not_completed',
  amount: 'invalid_refund_amount',
  duplicate: 'duplicate_refund',
  reversed: 'transaction_already_reversed',
  exceeds: 'refund_amount_exceed_payment_amount',
  count: 'refund_limit_exceeded',
};

export interface Refused {
  api: RefundApi;
  reason: RefusalReason;
}

/** A refusal as the API answers it: the older one HTTP 200 with its envelope, the current one HTTP 400. */
export function refusalAnswer({ api, reason }: Refused): { status: number; body: Answer } {
  const code = REFUSALS[api][reason];
  if (api === 'v1') return { status: 200, body: refusal(code) };
  return {
    status: 400,
    body: {
      internalCode: INTERNAL_CODES[reason],
      externalCode: code,
      errorMessageEn: ERROR_MESSAGES[code],
      errorMessageBn: null,
    },
  };
}

function askOf(api: RefundApi, body: Record<string, string>): RefundAsk {
  const field = (v1: string, v2: string) => (api === 'v1' ? body[v1] : body[v2]) ?? '';
  return {
    paymentID: field('paymentID', 'paymentId'),
    trxID: field('trxID', 'trxId'),
    amount: field('amount', 'refundAmount'),
    sku: body.sku ?? '',
    reason: body.reason ?? '',
  };
}

/** The merchant's own executed payment named by both paymentID and trxID. */
function paymentFor(
  simulator: Simulator,
  token: SimToken,
  ask: { paymentID: string; trxID: string },
): SimPayment | 'payment' | 'trx' {
  const payment = simulator.state.payments.get(ask.paymentID);
  if (!payment || payment.appKey !== token.appKey) return 'payment';
  if (payment.trxID === null || payment.trxID !== ask.trxID) return 'trx';
  return payment;
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

/** bKash is asked about a refund held in progress: it is done now. */
function settle(simulator: Simulator, refund: SimRefund): void {
  if (refund.status === TRANSACTION_STATUS.COMPLETED) return;
  refund.status = TRANSACTION_STATUS.COMPLETED;
  refund.completedAtMs = simulator.now();
}

export type RefundCall =
  | { refused: Refused }
  | {
      payment: SimPayment;
      refund: SimRefund;
      /** The refundAnswerLost fault in force for the refund this call made. */
      answerLost: boolean;
    };

function makeRefund(
  simulator: Simulator,
  token: SimToken,
  api: RefundApi,
  body: Record<string, string>,
): RefundCall {
  const refused = (reason: RefusalReason): RefundCall => ({ refused: { api, reason } });
  const ask = askOf(api, body);
  if (Object.values(ask).some((value) => !value.trim())) return refused('missing');
  const found = paymentFor(simulator, token, ask);
  if (typeof found === 'string') return refused(found);
  const payment = found;
  if (payment.status !== TRANSACTION_STATUS.COMPLETED) return refused('state');
  const amountMinor = positiveAmountMinor(ask.amount);
  if (amountMinor === null) return refused('amount');
  // The same refund again (a retry whose first answer was lost, or a double click) is refused.
  if (payment.refunds.some((earlier) => earlier.sku === ask.sku && earlier.amountMinor === amountMinor)) {
    return refused('duplicate');
  }
  const refunded = refundedMinor(payment);
  if (refunded >= payment.amountMinor) return refused('reversed');
  if (refunded + amountMinor > payment.amountMinor) return refused('exceeds');
  if (api === 'v2' && payment.refunds.length >= MAX_REFUNDS) return refused('count');

  const faults = simulator.faults.for(payment.merchantInvoiceNumber);
  const made: SimRefund = {
    refundTrxID: newTrxId(),
    originalTrxID: payment.trxID as string,
    paymentID: payment.paymentID,
    api,
    amount: ask.amount,
    amountMinor,
    sku: ask.sku,
    reason: ask.reason,
    status: faults.refundPending ? TRANSACTION_STATUS.INITIATED : TRANSACTION_STATUS.COMPLETED,
    completedAtMs: simulator.now(),
  };
  payment.refunds.push(made);
  simulator.state.settlementFaults.bindOnProcessing(simulator.faults, {
    id: made.refundTrxID,
    faultKey: payment.merchantInvoiceNumber,
    kind: 'refund',
  });
  return { payment, refund: made, answerLost: faults.refundAnswerLost === true };
}

// The older payment/refund.

export function isRefundStatusCall(body: Record<string, string>): boolean {
  return body.amount === undefined;
}

function olderRefundAnswer(payment: SimPayment, refund: SimRefund): Answer {
  return successful({
    originalTrxID: refund.originalTrxID,
    refundTrxID: refund.refundTrxID,
    transactionStatus: refund.status,
    amount: refund.amount,
    currency: payment.currency,
    charge: '0.00',
    completedTime: bkashTime(refund.completedAtMs),
  });
}

export interface OlderRefundCall {
  answer: Answer;
  /** The refundAnswerLost fault in force for a refund this call made. */
  answerLost: boolean;
}

export function refund(simulator: Simulator, token: SimToken, body: Record<string, string>): OlderRefundCall {
  const call = makeRefund(simulator, token, 'v1', body);
  if ('refused' in call) return { answer: refusalAnswer(call.refused).body, answerLost: false };
  return { answer: olderRefundAnswer(call.payment, call.refund), answerLost: call.answerLost };
}

export function refundStatus(simulator: Simulator, token: SimToken, body: Record<string, string>): Answer {
  const refused = (reason: RefusalReason) => refusalAnswer({ api: 'v1', reason }).body;
  if (!body.paymentID || !body.trxID) return refused('missing');
  const found = paymentFor(simulator, token, { paymentID: body.paymentID, trxID: body.trxID });
  if (typeof found === 'string') return refused(found);
  const latest = found.refunds.at(-1);
  if (!latest) return refused('trx');
  settle(simulator, latest);
  return olderRefundAnswer(found, latest);
}

// The current refund API.

export interface CurrentRefundCall {
  status: number;
  answer: Answer;
  answerLost: boolean;
}

export function refundV2(
  simulator: Simulator,
  token: SimToken,
  body: Record<string, string>,
): CurrentRefundCall {
  const call = makeRefund(simulator, token, 'v2', body);
  if ('refused' in call) {
    const { status, body: answer } = refusalAnswer(call.refused);
    return { status, answer, answerLost: false };
  }
  const { payment, refund: made } = call;
  return {
    status: 200,
    answer: {
      originalTrxId: made.originalTrxID,
      refundTrxId: made.refundTrxID,
      refundTransactionStatus: made.status,
      originalTrxAmount: payment.amount,
      refundAmount: made.amount,
      currency: payment.currency,
      completedTime: bkashTime(made.completedAtMs),
    },
    answerLost: call.answerLost,
  };
}

/** Every refund of the transaction, in the order made; the list bKash documents has no sku. */
export function refundStatusV2(
  simulator: Simulator,
  token: SimToken,
  body: Record<string, string>,
): { status: number; answer: Answer } {
  const ask = { paymentID: body.paymentId ?? '', trxID: body.trxId ?? '' };
  const refused = (reason: RefusalReason) => {
    const { status, body: answer } = refusalAnswer({ api: 'v2', reason });
    return { status, answer };
  };
  if (!ask.paymentID.trim() || !ask.trxID.trim()) return refused('missing');
  const found = paymentFor(simulator, token, ask);
  if (typeof found === 'string') return refused(found);
  for (const made of found.refunds) settle(simulator, made);
  const listed = found.refunds.map((made) => ({
    refundTrxId: made.refundTrxID,
    refundTransactionStatus: made.status,
    refundAmount: made.amount,
    completedTime: bkashTime(made.completedAtMs),
  }));
  return {
    status: 200,
    answer: {
      originalTrxId: found.trxID,
      originalTrxAmount: found.amount,
      originalTrxCompletedTime: bkashTime(found.executedAtMs as number),
      refundTransactions: listed,
    },
  };
}
