import { proxyActivities } from '@temporalio/workflow';
import type { createStripeSettlementActivities } from '../../activities/reconciliation/stripe-settlement-activities.js';

/**
 * Stripe's API or the database away, however long, only delays the day's import: no payout is
 * ever given up on (a cap would leave days past the schedule's look-back never imported).
 */
export const importFromStripe = proxyActivities<ReturnType<typeof createStripeSettlementActivities>>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});
