import type Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { searchJsonRoutes } from './api.js';
import { searchPageRoutes } from './pages.js';

/** The one search box: payments, refunds, payouts, invoices and settlement lines by what names them. */
export function searchApi(deps: RouteDeps): Router {
  return searchJsonRoutes(deps);
}

/** The search results page, mounted under /admin behind the page session. */
export function searchPages(deps: RouteDeps): Router {
  return searchPageRoutes(deps);
}
