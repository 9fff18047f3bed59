import Router from '@koa/router';
import { ApiError } from '../../../domain/errors.js';
import { MODES } from '../../../domain/mode.js';
import type { RouteDeps } from '../../deps.js';
import { sendData, sendList } from '../../envelope.js';
import { readJson } from '../../middleware/body.js';
import { parseWith } from '../../validation.js';
import { auditActor, requirePermission, type AdminState } from '../session.js';
import {
  adminRefundsQuery,
  approvalPolicyBody,
  confirmationBody,
  decisionBody,
  operatorRefundBody,
} from './schemas.js';
import {
  approvalPolicies,
  changeApprovalPolicy,
  confirmRefund,
  decideRefund,
  operatorRefund,
  refundDetail,
  refundList,
} from './service.js';

const appIdOf = (raw: string | undefined) => {
  const id = /^\d{1,15}$/.test(raw ?? '') ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id) || id < 1) throw new ApiError('APP_NOT_FOUND');
  return id;
};

const modeOf = (raw: string | undefined) => {
  const mode = MODES.find((m) => m === raw);
  if (!mode)
    throw new ApiError('VALIDATION_ERROR', 'mode must be TEST or LIVE', [
      { field: 'mode', message: 'TEST or LIVE' },
    ]);
  return mode;
};

/** /api/v1/admin/refunds and friends: the approval queue, decisions, operators' refunds, policies. */
export function refundsJsonRoutes(deps: RouteDeps): Router {
  const router = new Router();

  router.get('/refunds', requirePermission(deps, 'payments.read'), async (ctx) => {
    const query = parseWith(adminRefundsQuery, ctx.query);
    const result = await refundList(deps, query);
    sendList(ctx, { items: result.items }, { page: query.page, size: query.size, totalItems: result.total });
  });

  router.get('/refunds/:id', requirePermission(deps, 'payments.read'), async (ctx) => {
    sendData(ctx, 200, await refundDetail(deps, ctx.params.id!));
  });

  for (const [verb, approve] of [
    ['approve', true],
    ['reject', false],
  ] as const) {
    router.post(`/refunds/:id/${verb}`, requirePermission(deps, 'refunds.approve'), async (ctx) => {
      const body = parseWith(decisionBody, await readJson(ctx));
      const admin = ctx.state.admin as AdminState;
      sendData(
        ctx,
        200,
        await decideRefund(deps, admin, ctx.ip || null, ctx.params.id!, approve, body.comment ?? null),
      );
    });
  }

  router.post('/refunds/:id/confirm', requirePermission(deps, 'refunds.confirm'), async (ctx) => {
    const body = parseWith(confirmationBody, await readJson(ctx));
    const admin = ctx.state.admin as AdminState;
    sendData(ctx, 200, await confirmRefund(deps, admin, ctx.ip || null, ctx.params.id!, body));
  });

  router.post('/payments/:id/refunds', requirePermission(deps, 'refunds.create'), async (ctx) => {
    const body = parseWith(operatorRefundBody, await readJson(ctx));
    sendData(
      ctx,
      201,
      await operatorRefund(deps, ctx.state.admin as AdminState, auditActor(ctx), ctx.params.id!, body),
    );
  });

  router.get('/apps/:id/refund-approval', requirePermission(deps, 'apps.read'), async (ctx) => {
    sendData(ctx, 200, await approvalPolicies(deps, appIdOf(ctx.params.id)));
  });

  router.put('/apps/:id/refund-approval/:mode', requirePermission(deps, 'refunds.policy'), async (ctx) => {
    const appId = appIdOf(ctx.params.id);
    const mode = modeOf(ctx.params.mode);
    const body = parseWith(approvalPolicyBody, await readJson(ctx));
    sendData(ctx, 200, await changeApprovalPolicy(deps, auditActor(ctx), appId, mode, body));
  });

  return router;
}
