import type Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { invoicesJsonRoutes } from './api.js';
import { invoicesPageRoutes } from './pages.js';

/**
 * Invoices across apps: the list with overdue ones first, each invoice with its installments,
 * payments, events and workflow; operators write, issue and void them.
 */

/** Admin JSON API routes of this area, mounted under /api/v1/admin behind the operator session. */
export function invoicesApi(deps: RouteDeps): Router {
  return invoicesJsonRoutes(deps);
}

/** Dashboard pages of this area, mounted under /admin behind the page session. */
export function invoicesPages(deps: RouteDeps): Router {
  return invoicesPageRoutes(deps);
}
