import type Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { feesJsonRoutes } from './api.js';
import { feesPageRoutes } from './pages.js';

/** Gateway fee schedules and the bank accounts gateways settle to. */
export function feesApi(deps: RouteDeps): Router {
  return feesJsonRoutes(deps);
}

/** Dashboard pages of this area, mounted under /admin behind the page session. */
export function feesPages(deps: RouteDeps): Router {
  return feesPageRoutes(deps);
}
