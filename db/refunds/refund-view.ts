import { formatMoney, type Currency } from '../../domain/shared/money.js';
import {
  expectedArrival,
  RAIL_FOR_DESTINATION,
  type RefundRoute,
} from '../../domain/refunds/refund-rails.js';
import { beneficiaryView } from '../payouts/payout-view.js';
import type { Refund } from './refunds.js';

/** How the refund reaches the customer: by payout once one is made, else as it was taken. */
function routeOf(r: Refund): RefundRoute {
  if (r.payout) return 'PAYOUT';
  return r.route ?? (r.confirmationRequestedAt ? 'FINANCE' : 'GATEWAY');
}

/**
 * The rail the money goes back by (a payout rail's name, the payment's gateway, or `finance`) and
 * when the customer can expect it, counted from its approval (or its taking, when none was needed).
 */
export function refundDelivery(r: Refund) {
  const route = routeOf(r);
  const rail =
    route === 'PAYOUT'
      ? (r.payout?.rail ?? (r.destination ? RAIL_FOR_DESTINATION[r.destination.type] : null))
      : route === 'FINANCE'
        ? 'finance'
        : r.paymentGateway;
  const from = r.payout?.approvedAt ?? r.decision?.at ?? r.createdAt;
  return {
    route,
    rail,
    payoutReference: r.payout?.reference ?? null,
    // Numbers masked as a payout's beneficiary is: a refund's answer and webhook carry no full account.
    destination: route === 'PAYOUT' && r.destination ? beneficiaryView(r.destination) : null,
    expectedArrival: expectedArrival(route, route === 'PAYOUT' ? r.destination : null, from),
  };
}

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
    ...refundDelivery(r),
  };
}

export type RefundView = ReturnType<typeof refundView>;
