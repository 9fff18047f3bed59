import { activityInfo } from '@temporalio/activity';
import type { Counter } from 'prom-client';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '../../platform/orm/orm.js';
import type { Keyring } from '../../platform/sealing/secret-box.js';
import {
  eventDeliveryProgress,
  type DeliveryProgress,
  failPendingDeliveries,
  findEventForDelivery,
  recordWebhookAttempt,
  refreshEventDeliveryStatus,
} from '../../db/webhooks/events.js';
import {
  endpointById,
  nextAttemptNumber,
  nextRecoverable,
  reopenDelivery,
  upgradeEndpointSealing,
} from '../../db/webhooks/webhook-endpoints.js';
import { deliveryFailureReason, judgeDeliveryAttempt } from '../../domain/webhooks/delivery-outcome.js';
import { signingSecrets } from './signing-secrets.js';
import { sendSignedWebhook, type DeliveryNetworkPolicy } from './send.js';
import { eventBody } from './event-body.js';

export interface WebhookActivityDeps {
  orm: Orm;
  /** Opens the endpoints' sealed signing secrets. */
  keyring: Keyring;
  timeoutMs?: number;
  /** Which addresses deliveries may reach (private ones only on a development machine). */
  webhookNetwork: DeliveryNetworkPolicy;
  /** Counts each attempt by outcome, for the worker's /metrics. */
  webhookAttempts?: Pick<Counter<'outcome'>, 'inc'>;
}

export interface AttemptResult {
  /** True when no further attempt should be made. */
  final: boolean;
  outcome: 'DELIVERED' | 'RETRY' | 'NO_ENDPOINT' | 'GONE';
  statusCode: number | null;
}

/** One batch of a recover: the endpoint, the window and where the last batch stopped. */
export interface RecoverBatch {
  endpointId: number;
  /** ISO-8601 instants: events written at or after `since` and before `until`. */
  since: string;
  until: string;
  afterEventId: string | null;
}

export interface RecoverBatchResult {
  delivered: number;
  refused: number;
  /** The last event of this batch, where the next begins; null when the recover is done. */
  next: string | null;
}

/** Events one recover batch sends, one after the other (20 × the 15 s delivery timeout at worst: the recover's activity allows 6 minutes). */
const RECOVER_BATCH = 20;

