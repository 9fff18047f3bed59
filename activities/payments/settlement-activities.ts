import type { InvoiceApplication } from '../../domain/invoices/invoices.js';
import type { createPaymentActivities } from './payment-activities.js';
import type { createWebhookActivities } from '../webhooks/webhook-activities.js';

type PaymentActivities = ReturnType<typeof createPaymentActivities>;
type WebhookActivities = ReturnType<typeof createWebhookActivities>;

export interface SettledCallback {
  status: Awaited<ReturnType<PaymentActivities['applyOutcome']>>['status'];
  /** The event the outcome owes the app, if any. */
  eventId: string | null;
  /**
   * The app's endpoint took the event (or it has none): no delivery workflow is needed. When
   * false, the first attempt was made and recorded; the durable delivery goes on from attempt 2.
   */
  webhookFinal: boolean;
  /** The event owes the customer an email (a receipt): the workflow starts its workflow. */
  emailQueued?: boolean;
  /** The invoice the payment paid, when it paid one. */
  invoice?: InvoiceApplication | null;
  /** The callback is to be checked again at once under this hand-over number. */
  checkAgain?: number;
}

/**
 * A gateway callback's whole settlement as one local activity: confirm with the gateway's own
 * API, apply the outcome in one transaction, then make the webhook's first attempt. One workflow
 * activation and one history marker instead of three of each. Each part is idempotent, so a
 * retry (the gateway or the database was away, or the worker died) changes nothing twice, and a
 * delivery sent again by a retry is recorded as another try of attempt 1. A receiver that does
 * not take the event is an answer, not a failure: the workflow then hands the event to its
 * durable delivery.
 */
export function createSettlementActivities(payment: PaymentActivities, webhook: WebhookActivities) {
  return {
    async settleCallback(input: {
      paymentId: number;
      callbackId: number;
      /** Which check of the callback this is (`CallbackNotice.handOver`); absent for its first. */
      handOver?: number;
    }): Promise<SettledCallback> {
      const decision = await payment.confirmWithGateway({
        paymentId: input.paymentId,
        callbackId: input.callbackId,
      });
      const { eventRecorded, ...applied } = await payment.applyOutcome({
        paymentId: input.paymentId,
        decision,
        callbackId: input.callbackId,
        ...(input.handOver !== undefined && { handOver: input.handOver }),
      });
      if (!applied.eventId) return { ...applied, webhookFinal: true };
      // Another callback confirming the same outcome (a webhook and the browser's return) finds
      // the event already on its way: it is not sent again; the delivery, if any, goes on. An
      // event this call wrote has not begun: there is nothing to ask.
      const progress = eventRecorded
        ? 'NOT_BEGUN'
        : await webhook.webhookDeliveryProgress({ eventId: applied.eventId });
      if (progress !== 'NOT_BEGUN') return { ...applied, webhookFinal: progress === 'SETTLED' };
      const first = await webhook.attemptWebhookDelivery({ eventId: applied.eventId, attempt: 1 });
      return { ...applied, webhookFinal: first.final };
    },
  };
}
