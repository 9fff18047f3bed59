import type { InstallmentState, InvoiceView } from '../../db/invoices/invoice-view.js';
import { PAYABLE_INVOICE_STATUSES, type InvoiceStatus } from '../../domain/invoices/invoices.js';
import { brandColor, headingColor, MUTED, PANEL, RULE, textOn, type DocumentBrand } from './brand.js';
import { drawFooters } from './footer.js';
import { calendarDate, compactLines, dayInZone, money, percent } from './format.js';
import { drawContinuedHeader, drawIssuer, drawPageTop } from './letterhead.js';
import { PageFlow } from './page-flow.js';
import { newDocument, PAGE, toBuffer } from './pdf-document.js';
import { drawQrCode } from './qr-code.js';
import { drawStamp } from './stamp.js';
import { drawTable, type Column } from './table.js';
import { measure, write } from './text.js';

/** An invoice as an A4 PDF a finance team can send: what is owed, for what, by when, and how to pay. */

type Line = InvoiceView['lines'][number];
type Installment = InvoiceView['installments'][number];

const TEST_NOTICE = 'TEST MODE · made with test credentials · not a request for real payment';
const RED = '#b3261e';
const LEFT_WIDTH = 260;
const RIGHT_WIDTH = 230;
const RIGHT_X = PAGE.right - RIGHT_WIDTH;

const STATUS_LABELS: Record<InvoiceStatus, string> = {
  DRAFT: 'Draft',
  OPEN: 'Open',
  PARTIALLY_PAID: 'Partly paid',
  PAID: 'Paid',
  VOID: 'Void',
};

const INSTALLMENT_LABELS: Record<InstallmentState, string> = {
  PAID: 'Paid',
  PARTIALLY_PAID: 'Partly paid',
  OVERDUE: 'Overdue',
  DUE: 'Due now',
  UPCOMING: 'Upcoming',
  VOID: 'Void',
};

const isPayable = (invoice: InvoiceView) => PAYABLE_INVOICE_STATUSES.includes(invoice.status);
const title = (invoice: InvoiceView) => (invoice.number ? `Invoice ${invoice.number}` : 'Draft invoice');

/** Label-value rows, the labels muted on the left, the values right-aligned; returns the height. */
function drawFacts(
  doc: PDFKit.PDFDocument,
  facts: Array<[label: string, value: string, color?: string]>,
  x: number,
  y: number,
  width: number,
  size = 8.5,
): number {
  let top = y;
  for (const [label, value, color] of facts) {
    const labelHeight = write(doc, label, x, top, width * 0.45, { size, color: MUTED });
    const valueHeight = write(doc, value, x + width * 0.4, top, width * 0.6, {
      size,
      align: 'right',
      ...(color && { color }),
    });
    top += Math.max(labelHeight, valueHeight) + 2;
  }
  return top - y;
}

/** The day an instant of the invoice's life falls on where the company is. */
const companyDay = (iso: string, zone: string) => dayInZone(new Date(iso), zone);

function drawHeader(
  doc: PDFKit.PDFDocument,
  invoice: InvoiceView,
  brand: DocumentBrand,
  zone: string,
  top: number,
): number {
  const issuerBottom = drawIssuer(doc, brand, top, LEFT_WIDTH);
  let y = top;
  y += write(doc, 'INVOICE', RIGHT_X, y, RIGHT_WIDTH, {
    size: 22,
    bold: true,
    color: headingColor(brand),
    align: 'right',
  });
  y += write(doc, invoice.number ?? 'Not yet issued', RIGHT_X, y, RIGHT_WIDTH, {
    size: 11,
    bold: true,
    align: 'right',
  });
  y += 6;
  const facts: Array<[string, string, string?]> = [
    ['Issued', invoice.issuedAt ? companyDay(invoice.issuedAt, zone) : 'Not yet issued'],
    ['Due', calendarDate(invoice.dueDate)],
    ['Status', STATUS_LABELS[invoice.status]],
  ];
  if (invoice.overdue) facts.push(['Overdue since', calendarDate(invoice.overdue.since), RED]);
  facts.push(['Reference', invoice.reference]);
  y += drawFacts(doc, facts, RIGHT_X, y, RIGHT_WIDTH);
  if (invoice.status === 'PAID' || invoice.status === 'VOID' || invoice.status === 'DRAFT') {
    y += drawStamp(doc, invoice.status, PAGE.right, y + 6) + 6;
  }
  return Math.max(issuerBottom, y);
}

