import { timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context, Middleware } from 'koa';
import type { AuditActor } from '../../db/audit.js';
import type { Operator, OperatorSession } from '../../db/entities.js';
import {
  DEFAULT_SESSION_POLICY,
  findLiveSession,
  touchSession,
  type SessionPolicy,
} from '../../db/operators.js';
import { ApiError } from '../../domain/errors.js';
import { can, needsStepUp, type Action } from '../../domain/permissions.js';
import { currentTime, type ApiDeps } from '../deps.js';

export const SESSION_COOKIE = 'oi_admin_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AdminState {
  operator: Operator;
  session: OperatorSession;
}

export const now = currentTime;

export function sessionPolicy(deps: ApiDeps & { sessionPolicy?: SessionPolicy }): SessionPolicy {
  return deps.sessionPolicy ?? DEFAULT_SESSION_POLICY;
}

/** Cookie attributes: HTTP-only, SameSite=Strict, Secure whenever the service is served over HTTPS. */
export function cookieOptions(deps: ApiDeps, maxAgeMs?: number) {
  return {
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: deps.config.PUBLIC_URL.startsWith('https:'),
    path: '/',
    overwrite: true,
    ...(maxAgeMs !== undefined && { maxAge: maxAgeMs }),
  };
}

/**
 * The live session behind the request's cookie, if any: not revoked, not idle past the timeout,
 * not past its absolute end, its operator still active. Sliding: each use moves the idle clock.
 */
export async function loadSession(
  deps: ApiDeps & { sessionPolicy?: SessionPolicy },
  ctx: Context,
): Promise<AdminState | null> {
  const token = ctx.cookies.get(SESSION_COOKIE);
  if (!token) return null;
  const em = deps.orm.em.fork() as EntityManager;
  const at = now(deps);
  const live = await findLiveSession(em, token, at, sessionPolicy(deps));
  if (!live) {
    ctx.cookies.set(SESSION_COOKIE, '', cookieOptions(deps, 0));
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
