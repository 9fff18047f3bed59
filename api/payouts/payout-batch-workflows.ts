import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import {
  PAYOUT_BATCH_MESSAGES,
  PAYOUT_BATCH_WORKFLOW_TYPE,
  PAYOUT_LINES_MESSAGES,
  payoutBatchWorkflowId,
  payoutLinesWorkflowId,
} from '../../domain/payouts/payout-batch-workflow-contract.js';
import type { Mode } from '../../domain/shared/mode.js';
import { payoutBatchWorkflowStart } from '../../activities/payouts/payout-starts.js';
import { startOnce } from '../../platform/temporal/starting.js';
import { DEFERRABLE_START_DEADLINE_MS } from '../workflow-failures.js';

/** The API's side of the batch workflow: start a taken batch's, and wake it after a decision or a cancel. */
export interface PayoutBatchWorkflows {
  startPayoutBatch(batch: { id: number; reference: string; appId: number; mode: Mode }): Promise<void>;
  nudgePayoutBatch(reference: string): Promise<void>;
  /** Tells the workflow carrying a chunk of the batch's lines to read them again (a top-up, a rail back on). */
  nudgePayoutLines(batchReference: string, chunk: number): Promise<void>;
}

/** A signal to a workflow that may have finished: a finished one has nothing left to look at. */
async function signalIfRunning(send: () => Promise<void>): Promise<void> {
  try {
    await send();
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  }
}

export function createPayoutBatchWorkflows(client: Client, taskQueue: string): PayoutBatchWorkflows {
  return {
    async startPayoutBatch(batch) {
      // The batch is committed: past the deadline the sweeper starts it, and the request answers.
      await startOnce(() =>
        client.withDeadline(Date.now() + DEFERRABLE_START_DEADLINE_MS, () =>
          client.workflow.start(PAYOUT_BATCH_WORKFLOW_TYPE, payoutBatchWorkflowStart(batch, taskQueue)),
        ),
      );
    },
    async nudgePayoutBatch(reference) {
      await signalIfRunning(() =>
        client.workflow.getHandle(payoutBatchWorkflowId(reference)).signal(PAYOUT_BATCH_MESSAGES.changed),
      );
    },
    async nudgePayoutLines(batchReference, chunk) {
      await signalIfRunning(() =>
        client.workflow
          .getHandle(payoutLinesWorkflowId(batchReference, chunk))
          .signal(PAYOUT_LINES_MESSAGES.changed),
      );
    },
  };
}
