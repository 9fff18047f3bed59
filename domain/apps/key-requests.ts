import { mayApprove, mayRequest, MONEY_SCOPES, type MoneyAction } from '../approvals/rule-book.js';
import type { Role } from '../operators/permissions.js';
import { judgeSoleApprover } from '../approvals/independence.js';
import { NO_TIES, type TieFacts } from '../operators/second-person.js';
import type { Mode } from '../shared/mode.js';
import { FULL_ACCESS, type KeyScopes } from './scopes.js';

/**
 * Money out stays with money roles: a LIVE key that may move money (a named key holding `refunds`
 * or `payouts`, or an app's LIVE pair, which holds every scope) is not issued to whoever asks. It
 * is a key request until a FINANCE or ADMIN operator other than the requester, and independent of
 * them (the second-person rule), approves it; then the requester collects it once, and only then is
 * its secret made. No secret exists while a request waits, so a refused request leaves nothing to
 * leak. TEST keys, and LIVE keys without a money scope, are issued at once as before. Pure: the
 * facts are read from PostgreSQL at the moment someone acts.
 */

export const KEY_REQUEST_KINDS = ['NAMED_KEY', 'APP_LIVE_PAIR'] as const;
export type KeyRequestKind = (typeof KEY_REQUEST_KINDS)[number];

/** EXPIRED: not decided, or not collected once approved, within its window (domain/approvals/approval-windows.ts). */
export const KEY_REQUEST_STATUSES = [
  'WAITING',
  'APPROVED',
  'REJECTED',
  'WITHDRAWN',
  'COLLECTED',
  'EXPIRED',
] as const;
export type KeyRequestStatus = (typeof KEY_REQUEST_STATUSES)[number];

export type KeyRequestStep = 'APPROVE' | 'REJECT' | 'WITHDRAW' | 'COLLECT';

/** What each step leaves the request as. */
export const KEY_REQUEST_AFTER: Readonly<Record<KeyRequestStep, KeyRequestStatus>> = {
  APPROVE: 'APPROVED',
  REJECT: 'REJECTED',
  WITHDRAW: 'WITHDRAWN',
  COLLECT: 'COLLECTED',
};

/** The rule book's action a request of this kind is. */
export function actionOfKeyRequest(kind: KeyRequestKind): MoneyAction {
  return kind === 'NAMED_KEY' ? 'key.money-scopes' : 'app.live-credentials';
}

/** Whether a key of these scopes may move money. */
export function keyMovesMoney(scopes: KeyScopes): boolean {
  return scopes === FULL_ACCESS || scopes.some((scope) => MONEY_SCOPES.includes(scope));
}

/** Whether issuing this key waits for a money role's approval: LIVE and able to move money. */
export function keyNeedsApproval(mode: Mode, scopes: KeyScopes): boolean {
  return mode === 'LIVE' && keyMovesMoney(scopes);
}

export interface KeyRequestFacts {
  kind: KeyRequestKind;
  status: KeyRequestStatus;
  requestedByOperatorId: number;
}

export type KeyRequestRefusal =
  | 'FORBIDDEN'
  | 'SELF_APPROVAL_FORBIDDEN'
  | 'KEY_REQUEST_NOT_WAITING'
  | 'KEY_REQUEST_NOT_APPROVED'
  | 'KEY_REQUEST_ALREADY_COLLECTED';

/** Whether an operator of this role may ask for a key request of this kind. */
export function mayAskForKey(kind: KeyRequestKind, role: Role): boolean {
  return mayRequest(actionOfKeyRequest(kind), role);
}

/**
 * Whether this operator may take this step on the request; null: they may. Approving and rejecting
 * are a money role's, never the requester's nor an account tied to theirs; withdrawing and
 * collecting are the requester's alone, withdrawing while it waits, collecting once after approval.
 */
export function judgeKeyRequestStep(
  request: KeyRequestFacts,
  step: KeyRequestStep,
  operator: { id: number; role: Role },
  ties: TieFacts = NO_TIES,
): KeyRequestRefusal | null {
  const mine = request.requestedByOperatorId === operator.id;
  if (step === 'WITHDRAW') {
    if (!mine) return 'FORBIDDEN';
    return request.status === 'WAITING' ? null : 'KEY_REQUEST_NOT_WAITING';
  }
  if (step === 'COLLECT') {
    if (!mine) return 'FORBIDDEN';
    if (request.status === 'COLLECTED') return 'KEY_REQUEST_ALREADY_COLLECTED';
    return request.status === 'APPROVED' ? null : 'KEY_REQUEST_NOT_APPROVED';
  }
  if (!mayApprove(actionOfKeyRequest(request.kind), operator.role)) return 'FORBIDDEN';
  if (judgeSoleApprover(request.requestedByOperatorId, operator.id, ties)) {
    return 'SELF_APPROVAL_FORBIDDEN';
  }
  return request.status === 'WAITING' ? null : 'KEY_REQUEST_NOT_WAITING';
}
