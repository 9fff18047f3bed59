import { judgeDecider, type ProposalDecision } from '../operators/proposals.js';
import { NO_TIES, type TieFacts } from '../operators/second-person.js';
import type { Mode } from '../shared/mode.js';
import type { Strictness } from '../shared/strictness.js';
import { defaultApprovers } from '../approvals/rule-book.js';

/**
 * The kill switch of a payout rail in one mode, and the four eyes on turning it back on. Pure: the
 * admin API, the dashboard, the payout requests and the payout workflow's steps ask these.
 *
 * Switching a rail off tightens (it applies at once: stopping money is never held up). Switching a
 * LIVE rail back on loosens a control, so it is a proposal until an ADMIN other than its proposer
 * approves it, as for an app's guardrails; a TEST rail comes back on at once.
 */

export const RAIL_SWITCH_CHANGE_STATUSES = [
  'PENDING',
  'APPROVED',
  'REJECTED',
  'WITHDRAWN',
  'SUPERSEDED',
  /** Nobody decided it within its window (domain/approvals/approval-windows.ts). */
  'EXPIRED',
] as const;
export type RailSwitchChangeStatus = (typeof RAIL_SWITCH_CHANGE_STATUSES)[number];

export function compareRailSwitch(mode: Mode, currentOn: boolean, proposedOn: boolean): Strictness {
  if (currentOn === proposedOn) return 'EQUAL';
  if (!proposedOn) return 'STRICTER';
  // Back on waits where the rule book gives `rail.switch-on` an approver (LIVE), else applies at once.
  return defaultApprovers('rail.switch-on', mode) > 0 ? 'LOOSER' : 'STRICTER';
}

export interface PendingRailSwitchChange {
  status: RailSwitchChangeStatus;
  proposedByOperatorId: number;
  proposedOn: boolean;
}

export type RailSwitchDecisionRefusal =
  'CONTROL_CHANGE_NOT_PENDING' | 'SELF_APPROVAL_FORBIDDEN' | 'CONTROL_CHANGE_STALE' | 'FORBIDDEN';

/**
 * Whether an operator may decide a proposal to switch a rail back on, by the rules of every
 * control change: only a pending one; its proposer withdraws it and nobody else; another ADMIN,
 * independent of the proposer, approves or rejects it. Approving also needs the switch to be
 * still off: one switched on meanwhile leaves nothing to approve.
 */
export function judgeRailSwitchDecision(
  change: PendingRailSwitchChange,
  decision: ProposalDecision,
  operatorId: number,
  onNow: boolean,
  ties: TieFacts = NO_TIES,
): RailSwitchDecisionRefusal | null {
  if (change.status !== 'PENDING') return 'CONTROL_CHANGE_NOT_PENDING';
  const decider = judgeDecider(change.proposedByOperatorId, decision, operatorId, ties);
  if (decider || decision === 'WITHDRAW') return decider;
  if (decision === 'APPROVE' && onNow === change.proposedOn) return 'CONTROL_CHANGE_STALE';
  return null;
}
