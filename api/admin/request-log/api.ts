import Router from '@koa/router';
import { ApiError } from '../../../domain/shared/errors.js';
import type { RouteDeps } from '../../deps.js';
import { sendData, sendList } from '../../envelope.js';
import { parseWith } from '../../validation.js';
import { requirePermission } from '../session.js';
import { adminRequestLogQuery, entryIdParam } from './schemas.js';
import { adminRequestLog, adminRequestLogEntry } from './service.js';

/**
 * /api/v1/admin/request-log: apps' API requests, newest first. Whoever may see an app
 * (`apps.read`) may see its requests: their bodies are redacted before they are stored.
 */
export function requestLogJsonRoutes(deps: RouteDeps): Router {
  const router = new Router();

  router.get('/request-log', requirePermission(deps, 'apps.read'), async (ctx) => {
    const query = parseWith(adminRequestLogQuery, ctx.query);
    const result = await adminRequestLog(deps, query);
    sendList(
      ctx,
      { items: result.items },
      { page: query.page, size: query.size, totalItems: result.total, nextCursor: result.nextCursor },
    );
  });

  router.get('/request-log/:id', requirePermission(deps, 'apps.read'), async (ctx) => {
    const id = entryIdParam.safeParse(ctx.params.id);
    const entry = id.success ? await adminRequestLogEntry(deps, id.data) : null;
    if (!entry) throw new ApiError('REQUEST_NOT_FOUND');
    sendData(ctx, 200, entry);
  });

  return router;
}
