import { eventually, type Credentials, type Stack } from '../../helpers/stack.js';
import { assertDocumentedWebhook } from '../../helpers/openapi-conformance.js';
import { startStackWithApp } from '../../helpers/suite-stacks.js';

/**
 * The invoice API against real PostgreSQL and Temporal: drafts priced by the stated rounding
 * rule, issued with a per-app number and a payable link, paid installment by installment through
 * the hosted checkout, never overpaid however payments race, and voided only with nothing in flight.
 */
describe('invoices', () => {
  let stack: Stack;
  let creds: Credentials;

  beforeAll(async () => {
    ({ stack, creds } = await startStackWithApp());
  });
  afterAll(() => stack.close());

  const call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    stack.api(method, `/api/v1${path}`, {
      creds,
      ...(body !== undefined && { body }),
      ...(headers && { headers }),
    });

  const draft = (overrides: Record<string, unknown> = {}) => ({
    customer: { customerReference: 'cust-42', name: 'রহিম উদ্দিন', email: 'rahim@example.com' },
    lines: [
      // 3 × 333.33 = 999.99; 15 % tax on that is 149.9985, which rounds to 150.00.
      { description: 'Consulting hours', quantity: 3, unitAmountMinor: 33333, taxRateBasisPoints: 1500 },
      // 10 % off 50.05 is 5.005, which rounds up to 5.01.
      {
        description: 'শিক্ষা উপকরণ',
        quantity: 1,
        unitAmountMinor: 5005,
        discount: { type: 'PERCENT', basisPoints: 1000 },
      },
    ],
    dueDate: '2030-01-31',
    ...overrides,
  });

  it('prices a draft by the rounding rule, edits it, and issues it with a number and a payable link', async () => {
    const created = await call('POST', '/invoices', draft());
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({
      status: 'DRAFT',
      number: null,
      payableUrl: null,
      totals: {
        subtotalMinor: 105004,
        discountMinor: 501,
        taxMinor: 15000,
        totalMinor: 119503,
        outstandingMinor: 119503,
      },
      installments: [{ sequence: 1, amountMinor: 119503, dueDate: '2030-01-31', state: 'DUE' }],
    });
    const reference = created.body.data.reference as string;

    const edited = await call('PATCH', `/invoices/${reference}`, {
      lines: [{ description: 'Annual plan', quantity: 1, unitAmountMinor: 600000 }],
      installmentPlan: { count: 6, interval: 'MONTH' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.data.totals.totalMinor).toBe(600000);
    expect(edited.body.data.installments.map((i: { dueDate: string }) => i.dueDate)).toEqual([
      '2030-01-31',
      '2030-02-28',
      '2030-03-31',
      '2030-04-30',
      '2030-05-31',
      '2030-06-30',
    ]);

    const issued = await call('POST', `/invoices/${reference}/issue`);
    expect(issued.status).toBe(200);
    expect(issued.body.data.status).toBe('OPEN');
    expect(issued.body.data.number).toMatch(/^TEST-INV-\d{4}-\d{6}$/);
    expect(issued.body.data.payableUrl).toMatch(/\/pay\/[0-9a-z]{32}$/);

    const again = await call('POST', `/invoices/${reference}/issue`);
    expect(again.status).toBe(409);
    expect(again.body.meta.errorCode).toBe('INVOICE_NOT_DRAFT');
    const late = await call('PATCH', `/invoices/${reference}`, { notes: 'too late' });
    expect(late.status).toBe(409);
    expect(late.body.meta.errorCode).toBe('INVOICE_NOT_EDITABLE');

    // The next one takes the next number of this app's sequence.
    const second = await call('POST', '/invoices', draft());
    const secondIssued = await call('POST', `/invoices/${second.body.data.reference}/issue`);
    const sequence = (n: string) => Number(n.slice(-6));
    expect(sequence(secondIssued.body.data.number)).toBe(sequence(issued.body.data.number) + 1);
  });

  it('refuses plans that do not add up and dates that do not exist, with a stable code', async () => {
    const uneven = await call(
      'POST',
      '/invoices',
      draft({
        lines: [{ description: 'x', quantity: 1, unitAmountMinor: 1000 }],
        installmentPlan: {
          schedule: [
            { amountMinor: 500, dueDate: '2030-01-31' },
            { amountMinor: 499, dueDate: '2030-02-28' },
          ],
        },
      }),
    );
    expect(uneven.status).toBe(422);
    expect(uneven.body.meta.errorCode).toBe('INSTALLMENTS_DO_NOT_SUM');
    const noSuchDay = await call('POST', '/invoices', draft({ dueDate: '2030-02-30' }));
    expect(noSuchDay.status).toBe(400);
    expect(noSuchDay.body.meta.errorCode).toBe('VALIDATION_ERROR');
    const yearZero = await call('POST', '/invoices', draft({ dueDate: '0000-01-01' }));
    expect(yearZero.status).toBe(400);
    const free = await call(
      'POST',
      '/invoices',
      draft({ lines: [{ description: 'gift', quantity: 1, unitAmountMinor: 0 }] }),
    );
    expect(free.status).toBe(422);
    expect(free.body.meta.errorCode).toBe('INVOICE_TOTAL_NOT_POSITIVE');
  });

  it('takes payments up to what is outstanding, pays installments in order, and voids only with nothing in flight', async () => {
    const created = await call(
      'POST',
      '/invoices',
      draft({
        lines: [{ description: 'Course fee', quantity: 1, unitAmountMinor: 30000 }],
        installmentPlan: { count: 3, interval: 'MONTH' },
      }),
    );
    const reference = created.body.data.reference as string;
    const unissued = await call('POST', '/payments', {
      amountMinor: 10000,
      customerReference: 'cust-42',
      invoiceId: reference,
    });
    expect(unissued.status).toBe(409);
    expect(unissued.body.meta.errorCode).toBe('INVOICE_NOT_PAYABLE');
    await call('POST', `/invoices/${reference}/issue`);

    const tooMuch = await call('POST', '/payments', {
      amountMinor: 30001,
      customerReference: 'cust-42',
      invoiceId: reference,
    });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.meta.errorCode).toBe('PAYMENT_EXCEEDS_OUTSTANDING');

    // Ten payments of 10,000 race for a 30,000 invoice: exactly three are admitted.
    const raced = await Promise.all(
      Array.from({ length: 10 }, () =>
        call('POST', '/payments', { amountMinor: 10000, customerReference: 'cust-42', invoiceId: reference }),
      ),
    );
    const admitted = raced.filter((r) => r.status === 201);
    expect(admitted).toHaveLength(3);
    expect(
      raced
        .filter((r) => r.status === 422)
        .every((r) => r.body.meta.errorCode === 'PAYMENT_EXCEEDS_OUTSTANDING'),
    ).toBe(true);

    // With payments in flight, the invoice cannot be voided.
    const refusedVoid = await call('POST', `/invoices/${reference}/void`, { reason: 'customer left' });
    expect(refusedVoid.status).toBe(409);
    expect(refusedVoid.body.meta.errorCode).toBe('INVOICE_PAYMENT_IN_FLIGHT');

    // The first one is paid: installment 1 is PAID, the invoice PARTIALLY_PAID.
    const first = admitted[0]!.body.data.reference as string;
    await stack.openCheckout(first);
    await stack.completeAtGateway(first, 'VALID');
    const partly = await eventually(
      async () => {
        const read = (await call('GET', `/invoices/${reference}`)).body.data;
        return read.status === 'PARTIALLY_PAID' ? read : null;
      },
      30_000,
      'the invoice to be partly paid',
    );
    expect(partly.totals).toMatchObject({ paidMinor: 10000, outstandingMinor: 20000 });
    expect(partly.installments.map((i: { state: string }) => i.state)).toEqual(['PAID', 'DUE', 'UPCOMING']);
    expect(partly.dueNow).toMatchObject({ installment: 2, amountMinor: 10000 });
    const events = await stack
      .em()
      .execute<Array<{ id: string; type: string; payload: { type: string } }>>(
        "select id, type, payload from events where source_type = 'invoice_payment' and source_id = ?",
        [first],
      );
    expect(events.map((e) => e.type)).toEqual(['invoice.partially_paid']);
    // The body delivered to the app is the event's id with its payload: the document describes it.
    for (const event of events) assertDocumentedWebhook({ id: event.id, ...event.payload });

    // The other two are cancelled at checkout; nothing is in flight any more and it voids.
    for (const admittedPayment of admitted.slice(1)) {
      const reference2 = admittedPayment.body.data.reference as string;
      await stack.api('POST', `/checkout/${reference2}/cancel`);
    }
    await eventually(
      async () => {
        const rows = await stack
          .em()
          .execute<Array<{ n: string }>>(
            "select count(*) as n from payments where invoice_id = ? and status in ('CREATED', 'PENDING')",
            [reference],
          );
        return Number(rows[0]!.n) === 0;
      },
      30_000,
      'the other payments to be cancelled',
    );
    const voided = await call('POST', `/invoices/${reference}/void`, { reason: 'customer left' });
    expect(voided.status).toBe(200);
    expect(voided.body.data).toMatchObject({ status: 'VOID', voidReason: 'customer left' });
    const afterVoid = await call('POST', '/payments', {
      amountMinor: 1000,
      customerReference: 'cust-42',
      invoiceId: reference,
    });
    expect(afterVoid.status).toBe(409);
    expect(afterVoid.body.meta.errorCode).toBe('INVOICE_NOT_PAYABLE');
  }, 120_000);

  it('lists with filters and finds nothing of another app', async () => {
    const other = (await stack.registerApp()).test;
    const mine = await call('POST', '/invoices', draft({ customer: { customerReference: 'list-me' } }));
    const listed = await call('GET', '/invoices?customer=list-me&status=DRAFT');
    expect(listed.body.data.items.map((i: { reference: string }) => i.reference)).toContain(
      mine.body.data.reference,
    );
    const foreign = await stack.api('GET', `/api/v1/invoices/${mine.body.data.reference}`, { creds: other });
    expect(foreign.status).toBe(404);
    expect(foreign.body.meta.errorCode).toBe('INVOICE_NOT_FOUND');
    const badFilter = await call('GET', '/invoices?overdue=maybe');
    expect(badFilter.status).toBe(400);
  });
});
