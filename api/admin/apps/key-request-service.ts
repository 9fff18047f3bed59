import type { EntityManager } from '@mikro-orm/postgresql';
import {
  closeKeyRequest,
  findKeyRequest,
  listKeyRequests,
  markKeyRequestCollected,
  type KeyRequest,
} from '../../../db/apps/key-requests.js';
import { appendAudit, type AuditActor } from '../../../db/operators/audit.js';
import { loadTies } from '../../../db/operators/operator-ties.js';
import {
  actionOfKeyRequest,
  judgeKeyRequestStep,
  KEY_REQUEST_AFTER,
  keyMovesMoney,
  keyNeedsApproval,
  type KeyRequestKind,
  type KeyRequestRefusal,
  type KeyRequestStatus,
  type KeyRequestStep,
} from '../../../domain/apps/key-requests.js';
import { RULE_BOOK } from '../../../domain/approvals/rule-book.js';
import type { IssuedCredential } from '../../../domain/apps/credentials.js';
import { FULL_ACCESS, keyScopesOf, type Scope } from '../../../domain/apps/scopes.js';
import { ApiError } from '../../../domain/shared/errors.js';
import type { Mode } from '../../../domain/shared/mode.js';
import { AppSchema, type Credential } from '../../../platform/orm/entities.js';
import { currentTime, type ApiDeps } from '../../deps.js';
import type { Metrics } from '../../metrics.js';
import { DEFAULT_GRACE_HOURS } from './schemas.js';
import { issueNamedInTransaction, rotateInTransaction } from './service.js';
import { askForKeyInTransaction, requestSummary, type Acting, type KeyAsk } from './key-asks.js';

export { askForKeyInTransaction, type Acting, type KeyAsk };

/**
 * Key requests: a LIVE key that may move money waits for a FINANCE or ADMIN operator independent
 * of the requester, then the requester collects it once. The rule book says who may ask
 * (mayRequest) and who may approve (mayApprove); the second-person rule and the ties between
 * accounts are read from PostgreSQL at the moment of the decision. Each step commits with its
 * audit entry; the secret is made only at collection and lives only in that answer.
 */

type Deps = Pick<ApiDeps, 'orm' | 'clock'> & { config: Pick<ApiDeps['config'], 'CREDENTIAL_PEPPER'> };

/** Who acts: a signed-in operator (the dashboard, the admin API), or one the CLI signed in. */

const fork = (deps: Deps) => deps.orm.em.fork() as EntityManager;

export interface KeyRequestView {
  id: number;
  appId: number;
  mode: Mode;
  kind: KeyRequestKind;
  action: string;
  name: string | null;
  /** A named key's scopes; null: every scope (an app's LIVE pair). */
  scopes: Scope[] | null;
  status: KeyRequestStatus;
  requestedByOperatorId: number;
  requestedAt: string;
  decidedByOperatorId: number | null;
  decidedAt: string | null;
  comment: string | null;
  collectedAt: string | null;
  credentialId: number | null;
}

export const keyRequestView = (request: KeyRequest): KeyRequestView => ({
  id: request.id,
  appId: request.appId,
  mode: request.mode,
  kind: request.kind,
  action: actionOfKeyRequest(request.kind),
  name: request.name,
  scopes: request.scopes,
  status: request.status,
  requestedByOperatorId: request.requestedByOperatorId,
  requestedAt: request.requestedAt.toISOString(),
  decidedByOperatorId: request.decidedByOperatorId,
  decidedAt: request.decidedAt?.toISOString() ?? null,
  comment: request.comment,
  collectedAt: request.collectedAt?.toISOString() ?? null,
  credentialId: request.credentialId,
});

/** Asks for a LIVE money key: a named key with a money scope, or the app's LIVE pair. */
export async function askForKey(
  deps: Deps,
  admin: Acting,
  actor: AuditActor,
  ask: KeyAsk,
): Promise<KeyRequest> {
  return fork(deps).transactional(async (tx) => {
    if (!(await tx.findOne(AppSchema, { id: ask.appId }))) throw new ApiError('APP_NOT_FOUND');
    return askForKeyInTransaction(tx, admin, actor, ask, currentTime(deps));
  });
}

