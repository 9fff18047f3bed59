import type { EntityManager } from '@mikro-orm/postgresql';
import type { Payment } from '../db/entities.js';
import { findPaymentByReference } from '../db/payments.js';
import { unsignedReturnDecision, unsignedReturnKey } from '../domain/unsigned-returns.js';
import type { GatewayRegistry } from '../gateways/registry.js';
import type { InboundRequest, NeutralCallback } from '../gateways/types.js';
import { inboundPayload } from './inbound.js';
import type { Metrics } from './metrics.js';

export type CallbackVerdict =
  | {
      accepted: true;
      payment: Payment;
      callbackId: number;
      callback: NeutralCallback;
      /**
       * True when the same callback was stored before (a signed one: its payment, confirmation key
       * and claimed status; an unsigned return: its payment and claimed outcome): nothing new is
       * stored, and it is handed to the workflow again only if it still waits.
       */
      duplicate: boolean;
      /** Whether to hand it to the payment's workflow now. */
      handOver: boolean;
    }
  | {
      accepted: false;
      reason: 'UNKNOWN_PAYMENT' | 'INVALID_SIGNATURE';
      /** The gateway module's own words on why. */
      detail: string;
      /** Received and deliberately ignored (an event about no payment): the gateway may stop sending it. */
      acknowledge: boolean;
      /** The stored row; null when nothing was stored (a callback about no payment of ours). */
      callbackId: number | null;
    };

/** A stored callback not yet confirmed is handed over again at most this often. */
export const HAND_OVER_AGAIN_AFTER_SECONDS = 60;

/** How a callback is recognised when it comes again, and whether the first one goes to a workflow. */
function dedupeOf(
  payment: Payment,
  callback: NeutralCallback,
): { key: string; handOver: true } | { key: string; handOver: false; reason: string } {
  if (callback.unsignedOutcome === undefined) {
    return {
      key: `${payment.id}:${callback.confirmationKey ?? ''}:${callback.claimedStatus}`,
      handOver: true,
    };
  }
  const claim = {
    status: payment.status,
    outcome: callback.unsignedOutcome,
    namesSession: callback.confirmationKey !== null && callback.confirmationKey === payment.gatewaySessionKey,
  };
  return { key: unsignedReturnKey({ paymentId: payment.id, ...claim }), ...unsignedReturnDecision(claim) };
}

/**
 * Stores a gateway callback exactly as received, before anything acts on it, and lets the
 * payment's gateway check what it can without asking (a signature, a shape). Acceptance only
 * means "worth asking the gateway about". A re-sent signed callback is recognised by its payment,
 * confirmation key and claimed status and stored once; an unsigned browser return by its payment
 * and claimed outcome (`unsignedReturnKey`), and one for a closed payment starts nothing
 * (`unsignedReturnDecision`). A callback naming no payment of ours is counted, never stored.
 */
export async function receiveCallback(
  em: EntityManager,
  gateways: GatewayRegistry,
  metrics: Pick<Metrics, 'callbacksReceived' | 'callbacksForNoPayment'>,
  input: {
    gateway: string;
    kind: 'IPN' | 'REDIRECT';
    request: InboundRequest;
    expectedReference?: string;
  },
): Promise<CallbackVerdict> {
  const gatewayLabel = gateways.knows(input.gateway) ? input.gateway : 'other';
  const reference = gateways.identify(input.gateway, input.request) ?? '';
  const payment = reference ? await findPaymentByReference(em, reference) : null;
  const gateway =
    payment && payment.gateway === input.gateway
      ? await gateways.forPayment({ ...payment, gateway: input.gateway })
      : null;
  if (!payment || !gateway) {
    // Junk anyone can send as fast as the rate limit lets them: a count, not a row.
    metrics.callbacksForNoPayment.inc({ gateway: gatewayLabel, kind: input.kind });
    return {
      accepted: false,
      reason: 'UNKNOWN_PAYMENT',
      detail: 'UNKNOWN_PAYMENT',
      acknowledge: false,
      callbackId: null,
    };
  }
  const parsed = gateway.parseInbound(input.request);
  const callback = parsed.accepted ? parsed.callback : null;
  const matchesExpected = input.expectedReference === undefined || input.expectedReference === reference;
  const valid = callback !== null && callback.reference === reference && matchesExpected;
  const detail = !parsed.accepted ? parsed.reason : valid ? '' : 'callback names another payment';
  const dedupe = callback && valid ? dedupeOf(payment, callback) : null;
  const closedReason = dedupe && !dedupe.handOver ? dedupe.reason : null;

  const stored = await em.execute<Array<{ id: string }>>(
    `insert into gateway_callbacks (payment_id, reference, gateway, kind, gateway_status, validation_id,
       signature_valid, payload, outcome, outcome_reason, received_at, processed_at, dedupe_key, handed_over_at,
       hand_overs)
     values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, now(), ?, ?, case when ? then now() end, ?)
     on conflict (dedupe_key) where dedupe_key is not null
       do update set times_received = gateway_callbacks.times_received + 1
     returning id, (xmax = 0) as inserted`,
    [
      payment.id,
      reference.slice(0, 64),
      input.gateway.slice(0, 32),
      input.kind,
      (callback?.claimedStatus ?? '').slice(0, 64),
      callback?.confirmationKey ?? null,
      valid,
      JSON.stringify(inboundPayload(input.request)),
      !valid ? 'REJECTED' : closedReason ? 'NO_CHANGE' : null,
      !valid
        ? (detail === 'INVALID_SIGNATURE' ? detail : `INVALID_SIGNATURE: ${detail}`).slice(0, 255)
        : closedReason,
      !valid || closedReason ? new Date() : null,
      dedupe?.key ?? null,
      dedupe?.handOver ?? false,
      dedupe?.handOver ? 1 : 0,
    ],
  );
  metrics.callbacksReceived.inc({
    gateway: gatewayLabel,
    kind: input.kind,
    signature: valid ? 'valid' : 'invalid',
  });
  const row = stored[0] as { id: string; inserted: boolean };
  const callbackId = Number(row.id);

  if (!callback || !valid || !dedupe) {
    return {
      accepted: false,
      reason: 'INVALID_SIGNATURE',
      detail,
      acknowledge: Boolean(!parsed.accepted && parsed.acknowledge),
      callbackId,
    };
  }
  if (row.inserted)
    return { accepted: true, payment, callbackId, callback, duplicate: false, handOver: dedupe.handOver };

  // Seen before: hand it over again only while it is still unconfirmed and its last hand-over is
  // a minute old (it may have been lost to a crash before the gateway got our answer), so a
  // gateway re-sending it cannot grow the workflow's history without bound. One the workflow
  // judged, or one for a closed payment (processed when stored), is never handed over again.
  const again = await em.execute<Array<{ id: string }>>(
    `update gateway_callbacks set handed_over_at = now(), hand_overs = hand_overs + 1
      where dedupe_key = ? and processed_at is null
        and (handed_over_at is null or handed_over_at < now() - make_interval(secs => ?))
     returning id`,
    [dedupe.key, HAND_OVER_AGAIN_AFTER_SECONDS],
  );
  return {
    accepted: true,
    payment,
    callbackId,
    callback,
    duplicate: true,
    handOver: again.length > 0,
  };
}
