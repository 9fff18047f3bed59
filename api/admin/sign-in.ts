import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from 'koa';
import { z } from 'zod';
import { appendAudit, type AuditActor } from '../../db/operators/audit.js';
import type { Operator, OperatorSession } from '../../platform/orm/entities.js';
import { claimLoginAttempt, clearLoginFailures } from '../../db/operators/login-throttle.js';
import { checkSecondFactor } from '../../db/operators/operator-second-factor.js';
import { claimCodeAttempt, clearWrongCodes } from '../../db/operators/code-ceiling.js';
import { findOperatorByEmail, openSession } from '../../db/operators/operators.js';
import {
  challengeFailed,
  findChallenge,
  openChallenge,
  useChallenge,
} from '../../db/operators/sign-in-challenges.js';
import { OperatorSchema } from '../../platform/orm/entities.js';
import { ApiError } from '../../domain/shared/errors.js';
import { breakGlassOn } from '../../platform/config/deployment.js';
import { decoyHash, verifyPassword } from '../../domain/operators/passwords.js';
import type { ApiDeps } from '../deps.js';
import { BoundedWork } from './bounded-work.js';
import { now, sessionPolicy, setSessionCookie } from './session.js';

/**
 * What a sign-in form or body may hold: the same rule for the JSON API and the page, so neither
 * hashes a megabyte of "password". `code` lets a script give the second factor in the same request.
 */
export const signInFields = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(1).max(1024),
  code: z.string().trim().min(1).max(64).optional(),
});

export const secondFactorFields = z.strictObject({
  challenge: z.string().min(1).max(200),
  code: z.string().trim().min(1).max(64),
});

/** Password hashing (argon2) is deliberately slow: only a few at once, a short queue, then 429. */
export const passwordWork = new BoundedWork({ concurrent: 4, queued: 32 });

type SignedIn = { operator: Operator; session: OperatorSession };

/** Who is signing in, for throttling: the client's address as the trusted proxies report it. */
export function signInClient(ctx: Context): string {
  return ctx.ip || 'unknown';
}

/**
 * Takes a throttled attempt for (email, client) or refuses it with 429 LOGIN_THROTTLED and
 * Retry-After; refusals are audited. Shared by the dashboard, the JSON API and the CLI.
 */
export async function takeSignInAttempt(
  db: EntityManager,
  input: { email: string; client: string; now: Date; actor: AuditActor; setRetryAfter?: (s: number) => void },
): Promise<void> {
  const claim = await claimLoginAttempt(db, { email: input.email, client: input.client, now: input.now });
  if (claim.allowed) return;
  const seconds = Math.max(1, Math.ceil(claim.retryAfterMs / 1000));
  input.setRetryAfter?.(seconds);
  await appendAudit(db, input.actor, {
    action: 'operator.login_throttled',
    targetType: 'operator',
    targetId: input.email,
    after: { client: input.client, retryAfterSeconds: seconds },
  });
  throw new ApiError(
    'LOGIN_THROTTLED',
    `Too many failed sign-ins from here; try again in ${seconds} second${seconds === 1 ? '' : 's'}`,
    { retryAfterSeconds: seconds },
  );
}

/**
 * Checks an enrolled operator's code; a wrong one is audited and answers SECOND_FACTOR_INVALID
 * (the attempt stays counted against the client, and against the operator: past the ceiling the
 * operator's sign-in is locked for a while, 429 SECOND_FACTOR_LOCKED, whatever the address).
 */
export async function requireSecondFactorCode(
  deps: ApiDeps,
  db: EntityManager,
  operator: Operator,
  code: string,
  actor: AuditActor,
): Promise<'TOTP' | 'RECOVERY_CODE'> {
  const claim = await claimCodeAttempt(db, operator.id, now(deps), {
    maxFailures: deps.config.OPERATOR_CODE_FAILURES_MAX,
    lockMs: deps.config.OPERATOR_CODE_LOCK_MINUTES * 60_000,
  });
  if (!claim.allowed) {
    await appendAudit(db, actor, {
      action: 'operator.second_factor_locked',
      targetType: 'operator',
      targetId: operator.id,
      after: { lockedUntil: claim.lockedUntil.toISOString() },
    });
    const seconds = Math.max(1, Math.ceil((claim.lockedUntil.getTime() - now(deps).getTime()) / 1000));
    throw new ApiError(
      'SECOND_FACTOR_LOCKED',
      `Too many wrong codes for this operator; sign-in is locked until ${claim.lockedUntil.toISOString()}`,
      { retryAfterSeconds: seconds, lockedUntil: claim.lockedUntil.toISOString() },
    );
  }
  const checked = await checkSecondFactor(db, {
    operatorId: operator.id,
    code,
    now: now(deps),
    keyring: deps.keyring,
  });
  if (checked.ok) {
    await clearWrongCodes(db, operator.id);
    if (checked.via === 'RECOVERY_CODE') {
      await appendAudit(db, actor, {
        action: 'operator.recovery_code_used',
        targetType: 'operator',
        targetId: operator.id,
      });
    }
    return checked.via;
  }
  await appendAudit(db, actor, {
    action: 'operator.second_factor_failed',
    targetType: 'operator',
    targetId: operator.id,
  });
  throw new ApiError('SECOND_FACTOR_INVALID');
}

