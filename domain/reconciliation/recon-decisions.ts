import type { Role } from '../operators/permissions.js';
import { judgeSoleApprover } from '../approvals/independence.js';
import { NO_TIES, type TieFacts } from '../operators/second-person.js';
import { actionsFor, POSTING_ACTIONS, type ReconAction, type ReconExceptionKind } from './reconciliation.js';
import { needsSecondOperator } from './recon-tolerance.js';
import { DECISION_LIFETIME_MS, type OperatorNow } from '../refunds/refund-decisions.js';

/**
 * Finance's action on a reconciliation exception, as the API recorded it from the signed-in
 * operator before telling the day's workflow. The workflow's update carries only the record's id:
 * the activity that applies it reads who decided and what from here and judges it again. Pure.
 */

/** Who may act on exceptions: the roles that hold the books. */
export const RECON_DECIDER_ROLES: ReadonlySet<Role> = new Set<Role>(['ADMIN', 'FINANCE']);

/**
 * PROPOSED: an adjustment beyond the rounding tolerance (or by the report's uploader), waiting
 * for a second operator's approval before anything is posted; RECORDED: to apply now.
 */
export type ReconDecisionStatus = 'PROPOSED' | 'RECORDED' | 'APPLIED' | 'REFUSED';

/** Actions that post to the ledger on the decider's word (REFUND waits for its own approver). */
export const ADJUSTING_ACTIONS: ReadonlySet<ReconAction> = new Set([
  'POST_ADJUSTMENT',
  'ACCEPT_FEE_DIFFERENCE',
]);

/** The second operator's approval of a proposal, as recorded beside it. */
export interface ReconApproval {
  operatorId: number;
  role: Role;
  email: string;
  ip: string | null;
  steppedUp: boolean;
  note: string;
  ageMs: number;
}

export interface ReconDecision {
  id: number;
  exceptionId: number;
  action: ReconAction;
  note: string;
  /** REFUND only: the refund of the exception's payment this decision started, once applied. */
  refundReference: string | null;
  /** REFUND only: the amount to refund (minor units); null for what the exception says is owed. */
  amountMinor: number | null;
  /** The resolve request's Idempotency-Key, if it gave one. */
  idempotencyKey: string | null;
  /** Why the workflow refused it, once REFUSED. */
  refusalCode: string | null;
  operator: { operatorId: number; role: Role; email: string; ip: string | null };
  /** The operator had confirmed their identity again moments before (required to post money). */
  steppedUp: boolean;
  status: ReconDecisionStatus;
  ageMs: number;
  /** PROPOSED: what it would post (the adjustment, or the fee difference), as judged when proposed. */
  postingMinor: number | null;
  /** The second operator's approval, once recorded. */
  approval: ReconApproval | null;
}

export interface ReconDecisionRefusal {
  code:
    | 'FORBIDDEN'
    | 'STEP_UP_REQUIRED'
    | 'RECON_EXCEPTION_NOT_OPEN'
    | 'RECON_ACTION_NOT_ALLOWED'
    | 'RECON_REFUND_PENDING'
    | 'RECON_SECOND_OPERATOR_REQUIRED'
    | 'RECON_PROPOSAL_STALE'
    | 'VALIDATION_ERROR';
  message: string;
}

export interface ReconDecisionCheck {
  decision: ReconDecision | null;
  /** What the proposer and the uploader did to the approver's account (second-person rule). */
  approverTies?: ApproverTies;
  exception: { id: number; kind: ReconExceptionKind; status: 'OPEN' | 'RESOLVED'; paymentId: number | null };
  /** The action the message asked for, when it names one. */
  action: ReconAction | null;
  operatorNow: OperatorNow | null;
  /** A refund finance asked for on this exception is still waiting for approval or the gateway. */
  refundPending: boolean;
  /** The approver of a proposal as they are now (null: none, or no longer an operator). */
  approverNow: OperatorNow | null;
  /** Who uploaded the report the exception's line came from; null: no line, or fetched by the service. */
  uploaderId: number | null;
  /** What the decision's action would post now (recomputed from the ledger and the line). */
  postingMinor: number;
  /** The rounding tolerance of the exception's mode and currency; null: no second operator in that mode. */
  toleranceMinor: number | null;
}

