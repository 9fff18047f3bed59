import { proxyActivities } from '@temporalio/workflow';
import type { createPaymentActivities } from '../activities/payment-activities.js';
import type { createWebhookActivities } from '../activities/webhook-activities.js';
import { startCustomerEmail, startDelivery } from './delivery.js';
import type { LateCallbackInput } from './messages.js';

type PaymentActivities = ReturnType<typeof createPaymentActivities>;
type WebhookActivities = ReturnType<typeof createWebhookActivities>;

const acts = proxyActivities<PaymentActivities>({
  startToCloseTimeout: '40 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const webhook = proxyActivities<WebhookActivities>({
  startToCloseTimeout: '40 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * A callback that reached a payment whose workflow had already closed. It is confirmed with the
 * gateway like any other; captured money is recorded and flagged, never dropped.
 */
export async function lateCallbackWorkflow(input: LateCallbackInput): Promise<string> {
  const decision = await acts.confirmWithGateway({
    paymentId: input.paymentId,
    callbackId: input.callback.callbackId,
  });
  const result = await acts.applyOutcome({
    paymentId: input.paymentId,
    decision,
    callbackId: input.callback.callbackId,
    // A later check of the same callback is a workflow of its own (its id names the number).
    ...(input.callback.handOver && { handOver: input.callback.handOver }),
  });
  // An event the payment's own workflow already delivered is not sent again for a late copy.
  const settled =
    result.eventId !== null &&
    (await webhook.webhookDeliveryProgress({ eventId: result.eventId })) === 'SETTLED';
  if (result.eventId && !settled) await startDelivery(result.eventId);
  if (result.eventId && result.emailQueued) await startCustomerEmail(result.eventId);
  return result.status;
}
