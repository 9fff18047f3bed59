import type Stripe from 'stripe';
import { stripeSdk } from './sdk.js';
import type { DisputeNoticeVerdict, InboundRequest, InboundVerdict } from '../types.js';
import {
  isDisputeEventType,
  isSessionEventType,
  SIGNATURE_HEADER,
  SIGNATURE_TOLERANCE_SECONDS,
} from './protocol.js';

/**
 * What reaches our callback routes from Stripe: signed webhook events, and the customer's browser
 * coming back. Neither is proof of payment; `confirm` asks Stripe.
 */

export interface InboundOptions {
  webhooks: Stripe['webhooks'];
  webhookSecret: string;
  now: () => number;
}

/** What a return through the cancel link claims: the customer left Checkout. */
export const CANCEL_RETURN = 'cancel_return';

/** Stripe's session ids; anything else in `session_id` (the unsubstituted template) names none. */
const SESSION_ID = /^cs_[A-Za-z0-9_]+$/;

function header(headers: Record<string, string>, name: string): string | undefined {
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
  return entry?.[1];
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0] ?? message;
}

/**
 * A webhook counts only with a valid signature of our endpoint's secret made within the tolerance.
 * Only Checkout Session events say anything about a payment; the others Stripe sends to the same
 * endpoint (payment_intent.*, charge.*, refund.*) are refused as "ignored event type", which the
 * route may answer 2xx so Stripe stops retrying them.
 */
function verifiedEvent(
  request: InboundRequest,
  options: InboundOptions,
): { event: Stripe.Event } | { accepted: false; reason: string } {
  try {
    return {
      event: options.webhooks.constructEvent(
        request.rawBody,
        header(request.headers, SIGNATURE_HEADER) ?? '',
        options.webhookSecret,
        SIGNATURE_TOLERANCE_SECONDS,
        undefined,
        options.now(),
      ),
    };
  } catch (error) {
    if (error instanceof stripeSdk().errors.StripeSignatureVerificationError) {
      return { accepted: false, reason: `bad signature: ${firstLine(error.message)}` };
    }
    return { accepted: false, reason: 'malformed webhook payload' };
  }
}

function parseWebhook(request: InboundRequest, options: InboundOptions): InboundVerdict {
  const verified = verifiedEvent(request, options);
  if (!('event' in verified)) return verified;
  const { event } = verified;
  if (!isSessionEventType(event.type))
    return { accepted: false, reason: 'ignored event type', acknowledge: true };
  const session = event.data.object as Stripe.Checkout.Session;
  const reference = session.client_reference_id ?? session.metadata?.reference;
  if (!reference) return { accepted: false, reason: 'session without our reference' };
  return {
    accepted: true,
    callback: {
      reference,
      claimedStatus: `${event.type}:${session.payment_status}`,
      confirmationKey: session.id,
    },
  };
}

/**
 * Our success and cancel URLs carry `?reference=`; Stripe adds `session_id` to the success URL
 * only, so a return without one is the customer leaving through the cancel link.
 */
function parseBrowserReturn(request: InboundRequest): InboundVerdict {
  const reference = request.query.reference?.trim();
  if (!reference) return { accepted: false, reason: 'return without a reference' };
  const sessionId = request.query.session_id ?? '';
  const named = SESSION_ID.test(sessionId);
  return {
    accepted: true,
    callback: {
      reference,
      claimedStatus: named ? 'success_return' : CANCEL_RETURN,
      confirmationKey: named ? sessionId : null,
      unsignedOutcome: named ? 'SUCCEEDED' : 'CANCELLED',
    },
  };
}

export function parseStripeInbound(request: InboundRequest, options: InboundOptions): InboundVerdict {
  return request.kind === 'NOTIFICATION' ? parseWebhook(request, options) : parseBrowserReturn(request);
}

/**
 * A dispute event counts only with a valid signature, like every webhook; it then names the
 * dispute, which the client retrieves from Stripe: the event's snapshot is not trusted.
 */
export function verifyStripeDisputeNotice(
  request: InboundRequest,
  options: InboundOptions,
): DisputeNoticeVerdict {
  const verified = verifiedEvent(request, options);
  if (!('event' in verified)) return verified;
  if (!isDisputeEventType(verified.event.type)) return { accepted: false, reason: 'not a dispute event' };
  const dispute = verified.event.data.object as Partial<Stripe.Dispute>;
  if (typeof dispute.id !== 'string' || !dispute.id)
    return { accepted: false, reason: 'dispute without an id' };
  const intent = dispute.payment_intent;
  return {
    accepted: true,
    gatewayDisputeId: dispute.id,
    snapshot: {
      eventId: verified.event.id ?? null,
      eventType: verified.event.type,
      gatewayTransactionId: typeof intent === 'string' ? intent : (intent?.id ?? null),
      amountMinor: Number.isSafeInteger(dispute.amount) ? dispute.amount! : null,
      currency: typeof dispute.currency === 'string' ? dispute.currency.toUpperCase() : null,
      reason: dispute.reason ?? null,
      gatewayStatus: dispute.status ?? null,
    },
  };
}

/** A webhook whose event (signed or not) says nothing about a Checkout Session or a dispute. */
export function isIgnoredStripeEvent(request: InboundRequest): boolean {
  if (request.kind !== 'NOTIFICATION') return false;
  try {
    const event = JSON.parse(request.rawBody) as { type?: unknown };
    return (
      typeof event.type === 'string' && !isSessionEventType(event.type) && !isDisputeEventType(event.type)
    );
  } catch {
    return false;
  }
}

/**
 * The PaymentIntent a dispute event claims to be about, read before its signature is checked
 * (checking needs the secret of the disputed payment's app). Null for any other request.
 */
export function identifyStripeDispute(request: InboundRequest): { gatewayTransactionId: string } | null {
  if (request.kind !== 'NOTIFICATION') return null;
  try {
    const event = JSON.parse(request.rawBody) as {
      type?: unknown;
      data?: { object?: { payment_intent?: unknown } };
    };
    if (typeof event.type !== 'string' || !isDisputeEventType(event.type)) return null;
    const intent = event.data?.object?.payment_intent;
    const id = typeof intent === 'string' ? intent : (intent as { id?: unknown } | null | undefined)?.id;
    return typeof id === 'string' && id.trim() ? { gatewayTransactionId: id.trim() } : null;
  } catch {
    return null;
  }
}

/**
 * Our reference as a request claims it, read before its signature is checked (checking needs the
 * secret of the payment's app): a webhook's session names it, a browser return carries it.
 */
export function identifyStripeInbound(request: InboundRequest): string | null {
  if (request.kind === 'BROWSER_RETURN') return request.query.reference?.trim() || null;
  try {
    const event = JSON.parse(request.rawBody) as {
      data?: { object?: { client_reference_id?: unknown; metadata?: { reference?: unknown } } };
    };
    const object = event.data?.object;
    const reference = object?.client_reference_id ?? object?.metadata?.reference;
    return typeof reference === 'string' && reference.trim() ? reference.trim() : null;
  } catch {
    return null;
  }
}
