import Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { sendData, sendList } from '../../envelope.js';
import { readJson } from '../../middleware/body.js';
import { parseWith } from '../../validation.js';
import { reportFileQuery } from '../../reports/report-schemas.js';
import { reportRunView } from '../../reports/report-view.js';
import { auditActor, requirePermission } from '../session.js';
import {
  adminReportRunsQuery,
  createScheduleBody,
  reportRunIdParam,
  runReportBody,
  scheduleIdParam,
} from './schemas.js';
import {
  createReportSchedule,
  keptRun,
  pauseReportSchedule,
  removeReportSchedule,
  reportRunsPage,
  reportSchedules,
  runReport,
  runScheduleNow,
  sendKeptRunFile,
} from './service.js';

/**
 * /api/v1/admin/report-runs and /api/v1/admin/report-schedules: finance runs reports of any app
 * (or all), schedules them to email or SFTP, and downloads any run of the last 90 days.
 */
export function reportsJsonRoutes(deps: RouteDeps): Router {
  const router = new Router();
  const reads = requirePermission(deps, 'reports.read');
  const runs = requirePermission(deps, 'reports.run');
  const id = (raw: string | undefined) => parseWith(scheduleIdParam, raw);

  router.get('/report-runs', reads, async (ctx) => {
    const query = parseWith(adminReportRunsQuery, ctx.query);
    const page = await reportRunsPage(deps, query);
    sendList(
      ctx,
      { items: page.items.map(reportRunView) },
      { page: 1, size: query.size, totalItems: page.items.length, nextCursor: page.nextCursor },
    );
  });

  router.post('/report-runs', runs, async (ctx) => {
    const body = parseWith(runReportBody, await readJson(ctx));
    sendData(ctx, 201, reportRunView(await runReport(deps, auditActor(ctx), body)));
  });

  router.get('/report-runs/:id', reads, async (ctx) => {
    const run = await keptRun(deps, parseWith(reportRunIdParam, ctx.params.id));
    sendData(ctx, 200, reportRunView(run));
  });

  router.get('/report-runs/:id/file', reads, async (ctx) => {
    const query = parseWith(reportFileQuery, ctx.query);
    const reference = parseWith(reportRunIdParam, ctx.params.id);
    await sendKeptRunFile(ctx, deps, auditActor(ctx), reference, query.format);
  });

  router.get('/report-schedules', reads, async (ctx) => {
    const items = await reportSchedules(deps);
    sendList(ctx, { items }, { page: 1, size: Math.max(items.length, 1), totalItems: items.length });
  });

  router.post('/report-schedules', runs, async (ctx) => {
    const body = parseWith(createScheduleBody, await readJson(ctx));
    sendData(ctx, 201, await createReportSchedule(deps, auditActor(ctx), body));
  });

  router.post('/report-schedules/:id/pause', runs, async (ctx) => {
    sendData(ctx, 200, await pauseReportSchedule(deps, auditActor(ctx), id(ctx.params.id), true));
  });

  router.post('/report-schedules/:id/resume', runs, async (ctx) => {
    sendData(ctx, 200, await pauseReportSchedule(deps, auditActor(ctx), id(ctx.params.id), false));
  });

  router.post('/report-schedules/:id/run', runs, async (ctx) => {
    sendData(ctx, 202, await runScheduleNow(deps, auditActor(ctx), id(ctx.params.id)));
  });

  router.delete('/report-schedules/:id', runs, async (ctx) => {
    sendData(ctx, 200, await removeReportSchedule(deps, auditActor(ctx), id(ctx.params.id)));
  });

  return router;
}
