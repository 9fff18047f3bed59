import { eventually, type Credentials, type Stack } from '../../helpers/stack.js';
import { startStackWithApp } from '../../helpers/suite-stacks.js';

/**
 * An invoice's payable link against real PostgreSQL and Temporal: the page shows what is due now
 * and the lines and totals laid out as the invoice PDF lays them out, Pay makes exactly one payment for it however often it is pressed, a pending payment holds the
 * invoice against a void, and paid, void or unknown invoices cannot be paid.
 */
describe('the invoice pay page', () => {
  let stack: Stack;
  let creds: Credentials;

  beforeAll(async () => {
    ({ stack, creds } = await startStackWithApp());
  });
  afterAll(() => stack.close());

  const call = (method: string, path: string, body?: unknown) =>
    stack.api(method, `/api/v1${path}`, { creds, ...(body !== undefined && { body }) });

  async function issuedInvoice(overrides: Record<string, unknown> = {}) {
    const created = await call('POST', '/invoices', {
      customer: { customerReference: 'cust-pay', name: 'নুসরাত জাহান', email: 'nusrat@example.com' },
      lines: [{ description: 'Tuition, spring term', quantity: 1, unitAmountMinor: 90000 }],
      dueDate: '2030-03-31',
      installmentPlan: { count: 3, interval: 'MONTH' },
      ...overrides,
    });
    const issued = await call('POST', `/invoices/${created.body.data.reference}/issue`);
    expect(issued.status).toBe(200);
    const data = issued.body.data as { reference: string; number: string; payableUrl: string };
    return { ...data, path: new URL(data.payableUrl).pathname };
  }

  const pressPay = async (path: string) => {
    const response = await stack.api('POST', path);
    return {
      status: response.status,
      location: response.headers.get('location'),
      html: String(response.body),
    };
  };

  it('shows what is due now, makes one payment however often Pay is pressed, and holds off a void while it is pending', async () => {
    const invoice = await issuedInvoice();
    const page = await stack.api('GET', invoice.path);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = String(page.body);
    expect(html).toContain(invoice.number);
    expect(html).toContain('নুসরাত জাহান');
    expect(html).toMatch(/Due now \(installment 1 of 3\)/);
    expect(html).toContain('Pay 300.00 BDT');
    const pdf = await fetch(`${stack.apiUrl}${invoice.path}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    // Two presses (a double click) race: one payment, and both go to its checkout.
    const [first, second] = await Promise.all([pressPay(invoice.path), pressPay(invoice.path)]);
    expect(first.status).toBe(302);
    expect(second.status).toBe(302);
    expect(first.location).toMatch(/^\/checkout\/pay_/);
    expect(second.location).toBe(first.location);
    const reference = first.location!.split('/').pop()!;
    const payment = await stack.readPayment(creds, reference);
    expect(payment).toMatchObject({ amountMinor: 30000, invoiceId: invoice.reference, status: 'CREATED' });

    // At the gateway the payment is PENDING: the invoice cannot be voided under it.
    await stack.openCheckout(reference);
    const refusedVoid = await call('POST', `/invoices/${invoice.reference}/void`, { reason: 'mistake' });
    expect(refusedVoid.status).toBe(409);
    expect(refusedVoid.body.meta.errorCode).toBe('INVOICE_PAYMENT_IN_FLIGHT');
    expect((await pressPay(invoice.path)).location).toBe(`/checkout/${reference}`);

    await stack.completeAtGateway(reference, 'VALID');
    await eventually(
      async () => (await call('GET', `/invoices/${invoice.reference}`)).body.data.status === 'PARTIALLY_PAID',
      30_000,
      'the first installment to be paid',
    );
    const after = String((await stack.api('GET', invoice.path)).body);
    expect(after).toMatch(/Due now \(installment 2 of 3\)/);
    const next = await pressPay(invoice.path);
    expect(next.location).not.toBe(first.location);
    const nextPayment = await stack.readPayment(creds, next.location!.split('/').pop()!);
    expect(nextPayment.amountMinor).toBe(30000);
  }, 90_000);

  /** The rows of the page's line table, each as its cells' text. */
  function tableRows(html: string, section: 'tbody' | 'tfoot'): string[][] {
    const table = /<table[^>]*data-testid="lines"[^>]*>([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
    const part = new RegExp(`<${section}>([\\s\\S]*?)</${section}>`).exec(table)?.[1] ?? '';
    return [...part.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
      [...row[1]!.matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((cell) =>
        cell[1]!.replace(/<[^>]*>/g, '').trim(),
      ),
    );
  }

  /** "1,234.50 BDT" or "−99.90 BDT" back to minor units; "—" (nothing) is 0. */
  function minorUnits(shown: string): number {
    if (shown === '—') return 0;
    const match = /^(−)?([\d,]+)\.(\d{2}) BDT$/.exec(shown);
    if (!match) throw new Error(`not an amount: ${shown}`);
    const minor = Number(match[2]!.replace(/,/g, '')) * 100 + Number(match[3]);
    return match[1] ? -minor : minor;
  }

  it('lays out lines, subtotal, discount, tax and total as the PDF does, each adding up as shown', async () => {
    const invoice = await issuedInvoice({
      installmentPlan: undefined,
      lines: [
        {
          description: 'Tuition, spring term',
          quantity: 1,
          unitAmountMinor: 90000,
          discount: { type: 'PERCENT', basisPoints: 1000 },
          taxRateBasisPoints: 1500,
        },
        {
          description: 'Lab fee',
          quantity: 3,
          unitAmountMinor: 3333,
          discount: { type: 'AMOUNT', amountMinor: 999 },
          taxRateBasisPoints: 750,
        },
        { description: 'Library card', quantity: 2, unitAmountMinor: 1250 },
      ],
    });
    const html = String((await stack.api('GET', invoice.path)).body);

    const [header] = [...html.matchAll(/<thead>([\s\S]*?)<\/thead>/g)].map((m) =>
      [...m[1]!.matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)].map((cell) => cell[1]!.trim()),
    );
    expect(header).toEqual(['Item', 'Qty', 'Unit price', 'Discount', 'Tax', 'Amount']);
    const lines = tableRows(html, 'tbody');
    expect(lines).toEqual([
      ['Tuition, spring term', '1', '900.00 BDT', '−90.00 BDT', '121.50 BDT', '931.50 BDT'],
      ['Lab fee', '3', '33.33 BDT', '−9.99 BDT', '6.75 BDT', '96.75 BDT'],
      ['Library card', '2', '12.50 BDT', '—', '—', '25.00 BDT'],
    ]);
    // Each line: quantity × unit price, less its discount, plus its tax, is its amount.
    for (const [, quantity, unit, discount, tax, amount] of lines) {
      expect(Number(quantity) * minorUnits(unit!) + minorUnits(discount!) + minorUnits(tax!)).toBe(
        minorUnits(amount!),
      );
    }

    const totals = tableRows(html, 'tfoot');
    expect(totals.map(([label]) => label)).toEqual([
      'Subtotal',
      'Discount',
      'Tax',
      'Total',
      'Paid',
      'Outstanding',
    ]);
    const shown = Object.fromEntries(totals.map(([label, value]) => [label!, minorUnits(value!)]));
    expect(shown).toEqual({
      Subtotal: 102499,
      Discount: -9999,
      Tax: 12825,
      Total: 105325,
      Paid: 0,
      Outstanding: 105325,
    });
    // As displayed: the subtotal is the lines before discount and tax, less the discount, plus the
    // tax, is the total; the lines' amounts (discount and tax included) add up to the total.
    const sum = (column: number) => lines.reduce((total, line) => total + minorUnits(line[column]!), 0);
    expect(lines.reduce((total, line) => total + Number(line[1]) * minorUnits(line[2]!), 0)).toBe(
      shown.Subtotal,
    );
    expect(sum(3)).toBe(shown.Discount);
    expect(sum(4)).toBe(shown.Tax);
    expect(shown.Subtotal! + shown.Discount! + shown.Tax!).toBe(shown.Total);
    expect(sum(5)).toBe(shown.Total);
    const api = await call('GET', `/invoices/${invoice.reference}`);
    expect(api.body.data.totals).toMatchObject({
      subtotalMinor: 102499,
      discountMinor: 9999,
      taxMinor: 12825,
      totalMinor: 105325,
    });
  });

  it('refuses Pay while a payment the app made for another amount is in flight', async () => {
    const invoice = await issuedInvoice();
    const own = await call('POST', '/payments', {
      amountMinor: 5000,
      customerReference: 'cust-pay',
      invoiceId: invoice.reference,
    });
    expect(own.status).toBe(201);
    const pressed = await pressPay(invoice.path);
    expect(pressed.status).toBe(409);
    expect(pressed.html).toContain('still in progress');
  });

  it('shows a paid or void invoice without Pay, and refuses to pay it', async () => {
    const invoice = await issuedInvoice({ installmentPlan: undefined });
    const voided = await call('POST', `/invoices/${invoice.reference}/void`, { reason: 'duplicate' });
    expect(voided.status).toBe(200);
    const page = String((await stack.api('GET', invoice.path)).body);
    expect(page).toContain('VOID');
    expect(page).not.toContain('data-testid="pay"');
    const pressed = await pressPay(invoice.path);
    expect(pressed.status).toBe(400);
    expect(pressed.html).toContain('nothing left to pay');
    const payments = await stack
      .em()
      .execute<Array<{ n: string }>>('select count(*) as n from payments where invoice_id = ?', [
        invoice.reference,
      ]);
    expect(Number(payments[0]!.n)).toBe(0);
  });

  it('answers 404 for unknown, malformed and draft links without telling them apart', async () => {
    const draft = await call('POST', '/invoices', {
      customer: { customerReference: 'cust-pay' },
      lines: [{ description: 'x', quantity: 1, unitAmountMinor: 100 }],
      dueDate: '2030-03-31',
    });
    expect(draft.status).toBe(201);
    const bodies = new Set<string>();
    for (const path of [`/pay/${'0'.repeat(32)}`, '/pay/not-a-token', `/pay/${'Z'.repeat(32)}`]) {
      for (const [method, suffix] of [
        ['GET', ''],
        ['POST', ''],
        ['GET', '/pdf'],
      ] as const) {
        const response = await stack.api(method, `${path}${suffix}`);
        expect(response.status).toBe(404);
        bodies.add(String(response.body));
      }
    }
    expect(bodies.size).toBe(1);
  });
});
