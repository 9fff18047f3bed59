import type { EntityManager } from '@mikro-orm/postgresql';
import { GatewayCallbackSchema, type Payment } from '../db/entities.js';
import { findPaymentByReference } from '../db/payments.js';
import type { GatewayRegistry } from '../gateways/registry.js';
import type { GatewayCallback } from '../gateways/types.js';
import type { Metrics } from './metrics.js';

export type CallbackVerdict =
  | { accepted: true; payment: Payment; callbackId: number; parsed: GatewayCallback }
  | { accepted: false; reason: 'UNKNOWN_PAYMENT' | 'INVALID_SIGNATURE'; callbackId: number | null };

/**
 * Stores a gateway callback exactly as received, before anything acts on it, and applies the
 * cheap signature check. Acceptance only means "worth asking the gateway about".
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
  const reference = input.fields.tran_id ?? '';
  const payment = reference ? await findPaymentByReference(em, reference) : null;
  const gateway =
    payment && payment.gateway === input.gateway ? gateways.get(payment.gateway, payment.mode) : undefined;
  const matchesExpected = input.expectedReference === undefined || input.expectedReference === reference;
  const parsed = gateway?.parseCallback(input.fields);
  const signatureValid = Boolean(parsed?.signatureValid) && matchesExpected;

  const record = em.create(GatewayCallbackSchema, {
    paymentId: payment?.id ?? null,
    reference: reference.slice(0, 64),
    gateway: input.gateway.slice(0, 32),
    kind: input.kind,
    gatewayStatus: (input.fields.status ?? '').slice(0, 32),
    validationId: parsed?.validationId ?? null,
    signatureValid,
    payload: input.fields,
    outcome: !payment ? 'REJECTED' : signatureValid ? null : 'REJECTED',
    outcomeReason: !payment ? 'UNKNOWN_PAYMENT' : signatureValid ? null : 'INVALID_SIGNATURE',
    receivedAt: new Date(),
    processedAt: signatureValid ? null : new Date(),
  });
  await em.flush();
  metrics.callbacksReceived.inc({
    gateway: record.gateway,
    kind: input.kind,
    signature: signatureValid ? 'valid' : 'invalid',
  });

  if (!payment || !parsed) return { accepted: false, reason: 'UNKNOWN_PAYMENT', callbackId: record.id };
  if (!signatureValid) return { accepted: false, reason: 'INVALID_SIGNATURE', callbackId: record.id };
  return { accepted: true, payment, callbackId: record.id, parsed };
}
