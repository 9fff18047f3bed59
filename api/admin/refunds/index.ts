import type Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { refundsJsonRoutes } from './api.js';
import { refundsPageRoutes } from './pages.js';

/**
 * Refunds across apps: the approval queue and its decisions, and refunds operators ask for. Each
 * app's approval policy is one of its controls (../controls).
 */

/** Admin JSON API routes of this area, mounted under /api/v1/admin behind the operator session. */
export function refundsApi(deps: RouteDeps): Router {
  return refundsJsonRoutes(deps);
}

/** Dashboard pages of this area, mounted under /admin behind the page session. */
export function refundsPages(deps: RouteDeps): Router {
  return refundsPageRoutes(deps);
}
