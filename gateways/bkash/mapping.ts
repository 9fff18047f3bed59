import { fromDecimalString } from '../../domain/shared/money.js';
import { payerWallet } from '../../domain/refunds/refund-destination.js';
import type { GatewayTransaction, RefundResult } from '../types.js';
import { GatewayError } from '../types.js';
import type { PaymentAnswer, RefundAnswer, RefundEntry, RefundV2Answer } from './protocol.js';
import { CURRENCY, ERROR_CODES, ERROR_MESSAGES, SUCCESS_CODE, TRANSACTION_STATUS } from './protocol.js';

/** bKash answers → gateway-neutral values. Pure, no I/O. */

/** Our reading of a `transactionStatus` from execute or payment/status. */
export function outcomeOf(transactionStatus: string): GatewayTransaction['outcome'] {
  switch (transactionStatus) {
    case TRANSACTION_STATUS.COMPLETED:
      return 'SUCCEEDED';
    // Created but not executed: the customer may still approve it and we may still execute it.
    case TRANSACTION_STATUS.INITIATED:
    case TRANSACTION_STATUS.AUTHORIZED:
      return 'PENDING';
    case TRANSACTION_STATUS.CANCELLED:
      return 'CANCELLED';
    case TRANSACTION_STATUS.FAILED:
      return 'FAILED';
    case TRANSACTION_STATUS.EXPIRED:
      return 'EXPIRED';
    default:
      return 'UNKNOWN';
  }
}

/**
 * An amount we cannot read exactly is reported as unknown rather than guessed, so the payment core
 * can never accept a payment on an amount it did not understand. bKash only settles BDT.
 */
export function amountMinorOf(amount: string | undefined, currency: string | undefined): number | null {
  if (amount === undefined || currency !== CURRENCY) return null;
  try {
    return fromDecimalString(amount, CURRENCY);
  } catch {
    return null;
  }
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value.trim() === '' ? null : value;
}

/** `reference` is bKash's merchantInvoiceNumber, which we set to our reference at create. */
export function toTransaction(answer: PaymentAnswer): GatewayTransaction {
  const currency = nonEmpty(answer.currency);
  return {
    outcome: outcomeOf(answer.transactionStatus),
    gatewayStatus: answer.transactionStatus,
    reference: answer.merchantInvoiceNumber ?? '',
    amountMinor: amountMinorOf(answer.amount, answer.currency),
    currency,
    validationId: answer.paymentID,
    gatewayTransactionId: nonEmpty(answer.trxID),
    // A bKash payment is always paid from a bKash wallet.
    paymentMethod: 'bKash',
    // bKash reports neither a risk score nor its fee per payment.
    riskLevel: null,
    feeMinor: null,
    // The wallet that approved the payment: where its refunds go back by default.
    payerAccount: payerWallet('BKASH_WALLET', answer.customerMsisdn),
    raw: answer,
  };
}

export interface BkashFailure {
  code: string;
  message: string;
}

/** The error an answer reports, or null for a successful one (`statusCode` "0000" or no code at all). */
export function failureOf(answer: {
  statusCode?: string;
  statusMessage?: string;
  errorCode?: string;
  errorMessage?: string;
  externalCode?: string;
  errorMessageEn?: string | null;
}): BkashFailure | null {
  if (answer.statusCode !== undefined && answer.statusCode !== SUCCESS_CODE) {
    return { code: answer.statusCode, message: answer.statusMessage ?? '' };
  }
  // The current refund API's errors: externalCode is bKash's code, errorMessageEn its words.
  if (answer.externalCode !== undefined && answer.externalCode !== SUCCESS_CODE) {
    return { code: answer.externalCode, message: answer.errorMessageEn ?? '' };
  }
  // Older answers report errors as errorCode/errorMessage beside no statusCode.
  if (answer.errorCode !== undefined && answer.errorCode !== SUCCESS_CODE) {
    return { code: answer.errorCode, message: answer.errorMessage ?? '' };
  }
  return null;
}

/** Codes after which the same request may well succeed later: nothing was decided. */
const UNAVAILABLE_CODES: ReadonlySet<string> = new Set([ERROR_CODES.MAINTENANCE, ERROR_CODES.SYSTEM_ERROR]);

function isUnavailableCode(code: string): boolean {
  return UNAVAILABLE_CODES.has(code);
}

