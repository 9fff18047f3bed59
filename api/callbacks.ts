import type { EntityManager } from '@mikro-orm/postgresql';
import { GatewayCallbackSchema, type Payment } from '../db/entities.js';
import { findPaymentByReference } from '../db/payments.js';
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
       * True when the same callback (payment, confirmation key, claimed status) was stored before:
       * nothing new is stored, and it is handed to the workflow again only if it still waits.
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
      callbackId: number | null;
    };

/** A stored callback not yet confirmed is handed over again at most this often. */
export const HAND_OVER_AGAIN_AFTER_SECONDS = 60;

/**
 * Stores a gateway callback exactly as received, before anything acts on it, and lets the
 * payment's gateway check what it can without asking (a signature, a shape). Acceptance only
 * means "worth asking the gateway about". A re-sent callback is recognised by its payment,
 * confirmation key and claimed status and stored once.
 */
export async function receiveCallback(
  em: EntityManager,
  gateways: GatewayRegistry,
  metrics: Pick<Metrics, 'callbacksReceived'>,
  input: {
    gateway: string;
    kind: 'IPN' | 'REDIRECT';
    request: InboundRequest;
    expectedReference?: string;
  },
): Promise<CallbackVerdict> {
  const reference = gateways.identify(input.gateway, input.request) ?? '';
  const payment = reference ? await findPaymentByReference(em, reference) : null;
  const gateway =
    payment && payment.gateway === input.gateway
      ? await gateways.forPayment({ ...payment, gateway: input.gateway })
      : null;
  const parsed = gateway?.parseInbound(input.request) ?? null;
  const callback = parsed?.accepted ? parsed.callback : null;
  const matchesExpected = input.expectedReference === undefined || input.expectedReference === reference;
  const valid = callback !== null && callback.reference === reference && matchesExpected;
  const detail = !gateway
    ? 'UNKNOWN_PAYMENT'
    : parsed && !parsed.accepted
      ? parsed.reason
      : valid
        ? ''
        : 'callback names another payment';
  const rejection = !payment || !gateway ? 'UNKNOWN_PAYMENT' : 'INVALID_SIGNATURE';
  const dedupeKey =
    payment && callback && valid
      ? `${payment.id}:${callback.confirmationKey ?? ''}:${callback.claimedStatus}`
      : null;

  const stored = await em.execute<Array<{ id: string }>>(
    `insert into gateway_callbacks (payment_id, reference, gateway, kind, gateway_status, validation_id,
       signature_valid, payload, outcome, outcome_reason, received_at, processed_at, dedupe_key, handed_over_at)
     values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, now(), ?, ?, case when ? then now() end)
     on conflict (dedupe_key) where dedupe_key is not null do nothing returning id`,
    [
      payment?.id ?? null,
      reference.slice(0, 64),
      input.gateway.slice(0, 32),
      input.kind,
      (callback?.claimedStatus ?? '').slice(0, 64),
      callback?.confirmationKey ?? null,
      valid,
      JSON.stringify(inboundPayload(input.request)),
      valid ? null : 'REJECTED',
      valid ? null : (detail === rejection ? rejection : `${rejection}: ${detail}`).slice(0, 255),
      valid ? null : new Date(),
      dedupeKey,
      valid,
    ],
  );
  metrics.callbacksReceived.inc({
    gateway: gateways.knows(input.gateway) ? input.gateway : 'other',
    kind: input.kind,
    signature: valid ? 'valid' : 'invalid',
  });
  const callbackId = stored[0] ? Number(stored[0].id) : null;

  if (!payment || !callback || !valid) {
    return {
      accepted: false,
      reason: rejection,
      detail,
      acknowledge: Boolean(parsed && !parsed.accepted && parsed.acknowledge),
      callbackId,
    };
  }
  if (callbackId !== null)
    return { accepted: true, payment, callbackId, callback, duplicate: false, handOver: true };

  // Seen before: hand it over again only while it is still unconfirmed and its last hand-over is
  // a minute old (it may have been lost to a crash before the gateway got our answer), so a
  // gateway re-sending it cannot grow the workflow's history without bound.
  const again = await em.execute<Array<{ id: string }>>(
    `update gateway_callbacks set handed_over_at = now()
      where dedupe_key = ? and processed_at is null
        and (handed_over_at is null or handed_over_at < now() - make_interval(secs => ?))
     returning id`,
    [dedupeKey, HAND_OVER_AGAIN_AFTER_SECONDS],
  );
  const earlier = await em.findOneOrFail(GatewayCallbackSchema, { dedupeKey }, { disableIdentityMap: true });
  return {
    accepted: true,
    payment,
    callbackId: earlier.id,
    callback,
    duplicate: true,
    handOver: again.length > 0,
  };
}
