import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import {
  PAYOUT_BATCH_MESSAGES,
  PAYOUT_BATCH_WORKFLOW_TYPE,
  payoutBatchWorkflowId,
  type PayoutBatchWorkflowInput,
} from '../../domain/payouts/payout-batch-workflow-contract.js';
import type { Mode } from '../../domain/shared/mode.js';
import { ownerAttributes } from '../../platform/temporal/search-attributes.js';
import { STARTED_ONCE, startOnce } from '../../platform/temporal/starting.js';

/** The API's side of the batch workflow: start a taken batch's, and wake it after a decision or a cancel. */
export interface PayoutBatchWorkflows {
  startPayoutBatch(batch: { id: number; reference: string; appId: number; mode: Mode }): Promise<void>;
  nudgePayoutBatch(reference: string): Promise<void>;
}

export function createPayoutBatchWorkflows(client: Client, taskQueue: string): PayoutBatchWorkflows {
  return {
    async startPayoutBatch(batch) {
      const input: PayoutBatchWorkflowInput = { batchId: batch.id, reference: batch.reference };
      await startOnce(() =>
        client.workflow.start(PAYOUT_BATCH_WORKFLOW_TYPE, {
          workflowId: payoutBatchWorkflowId(batch.reference),
          taskQueue,
          args: [input],
          ...STARTED_ONCE,
          typedSearchAttributes: ownerAttributes(batch),
        }),
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
