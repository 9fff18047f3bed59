import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';

export const sweeperScheduleId = (taskQueue: string) => `sweeper-${taskQueue}`;

/**
 * The Temporal Schedule that runs the sweeper on this task queue. Every worker ensures it at
 * start-up: the first one creates it, the others find it (and bring its interval up to date).
 * Overlapping runs are skipped, so a slow sweep is never doubled.
 */
export async function ensureSweeperSchedule(
  client: Client,
  taskQueue: string,
  everySeconds: number,
): Promise<void> {
  const spec = { intervals: [{ every: `${everySeconds} seconds` as const }] };
  try {
    await client.schedule.create({
      scheduleId: sweeperScheduleId(taskQueue),
      spec,
      action: {
        type: 'startWorkflow',
        workflowType: 'sweeperWorkflow',
        workflowId: `sweeper-${taskQueue}-run`,
        taskQueue,
        args: [],
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
    });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(sweeperScheduleId(taskQueue)).update((current) => ({ ...current, spec }));
  }
}
