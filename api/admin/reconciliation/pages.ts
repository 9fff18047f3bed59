import Router from '@koa/router';
import type { Context } from 'koa';
import { ApiError } from '../../../domain/shared/errors.js';
import type { RouteDeps } from '../../deps.js';
import { html } from '../../pages/html.js';
import { zodIssues } from '../../validation.js';
import { sendCsvExport } from '../exports/csv-export.js';
import {
  admin,
  decideFromForm,
  filterValues,
  formAction,
  formProblem,
  redirectWith,
  render,
  returnPath,
  viewPermission,
} from '../pages/page-context.js';
import {
  approveProposalBody,
  reconDeciderOf,
  resolveExceptionBody,
} from '../reconciliation-actions/index.js';
import { approveReconProposal, resolveReconException } from '../../reconciliation/reconciliation-actions.js';
import { can } from '../../../domain/operators/permissions.js';
import { RECON_EXCEPTION_REFERENCE_PATTERN } from '../../../domain/reconciliation/reconciliation.js';
import { modeSwitch, money, options, pager } from '../payments/views.js';
import { LINE_OUTCOMES } from '../../../db/reconciliation/reconciliation-views.js';
import { pagination } from '../payments/service.js';
import { auditActor } from '../session.js';
import { cashQuery, exceptionsQuery, linesQuery, runsQuery } from './schemas.js';
import {
  cash,
  dayWaitsFor,
  runExceptions,
  runPayouts,
  runExceptionsExport,
  runLines,
  runLinesExport,
  runList,
  runOr404,
  runView,
} from './service.js';
import {
  cashTable,
  dayCloses,
  exceptionsTable,
  linesTable,
  runFacts,
  runFilters,
  runsTable,
  type ResolveForm,
} from './views.js';

const EXCEPTIONS_SHOWN = 100;
const RUN_FILTERS = ['mode', 'gateway', 'status', 'from', 'to'] as const;

const problemText = (issues: ReturnType<typeof zodIssues>) =>
  `Check the filters: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`;

const tabs = (active: 'days' | 'cash', mode: string) =>
  html`<nav class="row" aria-label="Reconciliation" data-testid="recon-tabs">
    <a class="button ${active === 'days' ? '' : 'secondary'}" href="/admin/reconciliation?mode=${mode}"
      >Settlement days</a
    >
    <a class="button ${active === 'cash' ? '' : 'secondary'}" href="/admin/reconciliation/cash?mode=${mode}"
      >Cash by gateway</a
    >
  </nav>`;

function notFound(ctx: Context): void {
  render(ctx, {
    title: 'No such settlement day',
    active: 'reconciliation',
    status: 404,
    body: html`<div class="card" data-testid="not-found">
      <h1>No such settlement day</h1>
      <p><a href="/admin/reconciliation">Back to settlement days</a></p>
    </div>`,
  });
}

/** Runs a handler for one run, answering 404 when there is no such run. */
const forRun =
  (handler: (ctx: Context) => Promise<void>) =>
  async (ctx: Context): Promise<void> => {
    try {
      await handler(ctx);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'RECON_RUN_NOT_FOUND') return notFound(ctx);
      throw error;
    }
  };

/** The actions under an open exception, for an operator who may resolve exceptions. */
function resolveFormFor(ctx: Context): ResolveForm | null {
  const { operator, session } = admin(ctx);
  return can(operator.role, 'reconciliation.resolve')
    ? { csrfToken: session.csrfToken, returnTo: ctx.originalUrl, operatorEmail: operator.email }
    : null;
}

/** Where an action returns: the settlement day it came from. */
const dayPath = (value: string | undefined) =>
  returnPath(value, '/admin/reconciliation', '/admin/reconciliation');

/**
 * /admin/reconciliation: each gateway's settlement days with what it paid against what the ledger
 * expected; a day's exceptions (with their actions, for those who may act) and lines; the cash
 * each gateway still holds.
 */
