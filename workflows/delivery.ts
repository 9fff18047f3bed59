import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, startChild, workflowInfo } from '@temporalio/workflow';
import { workflowIds } from '../domain/workflow-ids.js';
import { searchAttributes } from './messages.js';
import { webhookDeliveryWorkflow } from './webhook.js';

/**
 * Hands an event to its delivery workflow, `webhook-<eventId>`. The delivery outlives the caller
 * (it retries for days) and carries the caller's AppId and Mode, so operators filtering by app in
 * the Temporal UI find it. The event id is the workflow id, so a retried step or the sweeper that
 * re-drives undelivered events cannot start a second delivery: an existing one is left alone.
 */
export async function startDelivery(
  eventId: string,
  options: { firstAttemptMade?: boolean } = {},
): Promise<void> {
  const inherited = workflowInfo().typedSearchAttributes;
  const appId = inherited.get(searchAttributes.AppId);
  const mode = inherited.get(searchAttributes.Mode);
  try {
    await startChild(webhookDeliveryWorkflow, {
      workflowId: workflowIds.webhook(eventId),
      args: [{ eventId, ...(options.firstAttemptMade && { firstAttemptMade: true }) }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        ...(appId ? [{ key: searchAttributes.AppId, value: appId }] : []),
        ...(mode ? [{ key: searchAttributes.Mode, value: mode }] : []),
      ],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
