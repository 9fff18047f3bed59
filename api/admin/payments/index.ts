import type Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { paymentsJsonRoutes } from './api.js';
import { paymentsPageRoutes } from './pages.js';

/**
 * Payments and webhook deliveries across apps: browse and filter payments, open one (timeline,
 * gateway callbacks, ledger, deliveries, its workflow in the Temporal UI), and resend an event.
 */

/** Admin JSON API routes of this area, mounted under /api/v1/admin behind the operator session. */
export function paymentsApi(deps: RouteDeps): Router {
  return paymentsJsonRoutes(deps);
}

/** Dashboard pages of this area, mounted under /admin behind the page session. */
export function paymentsPages(deps: RouteDeps): Router {
  return paymentsPageRoutes(deps);
}
