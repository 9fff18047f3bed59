import type Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { gatewayHealthJsonRoutes } from './api.js';
import { gatewayHealthPageRoutes } from './pages.js';

/** Each gateway's health per mode, and the maintenance windows operators enter. */

/** Admin JSON API routes of this area, mounted under /api/v1/admin behind the operator session. */
export function gatewayHealthApi(deps: RouteDeps): Router {
  return gatewayHealthJsonRoutes(deps);
}

/** Dashboard pages of this area, mounted under /admin behind the page session. */
export function gatewayHealthPages(deps: RouteDeps): Router {
  return gatewayHealthPageRoutes(deps);
}