/**
 * Whether `approver` may approve a proposal: a finance role, a fresh step-up, and a person other
 * than the proposer and than whoever uploaded the report the exception came from.
 */
export function judgeApprover(
  proposal: Pick<ReconDecision, 'operator'>,
  approver: { operatorId: number; role: Role; steppedUp: boolean },
  uploaderId: number | null,
  ties: ApproverTies = { fromProposer: NO_TIES, fromUploader: NO_TIES },
): ReconDecisionRefusal | null {
  if (!RECON_DECIDER_ROLES.has(approver.role)) {
    return {
      code: 'FORBIDDEN',
      message: 'Only finance and administrators approve reconciliation adjustments',
    };
  }
  if (approver.operatorId === proposal.operator.operatorId) {
    return {
      code: 'RECON_SECOND_OPERATOR_REQUIRED',
      message: 'You proposed this adjustment: another FINANCE or ADMIN operator approves it',
    };
  }
  if (uploaderId !== null && approver.operatorId === uploaderId) {
    return {
      code: 'RECON_SECOND_OPERATOR_REQUIRED',
      message:
        'You uploaded the settlement report this exception came from: another operator approves its adjustments',
    };
  }
  // Nor an account the proposer or the uploader created or recently changed (second-person rule).
  for (const [first, facts] of [
    [proposal.operator.operatorId, ties.fromProposer],
    [uploaderId, ties.fromUploader],
  ] as const) {
    const tied = judgeSoleApprover(first, approver.operatorId, facts);
    if (tied) return { code: 'RECON_SECOND_OPERATOR_REQUIRED', message: tied.message };
  }
  if (!approver.steppedUp) {
    return { code: 'STEP_UP_REQUIRED', message: 'Approving a posting needs your password again' };
  }
  return null;
}

/** What the proposer and the uploader did to the approver's account, read when the approver acts. */
export interface ApproverTies {
  fromProposer: TieFacts;
  fromUploader: TieFacts;
}

/** What the API checks before recording, and the activity again before applying: null when it may. */
export function judgeReconAction(
  exception: ReconDecisionCheck['exception'],
  action: ReconAction,
  decider: { role: Role; steppedUp: boolean },
  refundPending: boolean,
): ReconDecisionRefusal | null {
  if (!RECON_DECIDER_ROLES.has(decider.role)) {
    return {
      code: 'FORBIDDEN',
      message: 'Only finance and administrators resolve reconciliation exceptions',
    };
  }
  if (exception.status !== 'OPEN') {
    return { code: 'RECON_EXCEPTION_NOT_OPEN', message: 'This exception is already resolved' };
  }
  if (!actionsFor(exception.kind).includes(action)) {
    return {
      code: 'RECON_ACTION_NOT_ALLOWED',
      message: `${action} does not resolve ${exception.kind}; use one of ${actionsFor(exception.kind).join(', ')}`,
    };
  }
  // The refund's approver decides it; until its outcome is known, nothing else may settle the
  // exception (a second refund, or an adjustment for money that may yet go back).
  if (refundPending) {
    return {
      code: 'RECON_REFUND_PENDING',
      message:
        'A refund asked for on this exception waits for approval or the gateway; decide that refund first',
    };
  }
  if (POSTING_ACTIONS.has(action) && !decider.steppedUp) {
    return { code: 'STEP_UP_REQUIRED', message: 'Posting to the ledger needs your password again' };
  }
  return null;
}

/**
 * Whether a recorded decision may take effect now: it is this exception's and of the action the
 * message asked for, not applied or refused before, recorded moments ago; its operator still holds
 * a finance role and is active; and the exception still takes that action.
 */
