import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { createPayoutActivities } from '../../activities/payouts/payout-activities.js';
import type { createPayoutBatchActivities } from '../../activities/payouts/payout-batch-activities.js';
import type { createWebhookActivities } from '../../activities/webhooks/webhook-activities.js';

type PayoutActivities = ReturnType<typeof createPayoutActivities>;
type PayoutBatchActivities = ReturnType<typeof createPayoutBatchActivities>;
type WebhookActivities = ReturnType<typeof createWebhookActivities>;

/*
 * A payout's and a batch chunk's steps run as local activities, as a payment's do: the worker runs
 * each right after the workflow task that needs it, so a payout costs the Temporal server no
 * activity tasks. Each is idempotent; past a few quick tries (`localRetryThreshold`) an outage
 * waits on durable timers. A chunk's line is sent by the very step a single payout runs (find
 * before send, committed in the ledger with its move).
 */

/** Reading and writing a payout's row (or a chunk's): retried until the database is back. */
export const payoutBooks = proxyLocalActivities<PayoutActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
  localRetryThreshold: '10 seconds',
});

/**
 * Talking to the rail must eventually get an answer: an outage delays the payout, never fails it,
 * and every retry of the send asks the rail by our reference before it sends.
 */
export const payoutRail = proxyLocalActivities<PayoutActivities>({
  startToCloseTimeout: '60 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
  localRetryThreshold: '10 seconds',
});

/** Reading and writing a batch's rows: retried until the database is back. */
export const batchBooks = proxyActivities<PayoutBatchActivities>({
  startToCloseTimeout: '60 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * An event's first delivery attempt, made by the workflow that recorded it, as a payment's is: one
 * local activity (one HTTP attempt of at most 15 s, and its bookkeeping). Only an event it did not
 * deliver costs a delivery workflow, which retries it for days.
 */
export const firstWebhookAttempt = proxyLocalActivities<WebhookActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
  localRetryThreshold: '10 seconds',
});
