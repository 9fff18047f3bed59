import type { EntityManager } from '@mikro-orm/postgresql';
import type { WorkflowStartOptions } from '@temporalio/client';
import {
  PAYOUT_WORKFLOW_TYPE,
  payoutWorkflowId,
  type PayoutWorkflowInput,
} from '../../domain/payouts/payout-workflow-contract.js';
import {
  PAYOUT_BATCH_WORKFLOW_TYPE,
  payoutBatchWorkflowId,
  type PayoutBatchWorkflowInput,
} from '../../domain/payouts/payout-batch-workflow-contract.js';
import { markBatchWorkflowStarted } from '../../db/payouts/payout-batches.js';
import type { Mode } from '../../domain/shared/mode.js';
import { markPayoutWorkflowStarted } from '../../db/payouts/payouts.js';
import { STARTED_ONCE, startOnce, type WorkflowStarter } from '../../platform/temporal/starting.js';
import { ownerAttributes } from '../../platform/temporal/search-attributes.js';

/** What starting a payout's workflow needs to know of the payout: ids only, the run reads the rest. */
export interface PayoutToStart {
  id: number;
  reference: string;
  appId: number;
  mode: Mode;
}

/** `payout-<reference>`, started once (a finished one stays finished). */
export function payoutWorkflowStart(payout: PayoutToStart, taskQueue: string): WorkflowStartOptions {
  const input: PayoutWorkflowInput = { payoutId: payout.id, reference: payout.reference };
  return {
    workflowId: payoutWorkflowId(payout.reference),
    taskQueue,
    args: [input],
    ...STARTED_ONCE,
    typedSearchAttributes: ownerAttributes(payout),
  };
}

/**
 * Starts a committed payout's workflow, then marks it started so the sweeper leaves it alone.
 * Idempotent: the API, a retried request and the sweeper may all call it.
 */
export async function startPayoutWorkflow(
  temporal: WorkflowStarter,
  em: EntityManager,
  payout: PayoutToStart,
): Promise<void> {
  await startOnce(() =>
    temporal.client.workflow.start(PAYOUT_WORKFLOW_TYPE, payoutWorkflowStart(payout, temporal.taskQueue)),
  );
  await markPayoutWorkflowStarted(em, payout.id);
}

/** `payout-batch-<reference>`, started once. */
export function payoutBatchWorkflowStart(batch: PayoutToStart, taskQueue: string): WorkflowStartOptions {
  const input: PayoutBatchWorkflowInput = { batchId: batch.id, reference: batch.reference };
  return {
    workflowId: payoutBatchWorkflowId(batch.reference),
    taskQueue,
    args: [input],
    ...STARTED_ONCE,
    typedSearchAttributes: ownerAttributes(batch),
  };
}

/** Starts a committed batch's workflow, then marks it started; idempotent, as a payout's. */
export async function startPayoutBatchWorkflow(
  temporal: WorkflowStarter,
  em: EntityManager,
  batch: PayoutToStart,
): Promise<void> {
  await startOnce(() =>
    temporal.client.workflow.start(
      PAYOUT_BATCH_WORKFLOW_TYPE,
      payoutBatchWorkflowStart(batch, temporal.taskQueue),
    ),
  );
  await markBatchWorkflowStarted(em, batch.id);
}
