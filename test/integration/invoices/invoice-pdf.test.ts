import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PNG } from 'pngjs';
import type { InvoiceView } from '../../../db/invoices/invoice-view.js';
import { calendarDate } from '../../../platform/documents/format.js';
import { renderInvoicePdf } from '../../../platform/documents/invoice-pdf.js';
import { renderReceiptPdf } from '../../../platform/documents/receipt-pdf.js';
import { priceInvoice, type LineInput } from '../../../domain/invoices/invoice-arithmetic.js';
import { diffImages, readPdf, scratchDir } from '../../helpers/pdf.js';
import { startStack, type Credentials, type Stack } from '../../helpers/stack.js';

/**
 * Invoice PDFs: served by the API for an app's own invoices, Bangla shaped and extractable as
 * written, broken across pages for long invoices, and drawn the same every time (page 1 is held
 * to a reference image).
 */

const REFERENCE = path.join(__dirname, '..', '..', 'fixtures', 'invoice-pdf', 'reference.png');
const UPDATE_REFERENCE = process.env.UPDATE_PDF_REFERENCE === '1';
/** pixelmatch's per-pixel colour tolerance, and the share of pixels allowed to differ beyond it. */
const PIXEL_THRESHOLD = 0.1;
const MAX_DIFFERING_SHARE = 0.005;

const BANGLA_LINE = 'মাসিক সাবস্ক্রিপশন ফি';
const BANGLA_NAME = 'রহিম উদ্দিন';

const LINES: LineInput[] = [
  { description: BANGLA_LINE, quantity: 1, unitAmountMinor: 150000, taxRateBasisPoints: 500 },
  {
    description: 'Web hosting, 12 months',
    quantity: 12,
    unitAmountMinor: 25000,
    taxRateBasisPoints: 1500,
    discount: { type: 'PERCENT', basisPoints: 1000 },
  },
  {
    description: 'Setup fee',
    quantity: 1,
    unitAmountMinor: 500000,
    discount: { type: 'AMOUNT', amountMinor: 50000 },
  },
];

const CUSTOMER = {
  customerReference: 'cust-42',
  name: BANGLA_NAME,
  email: 'rahim@example.com',
  phone: '+8801711000000',
  address: 'বাড়ি ১২, রোড ৫, ধানমন্ডি, ঢাকা ১২০৫',
};

/** An invoice as the API shows it, from fixed data: no clock or generated id reaches the page. */
function fixedInvoice(lines: LineInput[]): InvoiceView {
  const priced = priceInvoice(lines);
  const total = priced.totals.totalMinor;
  const third = Math.floor(total / 3);
  const amounts = [total - 2 * third, third, third];
  const paidMinor = amounts[0]!;
  return {
    id: 42,
    reference: 'inv_0123456789abcdefghij',
    number: 'INV-2030-000042',
    status: 'PARTIALLY_PAID',
    mode: 'LIVE',
    currency: 'BDT',
    customer: CUSTOMER,
    lines: priced.lines.map((line, index) => ({ position: index + 1, ...line })),
    totals: {
      ...priced.totals,
      paidMinor,
      outstandingMinor: total - paidMinor,
      totalFormatted: '',
      outstandingFormatted: '',
    },
    dueDate: '2030-01-31',
    installments: [
      {
        sequence: 1,
        amountMinor: amounts[0]!,
        dueDate: '2030-01-31',
        paidMinor,
        state: 'PAID',
        paidAt: '2030-01-20T05:30:00.000Z',
      },
      {
        sequence: 2,
        amountMinor: amounts[1]!,
        dueDate: '2030-02-28',
        paidMinor: 0,
        state: 'DUE',
        paidAt: null,
      },
      {
        sequence: 3,
        amountMinor: amounts[2]!,
        dueDate: '2030-03-31',
        paidMinor: 0,
        state: 'UPCOMING',
        paidAt: null,
      },
    ],
    dueNow: { installment: 2, amountMinor: amounts[1]!, dueDate: '2030-02-28' },
    overdue: null,
    installmentPlan: { count: 3, interval: 'MONTH' },
    notes: 'ধন্যবাদ! Please quote the invoice number on bank transfers.',
    metadata: {},
    payableUrl: 'https://payments.example.com/pay/0123456789abcdefghijklmnopqrstuv',
    issuedAt: '2030-01-02T04:00:00.000Z',
    paidAt: null,
    voidedAt: null,
    voidReason: null,
    createdAt: '2030-01-02T03:00:00.000Z',
    updatedAt: '2030-01-20T05:30:00.000Z',
  };
}

