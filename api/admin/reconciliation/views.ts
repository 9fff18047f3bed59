import { randomUUID } from 'node:crypto';
import {
  actionsFor,
  POSTING_ACTIONS,
  type ReconExceptionKind,
} from '../../../domain/reconciliation/reconciliation.js';
import { html, SafeHtml } from '../../pages/html.js';
import { SETTLEMENT_GATEWAYS } from '../../../gateways/settlement-reports.js';
import {
  PAYOUT_RAILS_WITH_STATEMENTS,
  railReconGateway,
} from '../../../domain/reconciliation/rail-statements.js';
import { csrfField } from '../pages/layout.js';
import { majorUnitsField } from '../pages/major-units-field.js';
import { badge, modeSwitch, money, options, time } from '../payments/views.js';
import type { CashPosition } from '../../../db/reconciliation/reconciliation-views.js';
import type { ExceptionView, LineView, RunPayoutView, RunView } from './service.js';

/** HTML fragments of the reconciliation pages; data comes from service.ts. */

const signed = (amountMinor: number, currency: string) =>
  `${amountMinor > 0 ? '+' : ''}${money(amountMinor, currency)}`;

/** The difference between what the gateway paid and what the ledger expected, flagged when not zero. */
const difference = (amountMinor: number, currency: string) =>
  amountMinor === 0
    ? html`<span class="muted" data-testid="difference">0</span>`
    : html`<strong class="danger" data-testid="difference">${signed(amountMinor, currency)}</strong>`;

/** What a settlement day is reconciled for: each gateway that settles through reports, and each payout rail's statement. */
const RECONCILED_GATEWAYS = [
  ...SETTLEMENT_GATEWAYS,
  ...PAYOUT_RAILS_WITH_STATEMENTS.map((rail) => railReconGateway(rail)),
];

export function runFilters(form: Record<string, string>): SafeHtml {
  return html`<form method="get" action="/admin/reconciliation" class="card" data-testid="recon-filters">
    <div class="row">
      ${modeSwitch(form.mode ?? 'TEST')}
      <label
        >Gateway
        <select name="gateway">
          ${options(RECONCILED_GATEWAYS, form.gateway, 'Any gateway')}
        </select></label
      >
      <label
        >Status
        <select name="status">
          ${options(['OPEN', 'CLOSED'], form.status, 'Any status')}
        </select></label
      >
      <label>Settlement date from <input type="date" name="from" value="${form.from ?? ''}" /></label>
      <label>to <input type="date" name="to" value="${form.to ?? ''}" /></label>
      <button type="submit">Filter</button>
      <a class="button secondary" href="/admin/reconciliation">Reset</a>
    </div>
  </form>`;
}

