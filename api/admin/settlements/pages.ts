import Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import { ApiError } from '../../../domain/shared/errors.js';
import { can } from '../../../domain/operators/permissions.js';
import type { RouteDeps } from '../../deps.js';
import { html } from '../../pages/html.js';
import { zodIssues } from '../../validation.js';
import {
  admin,
  filterValues,
  formAction,
  formProblem,
  redirectWith,
  render,
  viewPermission,
  withRequestedPage,
} from '../pages/page-context.js';
import { pagination } from '../payments/service.js';
import { pager } from '../payments/views.js';
import { auditActor } from '../session.js';
import { importReportFields, railStatementFields, settlementImportsQuery } from './schemas.js';
import { importUploadedRailStatement, railStatementList } from './rail-statement-service.js';
import { railStatementForm, railStatementTable } from './rail-statement-views.js';
import { bangladeshDayOf } from '../../../domain/reconciliation/rail-statements.js';
import { importUploadedReport, settlementImportDetail, settlementImportList } from './service.js';
import { readReportUpload, uploadAreaOf, type ReportUpload } from '../../uploads/upload.js';
import { filterForm, importDetail, importTable, uploadForm } from './views.js';

const LIST = '/admin/settlements';

/** The report of an upload form, kept aside while its text fields go through formAction. */
const uploads = new WeakMap<Context, ReportUpload['file']>();

const readUploadForm =
  (deps: RouteDeps) =>
  async (ctx: Context): Promise<Record<string, string>> => {
    const { fields, file } = await readReportUpload(ctx, uploadAreaOf(deps.config));
    uploads.set(ctx, file);
    return fields;
  };

/** The spooled report is let go however the form ends (refused, forbidden, imported). */
function discardingUpload(action: Middleware): Middleware {
  return async (ctx, next) => {
    try {
      await action(ctx, next);
    } finally {
      await uploads.get(ctx)?.spooled.discard();
    }
  };
}

/** Dashboard pages of settlement reports: the imports, one import's lines, and the upload form. */
export function settlementsPageRoutes(deps: RouteDeps): Router {
  const router = new Router();

  router.post(
    '/settlements/imports',
    discardingUpload(
      formAction(
        deps,
        'settlements.import',
        async (ctx, fields) => {
          const parsed = importReportFields.safeParse(fields);
          if (!parsed.success)
            return redirectWith(ctx, LIST, { error: formProblem(zodIssues(parsed.error)) });
          const file = uploads.get(ctx);
          if (!file) return redirectWith(ctx, LIST, { error: 'Choose the report file to import' });
          try {
            const done = await importUploadedReport(
              deps,
              admin(ctx).operator,
              auditActor(ctx),
              parsed.data,
              file,
            );
            if ('reading' in done) {
              return redirectWith(ctx, LIST, {
                ok: `The report is being read (upload ${done.reading.uploadId}); it is listed here once imported`,
              });
            }
            const path = `/admin/settlements/imports/${done.import.id}`;
            const dates = done.import.settlementDates.join(', ');
            redirectWith(ctx, path, {
              ok: done.created
                ? `Imported ${done.import.lineCount} line(s), ${done.import.storedLineCount} new${dates ? `, settled on ${dates}` : ''}`
                : `This report was imported before (${done.import.fileName}); nothing was stored again`,
            });
          } catch (error) {
            // A refused report (its first problem's row and column, or the limit it crossed), Temporal away.
            if (error instanceof ApiError) return redirectWith(ctx, LIST, { error: error.message });
            throw error;
          }
        },
        readUploadForm(deps),
      ),
    ),
  );

  router.post(
    '/settlements/rail-statements',
    discardingUpload(
      formAction(
        deps,
        'settlements.import',
        async (ctx, fields) => {
          const parsed = railStatementFields.safeParse(fields);
          if (!parsed.success)
            return redirectWith(ctx, LIST, { error: formProblem(zodIssues(parsed.error)) });
          const file = uploads.get(ctx);
          if (!file) return redirectWith(ctx, LIST, { error: 'Choose the statement file to import' });
          try {
            const done = await importUploadedRailStatement(
              deps,
              admin(ctx).operator,
              auditActor(ctx),
              parsed.data,
              file,
            );
            if ('reading' in done) {
              return redirectWith(ctx, LIST, {
                ok: `The statement is being read (upload ${done.reading.uploadId}); it is listed here once imported`,
              });
            }
            const s = done.statement;
            redirectWith(ctx, LIST, {
              ok: done.created
                ? `Imported ${s.rail}'s statement of ${s.statementDate}: ${s.lineCount} line(s), ${s.storedLineCount} new; its day is being matched`
                : `This statement was imported before (${s.fileName}); its day is matched again`,
            });
          } catch (error) {
            if (error instanceof ApiError) return redirectWith(ctx, LIST, { error: error.message });
            throw error;
          }
        },
        readUploadForm(deps),
      ),
    ),
  );

  router.get('/settlements', viewPermission(deps, 'reconciliation.read'), async (ctx) => {
    const form = filterValues(ctx, ['gateway', 'mode']);
    const parsed = settlementImportsQuery.safeParse(withRequestedPage(ctx, form));
    const { operator, session } = admin(ctx);
    const mayImport = can(operator.role, 'settlements.import');
    const upload = mayImport ? uploadForm(session.csrfToken) : html``;
    const railUpload = mayImport ? railStatementForm(session.csrfToken, bangladeshDayOf(Date.now())) : html``;
    if (!parsed.success) {
      return render(ctx, {
        title: 'Settlement reports',
        active: 'settlements',
        status: 400,
        flash: { kind: 'error', message: formProblem(zodIssues(parsed.error)) },
        body: html`<h1>Settlement reports</h1>`,
      });
    }
    const result = await settlementImportList(deps, parsed.data);
    const railStatements = await railStatementList(deps, { page: 1, size: 10 });
    render(ctx, {
      title: 'Settlement reports',
      active: 'settlements',
      body: html`<h1>Settlement reports</h1>
        ${upload}
        <h2>Imports</h2>
        ${filterForm(form)}
        <p class="muted" data-testid="total">${String(result.total)} import(s)</p>
        ${importTable(result.items)}
        ${pager(LIST, form, parsed.data.page, pagination(parsed.data, result.total).totalPages)}
        <h2>Payout rails' statements</h2>
        ${railUpload} ${railStatementTable(railStatements.items)}`,
    });
  });

  router.get('/settlements/imports/:id', viewPermission(deps, 'reconciliation.read'), async (ctx) => {
    try {
      const detail = await settlementImportDetail(deps, ctx.params.id!);
      render(ctx, {
        title: `Settlement import ${detail.id}`,
        active: 'settlements',
        body: html`<p><a href="${LIST}">← Settlement reports</a></p>
          <h1>Settlement import ${String(detail.id)}</h1>
          ${importDetail(detail)}`,
      });
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'SETTLEMENT_IMPORT_NOT_FOUND') throw error;
      render(ctx, {
        title: 'No such import',
        active: 'settlements',
        status: 404,
        body: html`<h1>No such import</h1>
          <p><a href="${LIST}">Settlement reports</a></p>`,
      });
    }
  });

  return router;
}
