import Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { sendData } from '../../envelope.js';
import { readJson } from '../../middleware/body.js';
import { parseWith } from '../../validation.js';
import { pathId, pathMode } from '../apps/schemas.js';
import { auditActor, requirePermission, type AdminState } from '../session.js';
import { gatewaySettingsBody } from './schemas.js';
import {
  appGatewayState,
  appGatewayStates,
  assertStepUpFor,
  clearAppGatewayOwnCredentials,
  gatewayModuleOr404,
  updateAppGateway,
} from './service.js';

/**
 * /api/v1/admin/apps/{id}/gateways…: each gateway's state for an app per mode, and the operator's
 * settings (on/off, the app's own credentials). Secrets go in, never out: answers show them masked.
 */
export function gatewaysJsonRoutes(deps: RouteDeps): Router {
  const router = new Router();

  const target = (params: Record<string, string | undefined>) => ({
    appId: pathId(params.id, 'APP_NOT_FOUND'),
    mode: pathMode(params.mode),
    module: gatewayModuleOr404(params.gateway),
  });

  router.get('/apps/:id/gateways', requirePermission(deps, 'apps.read'), async (ctx) => {
    sendData(ctx, 200, await appGatewayStates(deps, pathId(ctx.params.id, 'APP_NOT_FOUND')));
  });

  router.get('/apps/:id/gateways/:mode/:gateway', requirePermission(deps, 'apps.read'), async (ctx) => {
    const { appId, mode, module } = target(ctx.params);
    sendData(ctx, 200, await appGatewayState(deps, appId, mode, module));
  });

  router.put('/apps/:id/gateways/:mode/:gateway', requirePermission(deps, 'gateways.manage'), async (ctx) => {
    const admin = ctx.state.admin as AdminState;
    const where = target(ctx.params);
    assertStepUpFor(deps, admin, where.mode);
    const body = parseWith(gatewaySettingsBody, await readJson(ctx));
    sendData(ctx, 200, await updateAppGateway(deps, admin, auditActor(ctx), where, body));
  });

  router.delete(
    '/apps/:id/gateways/:mode/:gateway/credentials',
    requirePermission(deps, 'gateways.manage'),
    async (ctx) => {
      const admin = ctx.state.admin as AdminState;
      sendData(
        ctx,
        200,
        await clearAppGatewayOwnCredentials(deps, admin, auditActor(ctx), target(ctx.params)),
      );
    },
  );

  return router;
}
