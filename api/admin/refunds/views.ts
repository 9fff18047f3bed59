import { REFUND_STATUSES } from '../../../domain/refunds/refunds.js';
import type { SafeHtml } from '../../pages/html.js';
import { html } from '../../pages/html.js';
import { csrfField } from '../pages/layout.js';
import { appSelect, badge, modeSwitch, options, time } from '../payments/views.js';
import type { TimelineStep } from '../../../db/payments/payment-admin.js';
import type { Requester } from './page-service.js';
import type { AdminRefund } from './service.js';

/** The approval queue and refund list: filters, one row per refund, decision forms where allowed. */

export function refundFilters(form: Record<string, string>, apps: Array<{ id: number; name: string }>) {
  return html`<form method="get" action="/admin/refunds" class="card" data-testid="refund-filters">
    <div class="row">
      ${appSelect(apps, form.appId)}
      <label
        >Status
        <select name="status" data-testid="refund-status-filter">
          ${options(REFUND_STATUSES, form.status, 'Any status')}
        </select></label
      >
      <label class="check"
        ><input
          type="checkbox"
          name="awaitingConfirmation"
          value="true"
          ${form.awaitingConfirmation === 'true' ? 'checked' : ''}
        />
        Waiting for finance to confirm</label
      >
      ${modeSwitch(form.mode ?? 'TEST')}
      <button type="submit">Filter</button>
    </div>
  </form>`;
}

/** Who may decide, and the page to come back to after a decision. */
export interface DecisionForm {
  csrfToken: string;
  operatorId: number;
  returnTo: string;
  /** Whether the operator may approve or reject, and confirm a refund waiting for finance. */
  canDecide: boolean;
  canConfirm: boolean;
}

/**
 * A refund the gateway holds but cannot be asked about: the operator finds it in the gateway's
 * merchant panel and gives its id (the gateway then answers as usual) or the outcome shown there.
 */
function confirmationForm(refund: AdminRefund, form: DecisionForm | null): SafeHtml {
  const waiting = html`<span class="muted"
    >Waiting for finance since ${time(refund.awaitingConfirmation!.since)}:
    ${refund.awaitingConfirmation!.reason ?? 'the gateway gave no id to ask about it by'}</span
  >`;
  if (!form?.canConfirm) return waiting;
  if (refund.requestedByOperatorId === form.operatorId) {
    return html`${waiting}
      <span class="muted" data-testid="own-refund"
        >You asked for this refund: another operator confirms it</span
      >`;
  }
  return html`${waiting}
    <form
      method="post"
      action="/admin/refunds/${refund.reference}/confirm"
      class="row"
      data-testid="confirm-${refund.reference}"
    >
      ${csrfField(form.csrfToken)}
      <input type="hidden" name="returnTo" value="${form.returnTo}" />
      <label
        >The merchant panel shows
        <select name="outcome">
          <option value="SUCCEEDED">Refunded or processing</option>
          <option value="FAILED">Failed or cancelled</option>
        </select></label
      >
      <label
        >Gateway refund id
        <input type="text" name="gatewayRefundId" maxlength="64" placeholder="From the panel, if refunded"
      /></label>
      <label
        >Note <input type="text" name="note" maxlength="500" required placeholder="What you saw, and where"
      /></label>
      <button type="submit">Confirm</button>
    </form>`;
}

export function decisionForms(refund: AdminRefund, form: DecisionForm | null): SafeHtml | string {
  if (refund.awaitingConfirmation) return confirmationForm(refund, form);
  if (refund.status !== 'PENDING_APPROVAL') return '';
  if (!form?.canDecide) return html`<span class="muted">Waiting for FINANCE or ADMIN</span>`;
  if (refund.requestedByOperatorId === form.operatorId) {
    return html`<span class="muted" data-testid="own-refund"
      >You asked for this refund: another approver decides it</span
    >`;
  }
  const decide = (verb: 'approve' | 'reject', label: string, kind: string) =>
    html`<button
      type="submit"
      formaction="/admin/refunds/${refund.reference}/${verb}"
      class="${kind}"
      data-testid="${verb}-${refund.reference}"
    >
      ${label}
    </button>`;
  return html`<form method="post" class="row" data-testid="decide-${refund.reference}">
    ${csrfField(form.csrfToken)}
    <input type="hidden" name="returnTo" value="${form.returnTo}" />
    <label
      >Comment
      <input type="text" name="comment" maxlength="500" placeholder="Why (recorded in the audit log)"
    /></label>
    ${decide('approve', 'Approve', '')} ${decide('reject', 'Reject', 'secondary')}
  </form>`;
}

