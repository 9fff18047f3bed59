import type { SweepResult } from '../../activities/payments/sweeper-activities.js';
import { sweep } from './sweeper-options.js';

/** Run every minute by the `sweeper-<task queue>` schedule: drives rows a crash left behind. */
export async function sweeperWorkflow(): Promise<SweepResult> {
  return sweep.sweepStranded();
}
