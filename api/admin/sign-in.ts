import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from 'koa';
import { appendAudit } from '../../db/audit.js';
import type { Operator, OperatorSession } from '../../db/entities.js';
import {
  findOperatorByEmail,
  openSession,
  recentLoginFailures,
  recordLoginFailure,
} from '../../db/operators.js';
import { ApiError } from '../../domain/errors.js';
import { decoyHash, verifyPassword } from '../../domain/passwords.js';
import type { ApiDeps } from '../deps.js';
import { SESSION_COOKIE, cookieOptions, now, sessionPolicy } from './session.js';

/** Failed sign-ins allowed per email within the window before further attempts are refused. */
export const LOGIN_THROTTLE = { maxFailures: 5, windowMs: 15 * 60 * 1000 };

/**
 * Signs an operator in (shared by the JSON API and the sign-in page): throttling per email, the
 * same answer and cost for an unknown email and a wrong password, a new session cookie, and an
 * audit entry either way.
 */
export async function signIn(
  deps: ApiDeps,
  ctx: Context,
  email: string,
  password: string,
): Promise<{ operator: Operator; session: OperatorSession }> {
  const db = deps.orm.em.fork() as EntityManager;
  const at = now(deps);
  const ip = ctx.ip || null;
  const anonymous = { type: 'OPERATOR' as const, id: null, label: email, ip };
  const failures = await recentLoginFailures(db, email, new Date(at.getTime() - LOGIN_THROTTLE.windowMs));
  if (failures >= LOGIN_THROTTLE.maxFailures) {
    await appendAudit(db, anonymous, {
      action: 'operator.login_throttled',
      targetType: 'operator',
      targetId: email,
    });
    throw new ApiError('LOGIN_THROTTLED');
  }
  const operator = await findOperatorByEmail(db, email);
  const valid = await verifyPassword(operator?.passwordHash ?? (await decoyHash()), password);
  if (!operator || !valid || operator.status !== 'ACTIVE') {
    await recordLoginFailure(db, email, ip, at);
    await appendAudit(db, anonymous, {
      action: 'operator.login_failed',
      targetType: 'operator',
      targetId: email,
    });
    throw new ApiError('INVALID_LOGIN');
  }
  const { token, session } = await openSession(db, {
    operatorId: operator.id,
    ip,
    userAgent: ctx.get('user-agent') || null,
    now: at,
    policy: sessionPolicy(deps),
  });
  ctx.cookies.set(SESSION_COOKIE, token, cookieOptions(deps, sessionPolicy(deps).absoluteMs));
  await appendAudit(
    db,
    { type: 'OPERATOR', id: String(operator.id), label: operator.email, ip },
    { action: 'operator.login', targetType: 'operator', targetId: operator.id },
  );
  return { operator, session };
}
