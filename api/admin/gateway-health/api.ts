import Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { sendData, sendList } from '../../envelope.js';
import { readJson } from '../../middleware/body.js';
import { parseWith } from '../../validation.js';
import { auditActor, requirePermission } from '../session.js';
import { maintenanceWindowBody } from './schemas.js';
import {
  cancelMaintenance,
  enterMaintenanceWindow,
  healthOverview,
  maintenanceWindowId,
  maintenanceWindows,
} from './service.js';

/**
 * /api/v1/admin/gateway-health and /api/v1/admin/maintenance-windows: every operator reads the
 * gateways' health and the windows; entering or cancelling a window is `gateways.manage`, audited.
 */
export function gatewayHealthJsonRoutes(deps: RouteDeps): Router {
  const router = new Router();
  const reads = requirePermission(deps, 'dashboard.read');
  const manages = requirePermission(deps, 'gateways.manage');

  router.get('/gateway-health', reads, async (ctx) => {
    sendData(ctx, 200, await healthOverview(deps));
  });

  router.get('/maintenance-windows', reads, async (ctx) => {
    const items = await maintenanceWindows(deps);
    sendList(ctx, { items }, { page: 1, size: Math.max(items.length, 1), totalItems: items.length });
  });

  router.post('/maintenance-windows', manages, async (ctx) => {
    const body = parseWith(maintenanceWindowBody, await readJson(ctx));
    sendData(ctx, 201, await enterMaintenanceWindow(deps, auditActor(ctx), body));
  });

  router.post('/maintenance-windows/:id/cancel', manages, async (ctx) => {
    const id = maintenanceWindowId(ctx.params.id);
    sendData(ctx, 200, await cancelMaintenance(deps, auditActor(ctx), id));
  });

  return router;
}
