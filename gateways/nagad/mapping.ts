import { PAYMENT_REFERENCE_PATTERN } from '../../domain/shared/ids.js';
import { fromDecimalString } from '../../domain/shared/money.js';
import type { ClaimedOutcome } from '../../domain/payments/unsigned-returns.js';
import type { GatewayTransaction, InboundRequest } from '../types.js';
import { GatewayError } from '../types.js';
import { payerWallet } from '../../domain/refunds/refund-destination.js';
import type { ErrorBody, VerifyAnswer } from './protocol.js';
import { CALLBACK_FIELDS, outcomeOf } from './protocol.js';

/** Pure translation between Nagad's wire values and our neutral ones. */

/**
 * Our payment references are `pay_` + 20 lowercase base32 characters. Nagad's own sample uses
 * letters and digits only for orderId, so the underscore is dropped; the fixed prefix makes the
 * mapping reversible.
 */
const PREFIX = 'pay_';

export function orderIdFor(reference: string): string {
  if (!PAYMENT_REFERENCE_PATTERN.test(reference)) {
    throw new RangeError(`not a payment reference: ${JSON.stringify(reference)}`);
  }
  return reference.replace('_', '');
}

/** Our reference for a Nagad orderId, or null when the orderId is not one of ours. */
export function referenceFor(orderId: string): string | null {
  const reference = PREFIX + orderId.slice(PREFIX.length - 1);
  return orderId.startsWith(PREFIX.slice(0, -1)) && PAYMENT_REFERENCE_PATTERN.test(reference)
    ? reference
    : null;
}

function nonEmpty(value: string | null | undefined): string | null {
  return value === null || value === undefined || value.trim() === '' ? null : value.trim();
}

/** An amount we cannot read exactly is unknown rather than guessed; the core then refuses to accept it. */
function amountMinorOf(amount: string | null): number | null {
  if (amount === null) return null;
  try {
    return fromDecimalString(amount, 'BDT');
  } catch {
    return null;
  }
}

/** A verify answer. Nagad takes BDT only, so the answer names no currency. */
export function toTransaction(answer: VerifyAnswer, raw: Record<string, unknown>): GatewayTransaction {
  return {
    outcome: outcomeOf(answer.status),
    gatewayStatus: answer.status,
    reference: referenceFor(answer.orderId) ?? answer.orderId,
    amountMinor: amountMinorOf(nonEmpty(answer.amount)),
    currency: 'BDT',
    validationId: nonEmpty(answer.paymentRefId),
    gatewayTransactionId: nonEmpty(answer.issuerPaymentRefNo),
    paymentMethod: 'Nagad',
    riskLevel: null,
    feeMinor: null,
    // Nagad usually masks the paying wallet (017*****123): only a number in full is kept.
    payerAccount: payerWallet('NAGAD_WALLET', answer.clientMobileNo),
    raw,
  };
}

/** Statuses after which the same request may well succeed later. */
const TRANSIENT_STATUSES = new Set([408, 425, 429]);

export function isTransientStatus(httpStatus: number): boolean {
  return httpStatus >= 500 || TRANSIENT_STATUSES.has(httpStatus);
}

/**
 * Nagad's `{reason, message}`: its HTTP status is undocumented, so the status decides whether
 * Nagad is struggling (retry later) or refused this request (a business rejection).
 */
export function errorFromBody(body: ErrorBody, httpStatus: number, operation: string): GatewayError {
  const details = { operation, httpStatus, reason: body.reason };
  const message = `Nagad ${operation} refused: ${body.message} (${body.reason})`;
  return isTransientStatus(httpStatus)
    ? new GatewayError('GATEWAY_UNAVAILABLE', message, details)
    : new GatewayError('GATEWAY_REJECTED', message, details);
}

/** Our reference as a browser return's order_id claims it, before anything is checked. */
export function identifyNagadReturn(request: InboundRequest): string | null {
  if (request.kind !== 'BROWSER_RETURN') return null;
  return referenceFor(request.query[CALLBACK_FIELDS.orderId] ?? '');
}

/** What a browser return's `status` claims, in shared words (anything unknown is OTHER). */
export function claimedOutcomeOf(status: string): ClaimedOutcome {
  switch (outcomeOf(status)) {
    case 'SUCCEEDED':
      return 'SUCCEEDED';
    case 'CANCELLED':
      return 'CANCELLED';
    case 'FAILED':
      return 'FAILED';
    default:
      return 'OTHER';
  }
}
