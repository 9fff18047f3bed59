import type { Client } from '@temporalio/client';
import { ensureSchedule } from '../../platform/temporal/schedules.js';

export const sweeperScheduleId = (taskQueue: string) => `sweeper-${taskQueue}`;

/** The Temporal Schedule that runs the sweeper on this task queue, every `everySeconds`. */
export function ensureSweeperSchedule(
  client: Client,
  taskQueue: string,
  everySeconds: number,
): Promise<void> {
  return ensureSchedule(client, {
    scheduleId: sweeperScheduleId(taskQueue),
    spec: { intervals: [{ every: `${everySeconds} seconds` }] },
    workflowType: 'sweeperWorkflow',
    workflowId: `sweeper-${taskQueue}-run`,
    taskQueue,
    args: [],
    catchupWindow: '1 minute',
  });
}
