import type { WorkflowStartOptions } from '@temporalio/client';
import type { Mode } from '../../domain/shared/mode.js';
import { workflowIds } from '../../domain/shared/workflow-ids.js';
import {
  WEBHOOK_WORKFLOW_TYPES,
  type WebhookDeliveryWorkflow,
} from '../../domain/webhooks/webhook-workflow-contract.js';
import { ownerAttributes } from '../../platform/temporal/search-attributes.js';
import { STARTED_ONCE, startOnce, type WorkflowStarter } from '../../platform/temporal/starting.js';

/** `webhook-<eventId>`: the first delivery of an event, started at most once. */
export function deliveryWorkflowStart(
  event: { id: string; appId: number; mode: Mode },
  taskQueue: string,
): WorkflowStartOptions<WebhookDeliveryWorkflow> {
  return {
    workflowId: workflowIds.webhook(event.id),
    taskQueue,
    args: [{ eventId: event.id }],
    ...STARTED_ONCE,
    typedSearchAttributes: [...ownerAttributes(event)],
  };
}

/**
 * Starts the first delivery of each event an activity recorded; one already started is left
 * alone. A start that fails is reported to `onFailure`: the sweeper starts any left unstarted.
 */
export async function startFirstDeliveries(
  temporal: WorkflowStarter,
  events: ReadonlyArray<{ id: string; appId: number; mode: Mode }>,
  onFailure: (event: { id: string }, error: unknown) => void,
): Promise<void> {
  for (const event of events) {
    await startOnce(() =>
      temporal.client.workflow.start<WebhookDeliveryWorkflow>(
        WEBHOOK_WORKFLOW_TYPES.delivery,
        deliveryWorkflowStart(event, temporal.taskQueue),
      ),
    ).catch((error: unknown) => onFailure(event, error));
  }
}