/** A small logo drawn pixel by pixel: a teal tile with a white bar, the same bytes every run. */
function logoPng(): Buffer {
  const png = new PNG({ width: 96, height: 32 });
  for (let y = 0; y < 32; y++) {
    for (let x = 0; x < 96; x++) {
      const bar = y >= 12 && y < 20 && x >= 12 && x < 84;
      png.data.set(bar ? [255, 255, 255, 255] : [14, 116, 144, 255], (y * 96 + x) * 4);
    }
  }
  return PNG.sync.write(png);
}

const BRAND = { name: 'Dhaka Learning Hub', color: '#0e7490', logo: logoPng() };

const allText = (read: { text: string[] }) => read.text.join('\n');

describe('invoice PDFs', () => {
  let stack: Stack;
  let creds: Credentials;

  beforeAll(async () => {
    stack = await startStack({ worker: false });
    creds = (await stack.registerApp()).test;
  });
  afterAll(() => stack.close());

  const call = (method: string, route: string, body?: unknown) =>
    stack.api(method, `/api/v1${route}`, { creds, ...(body !== undefined && { body }) });

  const fetchPdf = (id: string, as: Credentials = creds) =>
    fetch(`${stack.apiUrl}/api/v1/invoices/${id}/pdf`, {
      headers: { 'x-api-key': as.key, 'x-api-secret': as.secret },
    });

  const createInvoice = async () => {
    const created = await call('POST', '/invoices', {
      customer: CUSTOMER,
      lines: LINES,
      dueDate: '2030-01-31',
      installmentPlan: { count: 3, interval: 'MONTH' },
      notes: 'ধন্যবাদ! Please quote the invoice number on bank transfers.',
    });
    expect(created.status).toBe(201);
    return created.body.data as InvoiceView;
  };

  it('serves an issued invoice as a PDF whose text has its number, lines, amounts and Bangla as written', async () => {
    const draft = await createInvoice();
    const issued = await call('POST', `/invoices/${draft.reference}/issue`);
    expect(issued.status).toBe(200);
    const invoice = issued.body.data as InvoiceView;

    const response = await fetchPdf(invoice.reference);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe(`inline; filename="${invoice.number}.pdf"`);
    const pdf = Buffer.from(await response.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    const text = allText(await readPdf(pdf));
    expect(text).toContain(invoice.number!);
    for (const line of LINES) expect(text).toContain(line.description);
    expect(text).toContain(BANGLA_NAME);
    expect(text).toContain(invoice.totals.totalFormatted);
    expect(text).toContain(invoice.totals.outstandingFormatted);
    expect(invoice.totals.totalFormatted).toMatch(/ BDT$/);
    // The three installments, and the link to pay.
    expect(invoice.installments).toHaveLength(3);
    for (const installment of invoice.installments) expect(text).toContain(calendarDate(installment.dueDate));
    expect(text).toContain('Installment plan');
    // The link wraps in its narrow column; read back, its pieces join up.
    expect(text.replaceAll('\n', '')).toContain(invoice.payableUrl!);
  });

  it('renders a draft too, stamped DRAFT and named after its reference', async () => {
    const draft = await createInvoice();
    const response = await fetchPdf(String(draft.id));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(`inline; filename="${draft.reference}.pdf"`);
    const text = allText(await readPdf(Buffer.from(await response.arrayBuffer())));
    expect(text).toContain('DRAFT');
    expect(text).toContain('Not yet issued');
    // Nothing can be paid on a draft, so it carries no payment link.
    expect(text).not.toContain('Pay online');
  });

  it("answers 404 in the envelope for another app's invoice", async () => {
    const draft = await createInvoice();
    const other = (await stack.registerApp()).test;
    const response = await fetchPdf(draft.reference, other);
    expect(response.status).toBe(404);
    expect(((await response.json()) as any).meta.errorCode).toBe('INVOICE_NOT_FOUND');
  });

  it("gives operators the same PDF from the dashboard invoice page's Download link", async () => {
    const draft = await createInvoice();
    const operator = await stack.createOperator('VIEWER');
    const session = await stack.adminLogin(operator.email, operator.password);
    const page = await session.call('GET', `/admin/invoices/${draft.reference}`);
    expect(String(page.body)).toContain(`/admin/invoices/${draft.reference}/pdf`);
    const download = await session.call('GET', `/admin/invoices/${draft.reference}/pdf`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toBe(`inline; filename="${draft.reference}.pdf"`);
    const missing = await session.call('GET', '/admin/invoices/inv_00000000000000000000/pdf');
    expect(missing.status).toBe(404);
  });

  it('draws page 1 as the reference image', async () => {
    const pdf = await renderInvoicePdf(fixedInvoice(LINES), BRAND, 'Asia/Dhaka');
    const dir = await scratchDir('invoice-pdf');
    const actual = path.join(dir, 'actual.png');
    await readPdf(pdf, { path: actual, scale: 1.5 });
    if (UPDATE_REFERENCE) {
      await mkdir(path.dirname(REFERENCE), { recursive: true });
      await copyFile(actual, REFERENCE);
    }
    const diff = path.join(dir, 'diff.png');
    const result = await diffImages(actual, REFERENCE, diff, PIXEL_THRESHOLD);
    const share = result.differing / result.total;
    if (!result.sizeMatches || share >= MAX_DIFFERING_SHARE) {
      throw new Error(
        `page 1 differs from ${REFERENCE} in ${result.differing} of ${result.total} pixels ` +
          `(${(share * 100).toFixed(2)} %, at most ${MAX_DIFFERING_SHARE * 100} % allowed)` +
          `${result.sizeMatches ? '' : ', and its size differs'}.\n` +
          `actual: ${actual}\ndiff: ${diff}\n` +
          'If the change is intended, rewrite the reference: UPDATE_PDF_REFERENCE=1 npx jest test/integration/invoices/invoice-pdf.test.ts',
      );
    }
  });

  it('renders the same bytes for the same invoice', async () => {
    const first = await renderInvoicePdf(fixedInvoice(LINES), BRAND, 'Asia/Dhaka');
    const second = await renderInvoicePdf(fixedInvoice(LINES), BRAND, 'Asia/Dhaka');
    expect(second.equals(first)).toBe(true);
  });

  it('breaks 60 lines across pages, every line whole, with the totals after the last and a page count', async () => {
    const lines: LineInput[] = Array.from({ length: 60 }, (_, index) => ({
      description: index % 2 ? `Consulting, sprint ${index + 1}` : `${BANGLA_LINE} ${index + 1}`,
      quantity: index + 1,
      unitAmountMinor: 12345,
      taxRateBasisPoints: 1500,
    }));
    const invoice = fixedInvoice(lines);
    const read = await readPdf(await renderInvoicePdf(invoice, BRAND, 'Asia/Dhaka'));
    expect(read.pages).toBeGreaterThanOrEqual(3);
    const text = allText(read);
    let from = 0;
    for (const line of lines) {
      const at = text.indexOf(`${line.description} ${line.quantity} `, from);
      expect({ line: line.description, inOrder: at >= from }).toEqual({
        line: line.description,
        inOrder: true,
      });
      from = at;
    }
    expect(text.indexOf('Subtotal')).toBeGreaterThan(from);
    read.text.forEach((page, index) => {
      expect(page).toContain(`Page ${index + 1} of ${read.pages}`);
      // Each page that continues the table repeats its header.
      if (index > 0 && index < read.pages - 1) expect(page).toContain('Description Qty Unit price');
    });
  });

  it("prints the invoice's days in the company's time zone: a payment at 01:00 in Dhaka is that day's", async () => {
    const invoice = fixedInvoice(LINES);
    // 19:00 UTC on the 19th is 01:00 on the 20th in Dhaka, and still the 19th in London.
    invoice.installments[0]!.paidAt = '2030-01-19T19:00:00.000Z';
    const schedule = async (zone: string) =>
      allText(await readPdf(await renderInvoicePdf(invoice, BRAND, zone)));
    expect(await schedule('Asia/Dhaka')).toContain('on 20 Jan 2030');
    expect(await schedule('Europe/London')).toContain('on 19 Jan 2030');
  });

  it('renders a one-page receipt with its reference, amount and the invoice it paid', async () => {
    const pdf = await renderReceiptPdf(
      {
        reference: 'pay_0123456789abcdefghij',
        paidAt: new Date('2030-01-20T05:30:00.000Z'),
        amountMinor: 409416,
        currency: 'BDT',
        description: BANGLA_LINE,
        customer: { name: BANGLA_NAME, email: 'rahim@example.com' },
        method: 'SSLCOMMERZ',
        mode: 'TEST',
        invoice: { number: 'INV-2030-000042', outstandingMinor: 818832 },
        timeZone: 'Asia/Dhaka',
      },
      BRAND,
    );
    const read = await readPdf(pdf);
    expect(read.pages).toBe(1);
    const text = allText(read);
    for (const expected of [
      'Payment receipt'.toUpperCase(),
      'pay_0123456789abcdefghij',
      '4,094.16 BDT',
      '20 Jan 2030, 11:30 (Asia/Dhaka)',
      BANGLA_LINE,
      BANGLA_NAME,
      'INV-2030-000042',
      '8,188.32 BDT',
      'TEST MODE',
    ]) {
      expect(text).toContain(expected);
    }
  });
});
