import Router from '@koa/router';
import type { Context } from 'koa';
import { notReadyDetails, notReadyMessage, type Readiness } from '../../platform/health/readiness.js';
import { sendData, sendError } from '../envelope.js';

/** The probe routes, which the request logging leaves out: an orchestrator asks every few seconds. */
export const PROBE_ROUTES = new Set(['/health', '/health/live', '/health/ready']);

const live = (ctx: Context) => {
  ctx.set('Cache-Control', 'no-store');
  sendData(ctx, 200, { status: 'ok' });
};

/**
 * Liveness answers from the process alone (`/health`, as before, and `/health/live`); readiness
 * asks PostgreSQL and Temporal (platform/health/readiness.ts). No credentials, no rate limit.
 */
export function probeRoutes(readiness: Readiness): Router {
  const router = new Router();
  router.get('/health', live);
  router.get('/health/live', live);
  router.get('/health/ready', async (ctx) => {
    const report = await readiness.report();
    ctx.set('Cache-Control', 'no-store');
    if (report.status === 'ready') {
      sendData(ctx, 200, { status: 'ready', checks: report.checks });
    } else {
      sendError(ctx, 'NOT_READY', notReadyMessage(report), notReadyDetails(report));
    }
  });
  return router;
}
