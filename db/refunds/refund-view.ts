import { formatMoney, type Currency } from '../../domain/shared/money.js';
import type { Refund } from './refunds.js';

/** The refund as apps see it, in API responses and webhook payloads alike. */
export function refundView(r: Refund) {
  return {
    id: r.id,
    reference: r.reference,
    paymentReference: r.paymentReference,
    status: r.status,
    amountMinor: r.amountMinor,
    currency: r.currency,
    amountFormatted: formatMoney(r.amountMinor, r.currency as Currency),
    funds: r.funds,
    reason: r.reason,
    metadata: r.metadata,
    failureReason: r.failureReason,
    mode: r.mode,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    settledAt: r.settledAt?.toISOString() ?? null,
  };
}

export type RefundView = ReturnType<typeof refundView>;
