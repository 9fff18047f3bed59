import type { EntityManager } from '@mikro-orm/postgresql';
import type { Payment } from '../../platform/orm/entities.js';
import { lockCallbackChecks, openNextCheck } from '../../db/payments/callback-checks.js';
import { openedAtCheckout } from '../../db/payments/checkout-attempts.js';
import { findPaymentByReference, flagPaymentForAttention } from '../../db/payments/payments.js';
import {
  abandonedGatewayAttention,
  abandonedGatewayCallbackKey,
  raisedAttention,
} from '../../domain/payments/abandoned-gateways.js';
import { rejectedCallbackKey, repeatAction } from '../../domain/payments/callback-checks.js';
import { unsignedReturnDecision, unsignedReturnKey } from '../../domain/payments/unsigned-returns.js';
import type { GatewayRegistry } from '../../gateways/registry.js';
import type { InboundRequest, NeutralCallback } from '../../gateways/types.js';
import { inboundPayload } from './inbound.js';
import type { Metrics } from '../metrics.js';
import { executePrepared } from '../../platform/orm/prepared-sql.js';

export type CallbackVerdict =
  | {
      accepted: true;
      payment: Payment;
      callbackId: number;
      callback: NeutralCallback;
      /**
       * True when the same callback was stored before (a signed one: its payment, confirmation key
       * and claimed status; an unsigned return: its payment and claimed outcome): nothing new is
       * stored, and it is handed to the workflow again only while the gateway has not confirmed
       * it (`repeatAction`).
       */
      duplicate: boolean;
      /** Whether to hand it to the payment's workflow now. */
      handOver: boolean;
      /**
       * The check it is handed over for (`CallbackNotice.handOver`): 0 the first time, the next
       * number when an unconfirmed callback is checked again.
       */
      handOverNumber: number;
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

/** A stored callback still waiting for its check is handed over again at most this often. */
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
 * (`unsignedReturnDecision`). A refused one (a bad signature, another payment's callback) is
 * stored once per payment, gateway, kind and reason, its repeats counted on that row
 * (`rejectedCallbackKey`), and pruned once it stops arriving. A valid callback from a gateway the payment left at checkout is
 * stored and flags the payment for an operator (`receiveFromAbandonedGateway`). A callback naming
 * no payment of ours (or sent by a gateway it never opened, or forged for one it left) is counted,
 * never stored.
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
  // A gateway the payment left at checkout (its session failed to open, the customer chose
  // another) is heard out by its own checks; any other gateway knows nothing of this payment.
  const left =
    payment !== null &&
    payment.gateway !== input.gateway &&
    gateways.knows(input.gateway) &&
    (await openedAtCheckout(em, payment.id, input.gateway));
  const gateway =
    payment && (payment.gateway === input.gateway || left)
      ? await gateways.forPayment({ ...payment, gateway: input.gateway })
      : null;
  const forNoPayment = (): CallbackVerdict => {
    // Junk anyone can send as fast as the rate limit lets them: a count, not a row.
    metrics.callbacksForNoPayment.inc({ gateway: gatewayLabel, kind: input.kind });
    return {
      accepted: false,
      reason: 'UNKNOWN_PAYMENT',
      detail: 'UNKNOWN_PAYMENT',
      acknowledge: false,
      callbackId: null,
    };
  };
  if (!payment || !gateway) return forNoPayment();
  const parsed = gateway.parseInbound(input.request);
  const callback = parsed.accepted ? parsed.callback : null;
  const matchesExpected = input.expectedReference === undefined || input.expectedReference === reference;
  const valid = callback !== null && callback.reference === reference && matchesExpected;
  const detail = !parsed.accepted ? parsed.reason : valid ? '' : 'callback names another payment';
  if (left) {
    if (!callback || !valid) return forNoPayment();
    metrics.callbacksReceived.inc({ gateway: gatewayLabel, kind: input.kind, signature: 'valid' });
    return receiveFromAbandonedGateway(em, { ...input, reference, payment, callback });
  }
  const dedupe = callback && valid ? dedupeOf(payment, callback) : null;
  const closedReason = dedupe && !dedupe.handOver ? dedupe.reason : null;
  const rejectedReason = (detail === 'INVALID_SIGNATURE' ? detail : `INVALID_SIGNATURE: ${detail}`).slice(
    0,
    255,
  );
  const gatewayName = input.gateway.slice(0, 32);

  const stored = await executePrepared<{ id: string }>(
    em,
    `insert into gateway_callbacks (payment_id, reference, gateway, kind, gateway_status, validation_id,
       signature_valid, payload, outcome, outcome_reason, received_at, processed_at, dedupe_key, handed_over_at,
       hand_overs, checks)
     values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, now(), ?, ?, case when ?::boolean then now() end, ?, ?)
     on conflict (dedupe_key) where dedupe_key is not null
       do update set times_received = gateway_callbacks.times_received + 1, last_received_at = now()
     returning id, (xmax = 0) as inserted`,
    [
      payment.id,
      reference.slice(0, 64),
      gatewayName,
      input.kind,
      (callback?.claimedStatus ?? '').slice(0, 64),
      callback?.confirmationKey ?? null,
      valid,
      JSON.stringify(inboundPayload(input.request)),
      !valid ? 'REJECTED' : closedReason ? 'NO_CHANGE' : null,
      !valid ? rejectedReason : closedReason,
      !valid || closedReason ? new Date() : null,
      dedupe?.key ??
        rejectedCallbackKey({
          paymentId: payment.id,
          gateway: gatewayName,
          kind: input.kind,
          reason: rejectedReason,
        }),
      dedupe?.handOver ?? false,
      dedupe?.handOver ? 1 : 0,
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
  if (row.inserted) {
    return {
      accepted: true,
      payment,
      callbackId,
      callback,
      duplicate: false,
      handOver: dedupe.handOver,
      handOverNumber: 0,
    };
  }
  const repeat = await actOnRepeat(em, callbackId, dedupe.handOver);
  return {
    accepted: true,
    payment,
    callbackId,
    callback,
    duplicate: true,
    handOver: repeat !== null,
    handOverNumber: repeat ?? 0,
  };
}

/**
 * A valid callback from a gateway the payment left at checkout: stored once with its own gateway,
 * never handed to the workflow (which confirms with the payment's current gateway), and the
 * payment flagged for an operator to check at that gateway, in the same transaction. A repeat
 * counts itself and changes nothing else.
 */
async function receiveFromAbandonedGateway(
  em: EntityManager,
  input: {
    gateway: string;
    kind: 'IPN' | 'REDIRECT';
    request: InboundRequest;
    reference: string;
    payment: Payment;
    callback: NeutralCallback;
  },
): Promise<CallbackVerdict> {
  const { payment, callback } = input;
  const attention = abandonedGatewayAttention({
    gateway: input.gateway,
    currentGateway: payment.gateway,
    claimedStatus: callback.claimedStatus,
  });
  return em.transactional(async (tx) => {
    const [row] = await tx.execute<Array<{ id: string; inserted: boolean }>>(
      `insert into gateway_callbacks (payment_id, reference, gateway, kind, gateway_status, validation_id,
         signature_valid, payload, outcome, outcome_reason, received_at, processed_at, dedupe_key)
       values (?, ?, ?, ?, ?, ?, true, ?::jsonb, 'NO_CHANGE', ?, now(), now(), ?)
       on conflict (dedupe_key) where dedupe_key is not null
         do update set times_received = gateway_callbacks.times_received + 1, last_received_at = now()
       returning id, (xmax = 0) as inserted`,
      [
        payment.id,
        input.reference.slice(0, 64),
        input.gateway.slice(0, 32),
        input.kind,
        callback.claimedStatus.slice(0, 64),
        callback.confirmationKey,
        JSON.stringify(inboundPayload(input.request)),
        attention.slice(0, 255),
        abandonedGatewayCallbackKey({
          paymentId: payment.id,
          gateway: input.gateway,
          confirmationKey: callback.confirmationKey,
          claimedStatus: callback.claimedStatus,
        }),
      ],
    );
    const stored = row as { id: string; inserted: boolean };
    if (stored.inserted) {
      const [current] = await tx.execute<
        Array<{ attention_reason: string | null; attention_resolved_at: Date | null }>
      >('select attention_reason, attention_resolved_at from payments where id = ? for update', [payment.id]);
      await flagPaymentForAttention(
        tx,
        payment.id,
        raisedAttention(
          {
            attentionReason: current?.attention_reason ?? null,
            attentionResolvedAt: current?.attention_resolved_at ?? null,
          },
          attention,
        ),
      );
    }
    return {
      accepted: true,
      payment,
      callbackId: Number(stored.id),
      callback,
      duplicate: !stored.inserted,
      handOver: false,
      handOverNumber: 0,
    };
  });
}

/**
 * A callback stored before arrived again (`repeatAction`): one the gateway confirmed, or one for a
 * closed payment, starts nothing; one judged UNCONFIRMED is checked again under the next number,
 * at once for the first `MAX_CALLBACK_CHECKS` checks and then only once the spacing since the
 * previous check has passed (inside it, the repeat is remembered and the sweeper checks it when the
 * spacing ends); one whose check is under way is noted, so an UNCONFIRMED verdict is followed by
 * another check; one whose hand-over is a minute old may have been lost to a crash and is handed
 * over again under the same number. Answers the number to hand over, or null. The row is locked,
 * so a verdict being written meanwhile is seen whole.
 */
async function actOnRepeat(
  em: EntityManager,
  callbackId: number,
  worthChecking: boolean,
): Promise<number | null> {
  return em.transactional(async (tx) => {
    const current = await lockCallbackChecks(tx, callbackId);
    if (!current) return null;
    const action = repeatAction(current, { worthChecking, lostAfterSeconds: HAND_OVER_AGAIN_AFTER_SECONDS });
    switch (action.kind) {
      case 'CHECK_AGAIN':
        await openNextCheck(tx, callbackId, action);
        return action.handOver;
      case 'HAND_OVER_AGAIN':
        await tx.execute(
          `update gateway_callbacks
              set handed_over_at = now(), hand_overs = hand_overs + 1, checks = greatest(checks, 1),
                  returned_while_checking = returned_while_checking or ?
            where id = ?`,
          [action.noteReturn, callbackId],
        );
        return action.handOver;
      case 'NOTE_RETURN':
        await tx.execute('update gateway_callbacks set returned_while_checking = true where id = ?', [
          callbackId,
        ]);
        return null;
      case 'NOTHING':
        return null;
    }
  });
}
