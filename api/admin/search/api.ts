import Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { sendData } from '../../envelope.js';
import { parseWith } from '../../validation.js';
import { requirePermission, type AdminState } from '../session.js';
import { searchQuery } from './schemas.js';
import { search, searchResultView } from './service.js';

/** GET /api/v1/admin/search?q=: the dashboard's search box as JSON, for the kinds the role may read. */
export function searchJsonRoutes(deps: RouteDeps): Router {
  const router = new Router();
  router.get('/search', requirePermission(deps, 'dashboard.read'), async (ctx) => {
    const { q } = parseWith(searchQuery, ctx.query);
    const { operator } = ctx.state.admin as AdminState;
    sendData(ctx, 200, searchResultView(await search(deps, operator.role, q)));
  });
  return router;
}
