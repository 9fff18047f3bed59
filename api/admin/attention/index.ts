import type Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { attentionJsonRoutes } from './api.js';
import { attentionPageRoutes } from './pages.js';

/** Payments flagged for finance: the queue, refunding their parked money, or resolving them. */
export function attentionApi(deps: RouteDeps): Router {
  return attentionJsonRoutes(deps);
}

/** Dashboard pages of this area, mounted under /admin behind the page session. */
export function attentionPages(deps: RouteDeps): Router {
  return attentionPageRoutes(deps);
}
