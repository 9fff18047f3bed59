import { headingColor, MUTED, PANEL, RULE, brandColor, type DocumentBrand } from './brand.js';
import { drawFooters } from './footer.js';
import { compactLines, dateTimeInZone, money } from './format.js';
import { drawIssuer, drawPageTop } from './letterhead.js';
import { newDocument, PAGE, toBuffer } from './pdf-document.js';
import { drawStamp } from './stamp.js';
import { measure, write } from './text.js';

/** A settled payment's receipt: one branded A4 page the customer keeps. */
export interface ReceiptDocument {
  /** The payment's reference, pay_… */
  reference: string;
  paidAt: Date;
  /** The zone `paidAt` is printed in: the company's (COMPANY_TIME_ZONE). */
  timeZone: string;
  amountMinor: number;
  currency: string;
  description: string | null;
  customer: { name: string | null; email: string | null };
  method: string | null;
  mode: 'TEST' | 'LIVE';
  /** The invoice the payment went to, and what it still lacks after it. */
  invoice: { number: string; outstandingMinor: number } | null;
}

const TEST_NOTICE = 'TEST MODE · made with test credentials · no real money was taken';
const RIGHT_WIDTH = 230;

function details(receipt: ReceiptDocument): Array<[string, string]> {
  const rows: Array<[string, string]> = [
    ['Receipt for payment', receipt.reference],
    ['Paid on', dateTimeInZone(receipt.paidAt, receipt.timeZone)],
  ];
  if (receipt.description) rows.push(['For', compactLines(receipt.description, 4)]);
  const payer = [receipt.customer.name, receipt.customer.email].filter(Boolean).join('\n');
  if (payer) rows.push(['Paid by', payer]);
  if (receipt.method) rows.push(['Method', receipt.method]);
  if (receipt.invoice) {
    rows.push(['Invoice', receipt.invoice.number]);
    rows.push([
      'Invoice outstanding',
      receipt.invoice.outstandingMinor > 0
        ? money(receipt.invoice.outstandingMinor, receipt.currency)
        : 'Nothing: the invoice is paid in full',
    ]);
  }
  return rows;
}

export async function renderReceiptPdf(receipt: ReceiptDocument, brand: DocumentBrand): Promise<Buffer> {
  const doc = newDocument({
    title: `Payment receipt ${receipt.reference}`,
    author: brand.name,
    subject: `Receipt for ${money(receipt.amountMinor, receipt.currency)}`,
    createdAt: receipt.paidAt,
  });
  const heading = headingColor(brand);
  const top = drawPageTop(doc, brand, receipt.mode === 'TEST' ? TEST_NOTICE : null);
  const issuerBottom = drawIssuer(doc, brand, top, PAGE.contentWidth - RIGHT_WIDTH - 20);
  const rightX = PAGE.right - RIGHT_WIDTH;
  let right = top;
  right += write(doc, 'PAYMENT RECEIPT', rightX, right, RIGHT_WIDTH, {
    size: 18,
    bold: true,
    color: heading,
    align: 'right',
  });
  right += write(doc, receipt.reference, rightX, right, RIGHT_WIDTH, {
    size: 10,
    bold: true,
    align: 'right',
  });
  right += drawStamp(doc, 'PAID', PAGE.right, right + 10) + 10;

  let y = Math.max(issuerBottom, right) + 14;
  doc.moveTo(PAGE.margin, y).lineTo(PAGE.right, y).lineWidth(0.5).strokeColor(RULE).stroke();
  y += 18;

  const amount = money(receipt.amountMinor, receipt.currency);
  const amountStyle = { size: 24, bold: true, color: heading };
  const panelHeight =
    28 + measure(doc, 'AMOUNT PAID', 300, { size: 8, bold: true }) + measure(doc, amount, 400, amountStyle);
  doc.rect(PAGE.margin, y, PAGE.contentWidth, panelHeight).fill(PANEL);
  doc.rect(PAGE.margin, y, 3, panelHeight).fill(brandColor(brand));
  let inside = y + 14;
  inside += write(doc, 'AMOUNT PAID', PAGE.margin + 16, inside, 300, { size: 8, bold: true, color: MUTED });
  write(doc, amount, PAGE.margin + 16, inside, PAGE.contentWidth - 32, amountStyle);
  y += panelHeight + 22;

  const labelWidth = 150;
  const valueWidth = PAGE.contentWidth - labelWidth;
  for (const [label, value] of details(receipt)) {
    const style = { size: 10 };
    const height = Math.max(
      write(doc, label, PAGE.margin, y, labelWidth, { ...style, color: MUTED }),
      write(doc, value, PAGE.margin + labelWidth, y, valueWidth, style),
    );
    y += height + 6;
    doc
      .moveTo(PAGE.margin, y - 3)
      .lineTo(PAGE.right, y - 3)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
  }

  y += 20;
  y += write(doc, 'Thank you for your payment.', PAGE.margin, y, PAGE.contentWidth, { size: 11, bold: true });
  write(
    doc,
    `Keep this receipt for your records. If you have a question about this payment, quote ${receipt.reference} to ${brand.name}.`,
    PAGE.margin,
    y + 2,
    PAGE.contentWidth,
    { size: 9, color: MUTED },
  );

  drawFooters(
    doc,
    [brand.name, `Receipt ${receipt.reference}`, receipt.mode === 'TEST' ? 'TEST MODE' : null]
      .filter(Boolean)
      .join(' · '),
  );
  return toBuffer(doc);
}
