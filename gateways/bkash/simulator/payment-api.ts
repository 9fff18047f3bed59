import { fromDecimalString, toDecimalString } from '../../../domain/shared/money.js';
import {
  CALLBACK_STATUSES,
  CURRENCY,
  ERROR_CODES,
  INTENT_SALE,
  MODE_WITHOUT_AGREEMENT,
  TRANSACTION_STATUS,
} from '../protocol.js';
import { callbackUrlFor, pageUrlFor, WALLETS } from './checkout.js';
import type { Simulator } from './context.js';
import type { Faults } from './faults.js';
import type { SimPayment, SimToken } from './state.js';
import {
  bkashTime,
  MAINTENANCE_ANSWER,
  newPageHash,
  newPaymentId,
  newTrxId,
  refusal,
  successful,
} from './wire.js';
import type { Answer } from './wire.js';

/** create, execute, payment/status and general/searchTransaction. */

const CREATE_FIELDS = [
  'mode',
  'payerReference',
  'callbackURL',
  'amount',
  'currency',
  'intent',
  'merchantInvoiceNumber',
] as const;

/** Per-payment limits of a sandbox merchant, in minor units. */
const MIN_AMOUNT_MINOR = 1_00;
const MAX_AMOUNT_MINOR = 500_000_00;

/** Shown in searchTransaction as the merchant's short code. */
const ORGANIZATION_SHORT_CODE = '50022';

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

function amountMinorOf(amount: string): number | null {
  try {
    const minor = fromDecimalString(amount, CURRENCY);
    return minor >= MIN_AMOUNT_MINOR && minor <= MAX_AMOUNT_MINOR ? minor : null;
  } catch {
    return null;
  }
}

/** Another payment of the same amount and payer created within the duplicate window. */
function isQuickRepeat(simulator: Simulator, appKey: string, body: Record<string, string>, faults: Faults) {
  const windowMs = faults.duplicateWithinMs;
  if (windowMs === undefined) return false;
  const since = simulator.now() - windowMs;
  return [...simulator.state.payments.values()].some(
    (payment) =>
      payment.appKey === appKey &&
      payment.payerReference === body.payerReference &&
      payment.amount === body.amount &&
      payment.createdAtMs > since,
  );
}

export function createPayment(simulator: Simulator, token: SimToken, body: Record<string, string>): Answer {
  if (CREATE_FIELDS.some((field) => !body[field]?.trim()))
    return refusal(ERROR_CODES.MANDATORY_FIELD_MISSING);
  const fields = body as Record<(typeof CREATE_FIELDS)[number], string>;
  // Agreement modes (0000, 0001) are not simulated.
  if (fields.mode !== MODE_WITHOUT_AGREEMENT) return refusal(ERROR_CODES.INVALID_MODE);
  if (!isHttpUrl(fields.callbackURL)) return refusal(ERROR_CODES.INVALID_CALLBACK_URL);
  const amountMinor = amountMinorOf(fields.amount);
  if (amountMinor === null) return refusal(ERROR_CODES.INVALID_AMOUNT);
  if (fields.currency !== CURRENCY) return refusal(ERROR_CODES.INVALID_CURRENCY);
  // Authorise-then-capture (intent "authorization") is not simulated.
  if (fields.intent !== INTENT_SALE) return refusal(ERROR_CODES.INVALID_INTENT);
  if (isQuickRepeat(simulator, token.appKey, fields, simulator.faults.for(fields.merchantInvoiceNumber))) {
    return refusal(ERROR_CODES.DUPLICATE);
  }

  const payment: SimPayment = {
    paymentID: newPaymentId(),
    pageHash: newPageHash(),
    appKey: token.appKey,
    mode: fields.mode,
    payerReference: fields.payerReference,
    callbackURL: fields.callbackURL,
    amount: fields.amount,
    amountMinor,
    currency: fields.currency,
    intent: fields.intent,
    merchantInvoiceNumber: fields.merchantInvoiceNumber,
    createdAtMs: simulator.now(),
    status: TRANSACTION_STATUS.INITIATED,
    approvedBy: null,
    executeCalls: 0,
    statusCalls: 0,
    executed: false,
    executeUnavailableSpent: false,
    declinedAs: null,
    trxID: null,
    executedAtMs: null,
    refunds: [],
  };
  simulator.state.payments.set(payment.paymentID, payment);
  const [success, failure, cancel] = CALLBACK_STATUSES.map((status) => callbackUrlFor(payment, status));
  return successful({
    paymentID: payment.paymentID,
    bkashURL: pageUrlFor(simulator, payment),
    callbackURL: payment.callbackURL,
    successCallbackURL: success,
    failureCallbackURL: failure,
    cancelledCallbackURL: cancel,
    amount: payment.amount,
    intent: payment.intent,
    currency: payment.currency,
    paymentCreateTime: bkashTime(payment.createdAtMs),
    transactionStatus: payment.status,
    merchantInvoiceNumber: payment.merchantInvoiceNumber,
  });
}

/**
 * What execute and payment/status report; trxID and the payer's wallet only once executed. An
 * amount fault moves the amount reported, never the one kept.
 */
