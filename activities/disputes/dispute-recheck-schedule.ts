import type { Client } from '@temporalio/client';
import { ensureSchedule } from '../../platform/temporal/schedules.js';

export const disputeRecheckScheduleId = (taskQueue: string) => `dispute-rechecks-${taskQueue}`;

/**
 * The Temporal Schedule that asks gateways again about open disputes nothing was heard of
 * (workflows/disputes/dispute-recheck.ts), every `everySeconds`.
 */
export function ensureDisputeRecheckSchedule(
  client: Client,
  taskQueue: string,
  everySeconds: number,
): Promise<void> {
  return ensureSchedule(client, {
    scheduleId: disputeRecheckScheduleId(taskQueue),
    spec: { intervals: [{ every: `${everySeconds} seconds` }] },
    workflowType: 'disputeRecheckWorkflow',
    workflowId: `dispute-rechecks-${taskQueue}-run`,
    taskQueue,
    args: [{}],
    catchupWindow: '1 hour',
  });
}
