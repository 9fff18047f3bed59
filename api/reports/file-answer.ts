import type { Context } from 'koa';
import { reportFile } from '../../activities/reports/report-files.js';
import type { ReportRun } from '../../db/reports/report-runs.js';
import type { ReportFormat } from '../../domain/reports/report-types.js';

/** Answers with a run's file as an attachment; it names customers and amounts, so nothing caches it. */
export function sendReportFile(ctx: Context, run: ReportRun, content: Buffer, format: ReportFormat): void {
  const file = reportFile(run, content, format);
  ctx.status = 200;
  ctx.type = file.contentType;
  ctx.set('Content-Disposition', `attachment; filename="${file.fileName}"`);
  ctx.set('Cache-Control', 'private, no-store');
  ctx.set('X-Report-Run', run.reference);
  ctx.body = file.body;
}
