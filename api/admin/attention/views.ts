import { judgeAttentionAction } from '../../../domain/payments/attention.js';
import { html, SafeHtml } from '../../pages/html.js';
import { csrfField } from '../pages/layout.js';
import { appSelect, badge, modeSwitch, money, time } from '../payments/views.js';
import type { AttentionItem } from './service.js';

/** The attention queue: filters, one block per flagged payment, the ways out where allowed. */

const STATES = ['OPEN', 'RESOLVED'] as const;

export function attentionFilters(form: Record<string, string>, apps: Array<{ id: number; name: string }>) {
  return html`<form method="get" action="/admin/attention" class="card" data-testid="attention-filters">
    <div class="row">
      ${appSelect(apps, form.appId)}
      <label
        >State
        <select name="state" data-testid="attention-state-filter">
          ${STATES.map(
            (s) =>
              html`<option value="${s}" ${new SafeHtml(s === form.state ? 'selected' : '')}>${s}</option>`,
          )}
        </select></label
      >
      ${modeSwitch(form.mode ?? 'TEST')}
      <button type="submit">Filter</button>
    </div>
  </form>`;
}

/** What the operator may do here, and the page to come back to afterwards. */
export interface ActionForm {
  csrfToken: string;
  operatorId: number;
  canRefund: boolean;
  canResolve: boolean;
  /** Deciding the refunds of parked money that wait for a second operator. */
  canApproveRefunds: boolean;
  returnTo: string;
}

/**
 * The buttons the payment's state allows (the same judgement the server makes again on submit),
 * sharing one note: it becomes the refund's reason or the resolution's note, and is audited.
 */
function actionForms(item: AttentionItem, form: ActionForm | null): SafeHtml | string {
  const allowed = (action: 'REFUND' | 'APPLY' | 'ACKNOWLEDGE') =>
    judgeAttentionAction(
      { attentionReason: item.reason, attentionResolvedAt: null, unappliedMinor: item.parkedMinor },
      item.parkedRefunds,
      action,
    ).allowed;
  const base = `/admin/payments/${item.reference}/attention`;
  const buttons = [
    form?.canRefund && allowed('REFUND')
      ? html`<button type="submit" formaction="${base}/refund" data-testid="refund-${item.reference}">
          Refund parked money
        </button>`
      : null,
    form?.canResolve && allowed('APPLY')
      ? html`<button
          type="submit"
          name="resolution"
          value="APPLY"
          formaction="${base}/resolve"
          class="secondary"
          data-testid="apply-${item.reference}"
        >
          Apply to app
        </button>`
      : null,
    form?.canResolve && allowed('ACKNOWLEDGE')
      ? html`<button
          type="submit"
          name="resolution"
          value="ACKNOWLEDGE"
          formaction="${base}/resolve"
          class="secondary"
          data-testid="acknowledge-${item.reference}"
        >
          Acknowledge
        </button>`
      : null,
  ].filter((b): b is SafeHtml => b !== null);
  if (!form || !buttons.length) {
    return html`<p class="muted">
      ${form ? 'No action is open to you on this payment' : 'Waiting for FINANCE or ADMIN'}
    </p>`;
  }
  return html`<form method="post" class="row" data-testid="act-${item.reference}">
    ${csrfField(form.csrfToken)}
    <input type="hidden" name="returnTo" value="${form.returnTo}" />
    <label style="flex:1"
      >Note
      <input
        type="text"
        name="note"
        required
        maxlength="255"
        placeholder="Why (recorded with the decision and in the audit log)"
    /></label>
    ${buttons}
  </form>`;
}

type ParkedRefundItem = AttentionItem['parkedRefunds'][number];

/**
 * A parked-money refund waiting for its approver: who asked, and for anyone else who may decide
 * refunds, the approve and reject buttons (the refunds page's own forms, coming back here).
 */
function refundDecision(refund: ParkedRefundItem, form: ActionForm | null): SafeHtml | string {
  if (refund.status !== 'PENDING_APPROVAL') return '';
  const asked = html`<br /><span class="muted" data-testid="asked-by"
      >asked by ${refund.requestedBy ?? '—'}</span
    >`;
  if (!form?.canApproveRefunds || refund.requestedByOperatorId === form.operatorId) {
    return html`${asked} <span class="muted">· waits for another operator's approval</span>`;
  }
  return html`${asked}
    <form method="post" class="row" data-testid="decide-refund-${refund.reference}">
      ${csrfField(form.csrfToken)}
      <input type="hidden" name="returnTo" value="${form.returnTo}" />
      <input
        type="text"
        name="comment"
        maxlength="500"
        placeholder="Comment (optional)"
        aria-label="Comment"
      />
      <button type="submit" formaction="/admin/refunds/${refund.reference}/approve">Approve refund</button>
      <button type="submit" formaction="/admin/refunds/${refund.reference}/reject" class="secondary">
        Reject
      </button>
    </form>`;
}

