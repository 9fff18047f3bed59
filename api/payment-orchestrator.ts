import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Payment } from '../db/entities.js';
import { ApiError } from '../domain/errors.js';
import { workflowIds } from '../domain/workflow-ids.js';
import {
  FAILURE_TYPES,
  cancelCheckoutUpdate,
  gatewayCallbackSignal,
  openCheckoutUpdate,
  searchAttributes,
  type CallbackNotice,
  type CheckoutState,
} from '../workflows/messages.js';
import type { lateCallbackWorkflow, paymentWorkflow } from '../workflows/index.js';

/** The API's side of the payment workflow: start it, open or cancel checkout, hand it callbacks. */
export interface PaymentOrchestrator {
  start(payment: Payment): Promise<void>;
  openCheckout(reference: string): Promise<CheckoutState>;
  cancelCheckout(reference: string): Promise<CheckoutState>;
  notifyCallback(payment: Payment, notice: CallbackNotice): Promise<void>;
}

function failureType(error: unknown): string | null {
  let cause: unknown = error;
  while (cause instanceof Error) {
    if (cause instanceof ApplicationFailure && cause.type) return cause.type;
    cause = cause.cause;
  }
  return null;
}

function failureMessage(error: unknown): string | undefined {
  let cause: unknown = error;
  let last: string | undefined;
  while (cause instanceof Error) {
    if (cause instanceof ApplicationFailure) last = cause.message;
    cause = cause.cause;
  }
  return last;
}

function toApiError(error: unknown): never {
  if (error instanceof WorkflowUpdateFailedError) {
    const type = failureType(error);
    if (type === FAILURE_TYPES.notPayable) throw new ApiError('PAYMENT_NOT_PAYABLE', failureMessage(error));
    throw new ApiError('GATEWAY_SESSION_FAILED', failureMessage(error));
  }
  if (error instanceof WorkflowNotFoundError) throw new ApiError('PAYMENT_NOT_PAYABLE');
  throw error;
}

export function createPaymentOrchestrator(client: Client, taskQueue: string): PaymentOrchestrator {
  return {
    async start(payment) {
      await client.workflow.start<typeof paymentWorkflow>('paymentWorkflow', {
        workflowId: workflowIds.payment(payment.reference),
        taskQueue,
        args: [
          { paymentId: payment.id, reference: payment.reference, expiresAt: payment.expiresAt.toISOString() },
        ],
        // A retried create finds the running workflow; the DB's unique reference is the lasting guard.
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: [
          { key: searchAttributes.AppId, value: String(payment.appId) },
          { key: searchAttributes.Mode, value: payment.mode },
          { key: searchAttributes.PaymentStatus, value: payment.status },
          { key: searchAttributes.Gateway, value: payment.gateway },
          { key: searchAttributes.CustomerReference, value: payment.customerReference },
        ],
      });
    },

    async openCheckout(reference) {
      const handle = client.workflow.getHandle(workflowIds.payment(reference));
      return handle.executeUpdate(openCheckoutUpdate).catch(toApiError);
    },

    async cancelCheckout(reference) {
      const handle = client.workflow.getHandle(workflowIds.payment(reference));
      return handle.executeUpdate(cancelCheckoutUpdate).catch(toApiError);
    },

    async notifyCallback(payment, notice) {
      try {
        await client.workflow
          .getHandle(workflowIds.payment(payment.reference))
          .signal(gatewayCallbackSignal, notice);
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
        // The payment's workflow has closed: confirm this callback in a workflow of its own.
        await client.workflow.start<typeof lateCallbackWorkflow>('lateCallbackWorkflow', {
          workflowId: workflowIds.lateCallback(payment.reference, notice.callbackId),
          taskQueue,
          args: [{ paymentId: payment.id, callback: notice }],
          workflowIdConflictPolicy: 'USE_EXISTING',
          typedSearchAttributes: [
            { key: searchAttributes.AppId, value: String(payment.appId) },
            { key: searchAttributes.Mode, value: payment.mode },
            { key: searchAttributes.Gateway, value: payment.gateway },
          ],
        });
      }
    },
  };
}