/** bKash's message when it sent one, else its documented text for the code. */
function reasonFor(failure: BkashFailure): string {
  const known = (ERROR_MESSAGES as Record<string, string | undefined>)[failure.code];
  const words = failure.message.trim() || known || 'no message';
  return `bKash ${failure.code}: ${words}`;
}

/** bKash answered with an error code; the client reads `failure.code`, the core only the GatewayError. */
export class BkashRefusal extends GatewayError {
  constructor(
    readonly failure: BkashFailure,
    operation: string,
  ) {
    super(isUnavailableCode(failure.code) ? 'GATEWAY_UNAVAILABLE' : 'GATEWAY_REJECTED', reasonFor(failure), {
      operation,
      bkashCode: failure.code,
    });
    this.name = 'BkashRefusal';
  }
}

export function toRefundResult(answer: RefundAnswer): RefundResult {
  const completed = answer.transactionStatus === TRANSACTION_STATUS.COMPLETED;
  return {
    // bKash answers a refund only once it is done; any other status is a refund still moving.
    status: completed ? 'SUCCEEDED' : 'PROCESSING',
    gatewayRefundId: answer.refundTrxID,
    reason: null,
    raw: answer,
  };
}

/**
 * A refund's status in the current refund API. bKash documents only "Completed"; a refund it
 * reports as failed is over, and any other word is a refund still moving, asked about again.
 */
export function refundOutcomeOf(refundTransactionStatus: string): RefundResult['status'] {
  switch (refundTransactionStatus) {
    case TRANSACTION_STATUS.COMPLETED:
      return 'SUCCEEDED';
    case TRANSACTION_STATUS.FAILED:
    case TRANSACTION_STATUS.CANCELLED:
      return 'FAILED';
    default:
      return 'PROCESSING';
  }
}

/** The current refund API's answer to a refund, or one refund of its status list. */
export function toRefundV2Result(answer: RefundV2Answer | RefundEntry): RefundResult {
  const status = refundOutcomeOf(answer.refundTransactionStatus);
  return {
    status,
    gatewayRefundId: answer.refundTrxId,
    reason: status === 'FAILED' ? `bKash reports the refund ${answer.refundTransactionStatus}` : null,
    raw: answer,
  };
}

/** Whether a refusal may be bKash meeting an earlier try of ours: "duplicate" or "already reversed". */
export function isRepeatRefusal(failure: BkashFailure): boolean {
  return failure.code === ERROR_CODES.DUPLICATE || failure.code === ERROR_CODES.ALREADY_REVERSED;
}

/**
 * What a refused refund means. A duplicate (2029) or an already reversed payment (2034) is what a
 * retry of ours meets when the first try was taken but its answer lost: not a failure, the money
 * is on its way or back with the customer already.
 */
export function refundRefusal(failure: BkashFailure): RefundResult {
  if (isRepeatRefusal(failure)) {
    return { ...failedRefund(failure), status: 'PROCESSING', alreadySubmitted: true };
  }
  return failedRefund(failure);
}

/** A refund bKash refused or does not know. */
export function failedRefund(failure: BkashFailure): RefundResult {
  return {
    status: 'FAILED',
    gatewayRefundId: null,
    reason: reasonFor(failure),
    // bKash keeps no refund window we can read in advance: its 2071 refusal is how it is known.
    ...(failure.code === ERROR_CODES.REFUND_WINDOW_EXPIRED && { refundWindowClosed: true }),
    raw: { statusCode: failure.code, statusMessage: failure.message },
  };
}

/**
 * bKash refunds name both the payment (paymentID) and its transaction (trxID); the neutral refund
 * request has one field, so it carries `<paymentID>:<trxID>`. Neither id contains a colon.
 */
const PAYMENT_KEY_SEPARATOR = ':';

export interface PaymentKey {
  paymentId: string;
  trxId: string;
}

export function encodePaymentKey(key: PaymentKey): string {
  return `${key.paymentId}${PAYMENT_KEY_SEPARATOR}${key.trxId}`;
}

export function decodePaymentKey(value: string): PaymentKey | null {
  const parts = value.split(PAYMENT_KEY_SEPARATOR);
  if (parts.length !== 2) return null;
  const [paymentId = '', trxId = ''] = parts.map((part) => part.trim());
  return paymentId && trxId ? { paymentId, trxId } : null;
}
