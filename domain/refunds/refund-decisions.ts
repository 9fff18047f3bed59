import type { Role } from '../operators/permissions.js';
import type { TieFacts } from '../operators/second-person.js';
import { APPROVER_ROLES, judgeDecision, type DecisionRefusal } from './refund-approval.js';
import {
  CONFIRMER_ROLES,
  judgeConfirmation,
  type ConfirmationOutcome,
  type ConfirmationRefusal,
} from './refund-confirmation.js';

/**
 * A person's decision on a refund, as the API (or the CLI, after its password check) recorded it
 * from the signed-in operator before telling the refund's workflow. The workflow's messages carry
 * only the decision's id: who decided, in which role, is read from this record and checked again by
 * the activity that applies it, never taken from a message that anyone reaching the workflow
 * service could write. Pure: the API, the activities and the tests judge decisions here.
 */

/** The approval step (approve or reject) or finance's confirmation of a refund's outcome. */
export type DecisionStage = 'APPROVAL' | 'CONFIRMATION';
export type ApprovalVerdict = 'APPROVE' | 'REJECT';
export type DecisionVerdict = ApprovalVerdict | ConfirmationOutcome;

/** RECORDED until the workflow applies it (APPLIED, at most one per refund and stage) or refuses it. */
export type DecisionStatus = 'RECORDED' | 'APPLIED' | 'REFUSED';

export interface RecordedDecision {
  id: number;
  refundId: number;
  stage: DecisionStage;
  verdict: DecisionVerdict;
  /** Confirmations only: the gateway's id for the refund, from its merchant panel. */
  gatewayRefundId: string | null;
  /** The approver's comment, or what finance saw (the confirmation's note). */
  comment: string | null;
  /** Who decided, as they were signed in at that moment. */
  operator: { operatorId: number; role: Role; email: string; ip: string | null };
  status: DecisionStatus;
  createdAt: Date;
  /** How long ago it was recorded, by the database's clock. */
  ageMs: number;
}

/**
 * A recorded decision is applied within this long or not at all: the API sends it at once and
 * waits at most 20 s for the answer. One whose sending failed (the operator was told to try
 * again) must not be applied later by whoever names its id.
 */
export const DECISION_LIFETIME_MS = 5 * 60_000;

/**
 * What an `approveRefund`, `rejectRefund` or `confirmRefund` update carries: the id of a recorded
 * decision, and nothing the workflow trusts besides. The activity finds everything else.
 */
export interface DecisionMessage {
  decisionId: number;
}

/**
 * The decision id a message names, or null when it names none (a payload from before decisions
 * were recorded, which carried the approver itself, or anything else): such a message is no
 * authority for anything.
 */
export function decisionIdOf(message: unknown): number | null {
  if (typeof message !== 'object' || message === null) return null;
  const id = (message as { decisionId?: unknown }).decisionId;
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? id : null;
}

export type RecordedDecisionRefusal = DecisionRefusal | ConfirmationRefusal;

/** The operator as the database holds them now: a decision outlives neither a disabled account nor a lost role. */
export interface OperatorNow {
  status: 'ACTIVE' | 'DISABLED';
  role: Role;
}

/** What the activity knows when it applies a decision: the record, the refund, the decider now. */
export interface DecisionCheck {
  decision: RecordedDecision | null;
  refundId: number;
  /** The stage and verdict the message asked for (`approveRefund` asks to APPROVE, …). */
  stage: DecisionStage;
  verdict: DecisionVerdict | null;
  /** The refund still waits for this stage's decision (PENDING_APPROVAL, or PROCESSING awaiting finance). */
  refundWaits: boolean;
  /** The operator who asked for the refund; null when the app did. */
  requestedByOperatorId: number | null;
  /** Approval only: operators whose approvals of this refund were applied already. */
  earlierApproverIds?: readonly number[];
  operatorNow: OperatorNow | null;
  /** What the requester did to the decider's account (read from PostgreSQL with the decision). */
  ties?: TieFacts;
}

const notWaiting = (stage: DecisionStage, message: string): RecordedDecisionRefusal =>
  stage === 'APPROVAL'
    ? { code: 'REFUND_NOT_PENDING_APPROVAL', message }
    : { code: 'REFUND_NOT_AWAITING_CONFIRMATION', message };

/**
 * Whether a recorded decision may take effect: it is this refund's, of the stage and verdict the
 * message asked for, not applied or refused before, recorded moments ago; its operator was in an allowed role when they
 * decided and still is, still ACTIVE, and is not the operator who asked for the refund; and the
 * refund still waits for it. Null when it may.
 */
export function judgeRecordedDecision(check: DecisionCheck): RecordedDecisionRefusal | null {
  const { decision, stage } = check;
  if (
    !decision ||
    decision.refundId !== check.refundId ||
    decision.stage !== stage ||
    (check.verdict !== null && decision.verdict !== check.verdict)
  ) {
    return { code: 'FORBIDDEN', message: 'The message names no decision recorded for this refund' };
  }
  if (decision.status !== 'RECORDED') {
    return notWaiting(stage, 'This decision has already been taken into account');
  }
  if (decision.ageMs > DECISION_LIFETIME_MS) {
    return { code: 'FORBIDDEN', message: 'This decision was recorded too long ago to apply; decide again' };
  }
  const roles = stage === 'APPROVAL' ? APPROVER_ROLES : CONFIRMER_ROLES;
  const now = check.operatorNow;
  if (!now || now.status !== 'ACTIVE' || !roles.has(now.role)) {
    return {
      code: 'FORBIDDEN',
      message: 'The operator who decided is no longer active in a role that may decide refunds',
    };
  }
  const waiting = check.refundWaits;
  if (stage === 'APPROVAL') {
    return judgeDecision(
      waiting ? 'WAITING' : 'DECIDED',
      decision.operator,
      check.requestedByOperatorId,
      check.earlierApproverIds ?? [],
      check.ties,
    );
  }
  return judgeConfirmation(
    waiting ? 'AWAITING' : 'CONFIRMED',
    {
      operator: decision.operator,
      outcome: decision.verdict as ConfirmationOutcome,
      gatewayRefundId: decision.gatewayRefundId,
    },
    check.requestedByOperatorId,
    check.ties,
  );
}

/**
 * The workflow's cheap check of an update before it is accepted (no I/O there): the refund takes
 * a decision at this stage, and the message names a recorded decision. A message without one (as
 * runs before decisions were recorded sent, carrying the approver itself) is refused as forged.
 */
export function judgeDecisionMessage(
  stageRefusal: RecordedDecisionRefusal | null,
  message: unknown,
): RecordedDecisionRefusal | null {
  if (stageRefusal) return stageRefusal;
  if (decisionIdOf(message) === null) {
    return {
      code: 'FORBIDDEN',
      message: 'A decision reaches a refund only as recorded by the API; this message names none',
    };
  }
  return null;
}
