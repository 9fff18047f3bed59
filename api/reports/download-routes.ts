import Router from '@koa/router';
import type { EntityManager } from '@mikro-orm/postgresql';
import { tokenDigest } from '../../activities/reports/report-activities.js';
import { appendAudit } from '../../db/operators/audit.js';
import { useReportLink } from '../../db/reports/report-links.js';
import { findReportRunById, reportRunContent } from '../../db/reports/report-runs.js';
import { REPORT_LINK_TOKEN_PATTERN } from '../../domain/reports/report-types.js';
import { escapeHtml } from '../../domain/shared/text.js';
import type { RouteDeps } from '../deps.js';
import { sendReportFile } from './file-answer.js';

const GONE_PAGE = (message: string) =>
  `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Report link</title><body style="font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem"><h1>This link does not open a report</h1><p>${escapeHtml(message)}</p><p>Anyone who may read reports downloads it again from the dashboard (Reports) for 90 days.</p></body></html>`;

/**
 * /reports/download/:token: the link a delivery email carries. The token is the only secret; it
 * works 7 days, and each download is counted on the link and written to the audit log.
 */
export function reportDownloadRoutes(deps: RouteDeps): Router {
  const router = new Router();
  const em = () => deps.orm.em.fork() as EntityManager;

  router.get('/reports/download/:token', async (ctx) => {
    const token = ctx.params.token!;
    const link = REPORT_LINK_TOKEN_PATTERN.test(token) ? await useReportLink(em(), tokenDigest(token)) : null;
    const run = link ? await findReportRunById(em(), link.runId) : null;
    const content = run ? await reportRunContent(em(), run.id) : null;
    if (!link || !run || !content) {
      ctx.status = 404;
      ctx.type = 'text/html; charset=utf-8';
      ctx.set('Cache-Control', 'no-store');
      ctx.body = GONE_PAGE('It expired (a link works 7 days), or it was never a link to a report.');
      return;
    }
    await appendAudit(
      em(),
      { type: 'SYSTEM', id: null, label: `report link sent to ${link.recipient}`, ip: ctx.ip || null },
      {
        action: 'report.downloaded',
        targetType: 'report_run',
        targetId: run.reference,
        after: { recipient: link.recipient, downloads: link.downloads },
      },
    );
    sendReportFile(ctx, run, content, run.format);
  });

  return router;
}
