import Router from '@koa/router';
import type { RouteDeps } from '../deps.js';
import { sessionRoutes } from './routes/session.js';

/** The admin JSON API under /api/v1/admin: same envelope and error catalogue as the app API. */
export function adminApiRoutes(deps: RouteDeps): Router {
  const router = new Router({ prefix: '/api/v1/admin' });
  router.use(sessionRoutes(deps).routes());
  return router;
}
