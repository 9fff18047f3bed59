import type { WorkflowIdConflictPolicy, WorkflowStartOptions } from '@temporalio/client';
import type { Mode } from '../../domain/shared/mode.js';
import { workflowIds } from '../../domain/shared/workflow-ids.js';
import { EMAIL_RETRY } from '../../domain/customer-emails/customer-emails.js';
import type { CustomerEmailWorkflow } from '../../domain/customer-emails/customer-email-workflow-contract.js';
import { ownerAttributes } from '../../platform/temporal/search-attributes.js';

/**
 * `email-<eventId>`, from the sweeper when the step that queued the message never started it:
 * started once, or afresh after a run that was terminated (the message's row is the guard). Its
 * retries end three days after the message was queued, however late it starts.
 */
export function customerEmailWorkflowStart(
  email: { eventId: string; appId: number; mode: Mode; createdAt: Date; attempts: number },
  taskQueue: string,
): WorkflowStartOptions<CustomerEmailWorkflow> & {
  workflowIdConflictPolicy: WorkflowIdConflictPolicy;
} {
  const giveUpAt = new Date(email.createdAt.getTime() + EMAIL_RETRY.horizonMs).toISOString();
  return {
    workflowId: workflowIds.customerEmail(email.eventId),
    taskQueue,
    // A run that takes over from a stopped one numbers its attempts after those already logged.
    args: [{ eventId: email.eventId, giveUpAt, ...(email.attempts > 0 && { attemptsMade: email.attempts }) }],
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
    typedSearchAttributes: [...ownerAttributes(email)],
  };
}
