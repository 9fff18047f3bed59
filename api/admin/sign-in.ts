import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from 'koa';
import { z } from 'zod';
import { appendAudit } from '../../db/audit.js';
import type { Operator, OperatorSession } from '../../db/entities.js';
import {
  claimLoginAttempt,
  findOperatorByEmail,
  openSession,
  withdrawLoginAttempt,
} from '../../db/operators.js';
import { ApiError } from '../../domain/errors.js';
import { decoyHash, verifyPassword } from '../../domain/passwords.js';
import type { ApiDeps } from '../deps.js';
import { BoundedWork } from './bounded-work.js';
import { SESSION_COOKIE, cookieOptions, now, sessionPolicy } from './session.js';

/**
 * What a sign-in form or body may hold: the same rule for the JSON API and the page, so neither
 * hashes a megabyte of "password".
 */
export const signInFields = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(1).max(1024),
});

/** Password hashing (argon2) is deliberately slow: only a few at once, a short queue, then 429. */
export const passwordWork = new BoundedWork({ concurrent: 4, queued: 32 });

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
  const attempt = await claimLoginAttempt(db, {
    email,
    ip,
    now: at,
    since: new Date(at.getTime() - LOGIN_THROTTLE.windowMs),
    maxFailures: LOGIN_THROTTLE.maxFailures,
  });
  if (!attempt) {
    await appendAudit(db, anonymous, {
      action: 'operator.login_throttled',
      targetType: 'operator',
      targetId: email,
    });
    throw new ApiError('LOGIN_THROTTLED');
  }
  const operator = await findOperatorByEmail(db, email);
  const valid = await passwordWork.run(async () =>
    verifyPassword(operator?.passwordHash ?? (await decoyHash()), password),
  );
  if (!operator || !valid || operator.status !== 'ACTIVE') {
    await appendAudit(db, anonymous, {
      action: 'operator.login_failed',
      targetType: 'operator',
      targetId: email,
    });
    throw new ApiError('INVALID_LOGIN');
  }
  await withdrawLoginAttempt(db, attempt.attemptId);
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
