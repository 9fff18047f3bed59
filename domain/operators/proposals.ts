import { judgeSoleApprover } from '../approvals/independence.js';
import { NO_TIES, type TieFacts } from './second-person.js';

/**
 * What every proposal under four eyes (a loosened control, a change to people, a parked
 * payment's attention request) is decided by, before the rules of its kind. Pure: the kinds' own judges ask it.
 */

export type ProposalDecision = 'APPROVE' | 'REJECT' | 'WITHDRAW';

/** The status each decision closes a proposal with. */
export const CLOSED_AS = { APPROVE: 'APPROVED', REJECT: 'REJECTED', WITHDRAW: 'WITHDRAWN' } as const;

/**
 * Whether this operator may take this decision on a pending proposal: its proposer withdraws it
 * and no one else may; whoever approves or rejects it is neither the proposer nor tied to them
 * (second-person rule). Null: they may, as far as these rules go. A withdrawal needs nothing
 * more; an approval or a rejection goes on to the rules of the proposal's kind.
 */
export function judgeDecider(
  proposedByOperatorId: number,
  decision: ProposalDecision,
  operatorId: number,
  ties: TieFacts = NO_TIES,
): 'FORBIDDEN' | 'SELF_APPROVAL_FORBIDDEN' | null {
  if (decision === 'WITHDRAW') return proposedByOperatorId === operatorId ? null : 'FORBIDDEN';
  const tied = judgeSoleApprover(proposedByOperatorId, operatorId, ties);
  return tied ? tied.code : null;
}
