import { formatMoney, isCurrency } from '../../../domain/shared/money.js';
import { PAYMENT_STATUSES } from '../../../domain/payments/payment-status.js';
import { PAYMENT_METHOD_TYPES } from '../../../domain/payments/payment-method-type.js';
import { html, SafeHtml } from '../../pages/html.js';
import { MAX_PAGE_DEPTH } from '../../validation.js';
import { csrfField } from '../pages/layout.js';
import { companyTime } from '../pages/times.js';
import { DELIVERY_STATUSES } from './queries.js';
import type { EventListItem, PaymentDetail, PaymentListItem } from './service.js';

/** HTML fragments of the payments and webhooks pages; data comes from service.ts. */

type Summary = Array<{
  status: string;
  count: number;
  totals: Array<{ currency: string; totalMinor: number }>;
}>;

export const money = (amountMinor: number, currency: string) =>
  isCurrency(currency) ? formatMoney(amountMinor, currency) : `${amountMinor} (minor units) ${currency}`;

/** An instant in the company's time zone, UTC on hover (every dashboard page shows times so). */
export const time = (iso: string | null | undefined) => companyTime(iso);

/**
 * A status as a badge. A narrow column breaks a long one after an underscore (PENDING_ /
 * APPROVAL), never inside a word; its text stays the status itself.
 */
export const badge = (status: string) =>
  html`<span class="badge ${status}" data-testid="status-badge"
    >${status.split('_').map((part, index) => (index === 0 ? html`${part}` : html`_<wbr />${part}`))}</span
  >`;

export function options(
  values: readonly string[],
  selected: string | undefined,
  allLabel: string,
): SafeHtml[] {
  return [
    html`<option value="">${allLabel}</option>`,
    ...values.map(
      (v) => html`<option value="${v}" ${new SafeHtml(v === selected ? 'selected' : '')}>${v}</option>`,
    ),
  ];
}

function appOptions(apps: Array<{ id: number; name: string }>, selected: string | undefined): SafeHtml[] {
  return [
    html`<option value="">All apps</option>`,
    ...apps.map(
      (a) =>
        html`<option value="${a.id}" ${new SafeHtml(String(a.id) === selected ? 'selected' : '')}>
          ${a.name}
        </option>`,
    ),
  ];
}

/** The "App" filter of the operators' list pages. */
export function appSelect(apps: Array<{ id: number; name: string }>, selected: string | undefined): SafeHtml {
  return html`<label
    >App
    <select name="appId">
      ${appOptions(apps, selected)}
    </select></label
  >`;
}

/** TEST/LIVE switch: two radio buttons, so it works with the keyboard and without script. */
export function modeSwitch(mode: string): SafeHtml {
  const radio = (value: string) =>
    html`<label style="flex-direction:row;align-items:center"
      ><input
        type="radio"
        name="mode"
        value="${value}"
        style="min-width:0"
        data-testid="mode-${value}"
        ${new SafeHtml(mode === value ? 'checked' : '')}
      />
      ${value}</label
    >`;
  return html`<fieldset class="row" style="border:0;padding:0;margin:0">
    <legend class="muted" style="font-size:.85rem">Mode</legend>
    ${radio('TEST')} ${radio('LIVE')}
  </fieldset>`;
}

export function pager(path: string, form: Record<string, string>, page: number, totalPages: number) {
  if (totalPages <= 1) return '';
  const link = (p: number, label: string, rel: string) => {
    const params = new URLSearchParams({ ...form, page: String(p) });
    return html`<a class="button secondary" rel="${rel}" href="${path}?${params.toString()}">${label}</a>`;
  };
  return html`<nav class="row" aria-label="Pages" style="margin-top:1rem">
    ${page > 1 ? link(page - 1, '← Newer', 'prev') : ''}
    <span class="muted" data-testid="page-info">Page ${page} of ${totalPages}</span>
    ${page < totalPages ? link(page + 1, 'Older →', 'next') : ''}
  </nav>`;
}

