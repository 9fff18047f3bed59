import { INVOICE_STATUSES } from '../../../domain/invoices/invoices.js';
import { PLAN_INTERVALS } from '../../../domain/invoices/installments.js';
import { CURRENCIES } from '../../../domain/shared/money.js';
import { html, SafeHtml } from '../../pages/html.js';
import { csrfField } from '../pages/layout.js';
import { appSelect, badge, modeSwitch, money, options, time } from '../payments/views.js';
import { FORM_LINES } from './form.js';
import type { AdminInvoice, InvoiceDetail } from './service.js';

/** HTML fragments of the invoices pages; data comes from service.ts. */

type AppChoice = { id: number; name: string };

export function invoiceFilters(form: Record<string, string>, apps: AppChoice[]) {
  return html`<form method="get" action="/admin/invoices" class="card" data-testid="invoice-filters">
    <div class="row">
      ${appSelect(apps, form.appId)}
      <label
        >Status
        <select name="status">
          ${options(INVOICE_STATUSES, form.status, 'Any status')}
        </select></label
      >
      <label
        >Customer <input type="text" name="customer" value="${form.customer ?? ''}" maxlength="128"
      /></label>
      <label class="check"
        ><input type="checkbox" name="overdue" value="true" ${form.overdue === 'true' ? 'checked' : ''} />
        Only overdue</label
      >
      ${modeSwitch(form.mode ?? 'TEST')}
      <button type="submit">Filter</button>
    </div>
  </form>`;
}

const overdueFlag = (invoice: AdminInvoice) =>
  invoice.overdue
    ? html`<span class="badge FAILED" data-testid="overdue-${invoice.reference}"
        >Overdue since ${invoice.overdue.since}</span
      >`
    : '';

