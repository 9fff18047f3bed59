import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';

export const stripeSettlementScheduleId = (taskQueue: string) => `stripe-settlements-${taskQueue}`;

/** Daily at 06:00 UTC: after Stripe's payouts of the day are made and on their way. */
const SPEC = { calendars: [{ hour: 6, minute: 0 }] };

/**
 * The Temporal Schedule of Stripe's settlement import on this task queue. Every worker ensures it
 * at start-up: the first creates it, the others find it and bring its time up to date. A run still
 * going is never doubled, and a day missed while nothing ran is caught up within a day.
 */
export async function ensureStripeSettlementSchedule(client: Client, taskQueue: string): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: stripeSettlementScheduleId(taskQueue),
      spec: SPEC,
      action: {
        type: 'startWorkflow',
        workflowType: 'stripeSettlementImportWorkflow',
        workflowId: `stripe-settlements-${taskQueue}-run`,
        taskQueue,
        args: [{}],
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
    });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule
      .getHandle(stripeSettlementScheduleId(taskQueue))
      .update((current) => ({ ...current, spec: SPEC }));
  }
}
