import Router from '@koa/router';
import type { EntityManager } from '@mikro-orm/postgresql';
import { findRequestLogEntry, listRequestLog } from '../../db/apps/request-log.js';
import type { AppScope } from '../../db/payments/payments.js';
import { requestLogCutoff } from '../../domain/apps/request-log.js';
import { ApiError } from '../../domain/shared/errors.js';
import { encodeCursor } from '../../domain/shared/list-cursor.js';
import { currentTime, type RouteDeps } from '../deps.js';
import { sendData, sendList } from '../envelope.js';
import { parseWith } from '../validation.js';
import { listRequestLogQuery, requestIdParam } from './request-log-schemas.js';
import { requestLogEntryView } from './request-log-view.js';

/**
 * /api/v1/request-log: the app's own API requests in its credential's mode over the last week,
 * newest first, with redacted bodies: what it sent, what it was answered.
 */
export function requestLogRoutes(deps: RouteDeps): Router {
  const router = new Router();
  const em = () => deps.orm.em.fork() as EntityManager;
  const visibleFrom = () => requestLogCutoff(currentTime(deps));

  router.get('/request-log', async (ctx) => {
    const query = parseWith(listRequestLogQuery, ctx.query);
    const scope = ctx.state.scope as AppScope;
    const result = await listRequestLog(
      em(),
      {
        appId: scope.appId,
        mode: scope.mode,
        status: query.status,
        method: query.method,
        pathPrefix: query.path,
        requestId: query.requestId,
        idempotencyKey: query.idempotencyKey,
        since: query.since,
        until: query.until,
        page: query.page,
        size: query.size,
        after: query.after,
      },
      visibleFrom(),
    );
    sendList(
      ctx,
      { items: result.items.map(requestLogEntryView) },
      {
        page: query.page,
        size: query.size,
        totalItems: result.total,
        nextCursor: result.lastId === null ? null : encodeCursor(result.lastId),
      },
    );
  });

  router.get('/request-log/:requestId', async (ctx) => {
    const requestId = requestIdParam.safeParse(ctx.params.requestId);
    // Another app's or mode's request, or one past the week, is as absent as one never made.
    const entry = requestId.success
      ? await findRequestLogEntry(em(), ctx.state.scope as AppScope, requestId.data, visibleFrom())
      : null;
    if (!entry) throw new ApiError('REQUEST_NOT_FOUND');
    sendData(ctx, 200, requestLogEntryView(entry));
  });

  return router;
}
