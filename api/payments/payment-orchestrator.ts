import { roundingToleranceFor } from '../../domain/reconciliation/recon-tolerance.js';
import {
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Mode, Payment } from '../../platform/orm/entities.js';
import {
  deliveryWorkflowStart,
  invoiceWorkflowStart,
  paymentWorkflowStart,
  refundWorkflowStart,
  type InvoiceToStart,
  type PaymentToStart,
  type RefundToStart,
} from '../../activities/payments/workflow-starts.js';
import { handOverCallback } from '../../activities/payments/callback-hand-over.js';
import { readUploadInWorker } from '../../activities/reconciliation/file-upload-starts.js';
import {
  reconciliationWorkflowStart,
  startReconciliations,
} from '../../activities/reconciliation/reconciliation-starts.js';
import {
  DEFAULT_RECONCILIATION_POLICY,
  reconSettingsFor,
  type ReconciliationPolicy,
} from '../../domain/reconciliation/reconciliation.js';
import { ApiError } from '../../domain/shared/errors.js';
import { workflowIds } from '../../domain/shared/workflow-ids.js';
import {
  FAILURE_TYPES,
  cancelCheckoutUpdate,
  openCheckoutUpdate,
  approveRefundUpdate,
  confirmRefundUpdate,
  invoiceVoidedSignal,
  rejectRefundUpdate,
  resolveExceptionUpdate,
  searchAttributes,
  type ResolveExceptionMessage,
  type ResolveExceptionResult,
  type DecisionMessage,
  type RefundDecisionResult,
  type CallbackNotice,
  type CheckoutState,
} from '../../workflows/messages.js';
import type {
  invoiceWorkflow,
  paymentWorkflow,
  reconciliationWorkflow,
  refundWorkflow,
  webhookDeliveryWorkflow,
  webhookRecoverWorkflow,
} from '../../workflows/index.js';

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

/**
 * The API's side of the payment workflow: open or cancel checkout, hand it callbacks.
 *
 * A payment's workflow starts with the customer's first click on the hosted checkout (Pay or
 * Cancel), in the same request as that click (update-with-start), never when the app creates the
 * payment: creating is one database transaction, and a payment nobody opens costs the workflow
 * service nothing until the sweeper expires it after its deadline.
 */
export interface PaymentOrchestrator {
  openCheckout(payment: PaymentToStart): Promise<CheckoutState>;
  cancelCheckout(payment: PaymentToStart): Promise<CheckoutState>;
  notifyCallback(payment: Payment, notice: CallbackNotice): Promise<void>;
  /**
   * Starts a new delivery of an event (same `webhook-id`, so receivers dedupe). Deliveries of the
   * event still retrying are cancelled first: the resend takes over, and their later attempts
   * cannot collide with its attempt numbers. Returns the new workflow id.
   */
  resendWebhook(resend: WebhookResend): Promise<{ workflowId: string; resendNumber: number }>;
  /** Starts an endpoint's recover (`webhook-recover-<endpoint>-<requested at>`); returns its workflow id. */
  recoverWebhookEndpoint(recover: WebhookRecover): Promise<{ workflowId: string }>;
  /** Starts a taken refund's workflow; starting it again finds the one already running. */
  startRefund(
    refund: RefundToStart,
    createdEventId: string | null,
    approvalEventId?: string | null,
  ): Promise<void>;
  /**
   * Tells the refund's workflow of an approver's decision recorded in the database (by its id)
   * and waits for it to be applied; the answer is the refund's new status. The workflow is
   * started first if it never was (the API stopped right after taking the refund), so a decision
   * never waits on the sweeper.
   */
  decideRefund(
    refund: RefundToStart,
    approve: boolean,
    decision: DecisionMessage,
  ): Promise<RefundDecisionResult>;
  /**
   * Tells the refund's workflow, which is waiting for it, of finance's confirmation recorded in
   * the database (by its id), and waits for it to be applied.
   */
  confirmRefund(refund: RefundToStart, confirmation: DecisionMessage): Promise<RefundDecisionResult>;
  /**
   * Starts an issued invoice's workflow, which delivers `invoice.issued` (and the customer's
   * email when one was queued); starting it again finds the one already running.
   */
  startInvoice(
    invoice: InvoiceToStart,
    issuedEventId: string | null,
    issuedEmailQueued?: boolean,
  ): Promise<void>;
  /** Tells a voided invoice's workflow, which delivers `invoice.voided` and ends. */
  voidInvoice(invoice: InvoiceToStart, voidedEventId: string): Promise<void>;
  /** Starts the first delivery of committed events (`webhook-<eventId>`; one already started is left alone). */
  startDeliveries(events: ReadonlyArray<{ id: string; appId: number; mode: Mode }>): Promise<void>;
  /**
   * Starts (or wakes, to match again) the reconciliation of each settlement date of a gateway and
   * mode, after lines for those dates were stored. Returns the workflow ids.
   */
  startReconciliations(input: {
    gateway: string;
    mode: Mode;
    dates: readonly string[];
    reason?: string;
  }): Promise<string[]>;
  /** Days after a gateway's settlement date within which its payouts must reach the bank. */
  payoutWindowDays(gateway: string): number;
  /** Days after a gateway's settlement date before the day may close (RECON_GRACE_DAYS). */
  reconGraceDays(gateway: string): number;
  /** What an adjustment may post on one operator's word (null: any amount, for that mode). */
  reconRoundingToleranceMinor(mode: Mode, currency: string): number | null;
  /**
   * Has the worker read an uploaded file (by its upload's id) and waits up to `waitMs`: true when
   * reading finished (its outcome is on the upload's row).
   */
  readUpload(uploadId: number, waitMs: number): Promise<boolean>;
  /**
   * Tells a settlement day's workflow of finance's action on one of its exceptions, recorded in
   * the database (the message names its id), and waits for it to be applied. A day not running
   * (closed, or never started) is started with it.
   */
  resolveReconException(
    day: { gateway: string; mode: Mode; settlementDate: string },
    message: ResolveExceptionMessage,
  ): Promise<ResolveExceptionResult>;
}

