import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Mode } from '../../domain/shared/mode.js';
import { workflowIds } from '../../domain/shared/workflow-ids.js';
import { gatewayCallbackSignal, searchAttributes, type CallbackNotice } from '../../workflows/messages.js';
import type { lateCallbackWorkflow } from '../../workflows/index.js';

/** What handing a stored callback to its payment's workflow needs to know of the payment. */
export interface CallbackPayment {
  id: number;
  reference: string;
  appId: number;
  mode: Mode;
  gateway: string | null;
}

/**
 * Hands a stored callback to the payment's workflow, which confirms it once however often it is
 * handed over. A workflow that has closed gets a workflow of the callback's own, which confirms it
 * and records money captured after the close. Any other failure is the caller's to retry: the
 * callback stays stored, unprocessed, until the sweeper hands it over again.
 */
export async function handOverCallback(
  client: Client,
  taskQueue: string,
  payment: CallbackPayment,
  notice: CallbackNotice,
): Promise<void> {
  try {
    await client.workflow
      .getHandle(workflowIds.payment(payment.reference))
      .signal(gatewayCallbackSignal, notice);
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
    await client.workflow.start<typeof lateCallbackWorkflow>('lateCallbackWorkflow', {
      workflowId: workflowIds.lateCallback(payment.reference, notice.callbackId, notice.handOver),
      taskQueue,
      args: [{ paymentId: payment.id, callback: notice }],
      workflowIdConflictPolicy: 'USE_EXISTING',
      typedSearchAttributes: [
        { key: searchAttributes.AppId, value: String(payment.appId) },
        { key: searchAttributes.Mode, value: payment.mode },
        ...(payment.gateway ? [{ key: searchAttributes.Gateway, value: payment.gateway }] : []),
      ],
    });
  }
}
