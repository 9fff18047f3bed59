import Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { sendList } from '../../envelope.js';
import { parseWith } from '../../validation.js';
import { requirePermission } from '../session.js';
import { emailLogQuery } from './schemas.js';
import { emailLog } from './service.js';

/** /api/v1/admin/emails: the log of customers' emails, newest first. */
export function emailsJsonRoutes(deps: RouteDeps): Router {
  const router = new Router();

  router.get('/emails', requirePermission(deps, 'emails.read'), async (ctx) => {
    const query = parseWith(emailLogQuery, ctx.query);
    const result = await emailLog(deps, query);
    sendList(ctx, { items: result.items }, { page: query.page, size: query.size, totalItems: result.total });
  });

  return router;
}