/**
 * The pager of a list that continues by cursor: page numbers as deep as they reach (page × size
 * within MAX_PAGE_DEPTH), then "Older" follows the last row's cursor, which reads any depth for
 * the cost of one page. A page reached by cursor links back to the newest.
 */
export function cursorPager(
  path: string,
  form: Record<string, string>,
  list: { page: number; size: number; totalItems: number; byCursor: boolean; nextCursor: string | null },
) {
  const href = (extra: Record<string, string>) =>
    `${path}?${new URLSearchParams({ ...form, ...extra }).toString()}`;
  const link = (extra: Record<string, string>, label: string, rel: string) =>
    html`<a class="button secondary" rel="${rel}" href="${href(extra)}">${label}</a>`;
  const older = list.nextCursor ? link({ after: list.nextCursor }, 'Older →', 'next') : '';
  if (list.byCursor) {
    return html`<nav class="row" aria-label="Pages" style="margin-top:1rem">
      ${link({}, '← Newest', 'first')}
      <span class="muted" data-testid="page-info">Older entries</span> ${older}
    </nav>`;
  }
  const totalPages = Math.ceil(list.totalItems / list.size);
  if (totalPages <= 1) return '';
  const next =
    list.page >= totalPages
      ? ''
      : (list.page + 1) * list.size <= MAX_PAGE_DEPTH
        ? link({ page: String(list.page + 1) }, 'Older →', 'next')
        : older;
  return html`<nav class="row" aria-label="Pages" style="margin-top:1rem">
    ${list.page > 1 ? link({ page: String(list.page - 1) }, '← Newer', 'prev') : ''}
    <span class="muted" data-testid="page-info">Page ${list.page} of ${totalPages}</span>
    ${next}
  </nav>`;
}

/** Why a page number is refused: it reaches deeper than page numbers go (the cursor goes on). */
export function pageTooDeep(query: { page: number; size: number }): string | null {
  return query.page * query.size > MAX_PAGE_DEPTH
    ? `Page numbers reach ${MAX_PAGE_DEPTH.toLocaleString('en')} rows deep: follow "Older" from the last of those pages instead`
    : null;
}

/** The cursor a list page was asked to continue from, as the query gave it. */
export function requestedCursor(query: Record<string, unknown>): string | undefined {
  return typeof query.after === 'string' && query.after !== '' ? query.after : undefined;
}

export function paymentFilters(form: Record<string, string>, apps: Array<{ id: number; name: string }>) {
  const field = (name: string, label: string, type = 'text', extra = '') =>
    html`<label
      >${label} <input type="${type}" name="${name}" value="${form[name] ?? ''}" ${new SafeHtml(extra)}
    /></label>`;
  return html`<form method="get" action="/admin/payments" class="card" data-testid="payment-filters">
    <div class="row">
      ${appSelect(apps, form.appId)} ${modeSwitch(form.mode ?? 'TEST')}
      <label
        >Status
        <select name="status">
          ${options(PAYMENT_STATUSES, form.status, 'Any status')}
        </select></label
      >
      ${field('customerReference', 'Customer reference')} ${field('reference', 'Payment reference')}
      ${field('orderId', 'Order')} ${field('paymentMethod', 'Paid with')}
      <label
        >Method type
        <select name="paymentMethodType" data-testid="payment-method-type-filter">
          ${options(PAYMENT_METHOD_TYPES, form.paymentMethodType, 'Any type')}
        </select></label
      >
      ${field('gateway', 'Gateway')} ${field('from', 'Created from', 'date')}
      ${field('to', 'Created to', 'date')}
      ${field('amountFrom', 'Amount from (major units)', 'text', 'inputmode="decimal" placeholder="100.00"')}
      ${field('amountTo', 'Amount to (major units)', 'text', 'inputmode="decimal" placeholder="500.00"')}
      <button type="submit" data-testid="apply-filters">Filter</button>
      <a class="button secondary" href="/admin/payments">Reset</a>
    </div>
  </form>`;
}

