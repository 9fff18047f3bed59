import type { InvoiceView } from '../../db/invoice-view.js';
import { formatMoney, type Currency } from '../../domain/money.js';
import { html, page, type SafeHtml } from './html.js';

export interface PayPageModel {
  invoice: InvoiceView;
  token: string;
  merchant: { displayName: string; logoUrl: string | null; brandColor: string | null };
  error?: string | null;
}

const HEADLINES: Record<string, string> = {
  OPEN: 'Ready to pay',
  PARTIALLY_PAID: 'Partly paid',
  PAID: 'Paid in full. Thank you.',
  VOID: 'This invoice was cancelled and cannot be paid',
};

const STATE_LABELS: Record<string, string> = {
  PAID: 'Paid',
  PARTIALLY_PAID: 'Part paid',
  OVERDUE: 'Overdue',
  DUE: 'Due now',
  UPCOMING: 'Upcoming',
  VOID: 'Cancelled',
};

/** 2026-12-05 as "5 Dec 2026": dates are calendar dates in Bangladesh, shown as they are. */
function displayDate(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

function lineRows(invoice: InvoiceView, money: (minor: number) => string): SafeHtml[] {
  return invoice.lines.map(
    (line) =>
      html`<tr>
        <td>${line.description}</td>
        <td class="num">${line.quantity}</td>
        <td class="num">${money(line.totalMinor)}</td>
      </tr>`,
  );
}

function installmentTable(invoice: InvoiceView, money: (minor: number) => string): SafeHtml | '' {
  if (invoice.installments.length < 2) return '';
  return html`<h2>Installments</h2>
    <table data-testid="installments">
      <thead>
        <tr>
          <th>#</th>
          <th>Due</th>
          <th class="num">Amount</th>
          <th>State</th>
        </tr>
      </thead>
      <tbody>
        ${invoice.installments.map(
          (installment) =>
            html`<tr data-testid="installment-${installment.sequence}">
              <td>${installment.sequence}</td>
              <td>${displayDate(installment.dueDate)}</td>
              <td class="num">${money(installment.amountMinor)}</td>
              <td><span class="status ${installment.state}">${STATE_LABELS[installment.state]}</span></td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}

function payAction(model: PayPageModel, money: (minor: number) => string): SafeHtml | '' {
  const { invoice } = model;
  if (!invoice.dueNow) return '';
  const installmentNote =
    invoice.installments.length > 1
      ? html` (installment ${invoice.dueNow.installment} of ${invoice.installments.length})`
      : '';
  return html`<div class="due" data-testid="due-now">
      <div class="label">Due now${installmentNote}, by ${displayDate(invoice.dueNow.dueDate)}</div>
      <div class="amount">${money(invoice.dueNow.amountMinor)}</div>
      ${
        invoice.overdue
          ? html`<p class="overdue" data-testid="overdue">
              Overdue since ${displayDate(invoice.overdue.since)}
            </p>`
          : ''
      }
    </div>
    <form method="post" action="/pay/${model.token}" class="actions">
      <button class="primary" type="submit" data-testid="pay">
        Pay ${money(invoice.dueNow.amountMinor)}
      </button>
    </form>`;
}

/** An invoice's public page, behind its payable link: what is owed, what is due now, and Pay. */
export function renderPayPage(model: PayPageModel): string {
  const { invoice, merchant } = model;
  const money = (minor: number) => formatMoney(minor, invoice.currency as Currency);
  const body = html`<div class="card">
    ${merchant.logoUrl ? html`<img class="logo" src="${merchant.logoUrl}" alt="" data-testid="logo" />` : ''}
    <h1 data-testid="merchant">${merchant.displayName}</h1>
    ${
      invoice.mode === 'TEST'
        ? html`<p class="test-mode" data-testid="test-mode">Test mode: no real money moves.</p>`
        : ''
    }
    <div class="invoice-head">
      <div>
        <div class="label">Invoice</div>
        <div class="number" data-testid="invoice-number">${invoice.number}</div>
      </div>
      <span class="status ${invoice.status}" data-testid="status">${invoice.status.replace('_', ' ')}</span>
    </div>
    <p data-testid="headline">${HEADLINES[invoice.status] ?? ''}</p>
    ${invoice.customer.name ? html`<p class="note">Billed to ${invoice.customer.name}</p>` : ''}
    ${model.error ? html`<div class="error" role="alert" data-testid="error">${model.error}</div>` : ''}
    ${payAction(model, money)}
    <table data-testid="lines">
      <thead>
        <tr>
          <th>Item</th>
          <th class="num">Qty</th>
          <th class="num">Amount</th>
        </tr>
      </thead>
      <tbody>
        ${lineRows(invoice, money)}
      </tbody>
      <tfoot>
        ${
          invoice.totals.discountMinor > 0
            ? html`<tr>
                <td colspan="2">Discount</td>
                <td class="num">−${money(invoice.totals.discountMinor)}</td>
              </tr>`
            : ''
        }
        ${
          invoice.totals.taxMinor > 0
            ? html`<tr>
                <td colspan="2">Tax</td>
                <td class="num">${money(invoice.totals.taxMinor)}</td>
              </tr>`
            : ''
        }
        <tr class="total">
          <td colspan="2">Total</td>
          <td class="num" data-testid="total">${money(invoice.totals.totalMinor)}</td>
        </tr>
        <tr>
          <td colspan="2">Paid</td>
          <td class="num" data-testid="paid">${money(invoice.totals.paidMinor)}</td>
        </tr>
        <tr>
          <td colspan="2">Outstanding</td>
          <td class="num" data-testid="outstanding">${money(invoice.totals.outstandingMinor)}</td>
        </tr>
      </tfoot>
    </table>
    ${installmentTable(invoice, money)} ${invoice.notes ? html`<p class="note">${invoice.notes}</p>` : ''}
    <p class="note">
      <a href="/pay/${model.token}/pdf" data-testid="pdf-link">Download the invoice (PDF)</a>
    </p>
  </div>`;
  return page(`${merchant.displayName}: invoice ${invoice.number}`, body, {
    brandColor: merchant.brandColor,
    wide: true,
  });
}

export function renderPayNotFoundPage(): string {
  return page(
    'Invoice not found',
    html`<div class="card">
      <h1>Invoice not found</h1>
      <p>Check the link you were given.</p>
    </div>`,
  );
}