export function judgeReconDecision(check: ReconDecisionCheck): ReconDecisionRefusal | null {
  const { decision } = check;
  if (
    !decision ||
    decision.exceptionId !== check.exception.id ||
    (check.action !== null && decision.action !== check.action)
  ) {
    return { code: 'FORBIDDEN', message: 'The message names no decision recorded for this exception' };
  }
  if (decision.status === 'PROPOSED') {
    const refusal = judgeProposal(decision, check);
    if (refusal) return refusal;
  } else if (decision.status !== 'RECORDED') {
    return { code: 'RECON_EXCEPTION_NOT_OPEN', message: 'This decision has already been taken into account' };
  } else {
    if (decision.ageMs > DECISION_LIFETIME_MS) {
      return { code: 'FORBIDDEN', message: 'This decision was recorded too long ago to apply; decide again' };
    }
    if (
      ADJUSTING_ACTIONS.has(decision.action) &&
      needsSecondOperator({
        postingMinor: check.postingMinor,
        toleranceMinor: check.toleranceMinor,
        deciderId: decision.operator.operatorId,
        uploaderId: check.uploaderId,
      })
    ) {
      return {
        code: 'RECON_SECOND_OPERATOR_REQUIRED',
        message:
          'This posting is beyond the rounding tolerance: it waits for a second operator as a proposal',
      };
    }
  }
  const now = check.operatorNow;
  if (!now || now.status !== 'ACTIVE' || !RECON_DECIDER_ROLES.has(now.role)) {
    return { code: 'FORBIDDEN', message: 'The operator who decided is no longer active in a finance role' };
  }
  return judgeReconAction(
    check.exception,
    decision.action,
    { role: decision.operator.role, steppedUp: decision.steppedUp },
    check.refundPending,
  );
}

/**
 * A proposal applies only with a fresh approval by a second operator who may approve it and still
 * holds a finance role, and only for the amount that was proposed and approved.
 */
function judgeProposal(decision: ReconDecision, check: ReconDecisionCheck): ReconDecisionRefusal | null {
  const approval = decision.approval;
  if (!approval) {
    return {
      code: 'RECON_SECOND_OPERATOR_REQUIRED',
      message: 'This adjustment waits for a second operator to approve it',
    };
  }
  if (approval.ageMs > DECISION_LIFETIME_MS) {
    return { code: 'FORBIDDEN', message: 'This approval was recorded too long ago to apply; approve again' };
  }
  const refusal = judgeApprover(decision, approval, check.uploaderId, check.approverTies);
  if (refusal) return refusal;
  const now = check.approverNow;
  if (!now || now.status !== 'ACTIVE' || !RECON_DECIDER_ROLES.has(now.role)) {
    return { code: 'FORBIDDEN', message: 'The operator who approved is no longer active in a finance role' };
  }
  if (decision.postingMinor !== check.postingMinor) {
    return {
      code: 'RECON_PROPOSAL_STALE',
      message: `It would now post ${check.postingMinor}, not the ${decision.postingMinor ?? 0} proposed; propose again`,
    };
  }
  return null;
}

/**
 * What REFUND gives back when finance names no amount: what the exception says the customer was
 * charged beyond the payment. A duplicate line is the payment charged again (the line's gross); an
 * amount mismatch above the payment is the overcharge. Null when nothing is owed back.
 */
export function refundOwedMinor(
  kind: ReconExceptionKind,
  lineGrossMinor: number | null,
  paymentAmountMinor: number | null,
): number | null {
  if (lineGrossMinor === null) return null;
  if (kind === 'DUPLICATE_LINE') return lineGrossMinor > 0 ? lineGrossMinor : null;
  if (kind === 'AMOUNT_MISMATCH' && paymentAmountMinor !== null) {
    const over = lineGrossMinor - paymentAmountMinor;
    return over > 0 ? over : null;
  }
  return null;
}