/** Per currency: what the gateway says it paid out against what the ledger expected. */
export function figuresTable(run: Pick<RunView, 'figures'>, testId = 'figures'): SafeHtml {
  if (!run.figures.length) return html`<span class="muted">No lines yet</span>`;
  return html`<table data-testid="${testId}">
    <thead>
      <tr>
        <th scope="col">Currency</th>
        <th scope="col">Gross</th>
        <th scope="col">Fees</th>
        <th scope="col">Refunds</th>
        <th scope="col">Disputes</th>
        <th scope="col">Net (gateway)</th>
        <th scope="col">Expected (ledger)</th>
        <th scope="col">Difference</th>
      </tr>
    </thead>
    <tbody>
      ${run.figures.map(
        (f) =>
          html`<tr data-testid="figures-row" data-currency="${f.currency}">
            <td>${f.currency}</td>
            <td>${money(f.grossMinor, f.currency)}</td>
            <td>${money(f.feeMinor, f.currency)}</td>
            <td>${money(f.refundsMinor, f.currency)}</td>
            <td>${money(f.disputesMinor, f.currency)}</td>
            <td data-testid="net">${money(f.netMinor, f.currency)}</td>
            <td data-testid="expected">${money(f.expectedNetMinor, f.currency)}</td>
            <td>${difference(f.differenceMinor, f.currency)}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/**
 * The same figures in a line per currency, for the list of days: a table nested in a cell would
 * push the list wider than the page.
 */
function figuresSummary(run: Pick<RunView, 'figures'>): SafeHtml {
  if (!run.figures.length) return html`<span class="muted">No lines yet</span>`;
  return html`${run.figures.map(
    (f) =>
      html`<div data-testid="figures-summary" data-currency="${f.currency}">
        paid ${money(f.netMinor, f.currency)} · expected ${money(f.expectedNetMinor, f.currency)} ·
        ${difference(f.differenceMinor, f.currency)}
      </div>`,
  )}`;
}

export function runsTable(runs: RunView[]): SafeHtml {
  if (!runs.length)
    return html`<p class="card muted" data-testid="no-runs">
      No settlement days match. A day appears once its gateway's report is imported.
    </p>`;
  return html`<div class="table-wrap">
    <table data-testid="recon-runs">
      <thead>
        <tr>
          <th scope="col">Settlement date</th>
          <th scope="col">Gateway</th>
          <th scope="col">Status</th>
          <th scope="col">Lines</th>
          <th scope="col">Open exceptions</th>
          <th scope="col">Gateway paid vs ledger expected</th>
        </tr>
      </thead>
      <tbody>
        ${runs.map(
          (r) =>
            html`<tr data-testid="recon-run" data-gateway="${r.gateway}" data-date="${r.settlementDate}">
              <td><a href="/admin/reconciliation/runs/${r.id}">${r.settlementDate}</a></td>
              <td>${r.gateway} <span class="muted">${r.mode}</span></td>
              <td>${badge(r.status)}</td>
              <td>${r.matchedCount} matched of ${r.lineCount}</td>
              <td data-testid="open-exceptions">${r.openExceptionCount} of ${r.exceptionCount}</td>
              <td>${figuresSummary(r)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

export function runFacts(run: RunView): SafeHtml {
  return html`<p><a href="/admin/reconciliation?mode=${run.mode}">← Settlement days</a></p>
    <h1>${run.gateway} · ${run.mode} · ${run.settlementDate}</h1>
    <div class="card">
      <dl class="facts" data-testid="run-facts">
        <dt>Status</dt>
        <dd>${badge(run.status)}</dd>
        <dt>Lines</dt>
        <dd>${run.matchedCount} matched of ${run.lineCount}</dd>
        <dt>Exceptions</dt>
        <dd data-testid="run-open-exceptions">${run.openExceptionCount} open of ${run.exceptionCount}</dd>
        <dt>Last matched</dt>
        <dd>${time(run.lastMatchedAt)}</dd>
        <dt>Closed</dt>
        <dd>${time(run.closedAt)}</dd>
        <dt>Workflow</dt>
        <dd class="mono">${run.workflowId}</dd>
      </dl>
      ${figuresTable(run)}
      <p class="row">
        <a
          class="button secondary"
          href="${run.temporalUrl}"
          target="_blank"
          rel="noopener noreferrer"
          data-testid="temporal-link"
          >Open in Temporal UI</a
        >
        <a
          class="button secondary"
          href="/admin/reconciliation/runs/${run.id}/lines.csv"
          download
          data-testid="lines-csv"
          >Lines as CSV</a
        >
        <a
          class="button secondary"
          href="/admin/reconciliation/runs/${run.id}/exceptions.csv"
          download
          data-testid="exceptions-csv"
          >Exceptions as CSV</a
        >
      </p>
    </div>`;
}

/** What an operator who may act sees under an open exception: the actions its kind allows. */
export interface ResolveForm {
  csrfToken: string;
  returnTo: string;
  /** The signed-in operator: a proposal is approved by anyone but its proposer. */
  operatorEmail: string;
  /** An action on one exception the service refused: drawn again in its form, as typed, with why. */
  attempt?: ResolveAttempt | null;
}

export interface ResolveAttempt {
  reference: string;
  fields: Record<string, string>;
  error: string;
}

function resolveForm(e: ExceptionView, form: ResolveForm): SafeHtml {
  const actions = actionsFor(e.kind as ReconExceptionKind);
  const attempt = form.attempt?.reference === e.reference ? form.attempt : null;
  const chosen = attempt?.fields.action;
  return html`<form
    method="post"
    action="/admin/reconciliation/exceptions/${e.reference}/resolve"
    class="row"
    data-testid="resolve-form"
  >
    ${csrfField(form.csrfToken)}
    <input type="hidden" name="returnTo" value="${form.returnTo}" />
    ${
      attempt
        ? html`<p class="flash error" role="alert" style="flex-basis:100%" data-testid="resolve-error">
            ${attempt.error}
          </p>`
        : ''
    }
    <label
      >Action
      <select name="action" required data-testid="resolve-action">
        ${actions.map(
          (a) =>
            html`<option value="${a}" ${chosen === a ? 'selected' : ''}>
              ${a.replace(/_/g, ' ').toLowerCase()}${POSTING_ACTIONS.has(a) ? ' (posts; confirm identity)' : ''}
            </option>`,
        )}
      </select></label
    >
    ${
      actions.includes('REFUND')
        ? majorUnitsField({
            name: 'amount',
            // REFUND only; blank: what the exception shows was charged beyond the payment.
            label: 'Refund amount',
            currency: e.currency,
            placeholder: 'blank: the excess charged',
            testId: 'resolve-amount',
            ...(attempt?.fields.amount !== undefined && { typed: attempt.fields.amount }),
          })
        : ''
    }
    <input type="hidden" name="requestKey" value="${randomUUID()}" />
    <label
      >Note
      <input
        type="text"
        name="note"
        required
        maxlength="1000"
        placeholder="why"
        value="${attempt?.fields.note ?? ''}"
        data-testid="resolve-note"
    /></label>
    <button type="submit" data-testid="resolve-submit">Resolve</button>
  </form>`;
}

/** The adjustment proposed on an exception, and the approval form for any operator but its proposer. */
function proposalBlock(e: ExceptionView, form: ResolveForm | null): SafeHtml | string {
  if (!e.proposal) return '';
  const what = e.proposal.action === 'ACCEPT_FEE_DIFFERENCE' ? 'a fee difference of' : 'an adjustment of';
  const mayApprove = form !== null && form.operatorEmail !== e.proposal.proposedBy;
  return html`<div class="proposal" data-testid="exception-proposal">
    <strong>Waits for a second operator:</strong> ${e.proposal.proposedBy} proposed ${what}
    ${e.proposal.postingMinor === null ? '' : signed(e.proposal.postingMinor, e.currency)}
    ${
      mayApprove
        ? html`<form
            method="post"
            action="/admin/reconciliation/exceptions/${e.reference}/approve"
            class="row"
            data-testid="approve-form"
          >
            ${csrfField(form.csrfToken)}
            <input type="hidden" name="returnTo" value="${form.returnTo}" />
            <label
              >Approval note
              <input type="text" name="note" maxlength="1000" placeholder="why" data-testid="approve-note"
            /></label>
            <button type="submit" data-testid="approve-submit">Approve and post</button>
          </form>`
        : html`<div class="muted">Another FINANCE or ADMIN operator approves it.</div>`
    }
  </div>`;
}

/** A refund finance asked for is on its way: its approver decides, and nothing else is offered. */
const refundPending = (e: ExceptionView) =>
  e.resolvingRefundStatus === 'PENDING_APPROVAL' || e.resolvingRefundStatus === 'PROCESSING';

/** Whether an exception offers its actions' form (to an operator who may resolve exceptions). */
export const offersResolveForm = (e: ExceptionView) => e.status === 'OPEN' && !refundPending(e);

function refundLink(e: ExceptionView): SafeHtml | string {
  if (!e.resolvingRefundReference) return '';
  const waiting =
    e.resolvingRefundStatus === 'PENDING_APPROVAL'
      ? ' · waits for another operator to approve it'
      : e.resolvingRefundStatus === 'PROCESSING'
        ? ' · with the gateway'
        : '';
  return html`<div data-testid="exception-refund" data-status="${e.resolvingRefundStatus ?? ''}">
    refund
    <a class="mono" href="/admin/refunds/${e.resolvingRefundReference}" data-testid="exception-refund-link"
      >${e.resolvingRefundReference}</a
    >
    ${e.resolvingRefundStatus ?? ''}${waiting}
  </div>`;
}

export function exceptionsTable(items: ExceptionView[], form: ResolveForm | null): SafeHtml {
  if (!items.length) return html`<p class="card muted" data-testid="no-exceptions">No exceptions.</p>`;
  const amount = (minor: number | null, currency: string) => (minor === null ? '—' : money(minor, currency));
  return html`<div class="table-wrap">
    <table data-testid="recon-exceptions">
      <thead>
        <tr>
          <th scope="col">Exception</th>
          <th scope="col">About</th>
          <th scope="col">Expected (ledger)</th>
          <th scope="col">Reported (gateway)</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      ${items.map(
        (e) =>
          html`<tbody
            id="exception-${e.reference}"
            data-testid="recon-exception"
            data-reference="${e.reference}"
            data-kind="${e.kind}"
            data-status="${e.status}"
          >
            <tr>
              <td>
                <strong>${e.kind.replace(/_/g, ' ')}</strong><br /><span class="mono muted"
                  >${e.reference}</span
                >
              </td>
              <td>
                ${e.paymentReference ? html`<a class="mono" href="/admin/payments/${e.paymentReference}">${e.paymentReference}</a>` : ''}
                ${e.refundReference ? html`<a class="mono" href="/admin/refunds/${e.refundReference}">${e.refundReference}</a>` : ''}
                ${e.gatewayTransactionId ? html`<div class="mono muted">${e.lineType ?? ''} ${e.gatewayTransactionId}</div>` : ''}
                ${e.payoutBatch ? html`<div class="muted">payout ${e.payoutBatch}</div>` : ''}
                ${e.detail ? html`<div>${e.detail}</div>` : ''}
              </td>
              <td>${amount(e.expectedMinor, e.currency)}</td>
              <td>${amount(e.actualMinor, e.currency)}</td>
              <td>
                ${badge(e.status)}
                ${
                  e.status === 'RESOLVED'
                    ? html`<div data-testid="resolution">
                        ${e.action ?? ''} by
                        ${e.resolvedBy ?? 'matching'}${e.approvedBy ? `, approved by ${e.approvedBy}` : ''} ·
                        ${time(e.resolvedAt)} ${e.note ? html`<div class="muted">${e.note}</div>` : ''}
                        ${e.escalatedAt ? html`<div class="muted" data-testid="escalated">escalated ${time(e.escalatedAt)}</div>` : ''}
                        ${e.journalEntryId ? html`<div class="mono muted">entry #${e.journalEntryId}</div>` : ''}
                        ${refundLink(e)}
                      </div>`
                    : html`${
                        e.escalatedAt
                          ? html`<div class="muted" data-testid="escalated">
                              escalated ${time(e.escalatedAt)}${e.note ? html` · ${e.note}` : ''}
                            </div>`
                          : ''
                      }
                      ${refundLink(e)}`
                }
              </td>
            </tr>
            ${
              e.status === 'OPEN' && (e.proposal || (form && !refundPending(e)))
                ? html`<tr data-testid="exception-actions">
                    <td colspan="5">
                      ${proposalBlock(e, form)} ${form && !refundPending(e) ? resolveForm(e, form) : ''}
                    </td>
                  </tr>`
                : ''
            }
          </tbody>`,
      )}
    </table>
  </div>`;
}

const kindWords = (kind: string) => kind.replace(/_/g, ' ').toLowerCase();

/** What one open exception waits for, in words. */
function openExceptionWords(e: ExceptionView): SafeHtml {
  const about =
    e.paymentReference ?? e.gatewayTransactionId ?? (e.payoutBatch ? `payout ${e.payoutBatch}` : '');
  const waits = e.proposal
    ? `a second operator to approve the ${kindWords(e.proposal.action)} ${e.proposal.proposedBy} proposed`
    : refundPending(e)
      ? `refund ${e.resolvingRefundReference} (${e.resolvingRefundStatus})`
      : `finance: ${actionsFor(e.kind as ReconExceptionKind)
          .filter((a) => a !== 'ESCALATE')
          .map(kindWords)
          .join(', or ')}${e.escalatedAt ? ' (escalated)' : ''}`;
  return html`<li data-testid="closes-exception" data-reference="${e.reference}">
    <a href="#exception-${e.reference}">${kindWords(e.kind)}</a
    >${about ? html` <span class="mono">${about}</span>` : ''} waits for ${waits}
  </li>`;
}

/**
 * What would close the day, in words: each open exception and what it waits for, each payout the
 * bank's statements do not show yet, the end of the grace period; or that it is closed.
 */
export function dayCloses(
  run: RunView,
  exceptions: ExceptionView[],
  waits: { graceEndsAt: string | null; pendingPayouts: RunPayoutView[] },
): SafeHtml {
  const open = exceptions.filter((e) => e.status === 'OPEN');
  if (run.status === 'CLOSED') {
    return html`<div class="card" data-testid="day-closes">
      <h2>What closes this day</h2>
      <p>Closed ${time(run.closedAt)}: nothing remains.</p>
    </div>`;
  }
  const items = [
    ...open.map(openExceptionWords),
    ...waits.pendingPayouts.map(
      (p) =>
        html`<li data-testid="closes-payout">
          payout <span class="mono">${p.payoutBatch ?? '(no batch)'}</span> of
          ${money(p.expectedMinor, p.currency)} waits for a bank statement that shows it (or shows it never
          came)
        </li>`,
    ),
    ...(waits.graceEndsAt
      ? [
          html`<li data-testid="closes-grace">
            the grace period, until ${time(waits.graceEndsAt)}: a payment captured for the day may still come
            in a later report
          </li>`,
        ]
      : []),
  ];
  const hidden = run.openExceptionCount - open.length;
  return html`<div class="card" data-testid="day-closes">
    <h2>What closes this day</h2>
    ${
      items.length
        ? html`<p>It closes once nothing below remains:</p>
            <ul>
              ${items}
            </ul>
            ${hidden > 0 ? html`<p class="muted">and ${hidden} more open exception(s) in the CSV.</p>` : ''}`
        : html`<p>Nothing remains: it closes at its next match.</p>`
    }
  </div>`;
}

export function linesTable(items: LineView[]): SafeHtml {
  if (!items.length) return html`<p class="card muted" data-testid="no-lines">No lines.</p>`;
  return html`<div class="table-wrap">
    <table data-testid="recon-lines">
      <thead>
        <tr>
          <th scope="col">Line</th>
          <th scope="col">Type</th>
          <th scope="col">Gross</th>
          <th scope="col">Fee</th>
          <th scope="col">Net</th>
          <th scope="col">Outcome</th>
        </tr>
      </thead>
      <tbody>
        ${items.map(
          (l) =>
            html`<tr
              data-testid="recon-line"
              data-outcome="${l.outcome}"
              data-transaction="${l.gatewayTransactionId}"
            >
              <td>
                <span class="mono">${l.gatewayTransactionId}</span>
                ${l.payoutBatch ? html`<div class="muted">payout ${l.payoutBatch}</div>` : ''}
              </td>
              <td>${l.type}</td>
              <td>${money(l.grossMinor, l.currency)}</td>
              <td>${money(l.feeMinor, l.currency)}</td>
              <td>${money(l.netMinor, l.currency)}</td>
              <td>
                ${badge(l.outcome)}
                ${l.paymentReference ? html`<a class="mono" href="/admin/payments/${l.paymentReference}">${l.paymentReference}</a>` : ''}
                ${l.refundReference ? html`<a class="mono" href="/admin/refunds/${l.refundReference}">${l.refundReference}</a>` : ''}
                ${l.feeDifferenceMinor ? html`<div class="muted">fee difference ${signed(l.feeDifferenceMinor, l.currency)}</div>` : ''}
                ${l.exceptionKind ? html`<div class="muted">${l.exceptionKind} ${l.exceptionReference}</div>` : ''}
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

export function cashTable(positions: CashPosition[], mode: string): SafeHtml {
  if (!positions.length)
    return html`<p class="card muted" data-testid="no-cash">
      No gateway has captured or settled money in this mode.
    </p>`;
  return html`<div class="table-wrap">
      <table data-testid="recon-cash">
        <thead>
          <tr>
            <th scope="col">Gateway</th>
            <th scope="col">Currency</th>
            <th scope="col">Expected (in clearing)</th>
            <th scope="col">Received (settled to bank)</th>
            <th scope="col">Reported by the gateway, not posted</th>
            <th scope="col">Open exceptions</th>
            <th scope="col">Last settlement date</th>
          </tr>
        </thead>
        <tbody>
          ${positions.map(
            (p) =>
              html`<tr data-testid="cash-row" data-gateway="${p.gateway}" data-currency="${p.currency}">
                <td>${p.gateway}</td>
                <td>${p.currency}</td>
                <td data-testid="clearing">${money(p.clearingMinor, p.currency)}</td>
                <td data-testid="settled">${money(p.settledMinor, p.currency)}</td>
                <td data-testid="unposted">${money(p.unpostedNetMinor, p.currency)}</td>
                <td>
                  ${
                    p.openExceptions
                      ? html`<a
                          href="/admin/reconciliation?${new URLSearchParams({ mode, gateway: p.gateway, status: 'OPEN' }).toString()}"
                          >${p.openExceptions}</a
                        >`
                      : '0'
                  }
                </td>
                <td>${p.lastSettlementDate ?? '—'}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    <p class="muted">
      Expected is what the ledger says the gateway still holds for us; received is what its settlements paid
      into the bank. Once a day's exceptions are resolved, its clearing account holds exactly what the gateway
      has yet to pay out.
    </p>`;
}

export { SafeHtml };
