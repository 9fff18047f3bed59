import type Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { ledgerJsonRoutes } from './api.js';
import { ledgerPageRoutes } from './pages.js';

/** The ledger for finance: chart of accounts with balances, statements, the journal, verification. */
export function ledgerApi(deps: RouteDeps): Router {
  return ledgerJsonRoutes(deps);
}

/** Dashboard pages of this area, mounted under /admin behind the page session. */
export function ledgerPages(deps: RouteDeps): Router {
  return ledgerPageRoutes(deps);
}
