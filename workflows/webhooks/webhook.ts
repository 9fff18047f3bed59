import type { Duration } from '@temporalio/common';
import { continueAsNew, sleep } from '@temporalio/workflow';
import type {
  WebhookRecoverInput,
  WebhookWorkflowInput,
} from '../../domain/webhooks/webhook-workflow-contract.js';
import { attemptDelivery, resendBatch } from './webhook-options.js';

/** Batches one run handles before it continues as new, keeping its history short. */
const RECOVER_BATCHES_PER_RUN = 100;

/**
 * An endpoint's recover (`webhook-recover-<endpoint>-<requested at>`): sends every event the
 * endpoint failed to take in the window once more, oldest first, a batch at a time. What it
 * refuses again stays FAILED, for a later recover.
 */
export async function webhookRecoverWorkflow(
  input: WebhookRecoverInput,
): Promise<{ delivered: number; refused: number }> {
  let { afterEventId } = input;
  let delivered = input.delivered ?? 0;
  let refused = input.refused ?? 0;
  for (let batch = 0; batch < RECOVER_BATCHES_PER_RUN; batch += 1) {
    const result = await resendBatch.recoverWebhookBatch({
      endpointId: input.endpointId,
      since: input.since,
      until: input.until,
      afterEventId,
    });
    delivered += result.delivered;
    refused += result.refused;
    if (!result.next) return { delivered, refused };
    afterEventId = result.next;
  }
  return continueAsNew<typeof webhookRecoverWorkflow>({ ...input, afterEventId, delivered, refused });
}

/**
 * Delays before each attempt, after the previous failure (Standard Webhooks' suggested schedule):
 * ten attempts over about 75 hours, so a receiver that is down for a weekend still gets the event.
 */
export const WEBHOOK_RETRY_SCHEDULE: Duration[] = [
  '0s',
  '5s',
  '5m',
  '30m',
  '2h',
  '5h',
  '10h',
  '14h',
  '20h',
  '24h',
];

/**
 * One workflow per delivery of an event (`webhook-<eventId>`, and `webhook-<eventId>-resend-<n>`
 * when an operator resends it): deliver, retrying with backoff for days.
 */
export async function webhookDeliveryWorkflow(input: WebhookWorkflowInput): Promise<string> {
  const offset = input.attemptOffset ?? 0;
  const first = input.firstAttemptMade ? 1 : 0;
  for (const [index, delay] of WEBHOOK_RETRY_SCHEDULE.entries()) {
    if (index < first) continue;
    if (delay !== '0s') await sleep(delay);
    const result = await attemptDelivery.attemptWebhookDelivery({
      eventId: input.eventId,
      attempt: offset + index + 1,
      ...(input.attemptOffset !== undefined && { resend: true }),
    });
    if (result.final) return result.outcome;
  }
  await attemptDelivery.markWebhookFailed({ eventId: input.eventId });
  return 'FAILED';
}
