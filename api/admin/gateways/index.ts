import type Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { gatewaysJsonRoutes } from './api.js';
import { gatewaysPageRoutes } from './pages.js';

/**
 * Gateways per app and mode: which are on, whose credentials each uses (the app's own, sealed at
 * rest, or the service-wide settings), and the operator's changes to them (LIVE ones after a
 * fresh password).
 */

/** Admin JSON API routes of this area, mounted under /api/v1/admin behind the operator session. */
export function gatewaysApi(deps: RouteDeps): Router {
  return gatewaysJsonRoutes(deps);
}

/** Dashboard pages of this area, mounted under /admin behind the page session. */
export function gatewaysPages(deps: RouteDeps): Router {
  return gatewaysPageRoutes(deps);
}
