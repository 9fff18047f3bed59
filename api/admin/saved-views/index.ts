import type Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { savedViewsJsonRoutes } from './api.js';
import { savedViewsPageRoutes } from './pages.js';

export { savedViewsOnLists } from './pages.js';

/** Saved views of the dashboard's lists, shared by the operators who read each list. */
export function savedViewsApi(deps: RouteDeps): Router {
  return savedViewsJsonRoutes(deps);
}

/** The forms that save and delete a view, mounted under /admin behind the page session. */
export function savedViewsPages(deps: RouteDeps): Router {
  return savedViewsPageRoutes(deps);
}