/** Who asked for the refund, as the queue and the refund's page name them. */
export function requesterText(requester: Requester): SafeHtml {
  return requester.kind === 'OPERATOR'
    ? html`<span data-testid="asked-by">Operator ${requester.name}</span>`
    : html`<span data-testid="asked-by"
        >${requester.name}, with its API
        key${requester.key ? html` <span class="mono">${requester.key}</span>` : ''}</span
      >`;
}

/** A payment's status changes with their times, oldest first. */
export function paymentTimelineList(steps: TimelineStep[]): SafeHtml {
  if (!steps.length) return html`<span class="muted">No status changes recorded.</span>`;
  return html`<ol class="timeline" data-testid="payment-history">
    ${steps.map(
      (step) =>
        html`<li>
          ${step.from ? html`${step.from} → ` : ''}<strong>${step.to}</strong> · ${time(step.at)}
          ${step.reason ? html`<span class="muted">— ${step.reason}</span>` : ''}
        </li>`,
    )}
  </ol>`;
}

/**
 * Long words (ids, references, a reason typed without spaces) break inside their cell: nothing in
 * the queue widens the page past its box.
 */
export const REFUND_PAGE_STYLE = html`<style>
  .refund-queue {
    table-layout: fixed;
  }
  .refund-queue td,
  .refund-queue th,
  .refund-facts dd,
  .refund-history td {
    overflow-wrap: anywhere;
  }
  .refund-history td:nth-child(2) {
    overflow-wrap: normal;
    white-space: nowrap;
  }
  .refund-queue form.row {
    flex-direction: column;
    align-items: stretch;
    gap: 0.4rem;
  }
  .refund-queue form.row input,
  .refund-queue form.row select {
    min-width: 0;
    width: 100%;
  }
  .refund-queue details summary {
    cursor: pointer;
    color: var(--brand);
  }
  ol.timeline {
    margin: 0.25rem 0 0;
    padding-left: 1.1rem;
    font-size: 0.82rem;
  }
</style>`;

/** What each queue row shows beside the refund: who asked, and its payment's status changes. */
export interface QueueRowExtras {
  requester: Requester;
  paymentTimeline: TimelineStep[];
}

export function refundTable(
  items: AdminRefund[],
  form: DecisionForm | null,
  extras: (refund: AdminRefund) => QueueRowExtras,
) {
  if (!items.length) return html`<p class="muted" data-testid="no-refunds">No refunds match.</p>`;
  return html`${REFUND_PAGE_STYLE}
    <div class="table-wrap">
      <table class="refund-queue" data-testid="refund-table">
        <colgroup>
          <col style="width:12%" />
          <col style="width:14%" />
          <col style="width:9%" />
          <col style="width:14%" />
          <col style="width:12%" />
          <col style="width:15%" />
          <col style="width:10%" />
          <col style="width:14%" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Refund</th>
            <th scope="col">Payment</th>
            <th scope="col">Amount</th>
            <th scope="col">Status</th>
            <th scope="col">Asked by</th>
            <th scope="col">Why</th>
            <th scope="col">Asked</th>
            <th scope="col">Decision</th>
          </tr>
        </thead>
        <tbody>
          ${items.map((r) => {
            const { requester, paymentTimeline } = extras(r);
            return html`<tr data-testid="refund-row-${r.reference}">
              <td>
                <a class="mono" href="/admin/refunds/${r.reference}" data-testid="refund-link-${r.reference}"
                  >${r.reference}</a
                >
                <br /><a class="muted" href="${r.temporalUrl}" target="_blank" rel="noopener noreferrer"
                  >Temporal ↗</a
                >
              </td>
              <td>
                <a class="mono" href="/admin/payments/${r.paymentReference}">${r.paymentReference}</a>
                <div class="muted">${r.appName ?? r.appId}</div>
                <details>
                  <summary>History</summary>
                  ${paymentTimelineList(paymentTimeline)}
                </details>
              </td>
              <td>${r.amountFormatted}</td>
              <td>${badge(r.status)}</td>
              <td>${requesterText(requester)}</td>
              <td data-testid="reason">${r.reason ?? '—'}</td>
              <td>
                ${time(r.createdAt)}
                ${
                  r.approvalExpiresAt && r.status === 'PENDING_APPROVAL'
                    ? html`<br /><span class="muted">expires ${time(r.approvalExpiresAt)}</span>`
                    : ''
                }
              </td>
              <td>
                ${
                  r.decision
                    ? html`${r.decision.by}${r.decision.comment ? html`: “${r.decision.comment}”` : ''}`
                    : decisionForms(r, form)
                }
              </td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
}
