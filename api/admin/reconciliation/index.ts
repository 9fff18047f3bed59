import type Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { reconciliationJsonRoutes } from './api.js';
import { reconciliationPageRoutes } from './pages.js';

/** Settlement reconciliation for finance: days per gateway and mode, exceptions, lines, cash. */
export function reconciliationApi(deps: RouteDeps): Router {
  return reconciliationJsonRoutes(deps);
}

/** Dashboard pages of this area, mounted under /admin behind the page session. */
export function reconciliationPages(deps: RouteDeps): Router {
  return reconciliationPageRoutes(deps);
}
