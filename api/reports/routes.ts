import Router from '@koa/router';
import type { EntityManager } from '@mikro-orm/postgresql';
import { produceReportRun } from '../../activities/reports/produce-report.js';
import { reportRows } from '../../activities/reports/report-files.js';
import type { AppScope } from '../../db/payments/payments.js';
import {
  findReportRun,
  findReportRunByIdempotencyKey,
  reportRunsPage,
  countReportRuns,
  reportRunContent,
  type ReportRun,
} from '../../db/reports/report-runs.js';
import { companyZone } from '../../domain/shared/company-time.js';
import { ApiError } from '../../domain/shared/errors.js';
import type { AuthenticatedApp } from '../middleware/auth.js';
import { currentTime, type RouteDeps } from '../deps.js';
import { sendData, sendList } from '../envelope.js';
import { readJson } from '../middleware/body.js';
import { idempotency } from '../middleware/idempotency.js';
import { parseWith } from '../validation.js';
import { sendReportFile } from './file-answer.js';
import {
  createReportRunBody,
  listReportRunsQuery,
  reportFileQuery,
  reportRowsQuery,
  reportRunIdParam,
} from './report-schemas.js';
import { reportRunView } from './report-view.js';

/**
 * /api/v1/reports/runs: an app runs a report of its own money in its credential's mode (payments,
 * refunds, payouts or its statement with fees) for days it names, and reads the file or the rows.
 */
export function reportRoutes(deps: RouteDeps): Router {
  const router = new Router();
  const em = () => deps.orm.em.fork() as EntityManager;
  const zone = () => companyZone(deps.config.COMPANY_TIME_ZONE);

  async function scopedRun(ctx: { params: Record<string, string>; state: Record<string, unknown> }) {
    const id = reportRunIdParam.safeParse(ctx.params.id);
    const run = id.success ? await findReportRun(em(), id.data, ctx.state.scope as AppScope) : null;
    if (!run || run.expiresAt <= currentTime(deps)) throw new ApiError('REPORT_RUN_NOT_FOUND');
    return run;
  }

  async function contentOf(run: ReportRun): Promise<Buffer> {
    const content = await reportRunContent(em(), run.id);
    if (!content) throw new ApiError('REPORT_RUN_NOT_FOUND');
    return content;
  }

  router.post('/reports/runs', idempotency(deps), async (ctx) => {
    const body = parseWith(createReportRunBody, await readJson(ctx));
    const scope = ctx.state.scope as AppScope;
    const now = currentTime(deps);
    const idempotencyKey = (ctx.state.idempotencyClaim as string | undefined) ?? null;
    const earlier = idempotencyKey ? await findReportRunByIdempotencyKey(em(), scope, idempotencyKey) : null;
    if (earlier) {
      sendData(ctx, 201, reportRunView(earlier));
      return;
    }
    const app = ctx.state.app as AuthenticatedApp;
    const { run } = await produceReportRun(
      em(),
      zone(),
      {
        type: body.type,
        format: body.format,
        mode: scope.mode,
        appId: scope.appId,
        from: body.from,
        to: body.to,
        filters: {},
        scheduleId: null,
        idempotencyKey,
        deliveryStatus: 'NONE',
      },
      {
        type: 'APP',
        id: String(app.appId),
        label: `${app.name} (${app.mode}) key ${app.apiKey}`,
        ip: ctx.ip || null,
      },
      now,
    );
    sendData(ctx, 201, reportRunView(run));
  });

  router.get('/reports/runs', async (ctx) => {
    const query = parseWith(listReportRunsQuery, ctx.query);
    const scope = ctx.state.scope as AppScope;
    const filters = { appId: scope.appId, mode: scope.mode, ...(query.type && { type: query.type }) };
    const page = await reportRunsPage(em(), filters, { size: query.size, after: query.after });
    if (!page) throw new ApiError('REPORT_RUN_NOT_FOUND');
    sendList(
      ctx,
      { items: page.items.map(reportRunView) },
      {
        page: 1,
        size: query.size,
        totalItems: await countReportRuns(em(), filters),
        nextCursor: page.nextCursor,
      },
    );
  });

  router.get('/reports/runs/:id', async (ctx) => {
    sendData(ctx, 200, reportRunView(await scopedRun(ctx)));
  });

  router.get('/reports/runs/:id/file', async (ctx) => {
    const query = parseWith(reportFileQuery, ctx.query);
    const run = await scopedRun(ctx);
    sendReportFile(ctx, run, await contentOf(run), query.format ?? run.format);
  });

  router.get('/reports/runs/:id/rows', async (ctx) => {
    const query = parseWith(reportRowsQuery, ctx.query);
    const run = await scopedRun(ctx);
    const { columns, rows } = reportRows(await contentOf(run));
    const page = rows.slice(query.offset, query.offset + query.limit);
    sendData(
      ctx,
      200,
      {
        columns,
        rows: page.map((cells) => Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? null]))),
      },
      {
        page: Math.floor(query.offset / query.limit) + 1,
        size: query.limit,
        totalItems: rows.length,
        totalPages: Math.ceil(rows.length / query.limit),
        nextCursor: query.offset + query.limit < rows.length ? String(query.offset + query.limit) : null,
      },
    );
  });

  return router;
}