export function reconciliationPageRoutes(deps: RouteDeps): Router {
  const router = new Router();
  const reads = viewPermission(deps, 'reconciliation.read');

  router.get('/reconciliation', reads, async (ctx) => {
    const form = filterValues(ctx, RUN_FILTERS);
    form.mode ??= 'TEST';
    const page = typeof ctx.query.page === 'string' ? ctx.query.page : undefined;
    const query = runsQuery.safeParse({ ...form, ...(page && { page }) });
    let body = html``;
    let problem: string | null = null;
    if (query.success) {
      const result = await runList(deps, query.data);
      body = html`<p class="muted" data-testid="total">
          ${result.total} settlement day(s) in ${query.data.mode}
        </p>
        ${runsTable(result.items)}
        ${pager('/admin/reconciliation', form, query.data.page, pagination(query.data, result.total).totalPages)}`;
    } else {
      problem = problemText(zodIssues(query.error));
    }
    render(ctx, {
      title: 'Reconciliation',
      active: 'reconciliation',
      status: problem ? 400 : 200,
      ...(problem && { flash: { kind: 'error' as const, message: problem } }),
      body: html`<h1>Reconciliation</h1>
        ${tabs('days', form.mode)} ${runFilters(form)} ${body}`,
    });
  });

  router.get('/reconciliation/cash', reads, async (ctx) => {
    const form = filterValues(ctx, ['mode']);
    const query = cashQuery.safeParse({ mode: form.mode ?? 'TEST' });
    const mode = query.success ? query.data.mode : 'TEST';
    render(ctx, {
      title: 'Cash by gateway',
      active: 'reconciliation',
      status: query.success ? 200 : 400,
      ...(!query.success && {
        flash: { kind: 'error' as const, message: problemText(zodIssues(query.error)) },
      }),
      body: html`<h1>Cash by gateway</h1>
        ${tabs('cash', mode)}
        <form method="get" action="/admin/reconciliation/cash" class="card">
          <div class="row">${modeSwitch(mode)} <button type="submit">Show</button></div>
        </form>
        ${cashTable(await cash(deps, mode), mode)}`,
    });
  });

  router.get(
    '/reconciliation/runs/:id',
    reads,
    forRun(async (ctx) => {
      const linesPage = typeof ctx.query.page === 'string' ? ctx.query.page : '1';
      const outcome =
        typeof ctx.query.outcome === 'string' && ctx.query.outcome ? ctx.query.outcome : undefined;
      // Open exceptions come first; a day has few, and its CSV holds every one.
      const exceptionsFilter = exceptionsQuery.safeParse({ page: 1, size: EXCEPTIONS_SHOWN });
      const linesFilter = linesQuery.safeParse({ page: linesPage, size: 50, ...(outcome && { outcome }) });
      if (!exceptionsFilter.success || !linesFilter.success) {
        await runOr404(deps, ctx.params.id!);
        return render(ctx, {
          title: 'Settlement day',
          active: 'reconciliation',
          status: 400,
          flash: {
            kind: 'error',
            message: problemText([
              ...(exceptionsFilter.success ? [] : zodIssues(exceptionsFilter.error)),
              ...(linesFilter.success ? [] : zodIssues(linesFilter.error)),
            ]),
          },
          body: html`<p><a href="/admin/reconciliation/runs/${ctx.params.id}">← Settlement day</a></p>`,
        });
      }
      const [exceptions, lines] = await Promise.all([
        runExceptions(deps, ctx.params.id!, exceptionsFilter.data),
        runLines(deps, ctx.params.id!, linesFilter.data),
      ]);
      const run = runView(deps, exceptions.run);
      const payouts = await runPayouts(deps, exceptions.run);
      const waits = await dayWaitsFor(deps, exceptions.run, payouts);
      const path = `/admin/reconciliation/runs/${run.id}`;
      render(ctx, {
        title: `${run.gateway} ${run.settlementDate}`,
        active: 'reconciliation',
        body: html`${runFacts(run)} ${dayCloses(run, exceptions.items, waits)}
          <h2>Exceptions</h2>
          ${exceptionsTable(exceptions.items, resolveFormFor(ctx))}
          ${
            exceptions.total > exceptions.items.length
              ? html`<p class="muted">
                  The ${EXCEPTIONS_SHOWN} shown of ${exceptions.total}; the CSV holds every one.
                </p>`
              : ''
          }
          <h2>Lines</h2>
          <form method="get" action="${path}" class="row" data-testid="line-filter">
            <label
              >Outcome
              <select name="outcome">
                ${options(LINE_OUTCOMES, outcome, 'Any outcome')}
              </select></label
            >
            <button type="submit">Show</button>
          </form>
          <p class="muted" data-testid="lines-total">${lines.total} line(s)</p>
          ${linesTable(lines.items)}
          ${pager(path, { ...(outcome && { outcome }) }, linesFilter.data.page, pagination(linesFilter.data, lines.total).totalPages)}`,
      });
    }),
  );

  // Finance's action on an exception, through the same door as the admin API: recorded as the
  // signed-in operator, applied by the day's workflow. One that posts money asks for the
  // operator's identity again on the spot, keeping the action and the note.
  router.post(
    '/reconciliation/exceptions/:reference/resolve',
    formAction(deps, 'reconciliation.resolve', async (ctx, fields) => {
      const back = dayPath(fields.returnTo);
      const reference = ctx.params.reference ?? '';
      const { returnTo: _returnTo, amountMinor, requestKey, ...rest } = fields;
      const amount = amountMinor?.trim();
      const body = resolveExceptionBody.safeParse({
        ...rest,
        // A whole number is minor units; anything else is left for the schema to refuse by name.
        ...(amount && { amountMinor: /^\d{1,16}$/.test(amount) ? Number(amount) : amount }),
      });
      if (!RECON_EXCEPTION_REFERENCE_PATTERN.test(reference)) {
        return redirectWith(ctx, back, { error: 'No such reconciliation exception' });
      }
      if (!body.success) return redirectWith(ctx, back, { error: formProblem(zodIssues(body.error)) });
      await decideFromForm(ctx, back, fields, async () => {
        const { exception, openExceptions, refund, proposal, proposed } = await resolveReconException(
          deps,
          reference,
          reconDeciderOf(deps, admin(ctx), ctx.ip),
          {
            action: body.data.action,
            note: body.data.note,
            amountMinor: body.data.amountMinor ?? null,
            // The form's own key: submitting it twice (a double click, a resent form) acts once.
            idempotencyKey: requestKey && /^[\x21-\x7e]{1,255}$/.test(requestKey) ? requestKey : null,
          },
        );
        if (body.data.action === 'REFUND' && refund) {
          return `Refund ${refund.reference} of ${money(refund.amountMinor, refund.currency)} asked for exception ${exception.reference}; it waits for another operator's approval, and the exception resolves when the refund succeeds`;
        }
        if (proposed && proposal) {
          return `Exception ${exception.reference}: ${body.data.action} of ${money(proposal.postingMinor ?? 0, exception.currency)} proposed; it posts once another FINANCE or ADMIN operator approves it`;
        }
        const outcome = exception.status === 'RESOLVED' ? 'resolved' : 'escalated';
        return `Exception ${exception.reference} ${outcome} (${body.data.action}); ${openExceptions} still open`;
      });
    }),
  );

  // A second operator approves the adjustment proposed on an exception, through the same door as
  // the admin API; it posts money, so it asks for the operator's identity again on the spot.
  router.post(
    '/reconciliation/exceptions/:reference/approve',
    formAction(deps, 'reconciliation.resolve', async (ctx, fields) => {
      const back = dayPath(fields.returnTo);
      const reference = ctx.params.reference ?? '';
      const { returnTo: _returnTo, ...rest } = fields;
      const body = approveProposalBody.safeParse({ ...(rest.note?.trim() && { note: rest.note }) });
      if (!RECON_EXCEPTION_REFERENCE_PATTERN.test(reference)) {
        return redirectWith(ctx, back, { error: 'No such reconciliation exception' });
      }
      if (!body.success) return redirectWith(ctx, back, { error: formProblem(zodIssues(body.error)) });
      await decideFromForm(ctx, back, fields, async () => {
        const { exception, openExceptions } = await approveReconProposal(
          deps,
          reference,
          reconDeciderOf(deps, admin(ctx), ctx.ip),
          body.data.note ?? '',
        );
        return `Exception ${exception.reference} ${exception.status === 'RESOLVED' ? 'resolved' : 'approved'} (${exception.action ?? 'approved'}); ${openExceptions} still open`;
      });
    }),
  );

  for (const [file, build] of [
    ['lines.csv', runLinesExport],
    ['exceptions.csv', runExceptionsExport],
  ] as const) {
    router.get(
      `/reconciliation/runs/:id/${file}`,
      reads,
      forRun(async (ctx) => {
        const run = await runOr404(deps, ctx.params.id!);
        await sendCsvExport(ctx, deps, auditActor(ctx), build(deps, run));
      }),
    );
  }

  return router;
}