/** The refusals a settlement day's workflow answers an action with, as the API's error codes. */
const RECON_REFUSALS = new Set([
  'FORBIDDEN',
  'VALIDATION_ERROR',
  'STEP_UP_REQUIRED',
  'RECON_EXCEPTION_NOT_FOUND',
  'RECON_EXCEPTION_NOT_OPEN',
  'RECON_ACTION_NOT_ALLOWED',
  'RECON_REFUND_PENDING',
  'RECON_SECOND_OPERATOR_REQUIRED',
  'RECON_PROPOSAL_STALE',
  'PAYMENT_NOT_REFUNDABLE',
  'REFUND_EXCEEDS_REFUNDABLE',
] as const);

function toReconError(error: unknown): never {
  if (error instanceof WorkflowUpdateFailedError) {
    const type = failureType(error);
    const code = [...RECON_REFUSALS].find((c) => c === type);
    throw new ApiError(code ?? 'RECON_EXCEPTION_NOT_OPEN', failureMessage(error));
  }
  if (error instanceof ApiError) throw error;
  throw new ApiError('SERVICE_UNAVAILABLE', 'The reconciliation service is busy; please try again');
}

/** A confirmation the workflow refused (its validator), or one for a workflow that no longer waits. */
function toConfirmationError(error: unknown): never {
  if (error instanceof WorkflowUpdateFailedError) {
    const type = failureType(error);
    const message = failureMessage(error);
    if (type === FAILURE_TYPES.selfApproval) throw new ApiError('SELF_APPROVAL_FORBIDDEN', message);
    if (type === FAILURE_TYPES.forbidden) throw new ApiError('FORBIDDEN', message);
    if (type === FAILURE_TYPES.validation) throw new ApiError('VALIDATION_ERROR', message);
    throw new ApiError('REFUND_NOT_AWAITING_CONFIRMATION', message);
  }
  if (error instanceof WorkflowNotFoundError) {
    throw new ApiError('REFUND_NOT_AWAITING_CONFIRMATION', 'This refund no longer waits for a confirmation');
  }
  if (error instanceof ApiError) throw error;
  throw new ApiError('SERVICE_UNAVAILABLE', 'The refund service is busy; please try again');
}

/** A decision the workflow refused (its validator) or could not take (the refund's workflow closed). */
function toDecisionError(error: unknown): never {
  if (error instanceof WorkflowUpdateFailedError) {
    const type = failureType(error);
    const message = failureMessage(error);
    if (type === FAILURE_TYPES.selfApproval) throw new ApiError('SELF_APPROVAL_FORBIDDEN', message);
    if (type === FAILURE_TYPES.approverAlreadyApproved)
      throw new ApiError('APPROVER_ALREADY_APPROVED', message);
    if (type === FAILURE_TYPES.forbidden) throw new ApiError('FORBIDDEN', message);
    throw new ApiError('REFUND_NOT_PENDING_APPROVAL', message);
  }
  if (error instanceof WorkflowExecutionAlreadyStartedError || error instanceof WorkflowNotFoundError) {
    throw new ApiError('REFUND_NOT_PENDING_APPROVAL', 'This refund no longer waits for a decision');
  }
  if (error instanceof ApiError) throw error;
  throw new ApiError('SERVICE_UNAVAILABLE', 'The refund service is busy; please try again');
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
  // Closed already (REJECT_DUPLICATE): the payment has run its course.
  if (error instanceof WorkflowExecutionAlreadyStartedError) throw new ApiError('PAYMENT_NOT_PAYABLE');
  if (error instanceof WorkflowNotFoundError) throw new ApiError('PAYMENT_NOT_PAYABLE');
  if (error instanceof ApiError) throw error;
  throw new ApiError('SERVICE_UNAVAILABLE', 'The payment service is busy; please try again');
}

