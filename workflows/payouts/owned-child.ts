import { ParentClosePolicy, startChild } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Mode } from '../../domain/shared/mode.js';
import { ownerAttributes } from '../../platform/temporal/search-attributes.js';

/**
 * Starts a workflow that outlives the one starting it (a batch line's payout, an uploaded batch),
 * by type name (its module is its process's, not imported here), under its owner's search
 * attributes; one started already is left alone, so a retried or replayed start is harmless.
 */
export async function startOwnedChild(
  workflowType: string,
  start: { workflowId: string; input: unknown; owner: { appId: number; mode: Mode } },
): Promise<void> {
  try {
    await startChild(workflowType, {
      workflowId: start.workflowId,
      args: [start.input],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: ownerAttributes(start.owner),
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
