import type Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { settlementsJsonRoutes } from './api.js';
import { settlementsPageRoutes } from './pages.js';

/**
 * Settlement reports in: finance uploads what each gateway says it paid out; its lines are stored
 * once each and each settlement day's reconciliation starts or matches again.
 */

/** Admin JSON API routes of this area, mounted under /api/v1/admin behind the operator session. */
export function settlementsApi(deps: RouteDeps): Router {
  return settlementsJsonRoutes(deps);
}

/** Dashboard pages of this area, mounted under /admin behind the page session. */
export function settlementsPages(deps: RouteDeps): Router {
  return settlementsPageRoutes(deps);
}
