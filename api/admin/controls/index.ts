import type Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { controlsJsonRoutes } from './api.js';
import { controlsPageRoutes } from './pages.js';

/**
 * Each app's money controls (refund approval policy, receipt approvals) and the queue of
 * proposals to loosen them, which an ADMIN other than the proposer decides.
 */

/** Admin JSON API routes of this area, mounted under /api/v1/admin behind the operator session. */
export function controlsApi(deps: RouteDeps): Router {
  return controlsJsonRoutes(deps);
}

/** Dashboard pages of this area, mounted under /admin behind the page session. */
export function controlsPages(deps: RouteDeps): Router {
  return controlsPageRoutes(deps);
}
