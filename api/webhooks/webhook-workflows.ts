import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Mode } from '../../platform/orm/entities.js';
import { deliveryWorkflowStart } from '../../activities/webhooks/webhook-starts.js';
import { ApiError } from '../../domain/shared/errors.js';
import { workflowIds } from '../../domain/shared/workflow-ids.js';
import {
  WEBHOOK_WORKFLOW_TYPES,
  type WebhookDeliveryWorkflow,
  type WebhookRecoverWorkflow,
} from '../../domain/webhooks/webhook-workflow-contract.js';
import { ownerAttributes } from '../../platform/temporal/search-attributes.js';
import { startOnce } from '../../platform/temporal/starting.js';
import { DEFERRABLE_START_DEADLINE_MS } from '../workflow-failures.js';

/** What an operator's resend of a webhook event needs to start a fresh delivery. */
export interface WebhookResend {
  eventId: string;
  appId: number;
  mode: Mode;
  /** 1 for the first resend of this event, 2 for the next, … (part of the workflow id). */
  resendNumber: number;
  /** Highest attempt number already recorded for the event; the resend's attempts follow it. */
  attemptOffset: number;
}

export interface WebhookRecover {
  appId: number;
  mode: Mode;
  /** The endpoint's row id and its `we_` id (which names the workflow). */
  endpointId: number;
  endpointPublicId: string;
  since: Date;
  /** When it was asked for: the window's end and part of the workflow id. */
  until: Date;
}

/** `webhook-<eventId>-resend-<n>`: a business key operators find in the Temporal UI. */
export function webhookResendWorkflowId(eventId: string, resendNumber: number): string {
  return `${workflowIds.webhook(eventId)}-resend-${resendNumber}`;
}

/** How long a resend waits for an earlier delivery it cancelled to close. */
const CANCEL_WAIT_MS = 5_000;
const MAX_RESEND_ID_PROBES = 5;

/** The API's side of webhook delivery: first deliveries, operators' resends and endpoint recovers. */
export interface WebhookWorkflows {
  /** Starts the first delivery of committed events (`webhook-<eventId>`; one already started is left alone). */
  startDeliveries(events: ReadonlyArray<{ id: string; appId: number; mode: Mode }>): Promise<void>;
  /**
   * Starts a new delivery of an event (same `webhook-id`, so receivers dedupe). Deliveries of the
   * event still retrying are cancelled first: the resend takes over, and their later attempts
   * cannot collide with its attempt numbers. Returns the new workflow id.
   */
  resendWebhook(resend: WebhookResend): Promise<{ workflowId: string; resendNumber: number }>;
  /** Starts an endpoint's recover (`webhook-recover-<endpoint>-<requested at>`); returns its workflow id. */
  recoverWebhookEndpoint(recover: WebhookRecover): Promise<{ workflowId: string }>;
}

export function createWebhookWorkflows(client: Client, taskQueue: string): WebhookWorkflows {
  return {
    async startDeliveries(events) {
      // The events are committed: past the deadline the sweeper delivers them.
      for (const event of events) {
        await startOnce(() =>
          client.withDeadline(Date.now() + DEFERRABLE_START_DEADLINE_MS, () =>
            client.workflow.start<WebhookDeliveryWorkflow>(
              WEBHOOK_WORKFLOW_TYPES.delivery,
              deliveryWorkflowStart(event, taskQueue),
            ),
          ),
        );
      }
    },

    async resendWebhook(resend) {
      const earlier = [
        workflowIds.webhook(resend.eventId),
        ...Array.from({ length: resend.resendNumber - 1 }, (_, i) =>
          webhookResendWorkflowId(resend.eventId, i + 1),
        ),
      ];
      await Promise.all(earlier.map((workflowId) => cancelIfRunning(client, workflowId)));
      // The number comes from the audit trail; a resend whose audit entry was lost (its transaction
      // failed after the start) still holds its id, so the next free number is taken instead.
      for (let n = resend.resendNumber; n < resend.resendNumber + MAX_RESEND_ID_PROBES; n++) {
        const workflowId = webhookResendWorkflowId(resend.eventId, n);
        try {
          await client.workflow.start<WebhookDeliveryWorkflow>(WEBHOOK_WORKFLOW_TYPES.delivery, {
            workflowId,
            taskQueue,
            args: [{ eventId: resend.eventId, attemptOffset: resend.attemptOffset }],
            workflowIdConflictPolicy: 'FAIL',
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
            typedSearchAttributes: [...ownerAttributes(resend)],
          });
          return { workflowId, resendNumber: n };
        } catch (error) {
          if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
          await cancelIfRunning(client, workflowId);
        }
      }
      throw new ApiError('SERVICE_UNAVAILABLE', 'Could not start the webhook resend; please try again');
    },

    async recoverWebhookEndpoint(recover) {
      const workflowId = workflowIds.webhookRecover(recover.endpointPublicId, recover.until);
      // The same request twice within a millisecond: one recover covers both.
      await startOnce(() =>
        client.workflow.start<WebhookRecoverWorkflow>(WEBHOOK_WORKFLOW_TYPES.recover, {
          workflowId,
          taskQueue,
          args: [
            {
              endpointId: recover.endpointId,
              since: recover.since.toISOString(),
              until: recover.until.toISOString(),
              afterEventId: null,
            },
          ],
          typedSearchAttributes: [...ownerAttributes(recover)],
        }),
      );
      return { workflowId };
    },
  };
}

/** Cancels a delivery that is still retrying and waits (briefly) until it has closed. */
async function cancelIfRunning(client: Client, workflowId: string): Promise<void> {
  const handle = client.workflow.getHandle(workflowId);
  try {
    const description = await handle.describe();
    if (description.status.name !== 'RUNNING') return;
    await handle.cancel();
  } catch (error) {
    // Never started, or closed and past retention: nothing left to stop.
    if (error instanceof WorkflowNotFoundError) return;
    throw error;
  }
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, CANCEL_WAIT_MS);
  });
  await Promise.race([handle.result().catch(() => undefined), deadline]);
  clearTimeout(timer);
}
