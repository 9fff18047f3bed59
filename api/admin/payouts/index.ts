import type Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { payoutsJsonRoutes } from './api.js';
import { payoutsPageRoutes } from './pages.js';

/** Payouts across apps: the approval queue and its decisions, the rails' balances, queues and switches. */
export function payoutsApi(deps: RouteDeps): Router {
  return payoutsJsonRoutes(deps);
}

/** The money-out page: balances, switches and queues per rail, and the payouts waiting for approval. */
export function payoutsPages(deps: RouteDeps): Router {
  return payoutsPageRoutes(deps);
}
