import type Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { approvalsJsonRoutes } from './api.js';
import { approvalsPageRoutes } from './pages.js';

/** The approvals queue: every act waiting for a second person, judged for the operator reading it. */

/** Admin JSON API routes of this area, mounted under /api/v1/admin behind the operator session. */
export function approvalsApi(deps: RouteDeps): Router {
  return approvalsJsonRoutes(deps);
}

/** Dashboard pages of this area, mounted under /admin behind the page session. */
export function approvalsPages(deps: RouteDeps): Router {
  return approvalsPageRoutes(deps);
}
