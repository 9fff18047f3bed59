import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { PaymentStatus } from '../domain/payments/payment-status.js';
import type { ReconAction, ResolveExceptionResult } from '../domain/reconciliation/reconciliation.js';
import type { DecisionMessage } from '../domain/refunds/refund-decisions.js';
import type { RefundStatus } from '../domain/refunds/refunds.js';

/**
 * Names shared by the API (client side) and the workflows: message definitions, inputs and
 * search attributes (defined in search-attributes.ts). Nothing here performs I/O.
 */
export { searchAttributes } from '../platform/temporal/search-attributes.js';

export interface PaymentWorkflowInput {
  paymentId: number;
  reference: string;
  /** ISO-8601 instant after which an unpaid checkout expires. */
  expiresAt: string;
  /**
   * Ask the gateway while the checkout waits at it (domain/payments/pending-checks.ts). Set on every start
   * since; runs started before carry none and replay as they ran.
   */
  checksWhilePending?: boolean;
}

export interface CheckoutState {
  status: PaymentStatus;
  gatewayPageUrl: string | null;
  /**
   * The gateway the session behind `gatewayPageUrl` was opened with (the one the payment was bound
   * to when it moved to PENDING). Absent for a session whose opening did not report it.
   */
  gateway?: string;
}

/** A stored gateway callback the workflow must confirm with the gateway's own API. */
export interface CallbackNotice {
  callbackId: number;
  /** What the gateway's authority is asked about (a validation id, a payment id, a session id). */
  confirmationKey?: string | null;
  /** The same, as notices sent before gateways were neutral carry it. */
  validationId?: string | null;
  /**
   * Which check of the stored callback this is: absent (0) for its first, the next number each
   * time a callback the gateway did not confirm is checked again (spaced per row). The workflow
   * confirms each (callback, number) once.
   */
  handOver?: number;
}

export const openCheckoutUpdate = defineUpdate<CheckoutState>('openCheckout');
export const cancelCheckoutUpdate = defineUpdate<CheckoutState>('cancelCheckout');
export const gatewayCallbackSignal = defineSignal<[CallbackNotice]>('gatewayCallback');
export const checkoutStateQuery = defineQuery<CheckoutState>('checkoutState');

export { FAILURE_TYPES } from '../domain/shared/failure-types.js';

/** An endpoint's recover: the window it covers and, after continuing as new, where it stands. */
export interface WebhookRecoverInput {
  endpointId: number;
  /** ISO-8601: events written at or after `since` and before `until` (when it was asked for). */
  since: string;
  until: string;
  afterEventId: string | null;
  delivered?: number;
  refused?: number;
}

export interface WebhookWorkflowInput {
  eventId: string;
  /**
   * Attempts already recorded for this event when an operator resends it: the resend's attempts
   * are numbered after them. Absent (0) for the first delivery, so earlier histories replay unchanged.
   */
  attemptOffset?: number;
  /**
   * The payment workflow already made attempt 1 itself: this delivery begins at attempt 2, after
   * that attempt's delay in the schedule. Absent for deliveries that make every attempt.
   */
  firstAttemptMade?: boolean;
}

export interface CustomerEmailWorkflowInput {
  /** The event the message reports; its email row is found by it. */
  eventId: string;
  /** Attempts made by earlier runs (the workflow continues as new during a long outage). */
  attemptsMade?: number;
  /** ISO-8601 instant after which a message the server still refuses is FAILED; set by the first run. */
  giveUpAt?: string;
}

export interface RefundWorkflowInput {
  refundId: number;
  reference: string;
  /** The `refund.created` event, delivered as the workflow starts. */
  createdEventId: string | null;
  /** Present when the refund waits for an approver first (absent in histories from before approval). */
  approval?: RefundApprovalInput;
}

export interface RefundApprovalInput {
  /** ISO-8601 instant when an undecided refund expires and releases its amount. */
  expiresAt: string;
  /**
   * The operator who asked for the refund; null when the app asked. Informational: the activity
   * that applies a decision reads the requester from the refund's row.
   */
  requestedByOperatorId: number | null;
  /** The `refund.approval_required` event, delivered as the wait begins. */
  requiredEventId: string | null;
}

export type { DecisionMessage } from '../domain/refunds/refund-decisions.js';

/** The refund as the decision left it (PROCESSING once approved, REJECTED once rejected). */
export interface RefundDecisionResult {
  reference: string;
  status: RefundStatus;
}

/**
 * An approver's decision, or finance's confirmation, named by the id the API recorded it under
 * (table refund_decisions): the workflow trusts nothing else in the message.
 */
export const approveRefundUpdate = defineUpdate<RefundDecisionResult, [DecisionMessage]>('approveRefund');
export const rejectRefundUpdate = defineUpdate<RefundDecisionResult, [DecisionMessage]>('rejectRefund');

/** A finance operator's word on a refund the gateway holds but cannot be asked about. */
export const confirmRefundUpdate = defineUpdate<RefundDecisionResult, [DecisionMessage]>('confirmRefund');

export interface LateCallbackInput {
  paymentId: number;
  callback: CallbackNotice;
}

export interface InvoiceWorkflowInput {
  invoiceId: number;
  reference: string;
  /** `invoice.issued`, delivered as the workflow starts; null in a continued run. */
  issuedEventId: string | null;
  /** `invoice.issued` owes the customer an email, started with its delivery (absent: it owes none). */
  issuedEmailQueued?: boolean;
}

/** A payment for the invoice succeeded and was applied to it: the workflow reads where it stands. */
export const invoicePaymentSignal = defineSignal<[{ paymentReference: string }]>('invoicePayment');
/** The invoice was voided: the workflow delivers `invoice.voided` and ends. */
export const invoiceVoidedSignal = defineSignal<[{ voidedEventId: string }]>('invoiceVoided');

/**
 * One settlement day of one gateway in one mode: `recon-<gateway>-<mode>-<date>`. Its grace
 * period, fee tolerance and payout window are the deployment's settings, read by the activities.
 */
export interface ReconciliationWorkflowInput {
  gateway: string;
  mode: 'TEST' | 'LIVE';
  /** 'YYYY-MM-DD'. */
  settlementDate: string;
}

/** New lines arrived for the day, or a late payment: match the day again. */
export const rematchSignal = defineSignal<[{ reason: string }]>('rematch');

/**
 * Finance's action on one of the day's exceptions, named by the decision the API recorded (table
 * recon_decisions): the activity reads who decided and what from that record and checks it again.
 */
export interface ResolveExceptionMessage {
  exceptionReference: string;
  action: ReconAction;
  note: string;
  decisionId?: number;
}

export type { ResolveExceptionResult } from '../domain/reconciliation/reconciliation.js';

export const resolveExceptionUpdate = defineUpdate<ResolveExceptionResult, [ResolveExceptionMessage]>(
  'resolveException',
);
