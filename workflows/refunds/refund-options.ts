import { proxyActivities } from '@temporalio/workflow';
import type { createRefundActivities } from '../../activities/refunds/refund-activities.js';
import type { createRefundPayoutActivities } from '../../activities/refunds/refund-payouts.js';

type RefundActivities = ReturnType<typeof createRefundActivities> &
  ReturnType<typeof createRefundPayoutActivities>;

/**
 * Talking to the gateway must eventually get an answer: an outage of any length delays the
 * refund, never fails it. The gateway's refusal is an answer, not an error.
 */
export const askGateway = proxyActivities<RefundActivities>({
  startToCloseTimeout: '40 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * The refund's transactions (a decision applied, the final outcome): retried until the database is
 * back; each idempotent. A rule's refusal is final and reaches the update's sender.
 */
export const recordRefund = proxyActivities<RefundActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