function drawBillTo(doc: PDFKit.PDFDocument, invoice: InvoiceView, top: number): number {
  const { customer } = invoice;
  let y = top;
  y += write(doc, 'BILL TO', PAGE.margin, y, LEFT_WIDTH, { size: 7.5, bold: true, color: MUTED }) + 2;
  y += write(doc, compactLines(customer.name ?? customer.customerReference, 2), PAGE.margin, y, LEFT_WIDTH, {
    size: 11,
    bold: true,
  });
  for (const detail of [
    customer.email,
    customer.phone,
    customer.address && compactLines(customer.address, 4),
  ]) {
    if (detail) y += write(doc, detail, PAGE.margin, y, LEFT_WIDTH, { size: 9 });
  }
  y += write(doc, `Customer ${customer.customerReference}`, PAGE.margin, y + 2, LEFT_WIDTH, {
    size: 7.5,
    color: MUTED,
  });
  return y + 2;
}

/** What the summary panel says under the amount. */
function dueLine(invoice: InvoiceView, zone: string): { text: string; color?: string } {
  const { dueNow } = invoice;
  switch (invoice.status) {
    case 'DRAFT':
      return { text: 'Draft: not yet issued, nothing to pay yet' };
    case 'VOID':
      return { text: `Voided${invoice.voidedAt ? ` on ${companyDay(invoice.voidedAt, zone)}` : ''}` };
    case 'PAID':
      return {
        text: `Paid in full${invoice.paidAt ? ` on ${companyDay(invoice.paidAt, zone)}` : ''}`,
      };
    default:
      if (!dueNow) return { text: `Due ${calendarDate(invoice.dueDate)}` };
      return {
        text:
          invoice.installments.length > 1
            ? `Installment ${dueNow.installment} of ${invoice.installments.length}: ${money(dueNow.amountMinor, invoice.currency)} due ${calendarDate(dueNow.dueDate)}`
            : `Due ${calendarDate(dueNow.dueDate)}`,
        ...(invoice.overdue && { color: RED }),
      };
  }
}

function drawSummary(
  doc: PDFKit.PDFDocument,
  invoice: InvoiceView,
  brand: DocumentBrand,
  zone: string,
  top: number,
): number {
  const padding = 12;
  const inner = RIGHT_WIDTH - 2 * padding;
  const label =
    invoice.status === 'PAID' ? 'PAID IN FULL' : invoice.status === 'VOID' ? 'NOTHING DUE' : 'AMOUNT DUE';
  const shown = invoice.status === 'PAID' ? invoice.totals.paidMinor : invoice.totals.outstandingMinor;
  const amount = money(shown, invoice.currency);
  const due = dueLine(invoice, zone);
  const amountStyle = { size: 17, bold: true, color: headingColor(brand) };
  const height =
    2 * padding +
    measure(doc, label, inner, { size: 7.5, bold: true }) +
    measure(doc, amount, inner, amountStyle) +
    measure(doc, due.text, inner, { size: 8.5 });
  doc.rect(RIGHT_X, top, RIGHT_WIDTH, height).fill(PANEL);
  doc.rect(RIGHT_X, top, 3, height).fill(brandColor(brand));
  let y = top + padding;
  y += write(doc, label, RIGHT_X + padding, y, inner, { size: 7.5, bold: true, color: MUTED });
  y += write(doc, amount, RIGHT_X + padding, y, inner, amountStyle);
  write(doc, due.text, RIGHT_X + padding, y, inner, { size: 8.5, ...(due.color && { color: due.color }) });
  return top + height;
}

function lineColumns(currency: string): Column<Line>[] {
  return [
    { header: 'Description', width: 180, text: (line) => compactLines(line.description, 6) },
    { header: 'Qty', width: 36, align: 'right', text: (line) => String(line.quantity) },
    {
      header: 'Unit price',
      width: 76,
      align: 'right',
      text: (line) => money(line.unitAmountMinor, currency),
    },
    {
      header: 'Discount',
      width: 70,
      align: 'right',
      text: (line) => (line.discountMinor > 0 ? `−${money(line.discountMinor, currency)}` : '—'),
      note: (line) => (line.discount?.type === 'PERCENT' ? percent(line.discount.basisPoints) : null),
    },
    {
      header: 'Tax',
      width: 69,
      align: 'right',
      text: (line) => (line.taxRateBasisPoints > 0 ? money(line.taxMinor, currency) : '—'),
      note: (line) => (line.taxRateBasisPoints > 0 ? percent(line.taxRateBasisPoints) : null),
    },
    { header: 'Amount', width: 76, align: 'right', text: (line) => money(line.totalMinor, currency) },
  ];
}