function parkedRefundList(item: AttentionItem, form: ActionForm | null): SafeHtml | string {
  if (!item.parkedRefunds.length) return html`<span class="muted">None</span>`;
  return html`<ul style="margin:0;padding-left:1rem">
    ${item.parkedRefunds.map(
      (r) =>
        html`<li data-testid="parked-refund" data-reference="${r.reference}">
          <span class="mono">${r.reference}</span>
          ${money(r.amountMinor, item.parkedCurrency ?? item.currency)} ${badge(r.status)}
          ${item.resolvedAt ? '' : refundDecision(r, form)}
        </li>`,
    )}
  </ul>`;
}

/**
 * The request to apply the parked money that waits for a second operator: what, who, when and
 * why; approve or reject for any other FINANCE or ADMIN operator, withdraw for its proposer.
 */
function applyRequestBlock(item: AttentionItem, form: ActionForm | null): SafeHtml | string {
  const request = item.applyRequest;
  if (!request || request.status !== 'PENDING') return '';
  const own = form?.operatorId === request.proposedByOperatorId;
  const base = `/admin/payments/${item.reference}/attention/requests/${request.id}`;
  const buttons = !form
    ? ''
    : own
      ? html`<button
          type="submit"
          formaction="${base}/withdraw"
          class="secondary"
          data-testid="withdraw-${item.reference}"
        >
          Withdraw
        </button>`
      : form.canResolve
        ? html`<button
              type="submit"
              formaction="${base}/approve"
              data-testid="approve-apply-${item.reference}"
            >
              Approve
            </button>
            <button
              type="submit"
              formaction="${base}/reject"
              class="secondary"
              data-testid="reject-apply-${item.reference}"
            >
              Reject
            </button>`
        : '';
  return html`<div
    class="card"
    data-testid="apply-request"
    data-request="${request.id}"
    data-stale="${String(request.stale)}"
  >
    <p>
      <strong>Apply ${request.amountFormatted ?? request.amountMinor} to the app</strong>, asked by
      <span data-testid="proposed-by">${request.proposedBy ?? '—'}</span> · ${time(request.proposedAt)}
      <br /><span class="muted">“${request.note}”</span>
      ${request.stale ? html`<br />${badge('STALE')} <span class="muted">the parked money has changed: ask again</span>` : ''}
      ${own ? html`<br /><span class="muted">Waits for another FINANCE or ADMIN operator.</span>` : ''}
    </p>
    ${
      buttons
        ? html`<form method="post" class="row">
            ${csrfField(form!.csrfToken)}
            <input type="hidden" name="returnTo" value="${form!.returnTo}" />
            <input
              type="text"
              name="comment"
              maxlength="500"
              placeholder="Comment (optional)"
              aria-label="Comment"
            />
            ${buttons}
          </form>`
        : ''
    }
  </div>`;
}

function resolution(item: AttentionItem): SafeHtml {
  return html`<p data-testid="resolution">
    ${badge(item.resolution ?? 'RESOLVED')} by ${item.resolvedBy ?? '—'} · ${time(item.resolvedAt)}
    ${item.note ? html`<br /><span class="muted">“${item.note}”</span>` : ''}
  </p>`;
}

export function attentionTable(items: AttentionItem[], form: ActionForm | null) {
  if (!items.length)
    return html`<p class="card muted" data-testid="no-attention">No flagged payments match.</p>`;
  return html`<div class="table-wrap">
    <table data-testid="attention-table">
      <thead>
        <tr>
          <th scope="col">Payment</th>
          <th scope="col">App</th>
          <th scope="col">Kind and reason</th>
          <th scope="col">Parked</th>
          <th scope="col">Refunds of parked money</th>
        </tr>
      </thead>
      ${items.map(
        (item) =>
          // Two rows per payment in their own body: the facts, then the decision.
          html`<tbody
            data-testid="attention-row-${item.reference}"
            data-state="${item.resolvedAt ? 'RESOLVED' : 'OPEN'}"
          >
            <tr>
              <td>
                <a class="mono" href="/admin/payments/${item.reference}">${item.reference}</a><br />
                ${badge(item.status)} <span class="muted">${money(item.amountMinor, item.currency)}</span>
              </td>
              <td>${item.appName ?? item.appId}</td>
              <td>
                <span class="badge" data-testid="kind">${item.kind}</span><br />
                <span class="muted" data-testid="reason">${item.reason}</span>
              </td>
              <td data-testid="parked">${item.parkedFormatted ?? '—'}</td>
              <td>${parkedRefundList(item, form)}</td>
            </tr>
            <tr>
              <td colspan="5" style="background:#fafafa">
                ${item.resolvedAt ? resolution(item) : html`${applyRequestBlock(item, form)}${actionForms(item, form)}`}
              </td>
            </tr>
          </tbody>`,
      )}
    </table>
  </div>`;
}

/** Refunds the gateway holds but cannot be asked about wait for finance on the refunds page. */
export function waitingRefundsNotice(count: number, mode: string) {
  if (count === 0) return '';
  return html`<p class="flash error" data-testid="refunds-awaiting-confirmation">
    ${count} refund(s) in ${mode} wait for finance to confirm them with the gateway:
    <a href="/admin/refunds?status=PROCESSING&amp;awaitingConfirmation=true&amp;mode=${mode}">confirm them</a>
  </p>`;
}
