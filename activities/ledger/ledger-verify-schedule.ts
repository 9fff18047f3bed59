import type { Client } from '@temporalio/client';
import { ensureSchedule } from '../../platform/temporal/schedules.js';

export const ledgerVerifyScheduleId = (taskQueue: string) => `ledger-verify-${taskQueue}`;

/**
 * The Temporal Schedule that runs the ledger's checks (workflows/ledger/ledger-verify.ts) every
 * `everySeconds`, and once as soon as it is created, so a new deployment's metric has a value
 * before the first interval ends.
 */
export function ensureLedgerVerifySchedule(
  client: Client,
  taskQueue: string,
  everySeconds: number,
): Promise<void> {
  return ensureSchedule(client, {
    scheduleId: ledgerVerifyScheduleId(taskQueue),
    spec: { intervals: [{ every: `${everySeconds} seconds` }] },
    workflowType: 'ledgerVerifyWorkflow',
    workflowId: `ledger-verify-${taskQueue}-run`,
    taskQueue,
    args: [],
    catchupWindow: '1 minute',
    triggerImmediately: true,
  });
}