export function summaryTable(summary: Summary) {
  if (!summary.length) return '';
  return html`<h2>Summary</h2>
    <div class="table-wrap">
      <table data-testid="summary">
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Payments</th>
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          ${summary.map(
            (s) =>
              html`<tr>
                <td>${badge(s.status)}</td>
                <td>${s.count}</td>
                <td>${s.totals.map((t) => money(t.totalMinor, t.currency)).join(' · ')}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
}

export function paymentTable(items: PaymentListItem[]) {
  if (!items.length) return html`<p class="card muted" data-testid="no-payments">No payments match.</p>`;
  return html`<div class="table-wrap">
    <table data-testid="payments">
      <thead>
        <tr>
          <th scope="col">Reference</th>
          <th scope="col">App</th>
          <th scope="col">Amount</th>
          <th scope="col">Status</th>
          <th scope="col">Customer</th>
          <th scope="col">Gateway</th>
          <th scope="col">Created</th>
        </tr>
      </thead>
      <tbody>
        ${items.map(
          (p) =>
            html`<tr data-testid="payment-row" data-reference="${p.reference}">
              <td><a class="mono" href="/admin/payments/${p.reference}">${p.reference}</a></td>
              <td>${p.appName ?? p.appId}</td>
              <td>${p.amountFormatted}</td>
              <td>${badge(p.status)}</td>
              <td>${p.customerReference}</td>
              <td>${p.gateway}</td>
              <td>${time(p.createdAt)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

export interface ResendForm {
  csrfToken: string;
  /** Where to come back after the resend (a dashboard path). */
  returnTo: string;
}

/** The Resend button: only drawn for roles that may resend (the server checks again). */
export function resendButton(eventId: string, form: ResendForm | null) {
  if (!form) return '';
  return html`<form method="post" action="/admin/webhooks/events/${eventId}/resend" class="inline">
    ${csrfField(form.csrfToken)}
    <input type="hidden" name="returnTo" value="${form.returnTo}" />
    <button type="submit" class="secondary" data-testid="resend-${eventId}">Resend</button>
  </form>`;
}

/** A callback's signature as operators read it; a gateway that signs no returns is not "valid". */
const SIGNATURE_WORDS: Record<PaymentDetail['gateway']['callbacks'][number]['signature'], string> = {
  VALID: 'valid',
  INVALID: 'INVALID',
  NOT_SIGNED: 'not signed',
};

function attemptsTable(attempts: PaymentDetail['webhooks'][number]['attempts']) {
  if (!attempts.length) return html`<p class="muted">No delivery attempts yet.</p>`;
  return html`<div class="table-wrap">
    <table>
      <thead>
        <tr>
          <th scope="col">Attempt</th>
          <th scope="col">Status code</th>
          <th scope="col">Error</th>
          <th scope="col">Duration</th>
          <th scope="col">At</th>
        </tr>
      </thead>
      <tbody>
        ${attempts.map(
          (a) =>
            html`<tr data-testid="attempt" data-attempt="${a.attempt}">
              <td>
                #${a.attempt}${a.deliveryTry > 1 ? ` (sent again after a crash, ${a.deliveryTry}×)` : ''}
              </td>
              <td>${a.statusCode ?? '—'}</td>
              <td>${a.error ?? ''}</td>
              <td>${a.durationMs} ms</td>
              <td>${time(a.at)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

export function paymentDetailBody(
  detail: PaymentDetail,
  resend: ResendForm | null,
  /** The payment's refunds and the form to refund it, under its status timeline. */
  refunds: SafeHtml | string = '',
) {
  const p = detail.payment;
  const g = detail.gateway;
  return html`<p><a href="/admin/payments?mode=${p.mode}">← Payments</a></p>
    <h1>Payment <span class="mono">${p.reference}</span></h1>
    <div class="card">
      <dl class="facts" data-testid="facts">
        <dt>Amount</dt>
        <dd data-testid="amount">${p.amountFormatted}</dd>
        <dt>Status</dt>
        <dd>${badge(p.status)}</dd>
        <dt>App</dt>
        <dd>${detail.appName ?? detail.appId} <span class="muted">(${p.mode})</span></dd>
        <dt>Customer reference</dt>
        <dd>${p.customerReference}</dd>
        <dt>Order</dt>
        <dd>${p.orderId ?? '—'}</dd>
        <dt>Paid with</dt>
        <dd data-testid="payment-method">
          ${p.gateway}${p.paymentMethod ? ` · ${p.paymentMethod}` : ''}
          ${
            p.paymentMethodType
              ? html`<span class="muted" data-testid="payment-method-type" title="Method type"
                  >(${p.paymentMethodType})</span
                >`
              : ''
          }
        </dd>
        ${
          p.productName
            ? html`<dt>Product</dt>
                <dd>${p.productName}</dd>`
            : ''
        }
        ${
          p.refundedMinor
            ? html`<dt>Refunded</dt>
                <dd>${money(p.refundedMinor, p.currency)}</dd>`
            : ''
        }
        <dt>Created</dt>
        <dd>${time(p.createdAt)}</dd>
        <dt>Confirmed</dt>
        <dd>${time(p.settledAt)}</dd>
        ${
          // A checkout's deadline means something only while the payment can still be paid.
          p.status === 'CREATED' || p.status === 'PENDING'
            ? html`<dt>Expires</dt>
                <dd>${time(p.expiresAt)}</dd>`
            : ''
        }
        ${
          p.failureReason
            ? html`<dt>Failure</dt>
                <dd>${p.failureReason}</dd>`
            : ''
        }
        ${
          detail.attentionReason
            ? html`<dt>Needs attention</dt>
                <dd class="flash error">${detail.attentionReason}</dd>
                ${attentionWaiting(detail)}`
            : ''
        }
      </dl>
      <p>
        <a
          class="button secondary"
          href="${detail.temporalUrl}"
          target="_blank"
          rel="noopener noreferrer"
          data-testid="temporal-link"
          >Open in Temporal UI</a
        >
      </p>
      ${
        p.status === 'CREATED' && !g.sessionKey
          ? html`<p class="muted" data-testid="workflow-not-started">
              The payment's workflow starts when its customer first opens checkout; until then the Temporal UI
              has nothing to show.
            </p>`
          : ''
      }
    </div>

    <h2>Status timeline</h2>
    <ol class="card" data-testid="timeline">
      ${detail.timeline.map(
        (step) =>
          html`<li data-testid="timeline-step" data-to="${step.to}">
            ${
              step.from === step.to
                ? // A second partial refund leaves the status as it was: say what happened instead.
                  html`<strong>${step.to}</strong> again`
                : html`${step.from ? html`${step.from} → ` : ''}<strong>${step.to}</strong>`
            }
            · ${time(step.at)} ${step.reason ? html`<span class="muted">— ${step.reason}</span>` : ''}
          </li>`,
      )}
    </ol>
    ${refunds}

    <h2>Gateway</h2>
    <div class="card">
      <dl class="facts" data-testid="gateway">
        <dt>Gateway</dt>
        <dd>${g.name}</dd>
        <dt>Transaction id</dt>
        <dd class="mono">${g.transactionId ?? '—'}</dd>
        <dt>Validation id</dt>
        <dd class="mono">${g.validationId ?? '—'}</dd>
        <dt>Session key</dt>
        <dd class="mono">${g.sessionKey ?? '—'}</dd>
      </dl>
    </div>
    ${g.attempts.length ? openingsTable(g.attempts) : ''}
    ${
      g.callbacks.length
        ? html`<div class="table-wrap">
            <table data-testid="callbacks">
              <caption class="muted" style="text-align:left;padding:.5rem .6rem">
                Callbacks received from the gateway
              </caption>
              <thead>
                <tr>
                  <th scope="col">Kind</th>
                  <th scope="col">Gateway status</th>
                  <th scope="col">Signature</th>
                  <th scope="col">Verdict</th>
                  <th scope="col">Reason</th>
                  <th scope="col">Received</th>
                  <th scope="col">Processed</th>
                </tr>
              </thead>
              <tbody>
                ${g.callbacks.map(
                  (c) =>
                    html`<tr data-testid="callback">
                      <td>${c.kind}</td>
                      <td>${c.gatewayStatus}</td>
                      <td data-testid="callback-signature">${SIGNATURE_WORDS[c.signature]}</td>
                      <td>${c.verdict ?? '—'}</td>
                      <td>${c.reason ?? ''}</td>
                      <td>${time(c.receivedAt)}</td>
                      <td>${time(c.processedAt)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : html`<p class="muted">No gateway callbacks received.</p>`
    }
    ${disputesSection(detail.disputes)} ${detail.ledger ? ledgerSection(detail.ledger) : ''}

    <h2>Webhook deliveries</h2>
    ${
      detail.webhooks.length
        ? detail.webhooks.map(
            (e) =>
              html`<section class="card" data-testid="webhook-event" data-event-id="${e.id}">
                <div class="row" style="justify-content:space-between;align-items:center">
                  <div>
                    <strong>${e.type}</strong> ${badge(e.deliveryStatus)}
                    <div class="muted mono">${e.id} · ${time(e.createdAt)}</div>
                  </div>
                  ${resendButton(e.id, resend)}
                </div>
                ${attemptsTable(e.attempts)}
              </section>`,
          )
        : html`<p class="muted">No webhook events for this payment.</p>`
    }`;
}

/** A payment's disputes: shown only when it has any. */
function disputesSection(disputes: PaymentDetail['disputes']) {
  if (!disputes.length) return '';
  return html`<h2>Disputes</h2>
    <div class="table-wrap">
      <table data-testid="disputes">
        <thead>
          <tr>
            <th scope="col">Dispute</th>
            <th scope="col">Status</th>
            <th scope="col">Amount</th>
            <th scope="col">Reason</th>
            <th scope="col">At the gateway</th>
            <th scope="col">Opened</th>
            <th scope="col">Closed</th>
          </tr>
        </thead>
        <tbody>
          ${disputes.map(
            (d) =>
              html`<tr data-testid="dispute" data-reference="${d.reference}" data-status="${d.status}">
                <td class="mono">${d.reference}</td>
                <td>${badge(d.status)}</td>
                <td data-testid="dispute-amount">${d.amountFormatted}</td>
                <td>${d.reason ?? '—'}</td>
                <td class="mono">${d.gateway} · ${d.gatewayDisputeId}</td>
                <td>${time(d.openedAt)}</td>
                <td>${time(d.closedAt)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
}

function ledgerSection(ledger: NonNullable<PaymentDetail['ledger']>) {
  return html`<h2>Ledger entries</h2>
    ${
      ledger.length
        ? html`<div class="table-wrap">
            <table data-testid="ledger">
              <thead>
                <tr>
                  <th scope="col">Entry</th>
                  <th scope="col">Account</th>
                  <th scope="col">Debit</th>
                  <th scope="col">Credit</th>
                </tr>
              </thead>
              <tbody>
                ${ledger.map(
                  (l) =>
                    html`<tr>
                      <td>${l.kind}</td>
                      <td class="mono">${l.accountCode}</td>
                      <td>${l.amountMinor > 0 ? money(l.amountMinor, l.currency) : ''}</td>
                      <td>${l.amountMinor < 0 ? money(-l.amountMinor, l.currency) : ''}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : html`<p class="muted" data-testid="ledger">No ledger entries.</p>`
    }`;
}

export function eventFilters(form: Record<string, string>, apps: Array<{ id: number; name: string }>) {
  return html`<form method="get" action="/admin/webhooks" class="card" data-testid="event-filters">
    <div class="row">
      ${appSelect(apps, form.appId)} ${modeSwitch(form.mode ?? 'TEST')}
      <label
        >Type <input type="text" name="type" value="${form.type ?? ''}" placeholder="payment.succeeded"
      /></label>
      <label
        >Delivery
        <select name="deliveryStatus">
          ${options(DELIVERY_STATUSES, form.deliveryStatus, 'Any delivery status')}
        </select></label
      >
      <button type="submit">Filter</button>
      <a class="button secondary" href="/admin/webhooks">Reset</a>
    </div>
  </form>`;
}

export function eventTable(items: EventListItem[], resendFor: (eventId: string) => ResendForm | null) {
  if (!items.length) return html`<p class="card muted" data-testid="no-events">No webhook events match.</p>`;
  return html`<div class="table-wrap">
    <table data-testid="events">
      <thead>
        <tr>
          <th scope="col">Event</th>
          <th scope="col">App</th>
          <th scope="col">Type</th>
          <th scope="col">Source</th>
          <th scope="col">Delivery</th>
          <th scope="col">Attempts</th>
          <th scope="col">Last status</th>
          <th scope="col">Created</th>
          <th scope="col"><span class="muted">Actions</span></th>
        </tr>
      </thead>
      <tbody>
        ${items.map(
          (e) =>
            html`<tr data-testid="event-row" data-event-id="${e.id}">
              <td class="mono">${e.id}</td>
              <td>${e.appName ?? e.appId}</td>
              <td>${e.type}</td>
              <td>
                ${
                  e.sourceType === 'payment'
                    ? html`<a class="mono" href="/admin/payments/${e.sourceId}">${e.sourceId}</a>`
                    : html`${e.sourceType} ${e.sourceId}`
                }
              </td>
              <td>${badge(e.deliveryStatus)}</td>
              <td data-testid="attempt-count">${e.attemptCount}</td>
              <td>${e.lastStatusCode ?? (e.lastError ? 'error' : '—')}</td>
              <td>${time(e.createdAt)}</td>
              <td>${resendButton(e.id, resendFor(e.id))}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/**
 * What waits for a second operator on a flagged payment's parked money: a request to apply it,
 * refunds of it awaiting approval. Decided in the attention queue.
 */
function attentionWaiting(detail: PaymentDetail): SafeHtml | string {
  const item = detail.attention;
  if (!item || item.resolvedAt) return '';
  const request = item.applyRequest?.status === 'PENDING' ? item.applyRequest : null;
  const refunds = item.parkedRefunds.filter((r) => r.status === 'PENDING_APPROVAL');
  if (!request && !refunds.length) return '';
  const queue = `/admin/attention?mode=${item.mode}&appId=${item.appId}`;
  return html`<dt>Waiting for a second operator</dt>
    <dd data-testid="attention-waiting">
      ${
        request
          ? html`<div data-testid="pending-apply">
              Apply ${request.amountFormatted ?? request.amountMinor} to the app, asked by
              ${request.proposedBy ?? '—'} · ${time(request.proposedAt)}: “${request.note}”
              ${request.stale ? badge('STALE') : ''}
            </div>`
          : ''
      }
      ${refunds.map(
        (r) =>
          html`<div data-testid="pending-parked-refund">
            Refund <span class="mono">${r.reference}</span> of
            ${money(r.amountMinor, item.parkedCurrency ?? item.currency)}, asked by ${r.requestedBy ?? '—'}
          </div>`,
      )}
      <a href="${queue}">Decide in the attention queue</a>
    </dd>`;
}

/** Every session opening of the payment: which gateway, how many tries, and why it failed. */
function openingsTable(attempts: PaymentDetail['gateway']['attempts']): SafeHtml {
  return html`<div class="table-wrap">
    <table data-testid="checkout-attempts">
      <caption class="muted" style="text-align:left;padding:.5rem .6rem">
        Session openings at checkout
      </caption>
      <thead>
        <tr>
          <th scope="col">Gateway</th>
          <th scope="col">Outcome</th>
          <th scope="col" class="num">Tries</th>
          <th scope="col">Why it failed</th>
          <th scope="col">Started</th>
          <th scope="col">Finished</th>
        </tr>
      </thead>
      <tbody>
        ${attempts.map(
          (a) =>
            html`<tr data-testid="checkout-attempt" data-gateway="${a.gateway}" data-outcome="${a.outcome}">
              <td>${a.gateway}</td>
              <td>${a.outcome}</td>
              <td class="num">${a.tries}</td>
              <td>${a.failureReason ?? ''}</td>
              <td>${time(a.startedAt)}</td>
              <td>${time(a.finishedAt)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}
