import { judgeSecondPerson, type TieFacts } from '../operators/second-person.js';

/**
 * The one answer to "may this operator approve this act now?", as far as people go, for every act
 * in the rule book that waits for approvers (refunds, payouts and their batches, manual receipts,
 * refund confirmations, control, people and rail-switch changes, parked payments, reconciliation
 * adjustments): someone other than the requester, tied to the requester in neither direction, not
 * an approver the act already holds, and tied to none of its earlier approvers (two approvals from
 * a pair where one created or lately changed the other's account count as one person's). The
 * facts are read from PostgreSQL when the approver acts (db/approvals/independence.ts); each act's
 * own rules (its status, its roles, its step-up) come before or after this one.
 */

export interface IndependenceFacts {
  /** The operator who asked for the act; null when an app asked (an app is nobody's second person). */
  requesterId: number | null;
  approverId: number;
  /** What the requester and the approver did to each other's accounts. */
  tiesWithRequester: TieFacts;
  /** The act's earlier approvers, each with what they and this approver did to each other's accounts. */
  earlierApprovers: ReadonlyArray<{ operatorId: number; ties: TieFacts }>;
}

export type IndependenceRefusal = {
  code: 'SELF_APPROVAL_FORBIDDEN' | 'APPROVER_ALREADY_APPROVED';
  message: string;
};

export const REQUESTER_DECIDES_MESSAGE =
  'The second person on an act is someone other than the operator who started it';
export const ALREADY_APPROVED_MESSAGE =
  'This needs approvals from different people; you have already approved it';
export const TIED_APPROVERS_MESSAGE =
  'Two approvals come from two independent people: one of you created or recently changed the other’s account';

/** Null when the approver is independent of the requester and of every earlier approver. */
export function judgeIndependence(facts: IndependenceFacts): IndependenceRefusal | null {
  const fromRequester = judgeSecondPerson({
    firstOperatorId: facts.requesterId,
    secondOperatorId: facts.approverId,
    ...facts.tiesWithRequester,
  });
  if (fromRequester) return fromRequester;
  for (const earlier of facts.earlierApprovers) {
    if (earlier.operatorId === facts.approverId) {
      return { code: 'APPROVER_ALREADY_APPROVED', message: ALREADY_APPROVED_MESSAGE };
    }
    const tied = judgeSecondPerson({
      firstOperatorId: earlier.operatorId,
      secondOperatorId: facts.approverId,
      ...earlier.ties,
    });
    if (tied) return { code: 'SELF_APPROVAL_FORBIDDEN', message: TIED_APPROVERS_MESSAGE };
  }
  return null;
}

/** For an act that one approver completes: the same rule, with no earlier approver to be apart from. */
export function judgeSoleApprover(
  requesterId: number | null,
  approverId: number,
  tiesWithRequester: TieFacts,
): { code: 'SELF_APPROVAL_FORBIDDEN'; message: string } | null {
  const refusal = judgeIndependence({ requesterId, approverId, tiesWithRequester, earlierApprovers: [] });
  return refusal && { code: 'SELF_APPROVAL_FORBIDDEN', message: refusal.message };
}