/** The decisions on a key request, with the permission each door checks and what the dashboard says of it. */
export const KEY_REQUEST_DECISIONS = [
  ['approve', 'APPROVE', 'credentials.approve', 'approved: its requester may collect it now'],
  ['reject', 'REJECT', 'credentials.approve', 'rejected'],
  ['withdraw', 'WITHDRAW', 'apps.read', 'withdrawn'],
] as const;

/**
 * A rotation of the app's LIVE pair (which holds every scope) waits as a key request; null: the
 * rotation may be done at once.
 */
export async function askIfRotationMovesMoney(
  deps: Deps,
  admin: Acting,
  actor: AuditActor,
  appId: number,
  input: { mode: Mode; graceHours: number },
): Promise<KeyRequest | null> {
  if (!keyNeedsApproval(input.mode, FULL_ACCESS)) return null;
  return askForKey(deps, admin, actor, {
    appId,
    mode: input.mode,
    kind: 'APP_LIVE_PAIR',
    graceHours: input.graceHours,
  });
}

/** A named key that may move money waits as a key request; null: it may be issued at once. */
export async function askIfKeyMovesMoney(
  deps: Deps,
  admin: Acting,
  actor: AuditActor,
  appId: number,
  input: { mode: Mode; name: string; scopes: Scope[] },
): Promise<KeyRequest | null> {
  if (!keyNeedsApproval(input.mode, input.scopes)) return null;
  return askForKey(deps, admin, actor, {
    appId,
    mode: input.mode,
    kind: 'NAMED_KEY',
    name: input.name,
    scopes: input.scopes,
  });
}

export async function keyRequestsList(
  deps: Deps,
  filter: { status?: KeyRequestStatus; appId?: number },
  page: { page: number; size: number },
): Promise<{ items: KeyRequest[]; total: number }> {
  return listKeyRequests(fork(deps), filter, page);
}

export async function keyRequestById(deps: Deps, id: number): Promise<KeyRequest> {
  const found = await findKeyRequest(fork(deps), id);
  if (!found) throw new ApiError('KEY_REQUEST_NOT_FOUND');
  return found;
}

const REFUSALS: Record<KeyRequestRefusal, string | undefined> = {
  FORBIDDEN: undefined,
  SELF_APPROVAL_FORBIDDEN:
    'A LIVE key that may move money is approved by a FINANCE or ADMIN operator other than, and independent of, the operator who asked for it',
  KEY_REQUEST_NOT_WAITING: undefined,
  KEY_REQUEST_NOT_APPROVED: undefined,
  KEY_REQUEST_ALREADY_COLLECTED: undefined,
};

function refusalMessage(
  refusal: KeyRequestRefusal,
  step: KeyRequestStep,
  request: KeyRequest,
  admin: Acting,
) {
  if (refusal !== 'FORBIDDEN') return REFUSALS[refusal];
  if (step === 'WITHDRAW' || step === 'COLLECT') {
    return 'Only the operator who asked for this key may withdraw the request or collect the key';
  }
  const rule = RULE_BOOK[actionOfKeyRequest(request.kind)];
  return `${rule.approverRoles.join(' or ')} decides this; you are ${admin.operator.role}`;
}

/** Parses a request id of a path; anything but a positive integer names nothing. */
export function keyRequestId(raw: string | undefined): number {
  const id = /^[1-9]\d{0,15}$/.test(raw ?? '') ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id)) throw new ApiError('KEY_REQUEST_NOT_FOUND');
  return id;
}

async function lockedRequest(
  tx: EntityManager,
  admin: Acting,
  id: number,
  step: KeyRequestStep,
): Promise<KeyRequest> {
  const request = await findKeyRequest(tx, id, true);
  if (!request) throw new ApiError('KEY_REQUEST_NOT_FOUND');
  const ties =
    step === 'APPROVE' || step === 'REJECT'
      ? await loadTies(tx, request.requestedByOperatorId, admin.operator.id)
      : undefined;
  const refusal = judgeKeyRequestStep(request, step, admin.operator, ties);
  if (refusal) throw new ApiError(refusal, refusalMessage(refusal, step, request, admin));
  return request;
}

