import { proxyActivities } from '@temporalio/workflow';
import type { createReconciliationActivities } from '../../activities/reconciliation/reconciliation-activities.js';

type ReconActivities = ReturnType<typeof createReconciliationActivities>;

/** Matching a day reads and posts in batches: long for a large day, retried until the database answers. */
export const matchDay = proxyActivities<ReconActivities>({
  startToCloseTimeout: '10 minutes',
  // Each batch heartbeats: a worker that died mid-day is noticed within this, and the day retried.
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** An operator's action, and closing the day: one transaction, retried while the database is away; a refusal is final. */
export const recordAction = proxyActivities<ReconActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