export function createWebhookActivities(deps: WebhookActivityDeps) {
  const em = () => deps.orm.em.fork() as EntityManager;
  const timeoutMs = deps.timeoutMs ?? 15_000;

  return {
    /** How far an event's delivery has got (settled, an attempt on record, or not begun). */
    async webhookDeliveryProgress(input: { eventId: string }): Promise<DeliveryProgress> {
      return eventDeliveryProgress(em(), input.eventId);
    },

    /**
     * One signed delivery attempt (Standard Webhooks) to each endpoint the event is still due at
     * (or only to `endpointId`), at once. The `webhook-id` is the event id on every attempt to
     * every endpoint, so receivers dedupe on it; each endpoint signs with its own secret. Every
     * attempt is recorded with its endpoint, status, duration and the start of the answer. Final
     * once no endpoint is still due.
     */
    async attemptWebhookDelivery(input: {
      eventId: string;
      attempt: number;
      endpointId?: number;
      /** An operator's resend: its workflow starts inside the transaction that reopens the deliveries. */
      resend?: boolean;
    }): Promise<AttemptResult> {
      const db = em();
      if (input.resend) await awaitResendCommitted(db, input.eventId);
      return attempt(db, input);
    },

    /** The retry schedule ended: what is still due is FAILED (all endpoints, or `endpointId`'s). */
    async markWebhookFailed(input: { eventId: string; endpointId?: number }): Promise<void> {
      await failPendingDeliveries(em(), input.eventId, input.endpointId);
    },

    /**
     * Sends the next batch of events an endpoint failed to take in a recover's window once more,
     * oldest first: those it takes now are DELIVERED; those it refuses again stay as they were
     * (FAILED, or still on their own retry schedule). Ends the recover (next: null) when the
     * window is exhausted or the endpoint is gone or switched off.
     */
    async recoverWebhookBatch(input: RecoverBatch): Promise<RecoverBatchResult> {
      const db = em();
      const endpoint = await endpointById(db, input.endpointId);
      if (!endpoint || endpoint.disabledAt) return { delivered: 0, refused: 0, next: null };
      const window = {
        endpointId: input.endpointId,
        since: new Date(input.since),
        until: new Date(input.until),
      };
      const batch = await nextRecoverable(db, window, input.afterEventId, RECOVER_BATCH);
      let delivered = 0;
      for (const due of batch) {
        if (due.status === 'FAILED') await reopenDelivery(db, due.eventId, input.endpointId);
        const number = await nextAttemptNumber(db, due.eventId, input.endpointId);
        const result = await attempt(db, {
          eventId: due.eventId,
          attempt: number,
          endpointId: input.endpointId,
        });
        if (result.outcome === 'DELIVERED') delivered += 1;
        else if (due.status === 'FAILED') await failPendingDeliveries(db, due.eventId, input.endpointId);
      }
      return {
        delivered,
        refused: batch.length - delivered,
        next: batch.length === RECOVER_BATCH ? batch.at(-1)!.eventId : null,
      };
    },
  };

  /**
   * Waits until the transaction that asked for a resend has ended. It holds the event's row lock
   * while it reopens the deliveries and starts this workflow; read before it commits, the
   * deliveries would still look delivered and the resend would end having sent nothing. After
   * a rollback nothing is pending, and the resend ends with nothing sent, as it should.
   */
  async function awaitResendCommitted(db: EntityManager, eventId: string): Promise<void> {
    await db.execute('select 1 from events where id = ? for share', [eventId]);
  }

  async function attempt(
    db: EntityManager,
    input: { eventId: string; attempt: number; endpointId?: number },
  ): Promise<AttemptResult> {
    const found = await findEventForDelivery(db, input.eventId, input.endpointId);
    if (!found) return { final: true, outcome: 'NO_ENDPOINT', statusCode: null };
    const { event, endpointCount, pending } = found;
    if (endpointCount === 0) {
      await refreshEventDeliveryStatus(db, event.id);
      return { final: true, outcome: 'NO_ENDPOINT', statusCode: null };
    }
    const body = JSON.stringify(eventBody(event));
    const onlyDelivery = endpointCount === 1 && pending.length === 1;
    const results = await Promise.all(
      pending.map(async (endpoint) => {
        // Switched off after the event was written: it is not sent; a recover sends it later.
        if (endpoint.disabled) {
          await failPendingDeliveries(db, event.id, endpoint.endpointId);
          return { final: true, outcome: 'GONE' as const, statusCode: null, eventStatusWritten: false };
        }
        // A row still sealed under its app and mode's shared context gets its own now, once.
        if (!endpoint.sealedPerEndpoint) {
          await db.transactional((tx) => upgradeEndpointSealing(tx, endpoint.endpointId, deps.keyring));
        }
        const sentAt = new Date();
        const outcome = await sendSignedWebhook(
          {
            url: endpoint.url,
            ...signingSecrets({ ...endpoint, appId: event.appId, mode: event.mode }, deps.keyring, sentAt),
            eventId: event.id,
            body,
            sentAt,
            timeoutMs,
          },
          deps.webhookNetwork,
        );
        const verdict = judgeDeliveryAttempt(outcome.statusCode);
        deps.webhookAttempts?.inc({ outcome: verdict.outcome });
        const eventStatusWritten = await recordWebhookAttempt(
          db,
          {
            eventId: event.id,
            endpointId: endpoint.endpointId,
            attempt: input.attempt,
            deliveryTry: activityInfo().attempt,
            url: endpoint.url,
            statusCode: outcome.statusCode,
            // A kind, never the socket's words: attempts are read back through the app API.
            failureReason: deliveryFailureReason(outcome),
            error: outcome.error,
            responseExcerpt: outcome.responseExcerpt,
            durationMs: outcome.durationMs,
          },
          verdict.settles ?? undefined,
          onlyDelivery,
        );
        return {
          final: verdict.final,
          outcome: verdict.outcome,
          statusCode: outcome.statusCode,
          eventStatusWritten,
        };
      }),
    );
    if (!results.every((result) => result.eventStatusWritten)) await refreshEventDeliveryStatus(db, event.id);
    const final = results.every((result) => result.final);
    return {
      final,
      outcome: final
        ? results.every((result) => result.outcome === 'DELIVERED')
          ? 'DELIVERED'
          : 'GONE'
        : 'RETRY',
      statusCode: results[0]?.statusCode ?? null,
    };
  }
}
