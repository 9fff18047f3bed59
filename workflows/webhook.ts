import type { Duration } from '@temporalio/common';
import { proxyActivities, sleep } from '@temporalio/workflow';
import type { createWebhookActivities } from '../activities/webhook-activities.js';
import type { WebhookWorkflowInput } from './messages.js';

type WebhookActivities = ReturnType<typeof createWebhookActivities>;

const deliveries = proxyActivities<WebhookActivities>({
  // One HTTP attempt (15 s timeout) plus its bookkeeping. A receiver's failure is an answer, not
  // an error; an error here is our own outage (database, worker), retried until it passes.
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

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
    const result = await deliveries.attemptWebhookDelivery({
      eventId: input.eventId,
      attempt: offset + index + 1,
    });
    if (result.final) return result.outcome;
  }
  await deliveries.markWebhookFailed({ eventId: input.eventId });
  return 'FAILED';
}
