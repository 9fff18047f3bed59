import { closeIfLapsed } from '../approvals/approval-windows.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { KeyRequestKind, KeyRequestStatus } from '../../domain/apps/key-requests.js';
import type { Scope } from '../../domain/apps/scopes.js';
import type { Mode } from '../../domain/shared/mode.js';

/**
 * Requests for LIVE keys that may move money (table key_requests). A request moves on only from
 * the status its step expects, under a row lock, so of two racing approvals or collections one
 * finds it moved already.
 */

export interface KeyRequest {
  id: number;
  appId: number;
  mode: Mode;
  kind: KeyRequestKind;
  /** A named key's name and scopes; null for an app's LIVE pair. */
  name: string | null;
  scopes: Scope[] | null;
  /** For an app's LIVE pair replacing one: how long the one it replaces keeps working. */
  graceHours: number | null;
  status: KeyRequestStatus;
  requestedByOperatorId: number;
  requestedAt: Date;
  decidedByOperatorId: number | null;
  decidedAt: Date | null;
  comment: string | null;
  collectedAt: Date | null;
  credentialId: number | null;
}

interface Row {
  id: string;
  app_id: string;
  mode: Mode;
  kind: KeyRequestKind;
  name: string | null;
  scopes: Scope[] | null;
  grace_hours: string | number | null;
  status: KeyRequestStatus;
  requested_by: string;
  requested_at: Date | string;
  decided_by: string | null;
  decided_at: Date | string | null;
  comment: string | null;
  collected_at: Date | string | null;
  credential_id: string | null;
}

const COLUMNS =
  'id, app_id, mode, kind, name, scopes, grace_hours, status, requested_by, requested_at, decided_by, decided_at, comment, collected_at, credential_id';

const dateOrNull = (value: Date | string | null) => (value === null ? null : new Date(value));
const numberOrNull = (value: string | number | null) => (value === null ? null : Number(value));

function requestOf(row: Row): KeyRequest {
  return {
    id: Number(row.id),
    appId: Number(row.app_id),
    mode: row.mode,
    kind: row.kind,
    name: row.name,
    scopes: row.scopes,
    graceHours: numberOrNull(row.grace_hours),
    status: row.status,
    requestedByOperatorId: Number(row.requested_by),
    requestedAt: new Date(row.requested_at),
    decidedByOperatorId: numberOrNull(row.decided_by),
    decidedAt: dateOrNull(row.decided_at),
    comment: row.comment,
    collectedAt: dateOrNull(row.collected_at),
    credentialId: numberOrNull(row.credential_id),
  };
}

export async function insertKeyRequest(
  em: EntityManager,
  input: {
    appId: number;
    mode: Mode;
    kind: KeyRequestKind;
    name?: string | null;
    scopes?: Scope[] | null;
    graceHours?: number | null;
    requestedByOperatorId: number;
    at: Date;
  },
): Promise<KeyRequest> {
  const [row] = await em.execute<Row[]>(
    `insert into key_requests (app_id, mode, kind, name, scopes, grace_hours, status, requested_by, requested_at)
     values (?, ?, ?, ?, ?::jsonb, ?, 'WAITING', ?, ?) returning ${COLUMNS}`,
    [
      input.appId,
      input.mode,
      input.kind,
      input.name ?? null,
      input.scopes ? JSON.stringify(input.scopes) : null,
      input.graceHours ?? null,
      input.requestedByOperatorId,
      input.at,
    ],
  );
  return requestOf(row!);
}

export async function findKeyRequest(
  em: EntityManager,
  id: number,
  lock = false,
): Promise<KeyRequest | null> {
  // Read to be decided or collected: one past its window is closed first, and refused as such.
  if (lock) await closeIfLapsed(em, 'key-request', id);
  const [row] = await em.execute<Row[]>(
    `select ${COLUMNS} from key_requests where id = ?${lock ? ' for update' : ''}`,
    [id],
  );
  return row ? requestOf(row) : null;
}

/** A request of the same kind, app, mode (and name) still waiting or approved and not collected. */
export async function openKeyRequest(
  em: EntityManager,
  target: { appId: number; mode: Mode; kind: KeyRequestKind; name?: string | null },
): Promise<KeyRequest | null> {
  const open = await openKeyRequestRow(em, target);
  // One past its window no longer stands in a new request's way.
  if (open && (await closeIfLapsed(em, 'key-request', open.id))) return openKeyRequestRow(em, target);
  return open;
}

async function openKeyRequestRow(
  em: EntityManager,
  target: { appId: number; mode: Mode; kind: KeyRequestKind; name?: string | null },
): Promise<KeyRequest | null> {
  const [row] = await em.execute<Row[]>(
    `select ${COLUMNS} from key_requests
      where app_id = ? and mode = ? and kind = ? and status in ('WAITING', 'APPROVED')
        and (name is null and ?::text is null or lower(name) = lower(?::text))
      order by id desc limit 1`,
    [target.appId, target.mode, target.kind, target.name ?? null, target.name ?? null],
  );
  return row ? requestOf(row) : null;
}

/** Newest first; by status and app when given. */
export async function listKeyRequests(
  em: EntityManager,
  filter: { status?: KeyRequestStatus; appId?: number },
  page: { page: number; size: number },
): Promise<{ items: KeyRequest[]; total: number }> {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (filter.status) {
    conditions.push('status = ?');
    params.push(filter.status);
  }
  if (filter.appId !== undefined) {
    conditions.push('app_id = ?');
    params.push(filter.appId);
  }
  const where = conditions.length ? `where ${conditions.join(' and ')}` : '';
  const rows = await em.execute<Row[]>(
    `select ${COLUMNS} from key_requests ${where} order by requested_at desc, id desc limit ? offset ?`,
    [...params, page.size, (page.page - 1) * page.size],
  );
  const [count] = await em.execute<Array<{ total: string }>>(
    `select count(*) as total from key_requests ${where}`,
    params,
  );
  return { items: rows.map(requestOf), total: Number(count?.total ?? 0) };
}

/** Approves, rejects or withdraws a waiting request; null when it no longer waits. */
export async function closeKeyRequest(
  em: EntityManager,
  id: number,
  outcome: {
    status: 'APPROVED' | 'REJECTED' | 'WITHDRAWN';
    operatorId: number;
    at: Date;
    comment: string | null;
  },
): Promise<KeyRequest | null> {
  const [row] = await em.execute<Row[]>(
    `update key_requests set status = ?, decided_by = ?, decided_at = ?, comment = ?
      where id = ? and status = 'WAITING' returning ${COLUMNS}`,
    [outcome.status, outcome.operatorId, outcome.at, outcome.comment, id],
  );
  return row ? requestOf(row) : null;
}

/** Marks an approved request collected with the key it issued; null when it was not approved. */
export async function markKeyRequestCollected(
  em: EntityManager,
  id: number,
  collected: { credentialId: number; at: Date },
): Promise<KeyRequest | null> {
  const [row] = await em.execute<Row[]>(
    `update key_requests set status = 'COLLECTED', collected_at = ?, credential_id = ?
      where id = ? and status = 'APPROVED' returning ${COLUMNS}`,
    [collected.at, collected.credentialId, id],
  );
  return row ? requestOf(row) : null;
}
