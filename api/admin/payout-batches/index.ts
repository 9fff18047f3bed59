import type Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { payoutBatchesJsonRoutes } from './api.js';
import { payoutBatchesPageRoutes } from './pages.js';

/** Payout batches: an operator's CSV upload, another operator's approval, the cancel window, progress. */
export function payoutBatchesApi(deps: RouteDeps): Router {
  return payoutBatchesJsonRoutes(deps);
}

export function payoutBatchesPages(deps: RouteDeps): Router {
  return payoutBatchesPageRoutes(deps);
}
