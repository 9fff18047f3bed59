import { eventually, startStack, type Credentials, type Stack } from '../helpers/stack.js';

/**
 * An invoice's payable link against real PostgreSQL and Temporal: the page shows what is due now,
 * Pay makes exactly one payment for it however often it is pressed, a pending payment holds the
 * invoice against a void, and paid, void or unknown invoices cannot be paid.
 */
describe('the invoice pay page', () => {
  let stack: Stack;
  let creds: Credentials;

  beforeAll(async () => {
    stack = await startStack();
    creds = (await stack.registerApp()).test;
  });
  afterAll(async () => {
    await stack.close();
  });

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
