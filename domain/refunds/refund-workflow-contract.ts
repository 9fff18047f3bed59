import type { DecisionMessage } from './refund-decisions.js';
import type { RefundStatus } from './refunds.js';

/**
 * What the refund workflow is started with and told, shared by the workflow code and the modules
 * that start and message it: it is started by its type's name and typed by its input; the
 * definitions it registers are built from these names (workflows/refunds/messages.ts).
 */
export const REFUND_WORKFLOW_TYPE = 'refundWorkflow';

/** The refund workflow's messages, by name. */
export const REFUND_MESSAGES = {
  approve: 'approveRefund',
  reject: 'rejectRefund',
  confirm: 'confirmRefund',
} as const;

export type { DecisionMessage };

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

/** The refund as the decision left it (PROCESSING once approved, REJECTED once rejected). */
export interface RefundDecisionResult {
  reference: string;
  status: RefundStatus;
}

/** `refund-<reference>`: one refund, from its approval to the gateway's final answer. */
export type RefundWorkflow = (input: RefundWorkflowInput) => Promise<unknown>;
