import Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { sendData, sendList } from '../../envelope.js';
import { readJson } from '../../middleware/body.js';
import { parseWith } from '../../validation.js';
import { auditActor, requirePermission, type AdminState } from '../session.js';
import { attentionQuery, attentionRefundBody, attentionResolveBody } from './schemas.js';
import { attentionItem, attentionList, refundFlagged, resolveFlagged } from './service.js';

/** /api/v1/admin/attention and the two ways out of it for a flagged payment. */
export function attentionJsonRoutes(deps: RouteDeps): Router {
  const router = new Router();

  router.get('/attention', requirePermission(deps, 'payments.read'), async (ctx) => {
    const query = parseWith(attentionQuery, ctx.query);
    const result = await attentionList(deps, query);
    sendList(ctx, { items: result.items }, { page: query.page, size: query.size, totalItems: result.total });
  });

  router.get('/payments/:id/attention', requirePermission(deps, 'payments.read'), async (ctx) => {
    sendData(ctx, 200, await attentionItem(deps, ctx.params.id!));
  });

  router.post('/payments/:id/attention/refund', requirePermission(deps, 'refunds.create'), async (ctx) => {
    const body = parseWith(attentionRefundBody, await readJson(ctx));
    const admin = ctx.state.admin as AdminState;
    sendData(ctx, 200, await refundFlagged(deps, admin, auditActor(ctx), ctx.params.id!, body.note));
  });

  router.post(
    '/payments/:id/attention/resolve',
    requirePermission(deps, 'attention.resolve'),
    async (ctx) => {
      const body = parseWith(attentionResolveBody, await readJson(ctx));
      sendData(
        ctx,
        200,
        await resolveFlagged(deps, auditActor(ctx), ctx.params.id!, body.resolution, body.note),
      );
    },
  );

  return router;
}
