import Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { sendList } from '../../envelope.js';
import { requirePermission, type AdminState } from '../session.js';
import { approvalsQueue } from './service.js';

/**
 * /api/v1/admin/approvals: everything waiting for a second person that the signed-in operator may
 * decide or asked for, oldest first, each saying whether they may decide it and, if not, why.
 * Deciding stays at each act's own route (`approve` in each item), which judges it again.
 */
export function approvalsJsonRoutes(deps: RouteDeps): Router {
  const router = new Router();
  router.get('/approvals', requirePermission(deps, 'dashboard.read'), async (ctx) => {
    const { operator } = ctx.state.admin as AdminState;
    const items = await approvalsQueue(deps, { operatorId: operator.id, role: operator.role });
    sendList(ctx, { items }, { page: 1, size: Math.max(items.length, 1), totalItems: items.length });
  });
  return router;
}
