import type { EntityManager } from '@mikro-orm/postgresql';
import { judgeIndependence, type IndependenceRefusal } from '../../domain/approvals/independence.js';
import { loadTies } from '../operators/operator-ties.js';

/**
 * The approver-independence rule (domain/approvals/independence.ts) on the ties PostgreSQL holds
 * now: every door that records an approval asks this, in the transaction that records it.
 */
export async function independenceRefusal(
  em: EntityManager,
  act: { requesterId: number | null; approverId: number; earlierApproverIds: readonly number[] },
): Promise<IndependenceRefusal | null> {
  const earlierApprovers = [];
  for (const operatorId of act.earlierApproverIds) {
    earlierApprovers.push({ operatorId, ties: await loadTies(em, operatorId, act.approverId) });
  }
  return judgeIndependence({
    requesterId: act.requesterId,
    approverId: act.approverId,
    tiesWithRequester: await loadTies(em, act.requesterId, act.approverId),
    earlierApprovers,
  });
}
