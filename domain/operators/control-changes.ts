import { compareGuardrails, sameGuardrails, type Guardrails } from '../apps/guardrails.js';
import type { ReceiptApprovals } from '../payments/manual-receipts.js';
import type { ApprovalPolicy } from '../refunds/refund-approval.js';
import { judgeDecider, type ProposalDecision } from './proposals.js';
import { NO_TIES, type TieFacts } from './second-person.js';
import type { Strictness } from '../shared/strictness.js';
import { compareRuleSets, sameRules, type RefundApprovalRule } from '../refunds/refund-approval-rules.js';
import { comparePayoutRules, samePayoutRules, type PayoutRules } from '../payouts/payout-rules.js';

/**
 * Four eyes on the controls themselves: an operator may tighten a money control at once, but
 * loosening one is only a proposal until a different ADMIN approves it. Pure: the API, the
 * dashboard and the tests ask these functions, so the rule has one home.
 */

/** The controls an operator can change per app and mode. */
export const CONTROL_KINDS = [
  'REFUND_APPROVAL',
  'PAYOUT_APPROVAL',
  'RECEIPT_APPROVALS',
  'GUARDRAILS',
] as const;
export type ControlKind = (typeof CONTROL_KINDS)[number];

/** A control's setting, tagged with its kind so a proposal carries what it is about. */
export type ControlValue =
  | { kind: 'REFUND_APPROVAL'; rules: RefundApprovalRule[] }
  /** An app's payout rules: on or off, the floor of approvers, the bands (turning on loosens). */
  | { kind: 'PAYOUT_APPROVAL'; payoutRules: PayoutRules }
  | { kind: 'RECEIPT_APPROVALS'; approvals: ReceiptApprovals }
  | { kind: 'GUARDRAILS'; guardrails: Guardrails };

export const CONTROL_CHANGE_STATUSES = [
  'PENDING',
  'APPROVED',
  'REJECTED',
  'WITHDRAWN',
  'SUPERSEDED',
  /** Nobody decided it within its window (domain/approvals/approval-windows.ts). */
  'EXPIRED',
] as const;
export type ControlChangeStatus = (typeof CONTROL_CHANGE_STATUSES)[number];

/**
 * ABOVE_AMOUNT with a threshold of zero asks for every refund (refunds are at least one minor
 * unit), whatever its currency: it is ALWAYS written another way, and compares as ALWAYS.
 */
function normalised(policy: ApprovalPolicy): ApprovalPolicy {
  if (policy.rule === 'ABOVE_AMOUNT' && (policy.thresholdMinor ?? 0) === 0) {
    return { rule: 'ALWAYS', thresholdMinor: null, currency: null };
  }
  return policy;
}

/**
 * A refund policy guards the set of refunds it holds for approval. The proposal is STRICTER when
 * it holds every refund the current policy holds and more, EQUAL when it holds the same ones, and
 * LOOSER as soon as one refund the current policy holds would go straight through. So a higher
 * threshold is looser, and so is a threshold in another currency: refunds in the new currency up
 * to its threshold, which waited before, would pass.
 */
export function compareRefundPolicies(current: ApprovalPolicy, proposed: ApprovalPolicy): Strictness {
  const from = normalised(current);
  const to = normalised(proposed);
  if (from.rule === to.rule && from.rule !== 'ABOVE_AMOUNT') return 'EQUAL';
  if (to.rule === 'ALWAYS' || from.rule === 'NEVER') return 'STRICTER';
  if (to.rule === 'NEVER' || from.rule === 'ALWAYS') return 'LOOSER';
  // Both hold refunds above a threshold.
  if (from.currency !== to.currency) return 'LOOSER';
  const [before, after] = [from.thresholdMinor ?? 0, to.thresholdMinor ?? 0];
  return after < before ? 'STRICTER' : after === before ? 'EQUAL' : 'LOOSER';
}

/** Two operators on a receipt is stricter than one. */
export function compareReceiptApprovals(current: ReceiptApprovals, proposed: ReceiptApprovals): Strictness {
  return proposed === current ? 'EQUAL' : proposed > current ? 'STRICTER' : 'LOOSER';
}

export function compareControls(current: ControlValue, proposed: ControlValue): Strictness {
  if (current.kind === 'REFUND_APPROVAL' && proposed.kind === 'REFUND_APPROVAL') {
    return compareRuleSets(current.rules, proposed.rules);
  }
  if (current.kind === 'PAYOUT_APPROVAL' && proposed.kind === 'PAYOUT_APPROVAL') {
    return comparePayoutRules(current.payoutRules, proposed.payoutRules);
  }
  if (current.kind === 'RECEIPT_APPROVALS' && proposed.kind === 'RECEIPT_APPROVALS') {
    return compareReceiptApprovals(current.approvals, proposed.approvals);
  }
  if (current.kind === 'GUARDRAILS' && proposed.kind === 'GUARDRAILS') {
    return compareGuardrails(current.guardrails, proposed.guardrails);
  }
  throw new Error(`a ${proposed.kind} setting cannot replace a ${current.kind} one`);
}

/** Whether two settings are the same setting (not merely as strict): the stale check of an approval. */
export function sameControlValue(a: ControlValue, b: ControlValue): boolean {
  if (a.kind === 'REFUND_APPROVAL' && b.kind === 'REFUND_APPROVAL') {
    return sameRules(a.rules, b.rules);
  }
  if (a.kind === 'PAYOUT_APPROVAL' && b.kind === 'PAYOUT_APPROVAL') {
    return samePayoutRules(a.payoutRules, b.payoutRules);
  }
  if (a.kind === 'GUARDRAILS' && b.kind === 'GUARDRAILS') return sameGuardrails(a.guardrails, b.guardrails);
  return a.kind === 'RECEIPT_APPROVALS' && b.kind === 'RECEIPT_APPROVALS' && a.approvals === b.approvals;
}

export type ControlDecision = ProposalDecision;

export interface PendingControlChange {
  status: ControlChangeStatus;
  proposedByOperatorId: number;
  currentValue: ControlValue;
}

export type ControlDecisionRefusal =
  'CONTROL_CHANGE_NOT_PENDING' | 'SELF_APPROVAL_FORBIDDEN' | 'CONTROL_CHANGE_STALE' | 'FORBIDDEN';

/**
 * Whether an operator may decide a proposed change now. Only a pending change is decided. The
 * proposer may withdraw it and no one else may; anyone else (an ADMIN, by the permission table)
 * approves or rejects it, never the proposer. Approving also needs the control to be still what
 * the proposal was made against: a change made in between would otherwise be silently undone.
 */
export function judgeControlDecision(
  change: PendingControlChange,
  decision: ControlDecision,
  operatorId: number,
  valueNow: ControlValue,
  ties: TieFacts = NO_TIES,
): ControlDecisionRefusal | null {
  if (change.status !== 'PENDING') return 'CONTROL_CHANGE_NOT_PENDING';
  const decider = judgeDecider(change.proposedByOperatorId, decision, operatorId, ties);
  if (decider || decision === 'WITHDRAW') return decider;
  if (decision === 'APPROVE' && !sameControlValue(change.currentValue, valueNow))
    return 'CONTROL_CHANGE_STALE';
  return null;
}
