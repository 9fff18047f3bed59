import Router from '@koa/router';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from 'koa';
import { listAppChoices } from '../../../db/payments/payment-admin.js';
import type { RouteDeps } from '../../deps.js';
import { html } from '../../pages/html.js';
import { zodIssues } from '../../validation.js';
import { filterValues, render, viewPermission } from '../pages/page-context.js';
import { cursorPager, pageTooDeep, requestedCursor } from '../payments/views.js';
import { adminRequestLogQuery, entryIdParam } from './schemas.js';
import { adminRequestLog, adminRequestLogEntry } from './service.js';
import { requestLogEntryBody, requestLogFilters, requestLogTable } from './views.js';

const FILTER_FIELDS = ['appId', 'mode', 'status', 'method', 'path', 'requestId', 'idempotencyKey'] as const;

/** /admin/request-log: apps' API requests, filterable; /admin/request-log/:id: one with its bodies. */
export function requestLogPageRoutes(deps: RouteDeps): Router {
  const router = new Router();
  const em = () => deps.orm.em.fork() as EntityManager;
  const reads = viewPermission(deps, 'apps.read');

  const page = (ctx: Context, body: ReturnType<typeof html>, status = 200, problem?: string) =>
    render(ctx, {
      title: 'Request log',
      active: 'request-log',
      status,
      ...(problem && { flash: { kind: 'error' as const, message: problem } }),
      body,
    });

  router.get('/request-log', reads, async (ctx) => {
    const form = filterValues(ctx, FILTER_FIELDS);
    const requestedPage = typeof ctx.query.page === 'string' ? ctx.query.page : undefined;
    const after = requestedCursor(ctx.query);
    const query = adminRequestLogQuery.safeParse({
      ...form,
      ...(requestedPage && { page: requestedPage }),
      ...(after && { after }),
    });
    const apps = await listAppChoices(em());
    const heading = html`<h1>Request log</h1>
      <p class="muted">
        Apps' API requests of the last week, newest first, as the app reads them at GET /api/v1/request-log.
      </p>
      ${requestLogFilters(form, apps)}`;
    const problem = !query.success
      ? zodIssues(query.error)
          .map((i) => `${i.field}: ${i.message}`)
          .join('; ')
      : pageTooDeep(query.data);
    if (!query.success || problem) return page(ctx, heading, 400, `Check the filters: ${problem}`);
    const list = await adminRequestLog(deps, query.data);
    page(
      ctx,
      html`${heading}
        <p class="muted" data-testid="requests-total">${String(list.total)} request(s)</p>
        ${requestLogTable(list.items)}
        ${cursorPager('/admin/request-log', form, {
          page: query.data.page,
          size: query.data.size,
          totalItems: list.total,
          byCursor: query.data.after !== undefined,
          nextCursor: list.nextCursor,
        })}`,
    );
  });

  router.get('/request-log/:id', reads, async (ctx) => {
    const id = entryIdParam.safeParse(ctx.params.id);
    const entry = id.success ? await adminRequestLogEntry(deps, id.data) : null;
    if (!entry) {
      return page(
        ctx,
        html`<div class="card" data-testid="not-found">
          <h1>No such request</h1>
          <p>It may be older than a week. <a href="/admin/request-log">Back to the request log</a></p>
        </div>`,
        404,
      );
    }
    page(ctx, requestLogEntryBody(entry));
  });

  return router;
}
