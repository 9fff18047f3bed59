import Router from '@koa/router';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RouteDeps } from '../deps.js';
import { sendData } from '../envelope.js';
import { renderStatusPage } from './status-page.js';
import { statusReport } from './status.js';

/** The status page's answers are shared by every reader: a short cache spares PostgreSQL a crowd. */
const CACHE_SECONDS = 10;

/** GET /api/v1/status: the status page as JSON (public, no credentials). */
export function statusApiRoutes(deps: RouteDeps): Router {
  const router = new Router();
  router.get('/status', async (ctx) => {
    const report = await statusReport(deps.orm.em.fork() as EntityManager, new Date());
    ctx.set('Cache-Control', `public, max-age=${CACHE_SECONDS}`);
    sendData(ctx, 200, report);
  });
  return router;
}

/** GET /status: the deployment's status page for app teams. */
export function statusPageRoutes(deps: RouteDeps): Router {
  const router = new Router();
  router.get('/status', async (ctx) => {
    const report = await statusReport(deps.orm.em.fork() as EntityManager, new Date());
    ctx.type = 'html';
    ctx.set('Cache-Control', `public, max-age=${CACHE_SECONDS}`);
    ctx.body = renderStatusPage(report);
  });
  return router;
}
