import Router from '@koa/router';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from 'koa';
import { ApiError } from '../../../domain/shared/errors.js';
import type { RouteDeps } from '../../deps.js';
import { html } from '../../pages/html.js';
import { zodIssues } from '../../validation.js';
import { sendCsvExport } from '../exports/csv-export.js';
import { minorUnitsFromForm } from '../pages/major-units-field.js';
import { findException } from '../../../db/reconciliation/recon-runs.js';
import {
  admin,
  decideFromForm,
  filterValues,
  formAction,
  formProblem,
  redirectWith,
  render,
  renderStepUp,
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
  offersResolveForm,
  runFacts,
  runFilters,
  runsTable,
  type ResolveAttempt,
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

/**
 * The actions under an open exception, for an operator who may resolve exceptions; with an action
 * the service refused, drawn again as typed (returning where that form came from).
 */
function resolveFormFor(
  ctx: Context,
  attempt: (ResolveAttempt & { returnTo: string }) | null = null,
): ResolveForm | null {
  const { operator, session } = admin(ctx);
  return can(operator.role, 'reconciliation.resolve')
    ? {
        csrfToken: session.csrfToken,
        returnTo: attempt?.returnTo ?? ctx.originalUrl,
        operatorEmail: operator.email,
        attempt,
      }
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

  /**
   * A settlement day's page; with `attempt`, an action on an exception the service refused is drawn
   * again inside that exception's form, with what was typed and why (422).
   */
  const showDay = async (
    ctx: Context,
    runId: string,
    attempt: (ResolveAttempt & { returnTo: string }) | null = null,
  ): Promise<void> => {
    const linesPage = typeof ctx.query.page === 'string' ? ctx.query.page : '1';
    const outcome =
      typeof ctx.query.outcome === 'string' && ctx.query.outcome ? ctx.query.outcome : undefined;
    // Open exceptions come first; a day has few, and its CSV holds every one.
    const exceptionsFilter = exceptionsQuery.safeParse({ page: 1, size: EXCEPTIONS_SHOWN });
    const linesFilter = linesQuery.safeParse({ page: linesPage, size: 50, ...(outcome && { outcome }) });
    if (!exceptionsFilter.success || !linesFilter.success) {
      await runOr404(deps, runId);
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
        body: html`<p><a href="/admin/reconciliation/runs/${runId}">← Settlement day</a></p>`,
      });
    }
    const [exceptions, lines] = await Promise.all([
      runExceptions(deps, runId, exceptionsFilter.data),
      runLines(deps, runId, linesFilter.data),
    ]);
    const run = runView(deps, exceptions.run);
    const payouts = await runPayouts(deps, exceptions.run);
    const waits = await dayWaitsFor(deps, exceptions.run, payouts);
    const path = `/admin/reconciliation/runs/${run.id}`;
    render(ctx, {
      title: `${run.gateway} ${run.settlementDate}`,
      active: 'reconciliation',
      ...(attempt && { status: 422 }),
      // An action refused on an exception that no longer offers its form: the page says why.
      ...(attempt &&
        !exceptions.items.some((e) => e.reference === attempt.reference && offersResolveForm(e)) && {
          flash: { kind: 'error' as const, message: attempt.error },
        }),
      body: html`${runFacts(run)} ${dayCloses(run, exceptions.items, waits)}
        <h2>Exceptions</h2>
        ${exceptionsTable(exceptions.items, resolveFormFor(ctx, attempt))}
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
  };

  router.get(
    '/reconciliation/runs/:id',
    reads,
    forRun((ctx) => showDay(ctx, ctx.params.id!)),
  );

  // Finance's action on an exception, through the same door as the admin API: recorded as the
  // signed-in operator, applied by the day's workflow. One that posts money asks for the
  // operator's identity again on the spot, keeping the action and the note.
  router.post(
    '/reconciliation/exceptions/:reference/resolve',
    formAction(deps, 'reconciliation.resolve', async (ctx, fields) => {
      const back = dayPath(fields.returnTo);
      const reference = ctx.params.reference ?? '';
      const { returnTo: _returnTo, amount: typedAmount, requestKey, ...rest } = fields;
      const exception = RECON_EXCEPTION_REFERENCE_PATTERN.test(reference)
        ? await findException(deps.orm.em.fork() as EntityManager, reference)
        : null;
      if (!exception) return redirectWith(ctx, back, { error: 'No such reconciliation exception' });
      // Refused: the day's page again, this exception's form as typed with why, where it was typed.
      const refused = (error: string) =>
        showDay(ctx, String(exception.runId), { reference, fields, error, returnTo: back });
      // The amount is typed in the exception's currency ("250.50"), read into minor units exactly.
      const amount = minorUnitsFromForm(typedAmount, exception.currency, 'Refund amount');
      if ('problem' in amount) return refused(`Check the form: ${amount.problem}`);
      if ('amountMinor' in amount && rest.action !== 'REFUND') {
        return refused('Check the form: Refund amount: only a refund takes an amount (leave it blank)');
      }
      const body = resolveExceptionBody.safeParse({
        ...rest,
        ...('amountMinor' in amount && { amountMinor: amount.amountMinor }),
      });
      if (!body.success) {
        const issues = zodIssues(body.error).map((issue) => ({
          ...issue,
          field: issue.field === 'amountMinor' ? 'Refund amount' : issue.field,
        }));
        return refused(formProblem(issues));
      }
      try {
        const { refund, proposal, proposed, openExceptions, ...answer } = await resolveReconException(
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
        const resolved = answer.exception;
        const ok =
          body.data.action === 'REFUND' && refund
            ? `Refund ${refund.reference} of ${money(refund.amountMinor, refund.currency)} asked for exception ${resolved.reference}; it waits for another operator's approval, and the exception resolves when the refund succeeds`
            : proposed && proposal
              ? `Exception ${resolved.reference}: ${body.data.action} of ${money(proposal.postingMinor ?? 0, resolved.currency)} proposed; it posts once another FINANCE or ADMIN operator approves it`
              : `Exception ${resolved.reference} ${resolved.status === 'RESOLVED' ? 'resolved' : 'escalated'} (${body.data.action}); ${openExceptions} still open`;
        redirectWith(ctx, back, { ok });
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        if (error.code === 'STEP_UP_REQUIRED') return renderStepUp(ctx, { ...fields }, null);
        await refused(error.message);
      }
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
