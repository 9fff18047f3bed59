import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import {
  PAYOUT_BATCH_MESSAGES,
  PAYOUT_BATCH_WORKFLOW_TYPE,
  payoutBatchWorkflowId,
} from '../../domain/payouts/payout-batch-workflow-contract.js';
import type { Mode } from '../../domain/shared/mode.js';
import { payoutBatchWorkflowStart } from '../../activities/payouts/payout-starts.js';
import { startOnce } from '../../platform/temporal/starting.js';
import { DEFERRABLE_START_DEADLINE_MS } from '../workflow-failures.js';

/** The API's side of the batch workflow: start a taken batch's, and wake it after a decision or a cancel. */
export interface PayoutBatchWorkflows {
  startPayoutBatch(batch: { id: number; reference: string; appId: number; mode: Mode }): Promise<void>;
  nudgePayoutBatch(reference: string): Promise<void>;
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
      try {
        await client.workflow
          .getHandle(payoutBatchWorkflowId(reference))
          .signal(PAYOUT_BATCH_MESSAGES.changed);
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
    },
  };
}
