export type PayoutVerdict = 'APPROVE' | 'REJECT';

export interface PayoutDecisionFacts {
  status: string;
  approvalsRequired: number;
  /** Operators whose approvals were already applied. */
  approvedBy: readonly number[];
  operatorId: number;
  verdict: PayoutVerdict;
}

export type PayoutDecisionOutcome =
  | { kind: 'REFUSED'; code: 'PAYOUT_NOT_WAITING' | 'ALREADY_APPROVED'; message: string }
  | { kind: 'APPROVED'; complete: boolean }
  | { kind: 'REJECTED' };

/**
 * An approver's decision on a waiting payout: a second approval by the same person is refused
 * (the four-eyes rule's other half, independence of two approvers, is judged on PostgreSQL's ties).
 */
export function judgePayoutDecision(facts: PayoutDecisionFacts): PayoutDecisionOutcome {
  if (facts.status !== 'WAITING_APPROVAL') {
    return {
      kind: 'REFUSED',
      code: 'PAYOUT_NOT_WAITING',
      message: `The payout is ${facts.status}, not waiting for approval`,
    };
  }
  if (facts.verdict === 'REJECT') return { kind: 'REJECTED' };
  if (facts.approvedBy.includes(facts.operatorId)) {
    return {
      kind: 'REFUSED',
      code: 'ALREADY_APPROVED',
      message: 'You have already approved this payout; another approver must',
    };
  }
  return { kind: 'APPROVED', complete: facts.approvedBy.length + 1 >= facts.approvalsRequired };
}
