import { proxyActivities } from '@temporalio/workflow';
import type { createDisputeRecheckActivities } from '../../activities/disputes/dispute-recheck-activities.js';

/** Pages of the notices and disputes a pass asks about: the database away only delays the run. */
export const findDisputes = proxyActivities<ReturnType<typeof createDisputeRecheckActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});
