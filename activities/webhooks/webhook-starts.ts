import type { WorkflowStartOptions } from '@temporalio/client';
import type { Mode } from '../../domain/shared/mode.js';
import { workflowIds } from '../../domain/shared/workflow-ids.js';
import type { WebhookDeliveryWorkflow } from '../../domain/webhooks/webhook-workflow-contract.js';
import { searchAttributes } from '../../platform/temporal/search-attributes.js';

/** `webhook-<eventId>`: the first delivery of an event, started at most once. */
export function deliveryWorkflowStart(
  event: { id: string; appId: number; mode: Mode },
  taskQueue: string,
): WorkflowStartOptions<WebhookDeliveryWorkflow> {
  return {
    workflowId: workflowIds.webhook(event.id),
    taskQueue,
    args: [{ eventId: event.id }],
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    typedSearchAttributes: [
      { key: searchAttributes.AppId, value: String(event.appId) },
      { key: searchAttributes.Mode, value: event.mode },
    ],
  };
}
