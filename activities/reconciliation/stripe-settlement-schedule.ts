import type { Client } from '@temporalio/client';
import { ensureSchedule } from '../../platform/temporal/schedules.js';

export const stripeSettlementScheduleId = (taskQueue: string) => `stripe-settlements-${taskQueue}`;

/**
 * The Temporal Schedule of Stripe's settlement import on this task queue: daily at 06:00 UTC, after
 * Stripe's payouts of the day are made and on their way. A day missed while nothing ran is caught
 * up within a day.
 */
export function ensureStripeSettlementSchedule(client: Client, taskQueue: string): Promise<void> {
  return ensureSchedule(client, {
    scheduleId: stripeSettlementScheduleId(taskQueue),
    spec: { calendars: [{ hour: 6, minute: 0 }] },
    workflowType: 'stripeSettlementImportWorkflow',
    workflowId: `stripe-settlements-${taskQueue}-run`,
    taskQueue,
    args: [{}],
    catchupWindow: '1 day',
  });
}
