import type Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { ledgerJsonRoutes } from './api.js';

/** The ledger for finance: chart of accounts with balances, statements, the journal, verification. */
export function ledgerApi(deps: RouteDeps): Router {
  return ledgerJsonRoutes(deps);
}
