import { proxyLocalActivities } from '@temporalio/workflow';
import type { createPaymentActivities } from '../../activities/payments/payment-activities.js';
import type { createSettlementActivities } from '../../activities/payments/settlement-activities.js';
import type { createWebhookActivities } from '../../activities/webhooks/webhook-activities.js';
import { SESSION_OPENING_TRIES } from '../../domain/payments/checkout-failover.js';
import { FAILURE_TYPES } from '../../domain/shared/failure-types.js';

type PaymentActivities = ReturnType<typeof createPaymentActivities>;
type WebhookActivities = ReturnType<typeof createWebhookActivities>;
type SettlementActivities = ReturnType<typeof createSettlementActivities>;

/**
 * Every step of the payment workflow runs as a local activity: the worker executes it right after
 * the workflow task that needs it, so each payment costs the Temporal server fewer activity and
 * workflow tasks. Each is idempotent, so one retried after a worker crash changes nothing twice.
 * Past a few quick tries (`localRetryThreshold`), a long outage waits on durable timers rather
 * than in the worker.
 */

/**
 * Asking the gateway what happened must eventually get an answer: an outage of any length delays
 * the payment, never fails it. Only business rejections are non-retryable.
 */
const GATEWAY_RETRY = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '1 minute',
  nonRetryableErrorTypes: [FAILURE_TYPES.notPayable, FAILURE_TYPES.gatewaySessionFailed],
};

/** Database transitions: retried until the database is back. */
const DATABASE_RETRY = {
  initialInterval: '500 milliseconds',
  backoffCoefficient: 2,
  maximumInterval: '1 minute',
};

/**
 * Opening a checkout session is the one step a person waits on: a few quick tries, then the page
 * shows a clear "try again" and the payment stays CREATED, payable on the next click. It runs
 * inside the update the customer's click sends, at once instead of queueing an activity task.
 */
export const openCheckout = proxyLocalActivities<PaymentActivities>({
  startToCloseTimeout: '15 seconds',
  retry: { ...GATEWAY_RETRY, maximumInterval: '4 seconds', maximumAttempts: SESSION_OPENING_TRIES },
});

/** Asking the gateway for a payment's outcome (a callback to confirm, or nothing heard). */
export const askGateway = proxyLocalActivities<PaymentActivities>({
  startToCloseTimeout: '40 seconds',
  retry: GATEWAY_RETRY,
  localRetryThreshold: '10 seconds',
});

/** Writing a payment's transition (an outcome applied) and reading its row's deadline. */
export const recordTransition = proxyLocalActivities<PaymentActivities>({
  startToCloseTimeout: '30 seconds',
  retry: DATABASE_RETRY,
  localRetryThreshold: '10 seconds',
});

/**
 * The outcome's webhook is first attempted by the payment's own run: most receivers answer at
 * once, and then the payment costs no delivery workflow at all. Only when that attempt does not
 * land (the receiver did not take the event) does the durable delivery workflow take over, from
 * attempt 2, retrying for days. Our own bookkeeping failing (the database away) is retried until
 * it passes, like every step that must eventually succeed: no attempt limit.
 */
export const firstWebhookAttempt = proxyLocalActivities<WebhookActivities>({
  // One HTTP attempt (15 s timeout) plus its bookkeeping.
  startToCloseTimeout: '30 seconds',
  retry: DATABASE_RETRY,
  localRetryThreshold: '10 seconds',
});

/**
 * A callback is confirmed, applied and its webhook first attempted in one step: one activation and
 * one marker per payment instead of three. It retries like the gateway's answer (no attempt limit).
 */
export const settleCallback = proxyLocalActivities<SettlementActivities>({
  // Confirmation (40 s), the transaction, and one webhook attempt (15 s).
  startToCloseTimeout: '90 seconds',
  retry: GATEWAY_RETRY,
  localRetryThreshold: '10 seconds',
});
