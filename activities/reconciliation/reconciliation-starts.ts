import {
  WorkflowNotFoundError,
  type Client,
  type WithWorkflowArgs,
  type WorkflowSignalWithStartOptions,
} from '@temporalio/client';
import type { Mode } from '../../domain/shared/mode.js';
import { workflowIds } from '../../domain/shared/workflow-ids.js';
import {
  RECONCILIATION_MESSAGES,
  RECONCILIATION_WORKFLOW_TYPES,
  type ReconciliationWorkflow,
  type ReconciliationWorkflowInput,
  type RematchMessage,
} from '../../domain/reconciliation/reconciliation-workflow-contract.js';
import { searchAttributes } from '../../platform/temporal/search-attributes.js';

/** Where reconciliation workflows run: the client and the worker's task queue. */
export interface ReconciliationTemporal {
  client: Client;
  taskQueue: string;
}

/**
 * `recon-<gateway>-<mode>-<date>`, started with a `rematch` signal (signal-with-start): a day not
 * running starts and matches; a running day matches again with the new lines; a closed day opens
 * again (ALLOW_DUPLICATE), since new lines may bring new exceptions. It is started with the day
 * alone: its grace period, fee tolerance and payout window are the deployment's settings, which
 * its activities read (RECON_GRACE_DAYS, RECON_FEE_TOLERANCE_MINOR, RECON_PAYOUT_WINDOW_DAYS).
 */
export function reconciliationWorkflowStart(
  day: { gateway: string; mode: Mode; settlementDate: string },
  taskQueue: string,
  reason: string,
): WithWorkflowArgs<ReconciliationWorkflow, WorkflowSignalWithStartOptions<[RematchMessage]>> & {
  workflowId: string;
} {
  const input: ReconciliationWorkflowInput = {
    gateway: day.gateway,
    mode: day.mode,
    settlementDate: day.settlementDate,
  };
  return {
    workflowId: workflowIds.reconciliation(day.gateway, day.mode, day.settlementDate),
    taskQueue,
    args: [input],
    signal: RECONCILIATION_MESSAGES.rematch,
    signalArgs: [{ reason }],
    workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    typedSearchAttributes: [
      { key: searchAttributes.Gateway, value: day.gateway },
      { key: searchAttributes.Mode, value: day.mode },
      { key: searchAttributes.ReconStatus, value: 'MATCHING' },
    ],
  };
}

/**
 * Starts (or wakes) the reconciliation of each settlement date of a gateway and mode: after an
 * import stored lines for those dates, or from a schedule. Returns the workflow ids.
 */
export async function startReconciliations(
  temporal: ReconciliationTemporal,
  input: { gateway: string; mode: Mode; dates: readonly string[]; reason?: string },
): Promise<string[]> {
  const ids: string[] = [];
  for (const settlementDate of [...new Set(input.dates)].sort()) {
    const start = reconciliationWorkflowStart(
      { gateway: input.gateway, mode: input.mode, settlementDate },
      temporal.taskQueue,
      input.reason ?? 'settlement lines imported',
    );
    await temporal.client.workflow.signalWithStart<ReconciliationWorkflow, [RematchMessage]>(
      RECONCILIATION_WORKFLOW_TYPES.day,
      start,
    );
    ids.push(start.workflowId);
  }
  return ids;
}

/**
 * Tells a settlement day's workflow to match again, if it runs: never starts one (a day is started
 * by its lines' import or the schedule). Answers whether it was running.
 */
export async function wakeReconciliation(
  client: Client,
  day: { gateway: string; mode: Mode; settlementDate: string },
  reason: string,
): Promise<boolean> {
  try {
    await client.workflow
      .getHandle(workflowIds.reconciliation(day.gateway, day.mode, day.settlementDate))
      .signal<[RematchMessage]>(RECONCILIATION_MESSAGES.rematch, { reason });
    return true;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}
