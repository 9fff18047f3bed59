import Router from '@koa/router';
import { ApiError } from '../../../domain/shared/errors.js';
import { encodeTextCursor } from '../../../domain/shared/list-cursor.js';
import type { RouteDeps } from '../../deps.js';
import { sendData, sendList } from '../../envelope.js';
import { parseWith } from '../../validation.js';
import { auditActor, requirePermission, type AdminState } from '../session.js';
import { adminEventsQuery, adminPaymentsQuery, eventIdParam } from './queries.js';
import { eventList, paymentDetail, paymentList, resendEvent } from './service.js';

/** /api/v1/admin/payments and /api/v1/admin/webhooks: payments and deliveries across apps. */
export function paymentsJsonRoutes(deps: RouteDeps): Router {
  const router = new Router();

  router.get('/payments', requirePermission(deps, 'payments.read'), async (ctx) => {
    const query = parseWith(adminPaymentsQuery, ctx.query);
    const result = await paymentList(deps, query);
    sendList(
      ctx,
      { items: result.items, summary: result.summary },
      { page: query.page, size: query.size, totalItems: result.total },
    );
  });

  router.get('/payments/:idOrReference', requirePermission(deps, 'payments.read'), async (ctx) => {
    sendData(ctx, 200, await paymentDetail(deps, ctx.state.admin as AdminState, ctx.params.idOrReference!));
  });

  router.get('/webhooks/events', requirePermission(deps, 'webhooks.read'), async (ctx) => {
    const query = parseWith(adminEventsQuery, ctx.query);
    const result = await eventList(deps, query);
    sendList(
      ctx,
      { items: result.items },
      {
        page: query.page,
        size: query.size,
        totalItems: result.total,
        nextCursor: result.lastId === null ? null : encodeTextCursor(result.lastId),
      },
    );
  });

  router.post('/webhooks/events/:eventId/resend', requirePermission(deps, 'webhooks.resend'), async (ctx) => {
    const eventId = eventIdParam.safeParse(ctx.params.eventId);
    if (!eventId.success) throw new ApiError('EVENT_NOT_FOUND');
    sendData(ctx, 202, await resendEvent(deps, auditActor(ctx), eventId.data));
  });

  return router;
}
