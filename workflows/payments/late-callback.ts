import { startCustomerEmail, startDelivery } from '../webhooks/delivery.js';
import type { LateCallbackInput } from '../../domain/payments/payment-workflow-contract.js';
import { readDelivery, settleLateCallback } from './late-callback-options.js';

/**
 * A callback that reached a payment whose workflow had already closed. It is confirmed with the
 * gateway like any other; captured money is recorded and flagged, never dropped.
 */
export async function lateCallbackWorkflow(input: LateCallbackInput): Promise<string> {
  const decision = await settleLateCallback.confirmWithGateway({
    paymentId: input.paymentId,
    callbackId: input.callback.callbackId,
  });
  const result = await settleLateCallback.applyOutcome({
    paymentId: input.paymentId,
    decision,
    callbackId: input.callback.callbackId,
    // A later check of the same callback is a workflow of its own (its id names the number).
    ...(input.callback.handOver && { handOver: input.callback.handOver }),
  });
  // An event the payment's own workflow already delivered is not sent again for a late copy.
  const settled =
    result.eventId !== null &&
    (await readDelivery.webhookDeliveryProgress({ eventId: result.eventId })) === 'SETTLED';
  if (result.eventId && !settled) await startDelivery(result.eventId);
  if (result.eventId && result.emailQueued) await startCustomerEmail(result.eventId);
  return result.status;
}
