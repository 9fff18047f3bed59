import type { InvoiceView } from '../../db/invoices/invoice-view.js';
import { formatMoney, type Currency } from '../../domain/shared/money.js';
import { html, page, type SafeHtml } from '../pages/html.js';

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

type Money = (minor: number) => string;
type Line = InvoiceView['lines'][number];

interface LineColumn {
  header: string;
  numeric?: true;
  cell: (line: Line) => string | number;
}

/**
 * The line table's columns, as the invoice PDF has them: each line reads quantity × unit price,
 * less its discount, plus its tax, equals its amount. Discount and Tax appear only on an invoice
 * that has them, so a plain invoice stays narrow on a phone.
 */
function lineColumns(invoice: InvoiceView, money: Money): LineColumn[] {
  const columns: LineColumn[] = [
    { header: 'Item', cell: (line) => line.description },
    { header: 'Qty', numeric: true, cell: (line) => line.quantity },
    { header: 'Unit price', numeric: true, cell: (line) => money(line.unitAmountMinor) },
  ];
  if (invoice.lines.some((line) => line.discountMinor > 0)) {
    columns.push({
      header: 'Discount',
      numeric: true,
      cell: (line) => (line.discountMinor > 0 ? `−${money(line.discountMinor)}` : '—'),
    });
  }
  if (invoice.lines.some((line) => line.taxRateBasisPoints > 0)) {
    columns.push({
      header: 'Tax',
      numeric: true,
      cell: (line) => (line.taxRateBasisPoints > 0 ? money(line.taxMinor) : '—'),
    });
  }
  columns.push({ header: 'Amount', numeric: true, cell: (line) => money(line.totalMinor) });
  return columns;
}

/** One line's cell, labelled with its column for the narrow layout (api/pages/html.ts). */
function lineCell(column: LineColumn, line: Line): SafeHtml {
  const className = column.numeric ? 'num' : '';
  return html`<td class="${className}" data-label="${column.header}">${column.cell(line)}</td>`;
}

/**
 * The line table with the PDF's totals under it. Subtotal is the lines before discount and tax
 * (the sum of quantity × unit price), so Subtotal − Discount + Tax = Total; the lines' amounts
 * already hold their discount and tax and add up to Total, not to Subtotal.
 */
function lineTable(invoice: InvoiceView, money: Money): SafeHtml {
  const columns = lineColumns(invoice, money);
  const { totals } = invoice;
  const numeric = (column: LineColumn) => (column.numeric ? 'num' : '');
  const footRow = (label: string, value: string, testid: string, className = '') =>
    html`<tr class="${className}">
      <td colspan="${columns.length - 1}">${label}</td>
      <td class="num" data-testid="${testid}">${value}</td>
    </tr>`;
  return html`<div class="table-scroll">
    <table class="lines" data-testid="lines">
      <thead>
        <tr>
          ${columns.map((column) => html`<th class="${numeric(column)}">${column.header}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${invoice.lines.map(
          (line) =>
            html`<tr data-testid="line">
              ${columns.map((column) => lineCell(column, line))}
            </tr>`,
        )}
      </tbody>
      <tfoot>
        ${footRow('Subtotal', money(totals.subtotalMinor), 'subtotal')}
        ${totals.discountMinor > 0 ? footRow('Discount', `−${money(totals.discountMinor)}`, 'discount') : ''}
        ${totals.taxMinor > 0 ? footRow('Tax', money(totals.taxMinor), 'tax') : ''}
        ${footRow('Total', money(totals.totalMinor), 'total', 'total')}
        ${footRow('Paid', money(totals.paidMinor), 'paid')}
        ${footRow('Outstanding', money(totals.outstandingMinor), 'outstanding')}
      </tfoot>
    </table>
  </div>`;
}

function installmentTable(invoice: InvoiceView, money: Money): SafeHtml | '' {
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

function payAction(model: PayPageModel, money: Money): SafeHtml | '' {
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
    ${payAction(model, money)} ${lineTable(invoice, money)} ${installmentTable(invoice, money)}
    ${invoice.notes ? html`<p class="note">${invoice.notes}</p>` : ''}
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
