import type Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { receiptsJsonRoutes } from './api.js';
import { receiptsPageRoutes } from './pages.js';

/**
 * Money customers paid outside any gateway (bank transfer, cash, cheque): finance records it
 * against the payment, a second operator approves it when the app asks for two, and the payment's
 * workflow applies it like any gateway's confirmation.
 */

/** Admin JSON API routes of this area, mounted under /api/v1/admin behind the operator session. */
export function receiptsApi(deps: RouteDeps): Router {
  return receiptsJsonRoutes(deps);
}

/** Dashboard pages of this area, mounted under /admin behind the page session. */
export function receiptsPages(deps: RouteDeps): Router {
  return receiptsPageRoutes(deps);
}
