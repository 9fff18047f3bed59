import Router from '@koa/router';
import type { Context } from 'koa';
import type { EntityManager } from '@mikro-orm/postgresql';
import { listAppChoices } from '../../../db/payments/payment-admin.js';
import { can } from '../../../domain/operators/permissions.js';
import { REPORT_FORMATS } from '../../../domain/reports/report-types.js';
import { companyZone, dateInZone } from '../../../domain/shared/company-time.js';
import { ApiError } from '../../../domain/shared/errors.js';
import { currentTime, type RouteDeps } from '../../deps.js';
import { zodIssues } from '../../validation.js';
import {
  admin,
  decideFromForm,
  formAction,
  formProblem,
  render,
  viewPermission,
} from '../pages/page-context.js';
import { auditActor } from '../session.js';
import { runBodyFromForm, scheduleBodyFromForm } from './form-bodies.js';
import { createScheduleBody, reportRunIdParam, runReportBody, scheduleIdParam } from './schemas.js';
import {
  createReportSchedule,
  pauseReportSchedule,
  removeReportSchedule,
  reportRunsPage,
  reportSchedules,
  runReport,
  runScheduleNow,
  sendKeptRunFile,
} from './service.js';
import { savedViewChoices } from './saved-view-filters.js';
import { reportsPageBody } from './views.js';

const BACK = '/admin/reports';

/** /admin/reports: run a report, schedule one, and download any run of the last 90 days. */
export function reportsPageRoutes(deps: RouteDeps): Router {
  const router = new Router();
  const em = () => deps.orm.em.fork() as EntityManager;

  const renderPage = async (
    ctx: Context,
    options: { status?: number; error?: string; typed?: Record<string, string> } = {},
  ) => {
    const state = admin(ctx);
    const zone = companyZone(deps.config.COMPANY_TIME_ZONE);
    const [apps, schedules, runs, savedViews] = await Promise.all([
      listAppChoices(em()),
      reportSchedules(deps),
      reportRunsPage(deps, { size: 50 }),
      savedViewChoices(em()),
    ]);
    render(ctx, {
      title: 'Reports',
      active: 'reports',
      status: options.status ?? 200,
      ...(options.error && { flash: { kind: 'error' as const, message: options.error } }),
      body: reportsPageBody({
        csrf: state.session.csrfToken,
        canRun: can(state.operator.role, 'reports.run'),
        today: dateInZone(currentTime(deps), zone),
        zone,
        apps,
        savedViews,
        schedules,
        runs: runs.items,
        sftpAvailable: Boolean(deps.config.REPORT_SFTP_PRIVATE_KEY_FILE),
        typed: options.typed ?? null,
      }),
    });
  };

  router.get('/reports', viewPermission(deps, 'reports.read'), async (ctx) => {
    await renderPage(ctx);
  });

  router.get('/reports/runs/:id/file', viewPermission(deps, 'reports.read'), async (ctx) => {
    const id = reportRunIdParam.safeParse(ctx.params.id);
    if (!id.success) throw new ApiError('REPORT_RUN_NOT_FOUND');
    const format = REPORT_FORMATS.find((f) => f === ctx.query.format);
    await sendKeptRunFile(ctx, deps, auditActor(ctx), id.data, format);
  });

  router.post(
    '/reports/runs',
    formAction(deps, 'reports.run', async (ctx, fields) => {
      const body = runReportBody.safeParse(runBodyFromForm(fields));
      if (!body.success)
        return renderPage(ctx, { status: 400, error: formProblem(zodIssues(body.error)), typed: fields });
      await decideFromForm(ctx, BACK, fields, async () => {
        const run = await runReport(deps, auditActor(ctx), body.data);
        return `Run ${run.reference} made: ${run.rowCount} ${run.rowCount === 1 ? 'row' : 'rows'} (${run.from} to ${run.to}). Download it below.`;
      });
    }),
  );

  router.post(
    '/reports/schedules',
    formAction(deps, 'reports.run', async (ctx, fields) => {
      const body = createScheduleBody.safeParse(scheduleBodyFromForm(fields));
      if (!body.success)
        return renderPage(ctx, { status: 400, error: formProblem(zodIssues(body.error)), typed: fields });
      await decideFromForm(ctx, BACK, fields, async () => {
        const schedule = await createReportSchedule(deps, auditActor(ctx), body.data);
        return `Schedule "${schedule.name}" saved: ${schedule.when} (${schedule.zone}).`;
      });
    }),
  );

  const scheduleAction = (verb: string, act: (ctx: Context, id: number) => Promise<string>) =>
    router.post(
      `/reports/schedules/:id/${verb}`,
      formAction(deps, 'reports.run', async (ctx, fields) => {
        await decideFromForm(ctx, BACK, fields, async () => {
          const id = scheduleIdParam.safeParse(ctx.params.id);
          if (!id.success) throw new ApiError('REPORT_SCHEDULE_NOT_FOUND');
          return act(ctx, id.data);
        });
      }),
    );
  scheduleAction('run', async (ctx, id) => {
    const started = await runScheduleNow(deps, auditActor(ctx), id);
    return `Running ${started.from} to ${started.to} now; it is delivered as the schedule says and listed below.`;
  });
  scheduleAction('pause', async (ctx, id) => {
    const s = await pauseReportSchedule(deps, auditActor(ctx), id, true);
    return `Schedule "${s.name}" paused.`;
  });
  scheduleAction('resume', async (ctx, id) => {
    const s = await pauseReportSchedule(deps, auditActor(ctx), id, false);
    return `Schedule "${s.name}" resumed: ${s.when}.`;
  });
  scheduleAction('delete', async (ctx, id) => {
    const s = await removeReportSchedule(deps, auditActor(ctx), id);
    return `Schedule "${s.name}" deleted; its runs stay downloadable for 90 days.`;
  });

  return router;
}
