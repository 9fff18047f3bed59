import { proxyActivities } from '@temporalio/workflow';
import type { createPaymentActivities } from '../../activities/payments/payment-activities.js';
import type { createWebhookActivities } from '../../activities/webhooks/webhook-activities.js';

/**
 * Confirming a late callback with the gateway and applying its outcome: an outage of any length
 * delays the answer, never drops it.
 */
export const settleLateCallback = proxyActivities<ReturnType<typeof createPaymentActivities>>({
  startToCloseTimeout: '40 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Reading how far an event's delivery got, so one already delivered is not sent again. */
export const readDelivery = proxyActivities<ReturnType<typeof createWebhookActivities>>({
  startToCloseTimeout: '40 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
