import {
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import type { Payment } from '../../platform/orm/entities.js';
import {
  handOverCallback,
  paymentWorkflowStart,
  type PaymentToStart,
} from '../../activities/payments/payment-starts.js';
import { ApiError } from '../../domain/shared/errors.js';
import { FAILURE_TYPES } from '../../domain/shared/failure-types.js';
import {
  PAYMENT_WORKFLOW_TYPES,
  type CallbackNotice,
  type CheckoutState,
  type PaymentWorkflow,
} from '../../domain/payments/payment-workflow-contract.js';
import { cancelCheckoutUpdate, openCheckoutUpdate } from '../../workflows/payments/messages.js';
import {
  INTERACTIVE_DEADLINE_MS,
  closedBeforeTaking,
  failureMessage,
  failureType,
} from '../workflow-failures.js';

/**
 * The API's side of the payment workflow: open or cancel checkout, hand it callbacks.
 *
 * A payment's workflow starts with the customer's first click on the hosted checkout (Pay or
 * Cancel), in the same request as that click (update-with-start), never when the app creates the
 * payment: creating is one database transaction, and a payment nobody opens costs the workflow
 * service nothing until the sweeper expires it after its deadline.
 */
export interface PaymentWorkflows {
  openCheckout(payment: PaymentToStart): Promise<CheckoutState>;
  cancelCheckout(payment: PaymentToStart): Promise<CheckoutState>;
  notifyCallback(payment: Payment, notice: CallbackNotice): Promise<void>;
}

function toApiError(error: unknown): never {
  if (error instanceof WorkflowUpdateFailedError) {
    const type = failureType(error);
    if (type === FAILURE_TYPES.notPayable) throw new ApiError('PAYMENT_NOT_PAYABLE', failureMessage(error));
    throw new ApiError('GATEWAY_SESSION_FAILED', failureMessage(error));
  }
  // Closed already (REJECT_DUPLICATE): the payment has run its course.
  if (error instanceof WorkflowExecutionAlreadyStartedError) throw new ApiError('PAYMENT_NOT_PAYABLE');
  if (closedBeforeTaking(error)) throw new ApiError('PAYMENT_NOT_PAYABLE');
  if (error instanceof ApiError) throw error;
  throw new ApiError('SERVICE_UNAVAILABLE', 'The payment service is busy; please try again');
}

export function createPaymentWorkflows(client: Client, taskQueue: string): PaymentWorkflows {
  /** Sends a click to the payment's workflow, starting the workflow if this is the first one. */
  const clickUpdate = (update: typeof openCheckoutUpdate, payment: PaymentToStart) =>
    client
      .withDeadline(Date.now() + INTERACTIVE_DEADLINE_MS, () =>
        client.workflow.executeUpdateWithStart(update, {
          startWorkflowOperation: new WithStartWorkflowOperation<PaymentWorkflow>(
            PAYMENT_WORKFLOW_TYPES.payment,
            paymentWorkflowStart(payment, taskQueue),
          ),
        }),
      )
      .catch(toApiError);

  return {
    openCheckout: (payment) => clickUpdate(openCheckoutUpdate, payment),
    cancelCheckout: (payment) => clickUpdate(cancelCheckoutUpdate, payment),

    async notifyCallback(payment, notice) {
      // The callback is already stored; 503 asks the gateway to send it again.
      await handOverCallback(client, taskQueue, payment, notice).catch(() => {
        throw new ApiError('SERVICE_UNAVAILABLE');
      });
    },
  };
}
