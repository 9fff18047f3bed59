import { activityInfo } from '@temporalio/activity';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '../db/orm.js';
import { findEventForDelivery, recordWebhookAttempt, setEventDeliveryStatus } from '../db/events.js';
import { signingSecrets } from '../webhooks/signing-secrets.js';
import { sendSignedWebhook, type DeliveryNetworkPolicy } from '../webhooks/send.js';

export interface WebhookActivityDeps {
  orm: Orm;
  pepper: string;
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
          ...signingSecrets(endpoint, deps.pepper, sentAt),
          eventId: event.id,
          body,
          sentAt,
          timeoutMs,
        },
        deps.webhookNetwork,
      );
      await recordWebhookAttempt(db, {
        eventId: event.id,
        attempt: input.attempt,
        deliveryTry: activityInfo().attempt,
        url: endpoint.url,
        statusCode,
        error,
        durationMs,
      });

      if (statusCode !== null && statusCode >= 200 && statusCode < 300) {
        await setEventDeliveryStatus(db, event.id, 'DELIVERED');
        return { final: true, outcome: 'DELIVERED', statusCode };
      }
      if (statusCode === 410) {
        // The receiver says this endpoint is gone for good: stop rather than retry for days.
        await setEventDeliveryStatus(db, event.id, 'FAILED');
        return { final: true, outcome: 'GONE', statusCode };
      }
      return { final: false, outcome: 'RETRY', statusCode };
    },

    async markWebhookFailed(input: { eventId: string }): Promise<void> {
      await setEventDeliveryStatus(em(), input.eventId, 'FAILED');
    },
  };
}
