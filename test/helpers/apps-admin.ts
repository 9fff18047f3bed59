import type { Role } from '../../domain/operators/permissions.js';
import { randomToken } from '../../domain/shared/ids.js';
import type { Credentials, Stack } from './stack.js';

/** Helpers for the apps area's tests: an operator session, an app registered through the admin API, audit rows. */

export type AdminSession = Awaited<ReturnType<Stack['adminLogin']>>;

export async function signInAs(stack: Stack, role: Role): Promise<AdminSession & { operatorId: number }> {
  const op = await stack.createOperator(role);
  const session = await stack.adminLogin(op.email, op.password);
  return { ...session, operatorId: op.id };
}

export interface AdminRegisteredApp {
  id: number;
  name: string;
  test: Credentials;
  /**
   * The LIVE pair: a key request on registration, approved by `liveApprovedBy` and collected by
   * the registrant. Reading it without one throws (the app has no LIVE pair yet).
   */
  live: Credentials;
  /** The key request of its LIVE pair. */
  liveKeyRequestId: number;
  /** The full JSON response of POST /apps, to search for secrets elsewhere. */
  response: unknown;
}

/**
 * Registers an app through the admin API: its TEST pair at once. With `liveApprovedBy` (a FINANCE
 * or ADMIN session independent of the registrant), its LIVE pair's request is approved and the
 * registrant collects it, as an app going live would.
 */
export async function registerThroughApi(
  session: AdminSession,
  body: Record<string, unknown> = {},
  options: { liveApprovedBy?: AdminSession } = {},
): Promise<AdminRegisteredApp> {
  const name = `shop-${randomToken(8)}`;
  const response = await session.call('POST', '/api/v1/admin/apps', { body: { name, ...body } });
  if (response.status !== 201) throw new Error(`register failed: ${JSON.stringify(response.body)}`);
  const { app, credentials, liveKeyRequest } = response.body.data;
  let live: Credentials | null = null;
  if (options.liveApprovedBy) {
    live = await approveAndCollect(session, options.liveApprovedBy, liveKeyRequest.id);
  }
  return {
    id: app.id,
    name: app.name,
    test: credentials.TEST,
    get live(): Credentials {
      if (!live)
        throw new Error('No LIVE pair: register with liveApprovedBy to have it approved and collected');
      return live;
    },
    liveKeyRequestId: liveKeyRequest.id,
    response: response.body,
  };
}

/** A waiting key request approved by `approver` and collected by its requester; the key's credentials. */
export async function approveAndCollect(
  requester: AdminSession,
  approver: AdminSession,
  keyRequestId: number,
): Promise<Credentials & { id: number }> {
  const approved = await approver.call('POST', `/api/v1/admin/key-requests/${keyRequestId}/approve`, {
    body: {},
  });
  if (approved.status !== 200) throw new Error(`approval failed: ${JSON.stringify(approved.body)}`);
  const collected = await requester.call('POST', `/api/v1/admin/key-requests/${keyRequestId}/collect`, {
    body: {},
  });
  if (collected.status !== 201) throw new Error(`collection failed: ${JSON.stringify(collected.body)}`);
  return {
    key: collected.body.data.credential.key,
    secret: collected.body.data.secret,
    id: collected.body.data.credential.id,
  };
}

/** GET /api/v1/app/me with these credentials: status and error code. */
export async function whoAmI(stack: Stack, creds: Credentials) {
  const response = await stack.api('GET', '/api/v1/app/me', { creds });
  return {
    status: response.status,
    errorCode: response.body?.meta?.errorCode as string | undefined,
    body: response.body,
  };
}

export interface AuditRow {
  id: string;
  action: string;
  actor_type: string;
  actor_label: string;
  target_type: string | null;
  target_id: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** Audit rows about apps and credentials (ids of other kinds of target may coincide). */
export async function auditRows(
  stack: Stack,
  where: { action?: string; targetType?: 'app' | 'credential'; targetId?: string | number } = {},
) {
  // Ids of apps and credentials overlap, so a target id alone does not name one target.
  const clauses: string[] = ['target_type = ?'];
  const params: unknown[] = [
    where.targetType ?? (where.action?.startsWith('credential.') ? 'credential' : 'app'),
  ];
  if (where.action) {
    clauses.push('action = ?');
    params.push(where.action);
  }
  if (where.targetId !== undefined) {
    clauses.push('target_id = ?');
    params.push(String(where.targetId));
  }
  return stack.em().execute<AuditRow[]>(
    `select id, action, actor_type, actor_label, target_type, target_id, before, after from audit_log
        ${clauses.length ? `where ${clauses.join(' and ')}` : ''} order by id`,
    params,
  );
}

/** Every audit row as text, to prove no secret ever reached it. */
export async function wholeAuditLog(stack: Stack): Promise<string> {
  const rows = await stack.em().execute('select * from audit_log order by id');
  return JSON.stringify(rows);
}

export async function credentialRow(stack: Stack, apiKey: string) {
  const [row] = await stack.em().execute<
    Array<{
      id: string;
      first_used_at: string | null;
      last_used_at: string | null;
      expires_at: string | null;
    }>
  >('select id, first_used_at, last_used_at, expires_at from credentials where api_key = ?', [apiKey]);
  const date = (value: string | null) => (value === null ? null : new Date(value));
  return {
    id: row!.id,
    firstUsedAt: date(row!.first_used_at),
    lastUsedAt: date(row!.last_used_at),
    expiresAt: date(row!.expires_at),
  };
}
