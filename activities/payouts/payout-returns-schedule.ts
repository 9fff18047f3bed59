import type { Client } from '@temporalio/client';
import { ensureSchedule } from '../../platform/temporal/schedules.js';

export const payoutReturnsScheduleId = (taskQueue: string) => `payout-returns-${taskQueue}`;

/** The Temporal Schedule that checks paid payouts for returns (workflows/payouts/payout-returns.ts) every `everySeconds`. */
export function ensurePayoutReturnsSchedule(
  client: Client,
  taskQueue: string,
  everySeconds: number,
): Promise<void> {
  return ensureSchedule(client, {
    scheduleId: payoutReturnsScheduleId(taskQueue),
    spec: { intervals: [{ every: `${everySeconds} seconds` }] },
    workflowType: 'payoutReturnsWorkflow',
    workflowId: `payout-returns-${taskQueue}-run`,
    taskQueue,
    args: [],
    catchupWindow: '1 minute',
  });
}
