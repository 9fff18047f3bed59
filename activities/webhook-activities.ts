import { activityInfo } from '@temporalio/activity';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '../db/orm.js';
import type { Keyring } from '../domain/secret-box.js';
import {
  eventDeliveryProgress,
  type DeliveryProgress,
  findEventForDelivery,
  recordWebhookAttempt,
  setEventDeliveryStatus,
} from '../db/events.js';
import { judgeDeliveryAttempt } from '../domain/delivery-outcome.js';
import { signingSecrets } from '../webhooks/signing-secrets.js';
import { sendSignedWebhook, type DeliveryNetworkPolicy } from '../webhooks/send.js';

export interface WebhookActivityDeps {
  orm: Orm;
  /** Opens the endpoints' sealed signing secrets. */
  keyring: Keyring;
  timeoutMs?: number;
  /** Which addresses deliveries may reach (private ones only on a development machine). */
  webhookNetwork: DeliveryNetworkPolicy;
}

export interface AttemptResult {
  /** True when no further attempt should be made. */
  final: boolean;
  outcome: 'DELIVERED' | 'RETRY' | 'NO_ENDPOINT' | 'GONE';
  statusCode: number | null;
}

export function createWebhookActivities(deps: WebhookActivityDeps) {
  const em = () => deps.orm.em.fork() as EntityManager;
  const timeoutMs = deps.timeoutMs ?? 15_000;

  return {
    /** How far an event's delivery has got (settled, an attempt on record, or not begun). */
    async webhookDeliveryProgress(input: { eventId: string }): Promise<DeliveryProgress> {
      return eventDeliveryProgress(em(), input.eventId);
    },

    /**
     * One signed delivery attempt (Standard Webhooks). The `webhook-id` is the event id on every
     * attempt, so receivers dedupe on it. Every attempt is recorded with its status and duration.
     */
    async attemptWebhookDelivery(input: { eventId: string; attempt: number }): Promise<AttemptResult> {
      const db = em();
      const found = await findEventForDelivery(db, input.eventId);
      if (!found) return { final: true, outcome: 'NO_ENDPOINT', statusCode: null };
      const { event, endpoint } = found;
      if (!endpoint) {
        await setEventDeliveryStatus(db, event.id, 'NO_ENDPOINT');
        return { final: true, outcome: 'NO_ENDPOINT', statusCode: null };
      }
      const body = JSON.stringify({ id: event.id, ...event.payload });
      const sentAt = new Date();
      const { statusCode, error, durationMs } = await sendSignedWebhook(
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
      const verdict = judgeDeliveryAttempt(statusCode);
      await recordWebhookAttempt(
        db,
        {
          eventId: event.id,
          attempt: input.attempt,
          deliveryTry: activityInfo().attempt,
          url: endpoint.url,
          statusCode,
          error,
          durationMs,
        },
        verdict.settles ?? undefined,
      );
      return { final: verdict.final, outcome: verdict.outcome, statusCode };
    },

    async markWebhookFailed(input: { eventId: string }): Promise<void> {
      await setEventDeliveryStatus(em(), input.eventId, 'FAILED');
    },
  };
}
