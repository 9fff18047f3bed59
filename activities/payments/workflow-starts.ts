import type { WorkflowIdConflictPolicy, WorkflowStartOptions } from '@temporalio/client';
import type { Mode } from '../../domain/shared/mode.js';
import type { PaymentStatus } from '../../domain/payments/payment-status.js';
import { workflowIds } from '../../domain/shared/workflow-ids.js';
import { EMAIL_RETRY } from '../../domain/customer-emails/customer-emails.js';
import { searchAttributes } from '../../workflows/messages.js';
import type {
  customerEmailWorkflow,
  invoiceWorkflow,
  paymentWorkflow,
  refundWorkflow,
  webhookDeliveryWorkflow,
} from '../../workflows/index.js';
import type { RefundStatus } from '../../domain/refunds/refunds.js';

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
): WorkflowStartOptions<typeof paymentWorkflow> & { workflowIdConflictPolicy: WorkflowIdConflictPolicy } {
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
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    typedSearchAttributes: [
      { key: searchAttributes.AppId, value: String(payment.appId) },
      { key: searchAttributes.Mode, value: payment.mode },
      { key: searchAttributes.PaymentStatus, value: payment.status },
      ...(payment.gateway ? [{ key: searchAttributes.Gateway, value: payment.gateway }] : []),
      { key: searchAttributes.CustomerReference, value: payment.customerReference },
    ],
  };
}

/** `webhook-<eventId>`: the first delivery of an event, started at most once. */
export function deliveryWorkflowStart(
  event: { id: string; appId: number; mode: Mode },
  taskQueue: string,
): WorkflowStartOptions<typeof webhookDeliveryWorkflow> {
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

/**
 * `email-<eventId>`, from the sweeper when the step that queued the message never started it:
 * started once, or afresh after a run that was terminated (the message's row is the guard). Its
 * retries end three days after the message was queued, however late it starts.
 */
export function customerEmailWorkflowStart(
  email: { eventId: string; appId: number; mode: Mode; createdAt: Date; attempts: number },
  taskQueue: string,
): WorkflowStartOptions<typeof customerEmailWorkflow> & {
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
    typedSearchAttributes: [
      { key: searchAttributes.AppId, value: String(email.appId) },
      { key: searchAttributes.Mode, value: email.mode },
    ],
  };
}

/** What starting a refund's workflow needs to know of the refund. */
export interface RefundToStart {
  id: number;
  reference: string;
  paymentReference: string;
  appId: number;
  mode: Mode;
  status: RefundStatus;
  approvalExpiresAt: Date | null;
  requestedByOperatorId: number | null;
}

/**
 * `refund-<reference>`, from the API right after the refund is taken or from the sweeper when the
 * API stopped before starting it: started once (USE_EXISTING, REJECT_DUPLICATE).
 */
export function refundWorkflowStart(
  refund: RefundToStart,
  taskQueue: string,
  createdEventId: string | null,
  approvalEventId: string | null = null,
): WorkflowStartOptions<typeof refundWorkflow> & { workflowIdConflictPolicy: WorkflowIdConflictPolicy } {
  const waits = refund.status === 'PENDING_APPROVAL' && refund.approvalExpiresAt !== null;
  return {
    workflowId: workflowIds.refund(refund.reference),
    taskQueue,
    args: [
      {
        refundId: refund.id,
        reference: refund.reference,
        createdEventId,
        ...(waits && {
          approval: {
            expiresAt: refund.approvalExpiresAt!.toISOString(),
            requestedByOperatorId: refund.requestedByOperatorId,
            requiredEventId: approvalEventId,
          },
        }),
      },
    ],
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    typedSearchAttributes: [
      { key: searchAttributes.AppId, value: String(refund.appId) },
      { key: searchAttributes.Mode, value: refund.mode },
      { key: searchAttributes.RefundStatus, value: refund.status },
      { key: searchAttributes.PaymentReference, value: refund.paymentReference },
    ],
  };
}

/** What starting an invoice's workflow needs to know of the invoice. */
export interface InvoiceToStart {
  id: number;
  reference: string;
  appId: number;
  mode: Mode;
  number: string | null;
  status: string;
}

/**
 * `invoice-<app>-<number>`, from the API right after issuing or from the sweeper when the API
 * stopped before starting it: started once (USE_EXISTING, REJECT_DUPLICATE).
 */
export function invoiceWorkflowStart(
  invoice: InvoiceToStart,
  taskQueue: string,
  issuedEventId: string | null,
  issuedEmailQueued = false,
): WorkflowStartOptions<typeof invoiceWorkflow> & { workflowIdConflictPolicy: WorkflowIdConflictPolicy } {
  return {
    workflowId: workflowIds.invoice(invoice.appId, invoice.number!),
    taskQueue,
    args: [
      {
        invoiceId: invoice.id,
        reference: invoice.reference,
        issuedEventId,
        ...(issuedEmailQueued && { issuedEmailQueued }),
      },
    ],
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    typedSearchAttributes: [
      { key: searchAttributes.AppId, value: String(invoice.appId) },
      { key: searchAttributes.Mode, value: invoice.mode },
      { key: searchAttributes.InvoiceStatus, value: invoice.status },
      { key: searchAttributes.InvoiceNumber, value: invoice.number! },
    ],
  };
}
