import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, startChild, workflowInfo } from '@temporalio/workflow';
import { workflowIds } from '../../domain/shared/workflow-ids.js';
import { customerEmailWorkflow } from '../customer-emails/customer-email.js';
import { searchAttributes } from '../../platform/temporal/search-attributes.js';
import { webhookDeliveryWorkflow } from './webhook.js';

/** The caller's AppId and Mode, so operators filtering by app in the Temporal UI find its children. */
function inheritedSearchAttributes() {
  const inherited = workflowInfo().typedSearchAttributes;
  const appId = inherited.get(searchAttributes.AppId);
  const mode = inherited.get(searchAttributes.Mode);
  return [
    ...(appId ? [{ key: searchAttributes.AppId, value: appId }] : []),
    ...(mode ? [{ key: searchAttributes.Mode, value: mode }] : []),
  ];
}

/**
 * Hands an event to its delivery workflow, `webhook-<eventId>`. The delivery outlives the caller
 * (it retries for days) and carries the caller's AppId and Mode. The event id is the workflow id,
 * so a retried step or the sweeper that re-drives undelivered events cannot start a second
 * delivery: an existing one is left alone.
 */
export async function startDelivery(
  eventId: string,
  options: { firstAttemptMade?: boolean } = {},
): Promise<void> {
  try {
    await startChild(webhookDeliveryWorkflow, {
      workflowId: workflowIds.webhook(eventId),
      args: [{ eventId, ...(options.firstAttemptMade && { firstAttemptMade: true }) }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: inheritedSearchAttributes(),
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}

/**
 * Hands the email an event owes its customer to its workflow, `email-<eventId>`, which outlives
 * the caller like a delivery. Starting it again finds the one that ran or runs; a run that was
 * terminated may be started afresh: the message's row decides whether anything is left to send.
 */
export async function startCustomerEmail(eventId: string): Promise<void> {
  try {
    await startChild(customerEmailWorkflow, {
      workflowId: workflowIds.customerEmail(eventId),
      args: [{ eventId }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      typedSearchAttributes: inheritedSearchAttributes(),
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
