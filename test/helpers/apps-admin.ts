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
  live: Credentials;
  /** The full JSON response of POST /apps, to search for secrets elsewhere. */
  response: unknown;
}

export async function registerThroughApi(
  session: AdminSession,
  body: Record<string, unknown> = {},
): Promise<AdminRegisteredApp> {
  const name = `shop-${randomToken(8)}`;
  const response = await session.call('POST', '/api/v1/admin/apps', { body: { name, ...body } });
  if (response.status !== 201) throw new Error(`register failed: ${JSON.stringify(response.body)}`);
  const { app, credentials } = response.body.data;
  return {
    id: app.id,
    name: app.name,
    test: credentials.TEST,
    live: credentials.LIVE,
    response: response.body,
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