export function invoiceTable(items: AdminInvoice[]) {
  if (!items.length) return html`<p class="muted" data-testid="no-invoices">No invoices match.</p>`;
  return html`<div class="table-wrap">
    <table data-testid="invoice-table">
      <thead>
        <tr>
          <th>Invoice</th>
          <th>App</th>
          <th>Customer</th>
          <th>Total</th>
          <th>Outstanding</th>
          <th>Status</th>
          <th>Due</th>
          <th>Created</th>
        </tr>
      </thead>
      <tbody>
        ${items.map(
          (invoice) =>
            html`<tr data-testid="invoice-row-${invoice.reference}">
              <td>
                <a href="/admin/invoices/${invoice.reference}"
                  >${invoice.number ?? `Draft ${invoice.reference}`}</a
                >
              </td>
              <td>${invoice.appName ?? invoice.appId}</td>
              <td>${invoice.customer.name ?? invoice.customer.customerReference}</td>
              <td>${invoice.totals.totalFormatted}</td>
              <td>${invoice.totals.outstandingFormatted}</td>
              <td>${badge(invoice.status)} ${overdueFlag(invoice)}</td>
              <td>${invoice.dueNow?.dueDate ?? invoice.dueDate}</td>
              <td>${time(invoice.createdAt)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** The invoice's actions an operator may take, each a form (voiding asks for the password again). */
export interface InvoiceActions {
  csrfToken: string;
  canManage: boolean;
  canVoid: boolean;
}

function actionForms(invoice: AdminInvoice, actions: InvoiceActions): SafeHtml | '' {
  const issue =
    invoice.status === 'DRAFT' && actions.canManage
      ? html`<form method="post" action="/admin/invoices/${invoice.reference}/issue" class="inline">
          ${csrfField(actions.csrfToken)}<button type="submit" data-testid="issue">Issue</button>
        </form>`
      : '';
  const voidable = invoice.status !== 'VOID' && invoice.status !== 'PAID' && actions.canVoid;
  const voidForm = voidable
    ? html`<form
        method="post"
        action="/admin/invoices/${invoice.reference}/void"
        class="row"
        data-testid="void-form"
      >
        ${csrfField(actions.csrfToken)}
        <label
          >Reason <input type="text" name="reason" maxlength="500" placeholder="Recorded and sent to the app"
        /></label>
        <button type="submit" class="danger" data-testid="void">Void invoice</button>
      </form>`
    : '';
  if (!issue && !voidForm) return '';
  return html`<div class="card row">${issue} ${voidForm}</div>`;
}

function lineTable(detail: InvoiceDetail) {
  const { invoice } = detail;
  const m = (minor: number) => money(minor, invoice.currency);
  return html`<div class="table-wrap">
    <table data-testid="invoice-lines">
      <thead>
        <tr>
          <th>Description</th>
          <th>Qty</th>
          <th>Unit price</th>
          <th>Discount</th>
          <th>Tax</th>
          <th>Total</th>
        </tr>
      </thead>
      <tbody>
        ${invoice.lines.map(
          (line) =>
            html`<tr>
              <td>${line.description}</td>
              <td>${line.quantity}</td>
              <td>${m(line.unitAmountMinor)}</td>
              <td>${line.discountMinor ? m(line.discountMinor) : '—'}</td>
              <td>
                ${line.taxMinor ? html`${m(line.taxMinor)} <span class="muted">(${line.taxRateBasisPoints / 100} %)</span>` : '—'}
              </td>
              <td>${m(line.totalMinor)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

function installmentTable(detail: InvoiceDetail) {
  const { invoice } = detail;
  return html`<div class="table-wrap">
    <table data-testid="invoice-installments">
      <thead>
        <tr>
          <th>#</th>
          <th>Due</th>
          <th>Amount</th>
          <th>Paid</th>
          <th>State</th>
          <th>Paid at</th>
        </tr>
      </thead>
      <tbody>
        ${invoice.installments.map(
          (installment) =>
            html`<tr data-testid="installment-${installment.sequence}">
              <td>${installment.sequence}</td>
              <td>${installment.dueDate}</td>
              <td>${money(installment.amountMinor, invoice.currency)}</td>
              <td>${money(installment.paidMinor, invoice.currency)}</td>
              <td>${badge(installment.state)}</td>
              <td>${time(installment.paidAt)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

function paymentTable(detail: InvoiceDetail) {
  if (!detail.payments.length) return html`<p class="muted" data-testid="no-payments">No payments yet.</p>`;
  return html`<div class="table-wrap">
    <table data-testid="invoice-payments">
      <thead>
        <tr>
          <th>Payment</th>
          <th>Amount</th>
          <th>Status</th>
          <th>Created</th>
          <th>Confirmed</th>
        </tr>
      </thead>
      <tbody>
        ${detail.payments.map(
          (payment) =>
            html`<tr>
              <td><a href="/admin/payments/${payment.reference}">${payment.reference}</a></td>
              <td>${money(payment.amountMinor, detail.invoice.currency)}</td>
              <td>${badge(payment.status)}</td>
              <td>${time(payment.createdAt)}</td>
              <td>${time(payment.settledAt)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** The invoice's story: every event it sent the app, with how its delivery went. */
function timeline(detail: InvoiceDetail) {
  const { invoice } = detail;
  const created = html`<li>${time(invoice.createdAt)} created as a draft</li>`;
  return html`<ol data-testid="invoice-timeline">
    ${created}
    ${detail.events.map(
      (event) =>
        html`<li>
          ${time(event.createdAt)} <span class="mono">${event.type}</span> ${badge(event.deliveryStatus)}
          <span class="muted">${event.attempts.length} attempt(s)</span>
        </li>`,
    )}
  </ol>`;
}

export function invoiceDetailBody(detail: InvoiceDetail, actions: InvoiceActions) {
  const { invoice } = detail;
  const m = (minor: number) => money(minor, invoice.currency);
  return html`<h1>${invoice.number ?? 'Draft invoice'} ${badge(invoice.status)} ${overdueFlag(invoice)}</h1>
    ${actionForms(invoice, actions)}
    <div class="card">
      <dl class="facts">
        <dt>Reference</dt>
        <dd class="mono">${invoice.reference}</dd>
        <dt>App</dt>
        <dd>${invoice.appName ?? invoice.appId} · ${invoice.mode}</dd>
        <dt>Customer</dt>
        <dd data-testid="invoice-customer">
          ${invoice.customer.name ?? '—'} (${invoice.customer.customerReference})
          ${invoice.customer.email ? html`<br />${invoice.customer.email}` : ''}
          ${invoice.customer.phone ? html`<br />${invoice.customer.phone}` : ''}
        </dd>
        <dt>Total</dt>
        <dd data-testid="invoice-total">${invoice.totals.totalFormatted}</dd>
        <dt>Paid</dt>
        <dd>${m(invoice.totals.paidMinor)}</dd>
        <dt>Outstanding</dt>
        <dd data-testid="invoice-outstanding">${invoice.totals.outstandingFormatted}</dd>
        <dt>Due now</dt>
        <dd>
          ${
            invoice.dueNow
              ? html`${m(invoice.dueNow.amountMinor)} by ${invoice.dueNow.dueDate} (installment
                ${invoice.dueNow.installment})`
              : '—'
          }
        </dd>
        <dt>Issued</dt>
        <dd>${time(invoice.issuedAt)}</dd>
        ${
          invoice.voidedAt
            ? html`<dt>Voided</dt>
                <dd>
                  ${time(invoice.voidedAt)} ${invoice.voidReason ? html`: “${invoice.voidReason}”` : ''}
                </dd>`
            : ''
        }
        <dt>Payable link</dt>
        <dd>
          ${
            invoice.payableUrl
              ? html`<a href="${invoice.payableUrl}" target="_blank" rel="noopener" data-testid="payable-link"
                  >${invoice.payableUrl}</a
                >`
              : html`<span class="muted">Issued invoices have one</span>`
          }
        </dd>
        <dt>PDF</dt>
        <dd><a href="/admin/invoices/${invoice.reference}/pdf" data-testid="pdf-link">Download</a></dd>
        <dt>Workflow</dt>
        <dd>
          ${
            invoice.temporalUrl
              ? html`<a
                  href="${invoice.temporalUrl}"
                  target="_blank"
                  rel="noopener"
                  data-testid="temporal-link"
                  >Open in Temporal</a
                >`
              : html`<span class="muted">Starts when the invoice is issued</span>`
          }
        </dd>
      </dl>
      ${invoice.notes ? html`<p class="muted">${invoice.notes}</p>` : ''}
    </div>
    <h2>Lines</h2>
    ${lineTable(detail)}
    <h2>Installments</h2>
    ${installmentTable(detail)}
    <h2>Payments</h2>
    ${paymentTable(detail)}
    <h2>Timeline</h2>
    <div class="card">${timeline(detail)}</div>`;
}

/** The form an operator writes an invoice with; `values` keeps what was typed when it comes back. */
export function invoiceForm(apps: AppChoice[], values: Record<string, string>, csrfToken: string) {
  const field = (name: string, label: string, extra: Record<string, string> = {}) =>
    html`<label
      >${label}
      <input
        name="${name}"
        value="${values[name] ?? ''}"
        ${new SafeHtml(
          Object.entries({ type: 'text', ...extra })
            .map(([k, v]) => `${k}="${v}"`)
            .join(' '),
        )}
    /></label>`;
  const appOptions = apps.map(
    (app) =>
      html`<option value="${app.id}" ${new SafeHtml(String(app.id) === values.appId ? 'selected' : '')}>
        ${app.name}
      </option>`,
  );
  const lines = Array.from({ length: FORM_LINES }, (_, i) => {
    const n = i + 1;
    return html`<div class="row" data-testid="line-${n}">
      ${field(`description_${n}`, `Line ${n}`, { maxlength: '500', ...(n === 1 && { required: '' }) })}
      ${field(`quantity_${n}`, 'Qty', { inputmode: 'numeric', size: '4' })}
      ${field(`unitPrice_${n}`, 'Unit price', { inputmode: 'decimal', placeholder: '1500.00' })}
      ${field(`taxPercent_${n}`, 'Tax %', { inputmode: 'decimal', size: '5' })}
      ${field(`discountPercent_${n}`, 'Discount %', { inputmode: 'decimal', size: '5' })}
    </div>`;
  });
  return html`<form method="post" action="/admin/invoices" class="card" data-testid="invoice-form">
    ${csrfField(csrfToken)}
    <div class="row">
      <label
        >App
        <select name="appId" required data-testid="invoice-app">
          ${appOptions}
        </select></label
      >
      ${modeSwitch(values.mode ?? 'TEST')}
      <label
        >Currency
        <select name="currency">
          ${options(CURRENCIES, values.currency ?? 'BDT', 'BDT').slice(1)}
        </select></label
      >
    </div>
    <h2>Customer</h2>
    <div class="row">
      ${field('customerReference', 'Customer reference', { required: '', maxlength: '128' })}
      ${field('name', 'Name', { maxlength: '200' })} ${field('email', 'Email', { type: 'email' })}
      ${field('phone', 'Phone')} ${field('address', 'Address', { maxlength: '500' })}
    </div>
    <h2>Lines</h2>
    ${lines}
    <h2>Terms</h2>
    <div class="row">
      ${field('dueDate', 'Due date', { type: 'date', required: '' })}
      ${field('installments', 'Installments', { inputmode: 'numeric', size: '4', placeholder: '1' })}
      <label
        >Every
        <select name="interval">
          ${options(PLAN_INTERVALS, values.interval ?? 'MONTH', 'MONTH').slice(1)}
        </select></label
      >
      ${field('notes', 'Notes', { maxlength: '2000' })}
    </div>
    <div class="row" style="margin-top:1rem">
      <button type="submit" name="issue" value="true" data-testid="create-and-issue">Create and issue</button>
      <button type="submit" name="issue" value="false" class="secondary" data-testid="create-draft">
        Save as draft
      </button>
    </div>
  </form>`;
}
