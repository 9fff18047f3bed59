import Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { sendData, sendList } from '../../envelope.js';
import { parseWith } from '../../validation.js';
import { sendCsvExport } from '../exports/csv-export.js';
import { auditActor, requirePermission } from '../session.js';
import { cashQuery, exceptionsQuery, linesQuery, runsQuery } from './schemas.js';
import {
  cash,
  runDetail,
  runExceptions,
  runExceptionsExport,
  runLines,
  runLinesExport,
  runList,
  runOr404,
} from './service.js';

/**
 * /api/v1/admin/reconciliation: settlement days (runs) per gateway and mode with their figures,
 * a run's exceptions and lines (also as CSV), and each gateway's cash position.
 */
export function reconciliationJsonRoutes(deps: RouteDeps): Router {
  const router = new Router();
  const reads = requirePermission(deps, 'reconciliation.read');

  router.get('/reconciliation/runs', reads, async (ctx) => {
    const query = parseWith(runsQuery, ctx.query);
    const result = await runList(deps, query);
    sendList(ctx, { items: result.items }, { page: query.page, size: query.size, totalItems: result.total });
  });

  router.get('/reconciliation/runs/:id', reads, async (ctx) => {
    sendData(ctx, 200, await runDetail(deps, ctx.params.id!));
  });

  router.get('/reconciliation/runs/:id/exceptions', reads, async (ctx) => {
    const query = parseWith(exceptionsQuery, ctx.query);
    const result = await runExceptions(deps, ctx.params.id!, query);
    sendList(ctx, { items: result.items }, { page: query.page, size: query.size, totalItems: result.total });
  });

  router.get('/reconciliation/runs/:id/lines', reads, async (ctx) => {
    const query = parseWith(linesQuery, ctx.query);
    const result = await runLines(deps, ctx.params.id!, query);
    sendList(ctx, { items: result.items }, { page: query.page, size: query.size, totalItems: result.total });
  });

  router.get('/reconciliation/runs/:id/lines.csv', reads, async (ctx) => {
    const run = await runOr404(deps, ctx.params.id!);
    await sendCsvExport(ctx, deps, auditActor(ctx), runLinesExport(deps, run));
  });

  router.get('/reconciliation/runs/:id/exceptions.csv', reads, async (ctx) => {
    const run = await runOr404(deps, ctx.params.id!);
    await sendCsvExport(ctx, deps, auditActor(ctx), runExceptionsExport(deps, run));
  });

  router.get('/reconciliation/cash', reads, async (ctx) => {
    const { mode } = parseWith(cashQuery, ctx.query);
    const items = await cash(deps, mode);
    sendList(ctx, { items }, { page: 1, size: Math.max(items.length, 1), totalItems: items.length });
  });

  return router;
}
