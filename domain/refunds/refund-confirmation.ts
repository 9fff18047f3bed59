import { judgeSoleApprover } from '../approvals/independence.js';
import { NO_TIES, type TieFacts } from '../operators/second-person.js';
import type { Role } from '../operators/permissions.js';
import { RULE_BOOK } from '../approvals/rule-book.js';

/**
 * A refund the gateway holds but cannot be asked about waits for a finance operator to confirm
 * what became of it. Pure: the workflow's update validator, the API and the tests ask these.
 *
 * It happens when the gateway took our request but its answer was lost: asking again is refused
 * as a duplicate, and the gateway knows the refund only by an id it never gave us. The operator
 * looks it up in the gateway's merchant panel and either gives that id (the gateway is then asked
 * as usual: it stays the authority) or records the outcome the panel shows.
 */

export const CONFIRMATION_OUTCOMES = ['SUCCEEDED', 'FAILED'] as const;
export type ConfirmationOutcome = (typeof CONFIRMATION_OUTCOMES)[number];

/** Roles that may confirm a refund's outcome: the rule book's approvers of `refund.confirmation`. */
export const CONFIRMER_ROLES: ReadonlySet<Role> = new Set<Role>(
  RULE_BOOK['refund.confirmation'].approverRoles,
);

/** Where a refund's confirmation step stands, as its workflow knows it. */
export type ConfirmationStage = 'NOT_AWAITING' | 'AWAITING' | 'CONFIRMING' | 'CONFIRMED';

export interface RefundConfirmationInput {
  operator: { operatorId: number; email: string; role: Role; ip: string | null };
  outcome: ConfirmationOutcome;
  /** The gateway's id for the refund, from its merchant panel; only with SUCCEEDED. */
  gatewayRefundId: string | null;
  /** What the operator saw, for the audit log. */
  note: string;
}

export type ConfirmationRefusal = {
  code: 'REFUND_NOT_AWAITING_CONFIRMATION' | 'FORBIDDEN' | 'SELF_APPROVAL_FORBIDDEN' | 'VALIDATION_ERROR';
  message: string;
};

/** Whether the refund takes a confirmation at this stage at all: only while it waits, only once. */
export function confirmationStageRefusal(stage: ConfirmationStage): ConfirmationRefusal | null {
  if (stage === 'AWAITING') return null;
  const why: Record<Exclude<ConfirmationStage, 'AWAITING'>, string> = {
    NOT_AWAITING: 'This refund does not wait for a confirmation',
    CONFIRMING: 'Another operator is confirming this refund',
    CONFIRMED: 'This refund has already been confirmed',
  };
  return { code: 'REFUND_NOT_AWAITING_CONFIRMATION', message: why[stage] };
}

/**
 * Whether this operator may confirm the refund now: only while it waits, only once, only a finance
 * role, and never the operator who asked for the refund: confirming releases the money's record
 * (the ledger entry, the payment's status), so one person may not both ask and confirm.
 */
export function judgeConfirmation(
  stage: ConfirmationStage,
  input: Pick<RefundConfirmationInput, 'operator' | 'outcome' | 'gatewayRefundId'>,
  requestedByOperatorId: number | null = null,
  ties: TieFacts = NO_TIES,
): ConfirmationRefusal | null {
  const notNow = confirmationStageRefusal(stage);
  if (notNow) return notNow;
  if (!CONFIRMER_ROLES.has(input.operator.role)) {
    return { code: 'FORBIDDEN', message: `Your role (${input.operator.role}) cannot confirm refunds` };
  }
  const tied = judgeSoleApprover(requestedByOperatorId, input.operator.operatorId, ties);
  if (tied) {
    return requestedByOperatorId === input.operator.operatorId
      ? {
          code: tied.code,
          message: 'A refund is confirmed by someone other than the operator who asked for it',
        }
      : tied;
  }
  if (input.outcome === 'FAILED' && input.gatewayRefundId !== null) {
    return { code: 'VALIDATION_ERROR', message: 'A gateway refund id is given only with SUCCEEDED' };
  }
  return null;
}

/** What the workflow does with a confirmation. */
export type ConfirmationPlan =
  /** Ask the gateway about the refund by the id the operator found: the gateway decides. */
  | { kind: 'ASK_GATEWAY'; gatewayRefundId: string }
  /** Record the outcome the operator saw. */
  | { kind: 'FINISH'; outcome: ConfirmationOutcome; reason: string | null };

export function confirmationPlan(
  input: Pick<RefundConfirmationInput, 'outcome' | 'gatewayRefundId' | 'note'>,
): ConfirmationPlan {
  if (input.outcome === 'SUCCEEDED' && input.gatewayRefundId !== null) {
    return { kind: 'ASK_GATEWAY', gatewayRefundId: input.gatewayRefundId };
  }
  return {
    kind: 'FINISH',
    outcome: input.outcome,
    reason: input.outcome === 'FAILED' ? `Confirmed failed by finance: ${input.note}` : null,
  };
}
