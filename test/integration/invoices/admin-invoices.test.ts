import { eventually, startStack, type Credentials, type Stack } from '../../helpers/stack.js';

/**
 * The operators' invoices against real PostgreSQL and Temporal: written and issued for an app,
 * audited as the operator's, listed with overdue ones first, read with their payments and
 * events, and voided only after a fresh password.
 */
describe('invoices in the admin API', () => {
  let stack: Stack;
  let app: Awaited<ReturnType<Stack['registerApp']>>;
  let creds: Credentials;
  /** The API's clock runs this far ahead: moved to make invoices overdue and step-up stale. */
  let aheadMs = 0;

  beforeAll(async () => {
    stack = await startStack({ clock: () => new Date(Date.now() + aheadMs) });
    app = await stack.registerApp();
    creds = app.test;
  });
  afterAll(async () => {
    await stack.close();
  });

  const signIn = async (role: 'FINANCE' | 'SUPPORT') => {
    const operator = await stack.createOperator(role);
    return { ...(await stack.adminLogin(operator.email, operator.password)), email: operator.email };
  };

  const request = (dueDate: string, overrides: Record<string, unknown> = {}) => ({
    appId: app.app.id,
    mode: 'TEST',
    customer: { customerReference: 'cust-ops', name: 'তানভীর হাসান', email: 'tanvir@example.com' },
    lines: [
      { description: 'Annual maintenance', quantity: 1, unitAmountMinor: 120000, taxRateBasisPoints: 500 },
    ],
    dueDate,
    ...overrides,
  });

  it('writes and issues an invoice for an app, audited as the operator who did it', async () => {
    const finance = await signIn('FINANCE');
    const created = await finance.call('POST', '/api/v1/admin/invoices', {
      body: request('2031-01-31', { issue: true, installmentPlan: { count: 2, interval: 'MONTH' } }),
    });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({
      appId: app.app.id,
      status: 'OPEN',
      totals: { totalMinor: 126000 },
      installments: [{ amountMinor: 63000 }, { amountMinor: 63000 }],
    });
    expect(created.body.data.number).toMatch(/^TEST-INV-/);
    expect(created.body.data.temporalUrl).toContain(encodeURIComponent(`invoice-${app.app.id}-`));
    const reference = created.body.data.reference as string;

    // The app reads it as its own.
    const seen = await stack.api('GET', `/api/v1/invoices/${reference}`, { creds });
    expect(seen.body.data.number).toBe(created.body.data.number);

    const audit = await stack
      .em()
      .execute<Array<{ action: string; actor_label: string }>>(
        'select action, actor_label from audit_log where target_id = ? order by id',
        [reference],
      );
    expect(audit.map((entry) => entry.action)).toEqual(['invoice.created', 'invoice.issued']);
    expect(new Set(audit.map((entry) => entry.actor_label))).toEqual(new Set([finance.email]));

    const missingApp = await finance.call('POST', '/api/v1/admin/invoices', {
      body: { ...request('2031-01-31'), appId: 999_999_999 },
    });
    expect(missingApp.status).toBe(404);
    expect(missingApp.body.meta.errorCode).toBe('APP_NOT_FOUND');
  });

  it('lists overdue invoices first, and shows one with its payments and events', async () => {
    const finance = await signIn('FINANCE');
    const customer = `cust-${Date.now()}`;
    const early = await finance.call('POST', '/api/v1/admin/invoices', {
      body: request('2030-01-15', { issue: true, customer: { customerReference: customer } }),
    });
    const late = await finance.call('POST', '/api/v1/admin/invoices', {
      body: request('2040-01-15', { issue: true, customer: { customerReference: customer } }),
    });
    const byDefault = await finance.call('GET', `/api/v1/admin/invoices?customer=${customer}`);
    // Newest first while nothing is overdue.
    expect(byDefault.body.data.items.map((i: { reference: string }) => i.reference)).toEqual([
      late.body.data.reference,
      early.body.data.reference,
    ]);

    aheadMs = Date.parse('2030-02-01T00:00:00Z') - Date.now();
    try {
      // Four years on, the morning's session has long expired: a new one.
      const later = await signIn('FINANCE');
      const overdueFirst = await later.call('GET', `/api/v1/admin/invoices?customer=${customer}`);
      expect(overdueFirst.body.data.items.map((i: { reference: string }) => i.reference)).toEqual([
        early.body.data.reference,
        late.body.data.reference,
      ]);
      expect(overdueFirst.body.data.items[0].overdue).toEqual({ since: '2030-01-15' });
    } finally {
      aheadMs = 0;
    }

    const payment = await stack.createPayment(creds, {
      amountMinor: 50000,
      invoiceId: early.body.data.reference,
    });
    await stack.openCheckout(payment.reference);
    await stack.completeAtGateway(payment.reference, 'VALID');
    const detail = await eventually(
      async () => {
        const read = await finance.call('GET', `/api/v1/admin/invoices/${early.body.data.reference}`);
        return read.body.data.invoice.status === 'PARTIALLY_PAID' ? read.body.data : null;
      },
      30_000,
      'the invoice to be partly paid',
    );
    expect(detail.payments).toEqual([
      expect.objectContaining({ reference: payment.reference, status: 'SUCCEEDED', amountMinor: 50000 }),
    ]);
    expect(detail.events.map((e: { type: string }) => e.type)).toEqual([
      'invoice.issued',
      'invoice.partially_paid',
    ]);
  }, 60_000);

  it('voids only with a fresh password, and never under a payment in flight', async () => {
    const finance = await signIn('FINANCE');
    const created = await finance.call('POST', '/api/v1/admin/invoices', {
      body: request('2031-03-31', { issue: true }),
    });
    const reference = created.body.data.reference as string;
    const pending = await stack.createPayment(creds, { amountMinor: 1000, invoiceId: reference });
    await stack.openCheckout(pending.reference);

    const inFlight = await finance.call('POST', `/api/v1/admin/invoices/${reference}/void`, {
      body: { reason: 'sent twice' },
    });
    expect(inFlight.status).toBe(409);
    expect(inFlight.body.meta.errorCode).toBe('INVOICE_PAYMENT_IN_FLIGHT');

    aheadMs = 10 * 60_000;
    try {
      const stale = await finance.call('POST', `/api/v1/admin/invoices/${reference}/void`, {
        body: { reason: 'sent twice' },
      });
      expect(stale.status).toBe(403);
      expect(stale.body.meta.errorCode).toBe('STEP_UP_REQUIRED');
      expect((await finance.stepUp()).status).toBe(200);

      await stack.api('POST', `/checkout/${pending.reference}/cancel`);
      const voided = await eventually(
        async () => {
          const answer = await finance.call('POST', `/api/v1/admin/invoices/${reference}/void`, {
            body: { reason: 'sent twice' },
          });
          return answer.status === 200 ? answer : null;
        },
        30_000,
        'the void once nothing is in flight',
      );
      expect(voided.body.data).toMatchObject({ status: 'VOID', voidReason: 'sent twice' });
    } finally {
      aheadMs = 0;
    }
  }, 60_000);
});
