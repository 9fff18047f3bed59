import Router from '@koa/router';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from 'koa';
import { listAppChoices } from '../../../db/payments/payment-admin.js';
import { ApiError } from '../../../domain/shared/errors.js';
import type { RouteDeps } from '../../deps.js';
import { html } from '../../pages/html.js';
import { zodIssues } from '../../validation.js';
import { filterValues, render, viewPermission } from '../pages/page-context.js';
import { cursorPager, pageTooDeep, pager, requestedCursor } from '../payments/views.js';
import { encodeCursor } from '../../../domain/shared/list-cursor.js';
import { pagination } from '../payments/service.js';
import { accountsQuery, journalQuery, statementQuery } from './schemas.js';
import { chartOfAccounts, journal, statement, throttledVerification } from './service.js';
import { journalExportForm } from '../exports/views.js';
import { now } from '../session.js';
import { accountsTable, journalTable, ledgerFilters, statementBody, verificationBadge } from './views.js';

const FILTER_FIELDS = ['appId', 'mode', 'type', 'currency', 'kind', 'source'] as const;

function formValues(ctx: Context): Record<string, string> {
  const form = filterValues(ctx, FILTER_FIELDS);
  form.mode ??= 'TEST';
  return form;
}

const problemText = (issues: ReturnType<typeof zodIssues>) =>
  `Check the filters: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`;

/** /admin/ledger: verification, the chart of accounts and the journal; each account's statement. */
export function ledgerPageRoutes(deps: RouteDeps): Router {
  const router = new Router();
  const em = () => deps.orm.em.fork() as EntityManager;
  const reads = viewPermission(deps, 'ledger.read');

  router.get('/ledger', reads, async (ctx) => {
    const form = formValues(ctx);
    const page = typeof ctx.query.page === 'string' ? ctx.query.page : undefined;
    // One form drives both lists: the account filters and the journal filters share the mode.
    const accounts = accountsQuery.safeParse({
      mode: form.mode,
      ...(form.type && { type: form.type }),
      ...(form.currency && { currency: form.currency }),
      ...(form.appId && { appId: form.appId }),
    });
    const after = requestedCursor(ctx.query);
    const entries = journalQuery.safeParse({
      mode: form.mode,
      ...(form.kind && { kind: form.kind }),
      ...(form.source && { source: form.source }),
      ...(page && { page }),
      ...(after && { after }),
    });
    const [checks, apps] = await Promise.all([throttledVerification(deps), listAppChoices(em())]);
    let body = html``;
    let problem: string | null = null;
    if (entries.success && pageTooDeep(entries.data)) {
      problem = pageTooDeep(entries.data);
    } else if (accounts.success && entries.success) {
      const [chart, list] = await Promise.all([
        chartOfAccounts(deps, accounts.data),
        journal(deps, entries.data),
      ]);
      body = html`<h2>Chart of accounts</h2>
        ${accountsTable(chart, apps)}
        <h2>Journal</h2>
        <p class="muted" data-testid="journal-total">
          ${list.total} entr${list.total === 1 ? 'y' : 'ies'} in ${entries.data.mode}, newest first
          ${form.appId ? '(the app filter applies to the accounts; filter entries by source reference)' : ''}
        </p>
        ${journalTable(list.items)}
        ${journalExportForm(entries.data.mode, now(deps), deps.config.COMPANY_TIME_ZONE)}
        ${cursorPager('/admin/ledger', form, {
          ...entries.data,
          totalItems: list.total,
          byCursor: after !== undefined,
          nextCursor: list.lastId === null ? null : encodeCursor(list.lastId),
        })}`;
    } else {
      problem = problemText([
        ...(accounts.success ? [] : zodIssues(accounts.error)),
        ...(entries.success ? [] : zodIssues(entries.error)),
      ]);
    }
    render(ctx, {
      title: 'Ledger',
      active: 'ledger',
      status: problem ? 400 : 200,
      ...(problem && { flash: { kind: 'error' as const, message: problem } }),
      body: html`<h1>Ledger</h1>
        <p><a href="/admin/ledger/fees" data-testid="ledger-fees-link">Gateway fees and bank accounts</a></p>
        ${verificationBadge(checks)} ${ledgerFilters(form, apps)} ${body}`,
    });
  });

  router.get('/ledger/accounts/:id', reads, async (ctx) => {
    const page = typeof ctx.query.page === 'string' ? ctx.query.page : undefined;
    const query = statementQuery.safeParse({ ...(page && { page }) });
    if (!query.success) {
      return render(ctx, {
        title: 'Ledger account',
        active: 'ledger',
        status: 400,
        flash: { kind: 'error', message: problemText(zodIssues(query.error)) },
        body: html`<p><a href="/admin/ledger">← Ledger</a></p>`,
      });
    }
    try {
      const [result, apps] = await Promise.all([
        statement(deps, ctx.params.id!, query.data),
        listAppChoices(em()),
      ]);
      const totalPages = pagination(query.data, result.total).totalPages;
      render(ctx, {
        title: `Account ${result.account.code}`,
        active: 'ledger',
        body: html`${statementBody(result, apps)}
        ${pager(`/admin/ledger/accounts/${result.account.id}`, {}, query.data.page, totalPages)}`,
      });
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'ACCOUNT_NOT_FOUND') throw error;
      render(ctx, {
        title: 'No such account',
        active: 'ledger',
        status: 404,
        body: html`<div class="card" data-testid="not-found">
          <h1>No such ledger account</h1>
          <p><a href="/admin/ledger">Back to the ledger</a></p>
        </div>`,
      });
    }
  });

  return router;
}