/** A block measured before it is drawn, so blocks side by side can share a page-break decision. */
interface Block {
  height: number;
  draw: (top: number) => void;
}

const TOTALS_WIDTH = 240;

function totalsBlock(doc: PDFKit.PDFDocument, invoice: InvoiceView, brand: DocumentBrand): Block {
  const { totals, currency } = invoice;
  const x = PAGE.right - TOTALS_WIDTH;
  const half = TOTALS_WIDTH / 2;
  const rows: Array<{
    label: string;
    value: string;
    size: number;
    bold?: boolean;
    color?: string;
    rule?: true;
  }> = [{ label: 'Subtotal', value: money(totals.subtotalMinor, currency), size: 9 }];
  if (totals.discountMinor > 0) {
    rows.push({ label: 'Discount', value: `−${money(totals.discountMinor, currency)}`, size: 9 });
  }
  if (totals.taxMinor > 0) rows.push({ label: 'Tax', value: money(totals.taxMinor, currency), size: 9 });
  rows.push({ label: 'Total', value: money(totals.totalMinor, currency), size: 11, bold: true, rule: true });
  if (totals.paidMinor > 0) {
    rows.push({ label: 'Paid', value: `−${money(totals.paidMinor, currency)}`, size: 9 });
  }
  rows.push({
    label: 'Outstanding',
    value: money(totals.outstandingMinor, currency),
    size: 11,
    bold: true,
    color: headingColor(brand),
  });
  const rowHeight = (row: (typeof rows)[number]) =>
    measure(doc, row.value, half, row) + (row.rule ? 8 : 0) + 2;
  return {
    height: rows.reduce((sum, row) => sum + rowHeight(row), 0),
    draw: (top) => {
      let y = top;
      for (const row of rows) {
        if (row.rule) {
          doc
            .moveTo(x, y + 3)
            .lineTo(PAGE.right, y + 3)
            .lineWidth(0.75)
            .strokeColor(RULE)
            .stroke();
          y += 8;
        }
        const style = { size: row.size, bold: row.bold ?? false, ...(row.color && { color: row.color }) };
        write(doc, row.label, x, y, half, { ...style, ...(!row.bold && { color: MUTED }) });
        write(doc, row.value, x + half, y, half, { ...style, align: 'right' });
        y += measure(doc, row.value, half, style) + 2;
      }
    },
  };
}

/** Paying online: the link as a QR code and as text, beside the totals. */
function paymentBlock(
  doc: PDFKit.PDFDocument,
  invoice: InvoiceView,
  url: string,
  brand: DocumentBrand,
): Block {
  const width = PAGE.contentWidth - TOTALS_WIDTH - 24;
  const padding = 10;
  const qr = 88;
  const x = PAGE.margin + 2 * padding + qr;
  const textWidth = width - 3 * padding - qr;
  const amount = invoice.dueNow ? money(invoice.dueNow.amountMinor, invoice.currency) : null;
  const heading = 'Pay online';
  const advice = `Scan the code or open the link${amount ? ` to pay ${amount} now` : ''}.`;
  const headingStyle = { size: 10, bold: true, color: headingColor(brand) };
  const adviceStyle = { size: 8, lineGap: 1 };
  const linkStyle = { size: 7.5, color: headingColor(brand) };
  const textHeight =
    measure(doc, heading, textWidth, headingStyle) +
    2 +
    measure(doc, advice, textWidth, adviceStyle) +
    4 +
    measure(doc, url, textWidth, linkStyle);
  const height = Math.max(qr, textHeight) + 2 * padding;
  return {
    height,
    draw: (top) => {
      doc.rect(PAGE.margin, top, width, height).fill(PANEL);
      drawQrCode(doc, url, PAGE.margin + padding, top + padding, qr);
      let y = top + padding;
      y += write(doc, heading, x, y, textWidth, headingStyle) + 2;
      y += write(doc, advice, x, y, textWidth, adviceStyle) + 4;
      write(doc, url, x, y, textWidth, linkStyle, url);
    },
  };
}

const HEADING = { size: 10, bold: true };
/** What must fit under a heading for it not to end a page alone: a table's header and first row. */
const TABLE_START = 50;

function drawHeading(doc: PDFKit.PDFDocument, flow: PageFlow, heading: string, keepWith: number): void {
  flow.ensure(18 + measure(doc, heading, PAGE.contentWidth, HEADING) + 4 + keepWith);
  flow.space(18);
  flow.space(write(doc, heading, PAGE.margin, flow.y, PAGE.contentWidth, HEADING) + 4);
}