/**
 * `reconciliation`: the deployment's reconciliation settings (RECON_*), as the worker's activities
 * read them, to tell finance when a day's grace ends and what its payouts may take; the defaults
 * when absent. A day's workflow is started with the day alone.
 */
export function createPaymentOrchestrator(
  client: Client,
  taskQueue: string,
  reconciliation?: ReconciliationPolicy,
): PaymentOrchestrator {
  /** Sends a click to the payment's workflow, starting the workflow if this is the first one. */
  const clickUpdate = (update: typeof openCheckoutUpdate, payment: PaymentToStart) =>
    client
      .withDeadline(Date.now() + INTERACTIVE_DEADLINE_MS, () =>
        client.workflow.executeUpdateWithStart(update, {
          startWorkflowOperation: new WithStartWorkflowOperation<typeof paymentWorkflow>(
            'paymentWorkflow',
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

    async startInvoice(invoice, issuedEventId, issuedEmailQueued = false) {
      try {
        await client.workflow.start<typeof invoiceWorkflow>(
          'invoiceWorkflow',
          invoiceWorkflowStart(invoice, taskQueue, issuedEventId, issuedEmailQueued),
        );
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
    },

    async voidInvoice(invoice, voidedEventId) {
      await client.workflow
        .getHandle(workflowIds.invoice(invoice.appId, invoice.number!))
        .signal(invoiceVoidedSignal, { voidedEventId });
    },

    async startDeliveries(events) {
      for (const event of events) {
        try {
          await client.workflow.start<typeof webhookDeliveryWorkflow>(
            'webhookDeliveryWorkflow',
            deliveryWorkflowStart(event, taskQueue),
          );
        } catch (error) {
          if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        }
      }
    },

    reconGraceDays: (gateway) =>
      reconSettingsFor(reconciliation ?? DEFAULT_RECONCILIATION_POLICY, gateway).graceDays,

    reconRoundingToleranceMinor: (mode, currency) =>
      roundingToleranceFor(reconciliation?.roundingTolerance, mode, currency),

    payoutWindowDays: (gateway) =>
      reconSettingsFor(reconciliation ?? DEFAULT_RECONCILIATION_POLICY, gateway).payoutWindowDays,

    startReconciliations(input) {
      return startReconciliations({ client, taskQueue }, input);
    },

    readUpload: (uploadId, waitMs) => readUploadInWorker(client, taskQueue, uploadId, waitMs),

    resolveReconException(day, message) {
      const {
        signal: _signal,
        signalArgs: _signalArgs,
        ...start
      } = reconciliationWorkflowStart(day, taskQueue, 'an exception resolved');
      return client
        .withDeadline(Date.now() + INTERACTIVE_DEADLINE_MS, () =>
          client.workflow.executeUpdateWithStart(resolveExceptionUpdate, {
            args: [message],
            startWorkflowOperation: new WithStartWorkflowOperation<typeof reconciliationWorkflow>(
              'reconciliationWorkflow',
              { ...start, workflowIdConflictPolicy: 'USE_EXISTING' },
            ),
          }),
        )
        .catch(toReconError);
    },

    async startRefund(refund, createdEventId, approvalEventId = null) {
      try {
        await client.workflow.start<typeof refundWorkflow>(
          'refundWorkflow',
          refundWorkflowStart(refund, taskQueue, createdEventId, approvalEventId),
        );
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
    },

    decideRefund(refund, approve, decision) {
      return client
        .withDeadline(Date.now() + INTERACTIVE_DEADLINE_MS, () =>
          client.workflow.executeUpdateWithStart(approve ? approveRefundUpdate : rejectRefundUpdate, {
            args: [decision],
            startWorkflowOperation: new WithStartWorkflowOperation<typeof refundWorkflow>(
              'refundWorkflow',
              refundWorkflowStart(refund, taskQueue, null),
            ),
          }),
        )
        .catch(toDecisionError);
    },

    confirmRefund(refund, confirmation) {
      return client
        .withDeadline(Date.now() + INTERACTIVE_DEADLINE_MS, () =>
          client.workflow
            .getHandle(workflowIds.refund(refund.reference))
            .executeUpdate(confirmRefundUpdate, { args: [confirmation] }),
        )
        .catch(toConfirmationError);
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
          await client.workflow.start<typeof webhookDeliveryWorkflow>('webhookDeliveryWorkflow', {
            workflowId,
            taskQueue,
            args: [{ eventId: resend.eventId, attemptOffset: resend.attemptOffset }],
            workflowIdConflictPolicy: 'FAIL',
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
            typedSearchAttributes: [
              { key: searchAttributes.AppId, value: String(resend.appId) },
              { key: searchAttributes.Mode, value: resend.mode },
            ],
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
      try {
        await client.workflow.start<typeof webhookRecoverWorkflow>('webhookRecoverWorkflow', {
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
          typedSearchAttributes: [
            { key: searchAttributes.AppId, value: String(recover.appId) },
            { key: searchAttributes.Mode, value: recover.mode },
          ],
        });
      } catch (error) {
        // The same request twice within a millisecond: one recover covers both.
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
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
