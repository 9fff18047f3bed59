import Router from '@koa/router';
import { rateLimit } from '../../middleware/rate-limit.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { appendAudit } from '../../../db/operators/audit.js';
import { completePasswordReset } from '../../../db/operators/operator-passwords.js';
import { revokeSession } from '../../../db/operators/operators.js';
import { ApiError } from '../../../domain/shared/errors.js';
import { mustEnrolFirst } from '../../../domain/operators/second-factor-policy.js';
import { completeSignIn, secondFactorFields, signIn, signInFields } from '../sign-in.js';
import { confirmStepUp, howToStepUp, stepUpAsks } from '../step-up.js';
import { STEP_UP_WINDOW_MS } from '../../../domain/operators/permissions.js';
import type { ApiDeps } from '../../deps.js';
import { sendData } from '../../envelope.js';
import { readJson } from '../../middleware/body.js';
import { parseWith } from '../../validation.js';
import {
  assertSameOrigin,
  auditActor,
  clearSessionCookie,
  now,
  requireCsrf,
  requireSession,
  type AdminState,
} from '../session.js';

const stepUpBody = z
  .strictObject({
    password: z.string().min(1).max(1024).optional(),
    code: z.string().trim().min(1).max(64).optional(),
  })
  .refine((body) => body.password !== undefined || body.code !== undefined, {
    message: 'give the code from your authenticator app (or your password, without a second factor)',
  });

const passwordResetBody = z.strictObject({
  token: z.string().min(1).max(200),
  newPassword: z.string().min(1).max(1024),
});

function operatorView(deps: ApiDeps, admin: AdminState) {
  const { operator, session } = admin;
  return {
    operator: {
      id: operator.id,
      email: operator.email,
      role: operator.role,
      secondFactor: operator.totpEnrolledAt ? 'TOTP' : null,
    },
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt.toISOString(),
    stepUpValidUntil: session.stepUpAt
      ? new Date(session.stepUpAt.getTime() + STEP_UP_WINDOW_MS).toISOString()
      : null,
    stepUpAsks: stepUpAsks(admin),
    stepUpUrl: howToStepUp(deps, admin).url,
    mustEnrolSecondFactor:
      session.secondFactorSource !== 'IDP' && mustEnrolFirst(deps.config.OPERATOR_SECOND_FACTOR, operator),
  };
}

/**
 * /api/v1/admin/session: sign in (one or two steps), who am I, step-up, sign out; and completing a
 * password reset an administrator issued.
 */
export function sessionRoutes(deps: ApiDeps): Router {
  const router = new Router();
  const em = () => deps.orm.em.fork() as EntityManager;

  const limited = rateLimit(deps, { name: 'sign-in', perMinute: deps.config.RATE_LIMIT_SIGN_IN_PER_MINUTE });
  router.post('/session', limited, async (ctx) => {
    assertSameOrigin(ctx, deps);
    const { email, password, code } = parseWith(signInFields, await readJson(ctx));
    const admin = await signIn(deps, ctx, email, password, code);
    sendData(ctx, 201, operatorView(deps, admin));
  });

  router.post('/session/second-factor', limited, async (ctx) => {
    assertSameOrigin(ctx, deps);
    const { challenge, code } = parseWith(secondFactorFields, await readJson(ctx));
    const admin = await completeSignIn(deps, ctx, challenge, code);
    sendData(ctx, 201, operatorView(deps, admin));
  });

  router.post('/password-reset', limited, async (ctx) => {
    assertSameOrigin(ctx, deps);
    const { token, newPassword } = parseWith(passwordResetBody, await readJson(ctx));
    const done = await completePasswordReset(em(), {
      token,
      password: newPassword,
      now: now(deps),
      ip: ctx.ip || null,
    });
    sendData(ctx, 200, { email: done.email, passwordChanged: true });
  });

  const authenticated = new Router();
  authenticated.use(requireSession(deps), requireCsrf(deps));

  authenticated.get('/session', (ctx) =>
    sendData(ctx, 200, operatorView(deps, ctx.state.admin as AdminState)),
  );

  authenticated.post('/session/step-up', async (ctx) => {
    const admin = ctx.state.admin as AdminState;
    // A person of the identity provider has no password here: the answer says where they go.
    if (stepUpAsks(admin) === 'IDENTITY_PROVIDER') throw new ApiError('STEP_UP_REQUIRED');
    const answer = parseWith(stepUpBody, await readJson(ctx));
    const outcome = await confirmStepUp(deps, em(), ctx, admin, answer);
    if (outcome === 'ELSEWHERE') throw new ApiError('STEP_UP_REQUIRED');
    if (outcome === 'SESSION_ENDED') {
      clearSessionCookie(deps, ctx);
      throw new ApiError('AUTHENTICATION_REQUIRED', 'Too many wrong answers: the session has ended');
    }
    if (outcome === 'MISSING') {
      throw stepUpAsks(admin) === 'CODE'
        ? new ApiError('SECOND_FACTOR_REQUIRED', 'Give the code from your authenticator app')
        : new ApiError('VALIDATION_ERROR', 'Give your password', [
            { field: 'password', message: 'required' },
          ]);
    }
    if (outcome === 'WRONG') {
      throw stepUpAsks(admin) === 'CODE'
        ? new ApiError('SECOND_FACTOR_INVALID')
        : new ApiError('INVALID_LOGIN', 'The password is not correct');
    }
    sendData(ctx, 200, operatorView(deps, admin));
  });

  authenticated.delete('/session', async (ctx) => {
    const admin = ctx.state.admin as AdminState;
    const db = em();
    await revokeSession(db, admin.session.id, now(deps));
    clearSessionCookie(deps, ctx);
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