/** Approves, rejects or withdraws a waiting key request. No key is made here. */
export async function decideKeyRequest(
  deps: Deps,
  admin: Acting,
  actor: AuditActor,
  id: number,
  step: 'APPROVE' | 'REJECT' | 'WITHDRAW',
  comment: string | null,
): Promise<KeyRequest> {
  return fork(deps).transactional(async (tx) => {
    const request = await lockedRequest(tx, admin, id, step);
    const status = KEY_REQUEST_AFTER[step] as 'APPROVED' | 'REJECTED' | 'WITHDRAWN';
    const closed = await closeKeyRequest(tx, request.id, {
      status,
      operatorId: admin.operator.id,
      at: currentTime(deps),
      comment,
    });
    if (!closed) throw new ApiError('KEY_REQUEST_NOT_WAITING');
    await appendAudit(tx, actor, {
      action: `key_request.${status.toLowerCase()}`,
      targetType: 'key_request',
      targetId: request.id,
      before: requestSummary(request),
      after: { ...requestSummary(closed), comment },
    });
    return closed;
  });
}

export interface CollectedKey {
  request: KeyRequest;
  credential: Credential;
  issued: IssuedCredential;
  previous: Credential | null;
}

/**
 * The requester collects an approved key: its secret is made now and shown in this answer only; a
 * second collection is refused. Every LIVE key that may move money is audited as such and counted
 * (live_money_keys_issued_total, which the LiveMoneyKeyIssued alert watches).
 */
export async function collectKey(
  deps: Deps & { metrics?: Pick<Metrics, 'liveMoneyKeysIssued'> },
  admin: Acting,
  actor: AuditActor,
  id: number,
): Promise<CollectedKey> {
  const at = currentTime(deps);
  const issuing = { at, pepper: deps.config.CREDENTIAL_PEPPER };
  const collected = await fork(deps).transactional(async (tx) => {
    const request = await lockedRequest(tx, admin, id, 'COLLECT');
    const made =
      request.kind === 'NAMED_KEY'
        ? {
            ...(await issueNamedInTransaction(
              tx,
              actor,
              request.appId,
              { mode: request.mode, name: request.name!, scopes: request.scopes ?? [] },
              issuing,
            )),
            previous: null,
          }
        : await rotateInTransaction(
            tx,
            actor,
            request.appId,
            { mode: request.mode, graceHours: request.graceHours ?? DEFAULT_GRACE_HOURS },
            issuing,
          );
    const done = await markKeyRequestCollected(tx, request.id, { credentialId: made.credential.id, at });
    if (!done) throw new ApiError('KEY_REQUEST_ALREADY_COLLECTED');
    const scopes = keyScopesOf(made.credential.scopes ?? null);
    await appendAudit(tx, actor, {
      action: 'key_request.collected',
      targetType: 'key_request',
      targetId: request.id,
      before: requestSummary(request),
      after: { ...requestSummary(done), credentialId: made.credential.id, key: made.credential.apiKey },
    });
    if (request.mode === 'LIVE' && keyMovesMoney(scopes)) {
      await appendAudit(tx, actor, {
        action: 'credential.live_money_key_issued',
        targetType: 'credential',
        targetId: made.credential.id,
        after: {
          appId: request.appId,
          mode: request.mode,
          key: made.credential.apiKey,
          scopes,
          keyRequest: request.id,
          requestedBy: request.requestedByOperatorId,
          approvedBy: request.decidedByOperatorId,
        },
      });
    }
    return { request: done, ...made };
  });
  const movesMoney = keyMovesMoney(keyScopesOf(collected.credential.scopes ?? null));
  if (collected.request.mode === 'LIVE' && movesMoney) {
    deps.metrics?.liveMoneyKeysIssued.inc({ kind: collected.request.kind });
  }
  return collected;
}
