import type { EntityManager } from '@mikro-orm/postgresql';
import { GatewayCallbackSchema, type Payment } from '../db/entities.js';
import { findPaymentByReference } from '../db/payments.js';
import type { GatewayRegistry } from '../gateways/registry.js';
import type { GatewayCallback } from '../gateways/types.js';
import type { Metrics } from './metrics.js';

export type CallbackVerdict =
  | {
      accepted: true;
      payment: Payment;
      callbackId: number;
      parsed: GatewayCallback;
      /**
       * True when the same callback (payment, validation id, gateway status) was stored before:
       * nothing new is stored, and it is handed to the workflow again only if it still waits.
       */
      duplicate: boolean;
      /** Whether to hand it to the payment's workflow now. */
      handOver: boolean;
    }
  | { accepted: false; reason: 'UNKNOWN_PAYMENT' | 'INVALID_SIGNATURE'; callbackId: number | null };

/** A stored callback not yet confirmed is handed over again at most this often. */
export const HAND_OVER_AGAIN_AFTER_SECONDS = 60;

/**
 * Stores a gateway callback exactly as received, before anything acts on it, and applies the
 * cheap signature check. Acceptance only means "worth asking the gateway about". A re-sent
 * callback is recognised by its payment, validation id and gateway status and stored once.
 */
export async function receiveCallback(
  em: EntityManager,
  gateways: GatewayRegistry,
  metrics: Pick<Metrics, 'callbacksReceived'>,
  input: {
    gateway: string;
    kind: 'IPN' | 'REDIRECT';
    fields: Record<string, string>;
    expectedReference?: string;
  },
): Promise<CallbackVerdict> {
  const identity = gateways.identifyCallback(input.gateway, input.fields);
  const reference = identity?.reference ?? '';
  const payment = reference ? await findPaymentByReference(em, reference) : null;
  const gateway =
    payment && payment.gateway === input.gateway ? gateways.get(payment.gateway, payment.mode) : undefined;
  const matchesExpected = input.expectedReference === undefined || input.expectedReference === reference;
  const parsed = gateway?.parseCallback(input.fields);
  const signatureValid = Boolean(parsed?.signatureValid) && matchesExpected;
  const dedupeKey =
    payment && parsed && signatureValid
      ? `${payment.id}:${parsed.validationId ?? ''}:${parsed.gatewayStatus}`
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
      (identity?.gatewayStatus ?? '').slice(0, 32),
      parsed?.validationId ?? null,
      signatureValid,
      JSON.stringify(input.fields),
      !payment ? 'REJECTED' : signatureValid ? null : 'REJECTED',
      !payment ? 'UNKNOWN_PAYMENT' : signatureValid ? null : 'INVALID_SIGNATURE',
      signatureValid ? null : new Date(),
      dedupeKey,
      signatureValid,
    ],
  );
  metrics.callbacksReceived.inc({
    gateway: gateways.knows(input.gateway) ? input.gateway : 'other',
    kind: input.kind,
    signature: signatureValid ? 'valid' : 'invalid',
  });
  const callbackId = stored[0] ? Number(stored[0].id) : null;

  if (!payment || !parsed) return { accepted: false, reason: 'UNKNOWN_PAYMENT', callbackId };
  if (!signatureValid) return { accepted: false, reason: 'INVALID_SIGNATURE', callbackId };
  if (callbackId !== null)
    return { accepted: true, payment, callbackId, parsed, duplicate: false, handOver: true };

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
    parsed,
    duplicate: true,
    handOver: again.length > 0,
  };
}
