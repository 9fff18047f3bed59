import Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { sendData, sendList } from '../../envelope.js';
import { readJson } from '../../middleware/body.js';
import { parseWith } from '../../validation.js';
import { auditActor, requirePermission, type AdminState } from '../session.js';
import {
  attentionDecisionBody,
  attentionQuery,
  attentionRefundBody,
  attentionResolveBody,
} from './schemas.js';
import {
  attentionItem,
  attentionList,
  decideAttentionRequest,
  refundFlagged,
  resolveFlagged,
} from './service.js';

/**
 * /api/v1/admin/attention and the ways out of it for a flagged payment. Refunding or applying
 * parked money answers 202: the refund waits for its approver, the application for a second
 * operator's decision on its request.
 */
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

  router.post('/payments/:id/attention/refund', requirePermission(deps, 'attention.resolve'), async (ctx) => {
    const body = parseWith(attentionRefundBody, await readJson(ctx));
    const admin = ctx.state.admin as AdminState;
    sendData(ctx, 202, await refundFlagged(deps, admin, auditActor(ctx), ctx.params.id!, body.note));
  });

  router.post(
    '/payments/:id/attention/resolve',
    requirePermission(deps, 'attention.resolve'),
    async (ctx) => {
      const body = parseWith(attentionResolveBody, await readJson(ctx));
      const admin = ctx.state.admin as AdminState;
      sendData(
        ctx,
        body.resolution === 'APPLY' ? 202 : 200,
        await resolveFlagged(deps, admin, auditActor(ctx), ctx.params.id!, body.resolution, body.note),
      );
    },
  );

  for (const [verb, decision, action] of [
    ['approve', 'APPROVE', 'attention.resolve'],
    ['reject', 'REJECT', 'attention.resolve'],
    // Withdrawing only cancels a request; the rule lets nobody but its proposer do it.
    ['withdraw', 'WITHDRAW', 'payments.read'],
  ] as const) {
    router.post(
      `/payments/:id/attention/requests/:requestId/${verb}`,
      requirePermission(deps, action),
      async (ctx) => {
        const body = parseWith(attentionDecisionBody, await readJson(ctx));
        sendData(
          ctx,
          200,
          await decideAttentionRequest(
            deps,
            ctx.state.admin as AdminState,
            auditActor(ctx),
            ctx.params.id!,
            ctx.params.requestId!,
            decision,
            body.comment ?? null,
          ),
        );
      },
    );
  }

  return router;
}
