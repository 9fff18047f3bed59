import Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';

/** Admin JSON API routes of this area, mounted under /api/v1/admin behind the operator session. */
export function paymentsApi(_deps: RouteDeps): Router {
  return new Router();
}

/** Dashboard pages of this area, mounted under /admin behind the page session. */
export function paymentsPages(_deps: RouteDeps): Router {
  return new Router();
}
