import Router from '@koa/router';
import { rateLimit } from '../../middleware/rate-limit.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { appendAudit } from '../../../db/audit.js';
import { markStepUp, revokeSession } from '../../../db/operators.js';
import { ApiError } from '../../../domain/errors.js';
import { verifyPassword } from '../../../domain/passwords.js';
import { passwordWork, signIn, signInFields } from '../sign-in.js';
import { stepUpFailed } from '../step-up.js';
import { STEP_UP_WINDOW_MS } from '../../../domain/permissions.js';
import type { ApiDeps } from '../../deps.js';
import { sendData } from '../../envelope.js';
import { readJson } from '../../middleware/body.js';
import { parseWith } from '../../validation.js';
import {
  SESSION_COOKIE,
  assertSameOrigin,
  auditActor,
  cookieOptions,
  now,
  requireCsrf,
  requireSession,
  type AdminState,
} from '../session.js';

const stepUpBody = z.strictObject({ password: z.string().min(1).max(1024) });

function operatorView(admin: AdminState) {
  const { operator, session } = admin;
  return {
    operator: { id: operator.id, email: operator.email, role: operator.role },
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt.toISOString(),
    stepUpValidUntil: session.stepUpAt
      ? new Date(session.stepUpAt.getTime() + STEP_UP_WINDOW_MS).toISOString()
      : null,
  };
}

/** /api/v1/admin/session: sign in, who am I, step-up, sign out. */
export function sessionRoutes(deps: ApiDeps): Router {
  const router = new Router();
  const em = () => deps.orm.em.fork() as EntityManager;

  const limited = rateLimit(deps, { name: 'sign-in', perMinute: deps.config.RATE_LIMIT_SIGN_IN_PER_MINUTE });
  router.post('/session', limited, async (ctx) => {
    assertSameOrigin(ctx, deps);
    const { email, password } = parseWith(signInFields, await readJson(ctx));
    const admin = await signIn(deps, ctx, email, password);
    sendData(ctx, 201, operatorView(admin));
  });

  const authenticated = new Router();
  authenticated.use(requireSession(deps), requireCsrf(deps));

  authenticated.get('/session', (ctx) => sendData(ctx, 200, operatorView(ctx.state.admin as AdminState)));

  authenticated.post('/session/step-up', async (ctx) => {
    const { password } = parseWith(stepUpBody, await readJson(ctx));
    const admin = ctx.state.admin as AdminState;
    const db = em();
    if (!(await passwordWork.run(() => verifyPassword(admin.operator.passwordHash, password)))) {
      if (await stepUpFailed(deps, db, ctx, admin)) {
        ctx.cookies.set(SESSION_COOKIE, '', cookieOptions(deps, 0));
        throw new ApiError('AUTHENTICATION_REQUIRED', 'Too many wrong passwords: the session has ended');
      }
      throw new ApiError('INVALID_LOGIN', 'The password is not correct');
    }
    const at = now(deps);
    await markStepUp(db, admin.session.id, at);
    admin.session.stepUpAt = at;
    await appendAudit(db, auditActor(ctx), {
      action: 'operator.step_up',
      targetType: 'operator',
      targetId: admin.operator.id,
    });
    sendData(ctx, 200, operatorView(admin));
  });

  authenticated.delete('/session', async (ctx) => {
    const admin = ctx.state.admin as AdminState;
    const db = em();
    await revokeSession(db, admin.session.id, now(deps));
    ctx.cookies.set(SESSION_COOKIE, '', cookieOptions(deps, 0));
    await appendAudit(db, auditActor(ctx), {
      action: 'operator.logout',
      targetType: 'operator',
      targetId: admin.operator.id,
    });
    sendData(ctx, 200, { signedOut: true });
  });

  router.use(authenticated.routes());
  return router;
}
