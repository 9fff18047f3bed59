import type Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { emailsJsonRoutes } from './api.js';
import { emailsPageRoutes } from './pages.js';

/**
 * Customers' emails: the log of every message (status, attempts, last error) and, on a
 * development machine, the mail catcher's inbox showing each message as the customer sees it.
 */

/** Admin JSON API routes of this area, mounted under /api/v1/admin behind the operator session. */
export function emailsApi(deps: RouteDeps): Router {
  return emailsJsonRoutes(deps);
}

/** Dashboard pages of this area, mounted under /admin behind the page session. */
export function emailsPages(deps: RouteDeps): Router {
  return emailsPageRoutes(deps);
}
