import type Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { reportsJsonRoutes } from './api.js';
import { reportsPageRoutes } from './pages.js';

/** Reports: runs of payments, refunds, payouts, settlement days, the journal and statements; their schedules. */
export function reportsApi(deps: RouteDeps): Router {
  return reportsJsonRoutes(deps);
}

/** Dashboard pages of this area, mounted under /admin behind the page session. */
export function reportsPages(deps: RouteDeps): Router {
  return reportsPageRoutes(deps);
}