function drawSchedule(
  doc: PDFKit.PDFDocument,
  flow: PageFlow,
  invoice: InvoiceView,
  brand: DocumentBrand,
  zone: string,
): void {
  const { currency } = invoice;
  const columns: Column<Installment>[] = [
    { header: '#', width: 30, text: (installment) => String(installment.sequence) },
    { header: 'Due date', width: 120, text: (installment) => calendarDate(installment.dueDate) },
    {
      header: 'Amount',
      width: 110,
      align: 'right',
      text: (installment) => money(installment.amountMinor, currency),
    },
    {
      header: 'Paid',
      width: 110,
      align: 'right',
      text: (installment) => money(installment.paidMinor, currency),
    },
    {
      header: 'Status',
      width: PAGE.contentWidth - 370,
      align: 'right',
      text: (installment) => INSTALLMENT_LABELS[installment.state],
      note: (installment) => (installment.paidAt ? `on ${companyDay(installment.paidAt, zone)}` : null),
    },
  ];
  drawHeading(doc, flow, 'Installment plan', TABLE_START);
  drawTable(doc, flow, columns, invoice.installments, PAGE.margin, tableStyle(brand));
}

/** Notes flow paragraph by paragraph, so long ones continue on the next page. */
function drawNotes(doc: PDFKit.PDFDocument, flow: PageFlow, notes: string): void {
  const style = { size: 9, lineGap: 1 };
  // A blank line keeps its height.
  const paragraphs = notes.split(/\r?\n/).map((paragraph) => paragraph || ' ');
  drawHeading(doc, flow, 'Notes', measure(doc, paragraphs[0]!, PAGE.contentWidth, style));
  for (const paragraph of paragraphs) {
    flow.ensure(measure(doc, paragraph, PAGE.contentWidth, style));
    flow.space(write(doc, paragraph, PAGE.margin, flow.y, PAGE.contentWidth, style));
  }
}

function tableStyle(brand: DocumentBrand) {
  const fill = brandColor(brand);
  return { headerFill: fill, headerText: textOn(fill) };
}

/**
 * The invoice as a PDF. Its dates are days in the company's time zone (COMPANY_TIME_ZONE), as its
 * due dates are: an invoice paid at 01:00 in Dhaka was paid on that day, not on the UTC day before.
 */
export async function renderInvoicePdf(
  invoice: InvoiceView,
  brand: DocumentBrand,
  zone: string,
): Promise<Buffer> {
  const doc = newDocument({
    title: invoice.number ? `Invoice ${invoice.number}` : `Draft invoice ${invoice.reference}`,
    author: brand.name,
    subject: `Invoice for ${invoice.customer.name ?? invoice.customer.customerReference}`,
    createdAt: new Date(invoice.issuedAt ?? invoice.createdAt),
  });
  const testNotice = invoice.mode === 'TEST' ? TEST_NOTICE : null;
  const top = drawPageTop(doc, brand, testNotice);
  const flow = new PageFlow(doc, drawHeader(doc, invoice, brand, zone, top) + 16, () =>
    drawContinuedHeader(doc, brand, testNotice, `${title(invoice)} (continued)`),
  );
  doc.moveTo(PAGE.margin, flow.y).lineTo(PAGE.right, flow.y).lineWidth(0.5).strokeColor(RULE).stroke();
  flow.space(14);
  flow.y = Math.max(drawBillTo(doc, invoice, flow.y), drawSummary(doc, invoice, brand, zone, flow.y)) + 18;

  drawTable(doc, flow, lineColumns(invoice.currency), invoice.lines, PAGE.margin, tableStyle(brand));
  const totals = totalsBlock(doc, invoice, brand);
  const payment =
    invoice.payableUrl && isPayable(invoice) ? paymentBlock(doc, invoice, invoice.payableUrl, brand) : null;
  flow.ensure(Math.max(totals.height, payment?.height ?? 0) + 14);
  flow.space(14);
  totals.draw(flow.y);
  payment?.draw(flow.y);
  flow.space(Math.max(totals.height, payment?.height ?? 0));
  if (invoice.installments.length > 1) drawSchedule(doc, flow, invoice, brand, zone);
  if (invoice.notes) drawNotes(doc, flow, invoice.notes);

  drawFooters(
    doc,
    [brand.name, title(invoice), invoice.mode === 'TEST' ? 'TEST MODE' : null].filter(Boolean).join(' · '),
  );
  return toBuffer(doc);
}
