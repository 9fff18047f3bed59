import type Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { requestLogJsonRoutes } from './api.js';
import { requestLogPageRoutes } from './pages.js';

/**
 * The request log: each app's API requests of the last week, as the app itself reads them
 * (GET /api/v1/request-log), for every app an operator may see.
 */

/** Admin JSON API routes of this area, mounted under /api/v1/admin behind the operator session. */
export function requestLogApi(deps: RouteDeps): Router {
  return requestLogJsonRoutes(deps);
}

/** Dashboard pages of this area, mounted under /admin behind the page session. */
export function requestLogPages(deps: RouteDeps): Router {
  return requestLogPageRoutes(deps);
}
