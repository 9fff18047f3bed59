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

/** A customer waits on these calls: past this, the page says "try again" instead of hanging. */
const INTERACTIVE_DEADLINE_MS = 20_000;

function toApiError(error: unknown): never {
  if (error instanceof WorkflowUpdateFailedError) {
    const type = failureType(error);
    if (type === FAILURE_TYPES.notPayable) throw new ApiError('PAYMENT_NOT_PAYABLE', failureMessage(error));
    throw new ApiError('GATEWAY_SESSION_FAILED', failureMessage(error));
  }
  if (error instanceof WorkflowNotFoundError) throw new ApiError('PAYMENT_NOT_PAYABLE');
  if (error instanceof ApiError) throw error;
  throw new ApiError('SERVICE_UNAVAILABLE', 'The payment service is busy; please try again');
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
      return client
        .withDeadline(Date.now() + INTERACTIVE_DEADLINE_MS, () => handle.executeUpdate(openCheckoutUpdate))
        .catch(toApiError);
    },

    async cancelCheckout(reference) {
      const handle = client.workflow.getHandle(workflowIds.payment(reference));
      return client
        .withDeadline(Date.now() + INTERACTIVE_DEADLINE_MS, () => handle.executeUpdate(cancelCheckoutUpdate))
        .catch(toApiError);
    },

    async notifyCallback(payment, notice) {
      try {
        await client.workflow
          .getHandle(workflowIds.payment(payment.reference))
          .signal(gatewayCallbackSignal, notice);
      } catch (error) {
        // The callback is already stored; 503 asks the gateway to send it again.
        if (!(error instanceof WorkflowNotFoundError)) throw new ApiError('SERVICE_UNAVAILABLE');
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
