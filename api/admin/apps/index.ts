import type Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { appsJsonRoutes } from './api.js';
import { appsPageRoutes } from './pages.js';

/** Admin JSON API routes of this area, mounted under /api/v1/admin behind the operator session. */
export function appsApi(deps: RouteDeps): Router {
  return appsJsonRoutes(deps);
}

/** Dashboard pages of this area, mounted under /admin behind the page session. */
export function appsPages(deps: RouteDeps): Router {
  return appsPageRoutes(deps);
}
