import { judgeIndependence } from '../approvals/independence.js';
import { NO_TIES, type TieFacts } from '../operators/second-person.js';
import type { Role } from '../operators/permissions.js';
import { RULE_BOOK } from '../approvals/rule-book.js';

/**
 * Who may decide a refund that waits for a human approver, and when. Whether a refund waits, and
 * for how many approvers, is decided by the app's rules alone (refund-approval-rules.ts); a
 * one-line policy (a rule and a threshold) is only a way of writing such rules. Pure: the API,
 * the workflow's update validators and the tests all ask these functions, so each rule has one
 * home.
 */

/** NEVER: refunds go straight to the gateway. ALWAYS: every refund waits. ABOVE_AMOUNT: those above a threshold wait. */
export const APPROVAL_RULES = ['NEVER', 'ALWAYS', 'ABOVE_AMOUNT'] as const;
export type ApprovalRule = (typeof APPROVAL_RULES)[number];

export interface ApprovalPolicy {
  rule: ApprovalRule;
  /** ABOVE_AMOUNT only: refunds larger than this many minor units of `currency` wait. */
  thresholdMinor: number | null;
  currency: string | null;
}

/** Roles that may approve or reject a refund: the rule book's approvers of `refund`. */
export const APPROVER_ROLES: ReadonlySet<Role> = new Set<Role>(RULE_BOOK.refund.approverRoles);

export type ApprovalDecision = 'APPROVE' | 'REJECT';

/** Where a refund's approval step stands, as its workflow knows it. */
export type ApprovalStage = 'WAITING' | 'DECIDING' | 'DECIDED' | 'EXPIRED' | 'NOT_REQUIRED';

export interface Approver {
  operatorId: number;
  role: Role;
}

/** Who decides a refund, and why; the audit log records them with the decision. */
export interface RefundDecisionInput {
  approver: Approver & { email: string; ip: string | null };
  comment: string | null;
}

export type DecisionRefusal = {
  code: 'REFUND_NOT_PENDING_APPROVAL' | 'FORBIDDEN' | 'SELF_APPROVAL_FORBIDDEN' | 'APPROVER_ALREADY_APPROVED';
  message: string;
};

/** Whether the refund takes a decision at this stage at all: only while it waits. */
export function approvalStageRefusal(stage: ApprovalStage): DecisionRefusal | null {
  if (stage === 'WAITING') return null;
  const why: Record<Exclude<ApprovalStage, 'WAITING'>, string> = {
    DECIDING: 'Another approver is deciding this refund',
    DECIDED: 'This refund has already been decided',
    EXPIRED: 'The approval window of this refund has closed',
    NOT_REQUIRED: 'This refund does not wait for approval',
  };
  return { code: 'REFUND_NOT_PENDING_APPROVAL', message: why[stage] };
}

/**
 * Whether this operator may be one more person on the refund: never the operator who asked for
 * it, and never one whose approval it already holds (two approvals are two people). The single
 * place that answers "is this a different person", so a stricter notion of one can replace it.
 */
export function distinctApproverRefusal(
  operatorId: number,
  requestedByOperatorId: number | null,
  earlierApproverIds: readonly number[],
  ties: TieFacts = NO_TIES,
): DecisionRefusal | null {
  // The ties among approvers are read by the door that records the approval (db/approvals).
  const refusal = judgeIndependence({
    requesterId: requestedByOperatorId,
    approverId: operatorId,
    tiesWithRequester: ties,
    earlierApprovers: earlierApproverIds.map((id) => ({ operatorId: id, ties: NO_TIES })),
  });
  if (refusal && requestedByOperatorId === operatorId) {
    return {
      code: refusal.code,
      message: 'A refund is decided by someone other than the operator who asked for it',
    };
  }
  if (refusal?.code === 'APPROVER_ALREADY_APPROVED') {
    return {
      code: refusal.code,
      message: 'This refund needs approvals from different people; you have already approved it',
    };
  }
  return refusal;
}

/**
 * Whether this approver may decide the refund now: only while it waits (a second decision, one
 * racing the first, or one after the window closed is refused), only an approver role, never
 * the operator who asked for the refund, and never one who already approved it.
 */
export function judgeDecision(
  stage: ApprovalStage,
  approver: Approver,
  requestedByOperatorId: number | null,
  earlierApproverIds: readonly number[] = [],
  ties: TieFacts = NO_TIES,
): DecisionRefusal | null {
  const notNow = approvalStageRefusal(stage);
  if (notNow) return notNow;
  if (!APPROVER_ROLES.has(approver.role)) {
    return { code: 'FORBIDDEN', message: `Your role (${approver.role}) cannot approve or reject refunds` };
  }
  return distinctApproverRefusal(approver.operatorId, requestedByOperatorId, earlierApproverIds, ties);
}

/**
 * Approving a refund above this amount needs the approver's password again (step-up), as other
 * actions that move money or secrets do. Rejecting never does: it moves no money.
 */
export function decisionNeedsStepUp(
  decision: ApprovalDecision,
  amountMinor: number,
  stepUpAboveMinor: number,
): boolean {
  return decision === 'APPROVE' && amountMinor > stepUpAboveMinor;
}
