import Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { sendData, sendList } from '../../envelope.js';
import { readJson } from '../../middleware/body.js';
import { parseWith } from '../../validation.js';
import { auditActor, requirePermission, type AdminState } from '../session.js';
import { adminRefundsQuery, confirmationBody, decisionBody, operatorRefundBody } from './schemas.js';
import { confirmRefund, decideRefund, operatorRefund, refundDetail, refundList } from './service.js';

/** /api/v1/admin/refunds and friends: the approval queue, decisions, operators' refunds. */
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

  return router;
}
