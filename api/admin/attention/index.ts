import type Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { attentionJsonRoutes } from './api.js';

/** Payments flagged for finance: the queue, refunding their parked money, or resolving them. */
export function attentionApi(deps: RouteDeps): Router {
  return attentionJsonRoutes(deps);
}
