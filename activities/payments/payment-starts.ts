import {
  WorkflowNotFoundError,
  type Client,
  type WorkflowIdConflictPolicy,
  type WorkflowStartOptions,
} from '@temporalio/client';
import type { Mode } from '../../domain/shared/mode.js';
import type { PaymentStatus } from '../../domain/payments/payment-status.js';
import { workflowIds } from '../../domain/shared/workflow-ids.js';
import {
  PAYMENT_MESSAGES,
  PAYMENT_WORKFLOW_TYPES,
  type CallbackNotice,
  type LateCallbackWorkflow,
  type PaymentWorkflow,
} from '../../domain/payments/payment-workflow-contract.js';
import { ownerAttributes, searchAttributes } from '../../platform/temporal/search-attributes.js';
import { STARTED_ONCE } from '../../platform/temporal/starting.js';

/**
 * How the payment workflows are started and told of callbacks, by name and typed by their inputs
 * (domain/payments/payment-workflow-contract.ts): the API, the sweeper and activities all start
 * them through this module.
 */

/** What starting a payment's workflow needs to know of the payment. */
export interface PaymentToStart {
  id: number;
  reference: string;
  appId: number;
  mode: Mode;
  status: PaymentStatus;
  gateway: string | null;
  customerReference: string;
  expiresAt: Date;
}

/**
 * How every door (the customer's first click on checkout, the sweeper expiring a payment nobody
 * opened) starts `payment-<reference>`: starting it again
 * finds the running one (USE_EXISTING), and a closed one is never started twice
 * (REJECT_DUPLICATE); the database's unique reference is the lasting guard.
 */
export function paymentWorkflowStart(
  payment: PaymentToStart,
  taskQueue: string,
): WorkflowStartOptions<PaymentWorkflow> & { workflowIdConflictPolicy: WorkflowIdConflictPolicy } {
  return {
    workflowId: workflowIds.payment(payment.reference),
    taskQueue,
    args: [
      {
        paymentId: payment.id,
        reference: payment.reference,
        expiresAt: payment.expiresAt.toISOString(),
        checksWhilePending: true,
      },
    ],
    ...STARTED_ONCE,
    typedSearchAttributes: [
      ...ownerAttributes(payment),
      { key: searchAttributes.PaymentStatus, value: payment.status },
      ...(payment.gateway ? [{ key: searchAttributes.Gateway, value: payment.gateway }] : []),
      { key: searchAttributes.CustomerReference, value: payment.customerReference },
    ],
  };
}

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
      .signal<[CallbackNotice]>(PAYMENT_MESSAGES.gatewayCallback, notice);
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
    await client.workflow.start<LateCallbackWorkflow>(PAYMENT_WORKFLOW_TYPES.lateCallback, {
      workflowId: workflowIds.lateCallback(payment.reference, notice.callbackId, notice.handOver),
      taskQueue,
      args: [{ paymentId: payment.id, callback: notice }],
      workflowIdConflictPolicy: 'USE_EXISTING',
      typedSearchAttributes: [
        ...ownerAttributes(payment),
        ...(payment.gateway ? [{ key: searchAttributes.Gateway, value: payment.gateway }] : []),
      ],
    });
  }
}
