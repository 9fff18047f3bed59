import type { EntityManager } from '@mikro-orm/postgresql';
import { readerFacts, waitingActs } from '../../../db/approvals/waiting-approvals.js';
import { mayApprove, RULE_BOOK } from '../../../domain/approvals/rule-book.js';
import { judgeReader, placesOf, type WaitingAct } from '../../../domain/approvals/waiting.js';
import type { Role } from '../../../domain/operators/permissions.js';
import type { ApiDeps } from '../../deps.js';

/** One act in the queue as the reader sees it: what it is, where to decide it, and whether they may. */
export interface WaitingView {
  kind: WaitingAct['kind'];
  action: WaitingAct['action'];
  title: string;
  id: string;
  appId: number | null;
  mode: WaitingAct['mode'];
  amountMinor: number | null;
  currency: string | null;
  detail: string | null;
  requestedByOperatorId: number | null;
  requestedAt: string;
  closesAt: string | null;
  approvalsRequired: number;
  approvalsSoFar: number;
  mine: boolean;
  mayDecide: boolean;
  whyNot: string | null;
  page: string;
  approve: string | null;
}

/**
 * What waits for a second person that the reader may decide, or asked for themselves: read at the
 * moment they look, each judged by the rule book and the second-person rule as their approval would be.
 */
export async function approvalsQueue(
  deps: Pick<ApiDeps, 'orm'>,
  reader: { operatorId: number; role: Role },
): Promise<WaitingView[]> {
  const em = deps.orm.em.fork() as EntityManager;
  const [acts, facts] = await Promise.all([waitingActs(em), readerFacts(em, reader.operatorId, reader.role)]);
  return acts
    .filter((act) => mayApprove(act.action, reader.role) || act.requestedByOperatorId === reader.operatorId)
    .map((act) => {
      const verdict = judgeReader(act, facts);
      return {
        kind: act.kind,
        action: act.action,
        title: RULE_BOOK[act.action].title,
        id: act.id,
        appId: act.appId,
        mode: act.mode,
        amountMinor: act.amountMinor,
        currency: act.currency,
        detail: act.detail,
        requestedByOperatorId: act.requestedByOperatorId,
        requestedAt: act.requestedAt.toISOString(),
        closesAt: act.closesAt?.toISOString() ?? null,
        approvalsRequired: act.approvalsRequired,
        approvalsSoFar: act.approvedBy.length,
        mine: act.requestedByOperatorId === reader.operatorId,
        mayDecide: verdict.mayDecide,
        whyNot: verdict.mayDecide ? null : verdict.why,
        ...placesOf(act),
      };
    });
}
