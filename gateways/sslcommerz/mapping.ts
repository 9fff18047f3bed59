import { fromDecimalString, isCurrency } from '../../domain/shared/money.js';
import type { GatewayTransaction, RefundResult } from '../types.js';
import { GatewayError } from '../types.js';
import { text } from './http.js';
import type { WireResponse } from './http.js';
import { API_CONNECT, outcomeOf, refundOutcomeOf } from './protocol.js';

/**
 * An amount we cannot read exactly is reported as unknown rather than guessed, so the payment core
 * can never accept a payment on an amount it did not understand.
 */
function amountMinorOf(amount: string | null, currency: string | null): number | null {
  if (amount === null || currency === null || !isCurrency(currency)) return null;
  try {
    return fromDecimalString(amount, currency);
  } catch {
    return null;
  }
}

function riskLevelOf(value: string | null): number | null {
  return value !== null && /^\d+$/.test(value.trim()) ? Number(value.trim()) : null;
}

function nonEmpty(value: string | null): string | null {
  return value === null || value.trim() === '' ? null : value;
}

/**
 * SSLCOMMERZ reports what it will settle (`store_amount`) beside the amount paid; the difference
 * is its fee. A settlement larger than the payment, or one we cannot read, reports no fee.
 */
function feeMinorOf(amountMinor: number | null, storeAmount: string | null, currency: string | null) {
  const settled = amountMinorOf(storeAmount, currency);
  if (amountMinor === null || settled === null || settled > amountMinor) return null;
  return amountMinor - settled;
}

/** Validator answers, query elements and the sessionkey query share the same field names. */
export function toTransaction(raw: WireResponse): GatewayTransaction {
  const gatewayStatus = text(raw, 'status') ?? '';
  const currency = nonEmpty(text(raw, 'currency'));
  const amountMinor = amountMinorOf(nonEmpty(text(raw, 'amount')), currency);
  return {
    outcome: outcomeOf(gatewayStatus),
    gatewayStatus,
    reference: text(raw, 'tran_id') ?? '',
    amountMinor,
    currency,
    validationId: nonEmpty(text(raw, 'val_id')),
    gatewayTransactionId: nonEmpty(text(raw, 'bank_tran_id')),
    paymentMethod: nonEmpty(text(raw, 'card_type')),
    riskLevel: riskLevelOf(text(raw, 'risk_level')),
    feeMinor: feeMinorOf(amountMinor, nonEmpty(text(raw, 'store_amount')), currency),
    raw,
  };
}

/**
 * `APIConnect` other than DONE means the API refused the call itself (credentials, whitelisting),
 * so nothing was looked up or changed.
 */
export function assertApiConnected(raw: WireResponse, operation: string): void {
  const apiConnect = text(raw, 'APIConnect');
  if (apiConnect === API_CONNECT.DONE) return;
  if (apiConnect === null) {
    throw new GatewayError('GATEWAY_PROTOCOL_ERROR', `SSLCOMMERZ ${operation} answer has no APIConnect`, {
      operation,
    });
  }
  const reason = nonEmpty(text(raw, 'errorReason')) ?? nonEmpty(text(raw, 'error'));
  throw new GatewayError('GATEWAY_REJECTED', `SSLCOMMERZ ${operation} refused: ${reason ?? apiConnect}`, {
    operation,
    apiConnect,
  });
}

/** How SSLCOMMERZ refuses a refund_trans_id it has already taken. */
const DUPLICATE_REFUND = /duplicate refund_trans_id/i;

export function toRefundResult(raw: WireResponse, operation: string): RefundResult {
  const gatewayStatus = text(raw, 'status') ?? '';
  const status = refundOutcomeOf(gatewayStatus);
  if (status === null) {
    throw new GatewayError(
      'GATEWAY_PROTOCOL_ERROR',
      `SSLCOMMERZ ${operation} answered an unknown status ${JSON.stringify(gatewayStatus)}`,
      { operation, raw },
    );
  }
  const errorReason = nonEmpty(text(raw, 'errorReason'));
  if (status === 'FAILED' && errorReason && DUPLICATE_REFUND.test(errorReason)) {
    return { status: 'PROCESSING', gatewayRefundId: null, alreadySubmitted: true, reason: errorReason, raw };
  }
  return {
    status,
    gatewayRefundId: nonEmpty(text(raw, 'refund_ref_id')),
    reason: status === 'FAILED' ? (nonEmpty(text(raw, 'errorReason')) ?? gatewayStatus) : null,
    raw,
  };
}
