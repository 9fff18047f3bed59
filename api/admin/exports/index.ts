import type Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { exportsJsonRoutes } from './api.js';
import { exportsPageRoutes } from './pages.js';

/** CSV exports for accountants' tools: the journal, payments, refunds and the audit log. */
export function exportsApi(deps: RouteDeps): Router {
  return exportsJsonRoutes(deps);
}

/** The dashboard's downloads of the same exports, mounted under /admin behind the page session. */
export function exportsPages(deps: RouteDeps): Router {
  return exportsPageRoutes(deps);
}
