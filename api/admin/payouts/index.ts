import type Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { payoutsJsonRoutes } from './api.js';

/** Payouts across apps: the approval queue and its decisions, the rails' balances and queues. */
export function payoutsApi(deps: RouteDeps): Router {
  return payoutsJsonRoutes(deps);
}
