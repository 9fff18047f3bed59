import { proxyActivities } from '@temporalio/workflow';
import type { createSweeperActivities } from '../../activities/payments/sweeper-activities.js';

export const sweep = proxyActivities<ReturnType<typeof createSweeperActivities>>({
  startToCloseTimeout: '2 minutes',
  // The schedule starts the next sweep a minute later anyway; an outage only delays sweeping.
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
