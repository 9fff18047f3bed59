import { proxyActivities } from '@temporalio/workflow';
import type { createSweeperActivities, SweepResult } from '../activities/sweeper-activities.js';

const sweeper = proxyActivities<ReturnType<typeof createSweeperActivities>>({
  startToCloseTimeout: '2 minutes',
  // The schedule starts the next sweep a minute later anyway; an outage only delays sweeping.
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Run every minute by the `sweeper-<task queue>` schedule: drives rows a crash left behind. */
export async function sweeperWorkflow(): Promise<SweepResult> {
  return sweeper.sweepStranded();
}
