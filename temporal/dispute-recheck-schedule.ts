import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';

export const disputeRecheckScheduleId = (taskQueue: string) => `dispute-rechecks-${taskQueue}`;

/**
 * The Temporal Schedule that asks gateways again about open disputes nothing was heard of
 * (workflows/dispute-recheck.ts). Every worker ensures it at start-up: the first creates it, the
 * others find it and bring its interval up to date. A run still going is never doubled.
 */
export async function ensureDisputeRecheckSchedule(
  client: Client,
  taskQueue: string,
  everySeconds: number,
): Promise<void> {
  const spec = { intervals: [{ every: `${everySeconds} seconds` as const }] };
  try {
    await client.schedule.create({
      scheduleId: disputeRecheckScheduleId(taskQueue),
      spec,
      action: {
        type: 'startWorkflow',
        workflowType: 'disputeRecheckWorkflow',
        workflowId: `dispute-rechecks-${taskQueue}-run`,
        taskQueue,
        args: [{}],
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' },
    });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule
      .getHandle(disputeRecheckScheduleId(taskQueue))
      .update((current) => ({ ...current, spec }));
  }
}