/**
 * Signs an operator in, step one (shared by the JSON API and the sign-in page): throttling per
 * (email, client), the same answer and cost for an unknown email and a wrong password, an audit
 * entry either way. An operator without a second factor gets a session at once. An enrolled one
 * gets it here only if `code` is right; without a code the answer is 401 SECOND_FACTOR_REQUIRED
 * carrying a challenge token for step two (`completeSignIn`).
 */
export async function signIn(
  deps: ApiDeps,
  ctx: Context,
  email: string,
  password: string,
  code?: string,
): Promise<SignedIn> {
  const db = deps.orm.em.fork() as EntityManager;
  const at = now(deps);
  const ip = ctx.ip || null;
  const client = signInClient(ctx);
  const anonymous = { type: 'OPERATOR' as const, id: null, label: email, ip };
  // Passwords are break-glass: off, every password sign-in is refused alike (no hint whether the
  // email is an account), before any hashing.
  if (!breakGlassOn(deps.config)) throw new ApiError('LOCAL_SIGN_IN_DISABLED');
  await takeSignInAttempt(db, {
    email,
    client,
    now: at,
    actor: anonymous,
    setRetryAfter: (s) => ctx.set('Retry-After', String(s)),
  });
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
  if (!operator.totpEnrolledAt) return finishSignIn(deps, ctx, db, operator, null);
  const actor = operatorActor(operator, ip);
  if (code !== undefined) {
    const via = await requireSecondFactorCode(deps, db, operator, code, actor);
    return finishSignIn(deps, ctx, db, operator, via);
  }
  // The password stays counted against this client until the code is given too.
  const challenge = await openChallenge(db, { operatorId: operator.id, client, now: at });
  throw new ApiError('SECOND_FACTOR_REQUIRED', undefined, {
    challenge: challenge.token,
    expiresAt: challenge.expiresAt.toISOString(),
  });
}

/** Step two of an enrolled operator's sign-in: the challenge from step one and a code. */
export async function completeSignIn(
  deps: ApiDeps,
  ctx: Context,
  challengeToken: string,
  code: string,
): Promise<SignedIn> {
  const db = deps.orm.em.fork() as EntityManager;
  const at = now(deps);
  const ip = ctx.ip || null;
  const client = signInClient(ctx);
  const challenge = await findChallenge(db, { token: challengeToken, client, now: at });
  const operator = challenge ? await db.findOne(OperatorSchema, { id: challenge.operatorId }) : null;
  if (!challenge || !operator || operator.status !== 'ACTIVE' || !operator.totpEnrolledAt) {
    throw new ApiError('SIGN_IN_CHALLENGE_INVALID');
  }
  const actor = operatorActor(operator, ip);
  await takeSignInAttempt(db, {
    email: operator.email,
    client,
    now: at,
    actor,
    setRetryAfter: (s) => ctx.set('Retry-After', String(s)),
  });
  let via: 'TOTP' | 'RECOVERY_CODE';
  try {
    via = await requireSecondFactorCode(deps, db, operator, code, actor);
  } catch (error) {
    await challengeFailed(db, challenge.id);
    throw error;
  }
  if (!(await useChallenge(db, challenge.id, at))) throw new ApiError('SIGN_IN_CHALLENGE_INVALID');
  return finishSignIn(deps, ctx, db, operator, via);
}

function operatorActor(operator: Operator, ip: string | null): AuditActor {
  return { type: 'OPERATOR', id: String(operator.id), label: operator.email, ip };
}

async function finishSignIn(
  deps: ApiDeps,
  ctx: Context,
  db: EntityManager,
  operator: Operator,
  secondFactor: 'TOTP' | 'RECOVERY_CODE' | null,
): Promise<SignedIn> {
  const at = now(deps);
  const ip = ctx.ip || null;
  await clearLoginFailures(db, operator.email, signInClient(ctx));
  const { session } = await openSessionWithCookie(deps, ctx, db, operator, at);
  await appendAudit(db, operatorActor(operator, ip), {
    action: 'operator.login',
    targetType: 'operator',
    targetId: operator.id,
    after: { secondFactor },
  });
  return { operator, session };
}

async function openSessionWithCookie(
  deps: ApiDeps,
  ctx: Context,
  db: EntityManager,
  operator: Operator,
  at: Date,
) {
  const opened = await openSession(db, {
    operatorId: operator.id,
    ip: ctx.ip || null,
    userAgent: ctx.get('user-agent') || null,
    now: at,
    policy: sessionPolicy(deps),
  });
  setSessionCookie(deps, ctx, opened.token, sessionPolicy(deps).absoluteMs);
  return opened;
}