export function paymentAnswer(payment: SimPayment, amountDeltaMinor = 0): Answer {
  const executed = payment.trxID !== null && payment.executedAtMs !== null;
  return successful({
    paymentID: payment.paymentID,
    mode: payment.mode,
    paymentCreateTime: bkashTime(payment.createdAtMs),
    ...(executed && {
      trxID: payment.trxID,
      paymentExecuteTime: bkashTime(payment.executedAtMs as number),
      customerMsisdn: payment.approvedBy,
    }),
    transactionStatus: payment.status,
    amount: amountDeltaMinor
      ? toDecimalString(payment.amountMinor + amountDeltaMinor, CURRENCY)
      : payment.amount,
    currency: payment.currency,
    intent: payment.intent,
    merchantInvoiceNumber: payment.merchantInvoiceNumber,
    payerReference: payment.payerReference,
  });
}

function ownPayment(simulator: Simulator, token: SimToken, paymentId: string | undefined) {
  const payment = simulator.state.payments.get(paymentId ?? '');
  return payment && payment.appKey === token.appKey ? payment : undefined;
}

export interface ExecuteResult {
  answer: Answer;
  /** The executeAnswerLost fault in force for a payment this call completed. */
  answerLost?: Faults['executeAnswerLost'];
  /** The executeUnavailableOnce fault: this call answers 503 and did nothing. */
  unavailable?: true;
  /** The executeAnswerDelayMs fault: the answer, decided already, is sent this much later. */
  delayMs?: number;
}

/**
 * Takes the money, exactly once, and only after the customer approved on the page: 2056 before
 * that (or after a cancel or failure), 2117 for any call after the one that executed.
 */
export function executePayment(
  simulator: Simulator,
  token: SimToken,
  body: Record<string, string>,
): ExecuteResult {
  if (!body.paymentID) return { answer: refusal(ERROR_CODES.MANDATORY_FIELD_MISSING) };
  const payment = ownPayment(simulator, token, body.paymentID);
  if (!payment) return { answer: refusal(ERROR_CODES.INVALID_PAYMENT_ID) };
  payment.executeCalls += 1;
  const faults = simulator.faults.for(payment.merchantInvoiceNumber);
  if (faults.executeUnavailableOnce && !payment.executeUnavailableSpent) {
    payment.executeUnavailableSpent = true;
    return { answer: MAINTENANCE_ANSWER, unavailable: true };
  }
  const result = decideExecute(simulator, payment, faults);
  return faults.executeAnswerDelayMs ? { ...result, delayMs: faults.executeAnswerDelayMs } : result;
}

function decideExecute(simulator: Simulator, payment: SimPayment, faults: Faults): ExecuteResult {
  if (payment.executed) return { answer: refusal(ERROR_CODES.EXECUTE_ALREADY_CALLED) };
  if (payment.approvedBy === null || payment.status !== TRANSACTION_STATUS.INITIATED) {
    return { answer: refusal(ERROR_CODES.INVALID_PAYMENT_STATE) };
  }
  payment.executed = true;
  if (payment.approvedBy === WALLETS.insufficientBalance) {
    payment.status = TRANSACTION_STATUS.FAILED;
    return { answer: refusal(ERROR_CODES.INSUFFICIENT_BALANCE) };
  }
  payment.status = TRANSACTION_STATUS.COMPLETED;
  payment.trxID = newTrxId();
  payment.executedAtMs = simulator.now();
  simulator.state.paymentsByTrxId.set(payment.trxID, payment);
  simulator.state.settlementFaults.bindOnProcessing(simulator.faults, {
    id: payment.trxID,
    faultKey: payment.merchantInvoiceNumber,
    kind: 'payment',
  });
  return { answer: paymentAnswer(payment, faults.amountDeltaMinor), answerLost: faults.executeAnswerLost };
}

export function paymentStatus(simulator: Simulator, token: SimToken, body: Record<string, string>): Answer {
  if (!body.paymentID) return refusal(ERROR_CODES.MANDATORY_FIELD_MISSING);
  const payment = ownPayment(simulator, token, body.paymentID);
  if (!payment) return refusal(ERROR_CODES.INVALID_PAYMENT_ID);
  payment.statusCalls += 1;
  return paymentAnswer(payment, simulator.faults.for(payment.merchantInvoiceNumber).amountDeltaMinor);
}

export function searchTransaction(
  simulator: Simulator,
  token: SimToken,
  body: Record<string, string>,
): Answer {
  if (!body.trxID) return refusal(ERROR_CODES.MANDATORY_FIELD_MISSING);
  const payment = simulator.state.paymentsByTrxId.get(body.trxID);
  if (!payment || payment.appKey !== token.appKey || payment.executedAtMs === null) {
    return refusal(ERROR_CODES.TRANSACTION_NOT_FOUND);
  }
  return successful({
    trxID: payment.trxID,
    transactionStatus: payment.status,
    transactionType: 'bKash Tokenized Checkout via API',
    amount: payment.amount,
    currency: payment.currency,
    customerMsisdn: payment.approvedBy,
    organizationShortCode: ORGANIZATION_SHORT_CODE,
    initiationTime: bkashTime(payment.createdAtMs),
    completedTime: bkashTime(payment.executedAtMs),
  });
}
