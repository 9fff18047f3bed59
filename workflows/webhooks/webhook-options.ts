import { proxyActivities } from '@temporalio/workflow';
import type { createWebhookActivities } from '../../activities/webhooks/webhook-activities.js';

type WebhookActivities = ReturnType<typeof createWebhookActivities>;

/**
 * One HTTP attempt (15 s timeout) plus its bookkeeping. A receiver's failure is an answer, not
 * an error; an error here is our own outage (database, worker), retried until it passes.
 */
export const attemptDelivery = proxyActivities<WebhookActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** A batch sends up to 20 events one after the other, each allowed the 15 s delivery timeout. */
export const resendBatch = proxyActivities<WebhookActivities>({
  startToCloseTimeout: '6 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
