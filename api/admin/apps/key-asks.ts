import type { EntityManager } from '@mikro-orm/postgresql';
import { insertKeyRequest, openKeyRequest, type KeyRequest } from '../../../db/apps/key-requests.js';
import { appendAudit, type AuditActor } from '../../../db/operators/audit.js';
import { actionOfKeyRequest, mayAskForKey, type KeyRequestKind } from '../../../domain/apps/key-requests.js';
import { RULE_BOOK } from '../../../domain/approvals/rule-book.js';
import { FULL_ACCESS, SCOPES, type Scope } from '../../../domain/apps/scopes.js';
import { ApiError } from '../../../domain/shared/errors.js';
import type { Mode } from '../../../domain/shared/mode.js';
import type { Role } from '../../../domain/operators/permissions.js';
import { DEFAULT_GRACE_HOURS } from './schemas.js';

/**
 * Asking for a key that waits for a money role (a key request), and the name check every named
 * key passes: what app creation, rotation and named keys share with key requests, apart from
 * both so neither imports the other.
 */

export interface Acting {
  operator: { id: number; role: Role };
}

/** Refuses a name a working key of the mode holds already (also when a key request is made). */
export async function assertKeyNameFree(tx: EntityManager, appId: number, mode: Mode, name: string) {
  const [taken] = await tx.execute<Array<{ id: string }>>(
    `select id from credentials
      where app_id = ? and mode = ? and lower(name) = lower(?) and status = 'ACTIVE' for update`,
    [appId, mode, name],
  );
  if (taken) {
    // State, not the request's shape: the same name is free again once that key is revoked.
    throw new ApiError('KEY_NAME_TAKEN', `A working ${mode} key is already named "${name}"`, [
      { field: 'name', message: 'Choose another name, or revoke the key of this name first' },
    ]);
  }
}

export function requestSummary(request: KeyRequest) {
  return {
    appId: request.appId,
    mode: request.mode,
    kind: request.kind,
    name: request.name,
    scopes: request.scopes ?? FULL_ACCESS,
    status: request.status,
    requestedBy: request.requestedByOperatorId,
  };
}

export interface KeyAsk {
  appId: number;
  mode: Mode;
  kind: KeyRequestKind;
  name?: string;
  scopes?: readonly Scope[];
  graceHours?: number;
}

/**
 * Asks for a LIVE money key inside the caller's transaction (an app's registration makes its LIVE
 * pair's request with the app). The same ask again by the same operator, while theirs is still
 * open, answers with the open one rather than a second request.
 */
export async function askForKeyInTransaction(
  tx: EntityManager,
  admin: Acting,
  actor: AuditActor,
  ask: KeyAsk,
  at: Date,
): Promise<KeyRequest> {
  if (!mayAskForKey(ask.kind, admin.operator.role)) {
    throw new ApiError(
      'FORBIDDEN',
      `Your role (${admin.operator.role}) may not ask for this: ${RULE_BOOK[actionOfKeyRequest(ask.kind)].title}`,
    );
  }
  const name = ask.kind === 'NAMED_KEY' ? (ask.name ?? null) : null;
  const scopes = ask.kind === 'NAMED_KEY' ? SCOPES.filter((scope) => ask.scopes?.includes(scope)) : null;
  if (name) await assertKeyNameFree(tx, ask.appId, ask.mode, name);
  const open = await openKeyRequest(tx, { appId: ask.appId, mode: ask.mode, kind: ask.kind, name });
  if (
    open &&
    open.requestedByOperatorId === admin.operator.id &&
    JSON.stringify(open.scopes) === JSON.stringify(scopes)
  ) {
    return open;
  }
  const request = await insertKeyRequest(tx, {
    appId: ask.appId,
    mode: ask.mode,
    kind: ask.kind,
    name,
    scopes,
    graceHours: ask.kind === 'APP_LIVE_PAIR' ? (ask.graceHours ?? DEFAULT_GRACE_HOURS) : null,
    requestedByOperatorId: admin.operator.id,
    at,
  });
  await appendAudit(tx, actor, {
    action: 'key_request.created',
    targetType: 'key_request',
    targetId: request.id,
    after: requestSummary(request),
  });
  return request;
}
