import { timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context, Middleware } from 'koa';
import type { AuditActor } from '../../db/operators/audit.js';
import type { Operator, OperatorSession } from '../../platform/orm/entities.js';
import {
  DEFAULT_SESSION_POLICY,
  findLiveSession,
  touchSession,
  type SessionPolicy,
} from '../../db/operators/operators.js';
import { ApiError } from '../../domain/shared/errors.js';
import { can, needsStepUp, type Action } from '../../domain/operators/permissions.js';
import { mustEnrolFirst } from '../../domain/operators/second-factor-policy.js';
import { currentTime, type ApiDeps } from '../deps.js';

/** The session cookie's name over plain HTTP (development, tests). */
export const SESSION_COOKIE = 'oi_admin_session';
/**
 * Over HTTPS the name carries the `__Host-` prefix: browsers then accept it only with Secure,
 * Path=/ and no Domain, so neither a sibling subdomain nor a plain-HTTP page can plant or
 * overwrite it.
 */
export const HOST_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AdminState {
  operator: Operator;
  session: OperatorSession;
}

export const now = currentTime;

export function sessionPolicy(deps: ApiDeps & { sessionPolicy?: SessionPolicy }): SessionPolicy {
  return deps.sessionPolicy ?? DEFAULT_SESSION_POLICY;
}

export function servedOverHttps(deps: Pick<ApiDeps, 'config'>): boolean {
  return deps.config.PUBLIC_URL.startsWith('https:');
}

export function sessionCookieName(deps: Pick<ApiDeps, 'config'>): string {
  return servedOverHttps(deps) ? HOST_SESSION_COOKIE : SESSION_COOKIE;
}

/** Cookie attributes: HTTP-only, SameSite=Strict, Path=/, no Domain, Secure whenever served over HTTPS. */
export function cookieOptions(deps: Pick<ApiDeps, 'config'>, maxAgeMs?: number) {
  return {
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: servedOverHttps(deps),
    path: '/',
    overwrite: true,
    ...(maxAgeMs !== undefined && { maxAge: maxAgeMs }),
  };
}

/**
 * Sets (or, with an empty token, clears) the session cookie. The public address decides Secure,
 * not the hop that reached this process: TLS usually ends at a proxy in front of us, and the cookie
 * library would otherwise refuse a Secure cookie on the plain connection behind it (a 500).
 */
export function setSessionCookie(
  deps: Pick<ApiDeps, 'config'>,
  ctx: Context,
  token: string,
  maxAgeMs: number,
) {
  if (servedOverHttps(deps)) ctx.cookies.secure = true;
  ctx.cookies.set(sessionCookieName(deps), token, cookieOptions(deps, maxAgeMs));
}

export function clearSessionCookie(deps: Pick<ApiDeps, 'config'>, ctx: Context): void {
  setSessionCookie(deps, ctx, '', 0);
}

export function readSessionCookie(deps: Pick<ApiDeps, 'config'>, ctx: Context): string | undefined {
  return ctx.cookies.get(sessionCookieName(deps)) || undefined;
}

/**
 * The live session behind the request's cookie, if any: not revoked, not idle past the timeout,
 * not past its absolute end, its operator still active. Sliding: each use moves the idle clock.
 */
export async function loadSession(
  deps: ApiDeps & { sessionPolicy?: SessionPolicy },
  ctx: Context,
): Promise<AdminState | null> {
  const token = readSessionCookie(deps, ctx);
  if (!token) return null;
  const em = deps.orm.em.fork() as EntityManager;
  const at = now(deps);
  const live = await findLiveSession(em, token, at, sessionPolicy(deps));
  if (!live) {
    clearSessionCookie(deps, ctx);
    return null;
  }
  await touchSession(em, live.session.id, at);
  return live;
}

/** Requires a live operator session for the JSON admin API. */
export function requireSession(deps: ApiDeps & { sessionPolicy?: SessionPolicy }): Middleware {
  return async (ctx, next) => {
    const live = await loadSession(deps, ctx);
    if (!live) throw new ApiError('SESSION_REQUIRED');
    ctx.state.admin = live;
    await next();
  };
}

/**
 * Under the required posture an ADMIN or FINANCE operator without a second factor may sign in, but
 * may do nothing but enrol (the account routes sit outside this gate).
 */
export function requireEnrolledWhereRequired(deps: Pick<ApiDeps, 'config'>): Middleware {
  return async (ctx, next) => {
    const { operator, session } = ctx.state.admin as AdminState;
    // A sign-in whose second factor the identity provider asserted owes no enrolment here.
    if (
      session.secondFactorSource !== 'IDP' &&
      mustEnrolFirst(deps.config.OPERATOR_SECOND_FACTOR, operator)
    ) {
      throw new ApiError('SECOND_FACTOR_ENROLMENT_REQUIRED');
    }
    await next();
  };
}

/** Compares two secrets (tokens, signatures) in constant time. */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * CSRF protection for every state-changing admin request: the session's synchronizer token must
 * come back in X-CSRF-Token (or a form's _csrf field), and a cross-site Origin is refused.
 */
export function requireCsrf(deps: ApiDeps): Middleware {
  return async (ctx, next) => {
    if (!SAFE_METHODS.has(ctx.method)) {
      assertSameOrigin(ctx, deps);
      const { session } = ctx.state.admin as AdminState;
      const presented = ctx.get('x-csrf-token') || (ctx.state.formCsrf as string | undefined) || '';
      if (!presented || !sameSecret(presented, session.csrfToken)) throw new ApiError('CSRF_TOKEN_INVALID');
    }
    await next();
  };
}

export function assertSameOrigin(ctx: Context, deps: ApiDeps): void {
  const origin = ctx.get('origin');
  const ownOrigins = [new URL(deps.config.PUBLIC_URL).origin, `${ctx.protocol}://${ctx.host}`];
  if (origin && !ownOrigins.includes(origin)) {
    throw new ApiError('CSRF_TOKEN_INVALID', 'Cross-site request refused');
  }
}

/** Role check from the permission table, then step-up for sensitive actions. */
export function authorize(deps: Pick<ApiDeps, 'clock'>, admin: AdminState, action: Action): void {
  if (!can(admin.operator.role, action)) {
    throw new ApiError('FORBIDDEN', `Your role (${admin.operator.role}) does not allow ${action}`);
  }
  if (needsStepUp(action, admin.session.stepUpAt, now(deps))) throw new ApiError('STEP_UP_REQUIRED');
}

export function requirePermission(deps: Pick<ApiDeps, 'clock'>, action: Action): Middleware {
  return async (ctx, next) => {
    authorize(deps, ctx.state.admin as AdminState, action);
    await next();
  };
}

export function auditActor(ctx: Context): AuditActor {
  const { operator } = ctx.state.admin as AdminState;
  return { type: 'OPERATOR', id: String(operator.id), label: operator.email, ip: ctx.ip || null };
}
