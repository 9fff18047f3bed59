import Router from '@koa/router';
import { z } from 'zod';
import type { ApiDeps } from '../../deps.js';
import { sendData } from '../../envelope.js';
import { readJson } from '../../middleware/body.js';
import { parseWith } from '../../validation.js';
import { operatorIdParam } from '../oversight/schemas.js';
import { proposerOf } from '../people/api.js';
import { proposeReset } from '../people/service.js';
import { ApiError } from '../../../domain/shared/errors.js';
import {
  clearSessionCookie,
  requireEnrolledWhereRequired,
  requirePermission,
  type AdminState,
} from '../session.js';
import { changeOwnPassword, finishEnrolment, secondFactorStatus, startEnrolment } from './service.js';

const codeBody = z.strictObject({ code: z.string().trim().min(1).max(64) });
const passwordChangeBody = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(1).max(1024),
});

/**
 * /api/v1/admin/account: one's own second factor and password, reachable while enrolment is owed;
 * and an administrator's second-factor reset and password reset for another operator.
 */
export function accountApi(deps: ApiDeps): Router {
  const router = new Router();
  const admin = (ctx: { state: Record<string, unknown> }) => ctx.state.admin as AdminState;

  router.get('/account/second-factor', async (ctx) => {
    sendData(ctx, 200, await secondFactorStatus(deps, admin(ctx)));
  });

  router.post('/account/second-factor/enrolment', async (ctx) => {
    sendData(ctx, 201, await startEnrolment(deps, admin(ctx)));
  });

  router.post('/account/second-factor/confirm', async (ctx) => {
    const { code } = parseWith(codeBody, await readJson(ctx));
    sendData(ctx, 200, await finishEnrolment(deps, ctx, admin(ctx), code));
  });

  router.post('/account/password', async (ctx) => {
    const body = parseWith(passwordChangeBody, await readJson(ctx));
    const changed = await changeOwnPassword(deps, ctx, admin(ctx), body);
    if (changed.sessionEnded) {
      clearSessionCookie(deps, ctx);
      throw new ApiError('AUTHENTICATION_REQUIRED', 'Too many wrong passwords: the session has ended');
    }
    sendData(ctx, 200, { passwordChanged: true, otherSessionsEnded: changed.sessionsEnded });
  });

  router.post(
    '/operators/:id/second-factor/reset',
    requireEnrolledWhereRequired(deps),
    requirePermission(deps, 'operators.manage'),
    async (ctx) => {
      const id = parseWith(operatorIdParam, ctx.params.id);
      sendData(ctx, 202, await proposeReset(deps, proposerOf(ctx), { id, kind: 'RESET_SECOND_FACTOR' }));
    },
  );

  const manage = [requireEnrolledWhereRequired(deps), requirePermission(deps, 'operators.manage')];
  router.post('/operators/:id/password-reset', ...manage, async (ctx) => {
    const id = parseWith(operatorIdParam, ctx.params.id);
    sendData(ctx, 202, await proposeReset(deps, proposerOf(ctx), { id, kind: 'RESET_PASSWORD' }));
  });

  return router;
}
