import type { Role } from '../operators/permissions.js';
import type { OperatorTie, TieFacts } from '../operators/second-person.js';
import { TIED_APPROVERS_MESSAGE, judgeIndependence } from './independence.js';
import type { Mode } from '../shared/mode.js';
import { mayApprove, RULE_BOOK, type MoneyAction } from './rule-book.js';

/**
 * Everything waiting for a second person, in one queue: refunds, refund confirmations, payouts and
 * batches, loosened controls and rail switches, changes to people, manual receipts, reconciliation
 * adjustments, attention requests and requests for LIVE keys that may move money. Each act is judged for the operator reading the queue by the
 * rule book (their role) and the second-person rule (never the requester, never one of its
 * approvers, never tied to either in any direction), so the queue says who may decide before they
 * try. Pure: the facts come from PostgreSQL, read for the operator at the moment they look.
 */

export const WAITING_KINDS = [
  'refund',
  'refund-confirmation',
  'payout',
  'payout-batch',
  'control-change',
  'rail-switch-change',
  'people-change',
  'receipt',
  'reconciliation',
  'attention',
  'key-request',
] as const;
export type WaitingKind = (typeof WAITING_KINDS)[number];

export interface WaitingAct {
  kind: WaitingKind;
  action: MoneyAction;
  /** The act's reference or id, as its own pages and routes name it. */
  id: string;
  /** What it is about, where that names its route: the payment of an attention request. */
  about: string | null;
  appId: number | null;
  mode: Mode | null;
  amountMinor: number | null;
  currency: string | null;
  /** The operator who asked; null: an app's key (or the deployment). */
  requestedByOperatorId: number | null;
  requestedAt: Date;
  approvalsRequired: number;
  /** Operators whose approvals it already holds. */
  approvedBy: readonly number[];
  /** When it stops waiting (expires); null: it waits on something other than time. */
  closesAt: Date | null;
}

/** What PostgreSQL says of the reader and of the people on each act. */
export interface ReaderFacts {
  operatorId: number;
  role: Role;
  /** Ties between the reader and anyone else, in either direction. */
  ties: ReadonlyArray<OperatorTie & { otherOperatorId: number }>;
  now: Date;
  tieWindowMs: number;
}

export type DeciderVerdict = { mayDecide: true } | { mayDecide: false; why: string };

/** Whether the reader may decide the act, and why not. */
export function judgeReader(act: WaitingAct, reader: ReaderFacts): DeciderVerdict {
  if (!mayApprove(act.action, reader.role)) {
    return {
      mayDecide: false,
      why: `${RULE_BOOK[act.action].approverRoles.join(' or ')} decides this; you are ${reader.role}`,
    };
  }
  const tiesWith = (other: number): TieFacts => ({
    tiesFromFirst: reader.ties.filter((tie) => tie.otherOperatorId === other),
    now: reader.now,
    tieWindowMs: reader.tieWindowMs,
  });
  const refusal = judgeIndependence({
    requesterId: act.requestedByOperatorId,
    approverId: reader.operatorId,
    tiesWithRequester:
      act.requestedByOperatorId === null ? tiesWith(-1) : tiesWith(act.requestedByOperatorId),
    earlierApprovers: act.approvedBy.map((operatorId) => ({ operatorId, ties: tiesWith(operatorId) })),
  });
  if (!refusal) return { mayDecide: true };
  const why =
    refusal.code === 'APPROVER_ALREADY_APPROVED'
      ? 'You have approved it already; another approver must'
      : act.requestedByOperatorId === reader.operatorId
        ? 'You asked for it; someone else decides'
        : refusal.message === TIED_APPROVERS_MESSAGE
          ? 'Your account and an earlier approver’s are tied (one created or changed the other)'
          : 'Your account and the requester’s are tied (one created or changed the other)';
  return { mayDecide: false, why };
}

/** Where the act is decided: its page in the dashboard, and its approval route in the admin API. */
export function placesOf(act: Pick<WaitingAct, 'kind' | 'id' | 'about'>): {
  page: string;
  approve: string | null;
} {
  switch (act.kind) {
    case 'refund':
      return { page: `/admin/refunds/${act.id}`, approve: `/api/v1/admin/refunds/${act.id}/approve` };
    case 'refund-confirmation':
      return { page: `/admin/refunds/${act.id}`, approve: `/api/v1/admin/refunds/${act.id}/confirm` };
    case 'payout':
      return { page: `/admin/payouts/${act.id}`, approve: `/api/v1/admin/payouts/${act.id}/approve` };
    case 'payout-batch':
      return {
        page: `/admin/payout-batches/${act.id}`,
        approve: `/api/v1/admin/payout-batches/${act.id}/approve`,
      };
    case 'control-change':
      return { page: '/admin/controls', approve: `/api/v1/admin/control-changes/${act.id}/approve` };
    case 'rail-switch-change':
      return {
        page: '/admin/payouts',
        approve: `/api/v1/admin/payouts/rail-switch-changes/${act.id}/approve`,
      };
    case 'people-change':
      return { page: '/admin/operators', approve: `/api/v1/admin/people-changes/${act.id}/approve` };
    case 'receipt':
      return { page: '/admin/receipts', approve: `/api/v1/admin/receipts/${act.id}/approve` };
    case 'reconciliation':
      return {
        page: '/admin/reconciliation',
        approve: `/api/v1/admin/reconciliation/exceptions/${act.id}/approve`,
      };
    case 'attention':
      return {
        page: '/admin/attention',
        approve: `/api/v1/admin/payments/${act.about}/attention/requests/${act.id}/approve`,
      };
    case 'key-request':
      return { page: '/admin/key-requests', approve: `/api/v1/admin/key-requests/${act.id}/approve` };
  }
}
