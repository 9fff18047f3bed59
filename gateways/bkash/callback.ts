import type { ClaimedOutcome } from '../../domain/payments/unsigned-returns.js';
import type { InboundRequest, InboundVerdict } from '../types.js';
import { CALLBACK_FIELDS, CALLBACK_STATUSES } from './protocol.js';
import type { CallbackStatus } from './protocol.js';

/**
 * bKash's only callback is the customer's browser coming back to the callbackURL given at create,
 * with `paymentID` and `status` appended. It names no merchant reference, so the callbackURL we
 * give carries ours as `reference`; bKash keeps the query and appends its own fields to it.
 */

export const REFERENCE_PARAM = 'reference';

/** The callback URL for one payment: the core's return URL with our reference in its query. */
export function callbackUrlFor(returnUrl: string, reference: string): string {
  const url = new URL(returnUrl);
  url.searchParams.set(REFERENCE_PARAM, reference);
  return url.toString();
}

/** paymentIDs look like "TR0011ON1565154754797"; anything else is not bKash's. */
const PAYMENT_ID = /^[A-Za-z0-9]{1,64}$/;

const CLAIMED: Record<CallbackStatus, ClaimedOutcome> = {
  success: 'SUCCEEDED',
  failure: 'FAILED',
  cancel: 'CANCELLED',
};

function isCallbackStatus(value: string): value is CallbackStatus {
  return (CALLBACK_STATUSES as readonly string[]).includes(value);
}

/**
 * Reads what the browser claims, never trusting it: `confirm` asks bKash. The `signature` bKash
 * appends is undocumented and cannot be verified, so it is ignored.
 */
export function parseBkashReturn(request: InboundRequest): InboundVerdict {
  if (request.kind !== 'BROWSER_RETURN') {
    return { accepted: false, reason: 'bKash sends no server-to-server notification to this route' };
  }
  const paymentId = request.query[CALLBACK_FIELDS.paymentId]?.trim() ?? '';
  const status = request.query[CALLBACK_FIELDS.status]?.trim() ?? '';
  const reference = request.query[REFERENCE_PARAM]?.trim() ?? '';
  if (!PAYMENT_ID.test(paymentId)) return { accepted: false, reason: 'callback has no valid paymentID' };
  if (!isCallbackStatus(status)) {
    return { accepted: false, reason: `callback status must be one of ${CALLBACK_STATUSES.join(', ')}` };
  }
  if (reference === '') {
    return { accepted: false, reason: `callback URL carries no ${REFERENCE_PARAM} of ours` };
  }
  return {
    accepted: true,
    callback: {
      reference,
      claimedStatus: status,
      confirmationKey: paymentId,
      unsignedOutcome: CLAIMED[status],
    },
  };
}

/** Our reference as a browser return claims it, before anything is checked. */
export function identifyBkashReturn(request: InboundRequest): string | null {
  if (request.kind !== 'BROWSER_RETURN') return null;
  return request.query[REFERENCE_PARAM]?.trim() || null;
}
