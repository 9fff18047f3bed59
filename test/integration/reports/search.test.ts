import { CUSTOMER_PHONE_KEY_SQL } from '../../../db/payments/payment-search.js';
import { PAYOUT_DESTINATION_SQL } from '../../../db/payouts/payout-search.js';
import type { Role } from '../../../domain/operators/permissions.js';
import { signInAs, type AdminSession } from '../../helpers/apps-admin.js';
import { startStack, type Credentials, type Stack } from '../../helpers/stack.js';

/**
 * The dashboard's one search box, on the real stack: payments by reference, order id, gateway
 * transaction id and the customer's phone (however written), refunds, payouts and invoices by
 * theirs, settlement lines for the roles that read reconciliation; phones never shown in full, a
 * reference of ours opening its record at once, each lookup on an index.
 */
describe('dashboard search', () => {
  let stack: Stack;
  let creds: { a: Credentials; b: Credentials };
  const refs: Record<string, string> = {};
  let gatewayTransactionId: string;
  let invoiceNumber: string;
  let importId: number;
  const sessions: Partial<Record<Role, AdminSession>> = {};

  const as = async (role: Role) => (sessions[role] ??= await signInAs(stack, role));
  const find = async (q: string, role: Role = 'VIEWER') =>
    (await as(role)).call('GET', `/api/v1/admin/search?q=${encodeURIComponent(q)}`);
  const found = async (q: string, role: Role = 'VIEWER') =>
    (
      (await find(q, role)).body.data.items as Array<{ kind: string; reference: string; matchedOn: string }>
    ).map((hit) => `${hit.kind} ${hit.reference} ${hit.matchedOn}`);
  const page = async (q: string, role: Role = 'VIEWER') => {
    const response = await stack.api('GET', `/admin/search?q=${encodeURIComponent(q)}`, {
      headers: { cookie: (await as(role)).cookie },
    });
    return {
      status: response.status,
      html: String(response.body),
      location: response.headers.get('location'),
    };
  };

  beforeAll(async () => {
    stack = await startStack();
    creds = { a: (await stack.registerApp()).test, b: (await stack.registerApp()).test };
    const paid = await stack.paidPayment(creds.a, {
      customerPhone: '+880 1712-345678',
      orderId: 'ORD-SEARCH-1',
    });
    refs.paid = paid.reference;
    refs.live = (await stack.createPayment(creds.a, { customerPhone: '01712345678' })).reference;
    // The service has no LIVE gateway here: the second payment is moved to LIVE, as a LIVE one would be.
    await stack.em().execute("update payments set mode = 'LIVE' where reference = ?", [refs.live]);
    refs.otherApp = (
      await stack.createPayment(creds.b, { customerPhone: '8801712345678', orderId: 'ORD-B' })
    ).reference;
    refs.otherPhone = (await stack.createPayment(creds.b, { customerPhone: '01812345678' })).reference;
    const [row] = await stack
      .em()
      .execute<Array<{ gateway_transaction_id: string }>>(
        'select gateway_transaction_id from payments where reference = ?',
        [refs.paid],
      );
    gatewayTransactionId = row!.gateway_transaction_id;

    const refund = await stack.api('POST', `/api/v1/payments/${refs.paid}/refunds`, {
      creds: creds.a,
      body: { amountMinor: 1000, reason: 'damaged item' },
    });
    expect(refund.status).toBe(201);
    refs.refund = refund.body.data.reference;

    const payout = await stack.api('POST', '/api/v1/payouts', {
      creds: creds.a,
      body: { amountMinor: 10000, beneficiary: { type: 'BKASH_WALLET', walletNumber: '01712345678' } },
    });
    expect(payout.status).toBe(201);
    refs.payout = payout.body.data.reference;

    const invoice = await stack.api('POST', '/api/v1/invoices', {
      creds: creds.a,
      body: {
        customer: { customerReference: 'cust-search' },
        lines: [{ description: 'Course fee', quantity: 1, unitAmountMinor: 50000 }],
        dueDate: '2030-01-31',
      },
    });
    refs.invoice = invoice.body.data.reference;
    const issued = await stack.api('POST', `/api/v1/invoices/${refs.invoice}/issue`, { creds: creds.a });
    expect(issued.status).toBe(200);
    invoiceNumber = issued.body.data.number;

    // The gateway's settlement report carries the paid payment's transaction.
    const [imported] = await stack.em().execute<Array<{ id: string }>>(
      `insert into settlement_imports (gateway, mode, file_name, file_sha256, format, line_count, stored_line_count)
         values ('sslcommerz', 'TEST', 'search.csv', repeat('a', 64), 'csv', 1, 1) returning id`,
    );
    importId = Number(imported!.id);
    await stack.em().execute(
      `insert into settlement_lines (import_id, gateway, mode, gateway_transaction_id, reference, type, currency,
         gross_minor, fee_minor, net_minor, settlement_date, line_key)
       values (?, 'sslcommerz', 'TEST', ?, ?, 'PAYMENT', 'BDT', 10000, 250, 9750, '2027-03-14', 'search-line-1')`,
      [importId, gatewayTransactionId, refs.paid],
    );
  });
  afterAll(() => stack?.close());

  it("finds payments by the customer's phone however it is written, with the payouts to that wallet, masked", async () => {
    const expected = [
      `payments ${refs.otherApp} customerPhone`,
      `payments ${refs.live} customerPhone`,
      `payments ${refs.paid} customerPhone`,
      `payouts ${refs.payout} destination`,
    ].sort();
    for (const spelling of ['01712345678', '+8801712345678', '8801712345678', '+880 1712 345678']) {
      expect([spelling, (await found(spelling)).sort()]).toEqual([spelling, expected]);
    }
    const answer = await find('+8801712345678');
    expect(answer.status).toBe(200);
    expect(answer.body.data.query).toBe('01*******78');
    const modes = answer.body.data.items.map((hit: { mode: string }) => hit.mode);
    expect(modes).toEqual(expect.arrayContaining(['TEST', 'LIVE']));
    for (const hit of answer.body.data.items) expect(hit.phone).toBe('01*******78');
    // Nowhere in the answer is the number itself.
    expect(JSON.stringify(answer.body)).not.toMatch(/1712-?345678|712345678/);
    expect(await found('01812345678')).toEqual([`payments ${refs.otherPhone} customerPhone`]);
  });

  it('shows phones masked on the results page, and never the number', async () => {
    const shown = await page('01712345678');
    expect(shown.status).toBe(200);
    expect(shown.html).toContain('data-testid="masked-phone">01*******78<');
    expect(shown.html).toContain(refs.paid);
    expect(shown.html).toContain(refs.payout);
    expect(shown.html).not.toMatch(/712345678|1712-345678/);
  });

  it('finds a payment by order id and by gateway transaction id, in every app', async () => {
    expect(await found('ORD-SEARCH-1')).toEqual([`payments ${refs.paid} orderId`]);
    expect(await found('ORD-B')).toEqual([`payments ${refs.otherApp} orderId`]);
    expect(await found(gatewayTransactionId)).toEqual([`payments ${refs.paid} gatewayTransactionId`]);
    expect(await found('ORD-NOBODY')).toEqual([]);
  });

  it('shows settlement lines only to the roles that read reconciliation', async () => {
    expect(await found(gatewayTransactionId, 'FINANCE')).toEqual([
      `payments ${refs.paid} gatewayTransactionId`,
      `settlement-lines ${gatewayTransactionId} gatewayTransactionId`,
    ]);
    const finance = await find(gatewayTransactionId, 'FINANCE');
    expect(finance.body.data.searched).toContain('settlement-lines');
    const line = finance.body.data.items.find((hit: { kind: string }) => hit.kind === 'settlement-lines');
    expect(line).toMatchObject({
      path: `/admin/settlements/imports/${importId}`,
      status: 'PAYMENT',
      amountMinor: 10000,
    });
    for (const role of ['VIEWER', 'SUPPORT', 'DEVELOPER'] as const) {
      const answer = await find(gatewayTransactionId, role);
      expect([role, answer.body.data.searched]).toEqual([
        role,
        ['payments', 'refunds', 'payouts', 'invoices'],
      ]);
      expect(answer.body.data.items.map((hit: { kind: string }) => hit.kind)).toEqual(['payments']);
    }
    expect((await page(gatewayTransactionId, 'VIEWER')).html).not.toContain('data-kind="settlement-lines"');
    expect((await page(gatewayTransactionId, 'FINANCE')).html).toContain('data-kind="settlement-lines"');
  });

  it('opens the record an exact reference of ours names, in any case', async () => {
    for (const [reference, path] of [
      [refs.paid, `/admin/payments/${refs.paid}`],
      [refs.refund, `/admin/refunds/${refs.refund}`],
      [refs.payout, `/admin/payouts/${refs.payout}`],
      [refs.invoice, `/admin/invoices/${refs.invoice}`],
      [` ${refs.paid!.toUpperCase()} `, `/admin/payments/${refs.paid}`],
    ] as const) {
      const shown = await page(reference!);
      expect([reference, shown.status, shown.location]).toEqual([reference, 302, path]);
      const answer = await find(reference!);
      expect(answer.body.data.exact).toEqual({
        kind: path.split('/')[2],
        reference: reference!.trim().toLowerCase(),
        path,
      });
    }
    // A reference nothing has is a search that found nothing, not a page that is not there.
    const missing = await page('pay_0000000000000000000z');
    expect([missing.status, missing.location]).toEqual([200, null]);
    expect(missing.html).toContain('data-testid="search-nothing"');
    expect((await find('pay_0000000000000000000z')).body.data).toMatchObject({ exact: null, items: [] });
  });

  it('finds an invoice by its number and a refund by its reference', async () => {
    expect(await found(invoiceNumber)).toEqual([`invoices ${refs.invoice} number`]);
    expect(await found(refs.refund!)).toEqual([`refunds ${refs.refund} reference`]);
    const refund = (await find(refs.refund!)).body.data.items[0];
    expect(refund).toMatchObject({
      paymentReference: refs.paid,
      amountMinor: 1000,
      appId: expect.any(Number),
    });
  });

  it('gives at most 20 of a kind, newest first, and says there were more', async () => {
    const made: string[] = [];
    for (let i = 0; i < 21; i++)
      made.push((await stack.createPayment(creds.b, { customerPhone: '+8801912345670' })).reference);
    const answer = await find('01912345670');
    expect(answer.body.data.truncated).toEqual(['payments']);
    expect(answer.body.data.items.map((hit: { reference: string }) => hit.reference)).toEqual(
      made.slice(1).reverse(),
    );
    expect((await page('01912345670')).html).toContain('data-testid="search-truncated"');
  });

  it('refuses an empty or overlong term in the envelope, and offers the box on every page', async () => {
    const viewer = await as('VIEWER');
    for (const path of [
      '/api/v1/admin/search?q=pay%00',
      '/api/v1/admin/search',
      '/api/v1/admin/search?q=%20',
      `/api/v1/admin/search?q=${'x'.repeat(129)}`,
    ]) {
      const refused = await viewer.call('GET', path);
      expect([path, refused.status, refused.body.meta.errorCode]).toEqual([path, 400, 'VALIDATION_ERROR']);
      expect(refused.body.meta.details.map((d: { field: string }) => d.field)).toEqual(['q']);
    }
    const blank = await page('');
    expect(blank.status).toBe(200);
    expect(blank.html).toContain('data-testid="search-finds"');
    expect((await page('x'.repeat(129))).status).toBe(400);
    for (const path of ['/admin', '/admin/payments', '/admin/audit']) {
      const shown = await stack.api('GET', path, { headers: { cookie: viewer.cookie } });
      expect(String(shown.body)).toContain('data-testid="search-box"');
    }
  });

  it('looks every term up on an index', async () => {
    const plans: Record<string, string> = {};
    const explain = async (name: string, sql: string, params: unknown[]) => {
      await stack.em().transactional(async (tx) => {
        await tx.execute('set local enable_seqscan = off');
        const rows = await tx.execute<Array<{ 'QUERY PLAN': string }>>(`explain ${sql}`, params);
        plans[name] = rows.map((row) => row['QUERY PLAN']).join('\n');
      });
    };
    await explain(
      'phone',
      `select id from payments where customer_phone is not null and ${CUSTOMER_PHONE_KEY_SQL} = ?`,
      ['01712345678'],
    );
    await explain('order', 'select id from payments where order_id = ?', ['ORD-SEARCH-1']);
    await explain('transaction', 'select id from payments where gateway_transaction_id = ?', ['x']);
    await explain('destination', `select id from payouts where ${PAYOUT_DESTINATION_SQL} in (?, ?)`, [
      'a',
      'b',
    ]);
    await explain('invoice', 'select id from invoices where number = ?', ['x']);
    await explain('line', 'select id from settlement_lines where gateway_transaction_id = ?', ['x']);
    expect(plans.phone).toContain('payments_customer_phone_search_idx');
    expect(plans.order).toContain('payments_order_search_idx');
    expect(plans.transaction).toContain('payments_gateway_transaction_search_idx');
    expect(plans.destination).toContain('payouts_destination_search_idx');
    expect(plans.invoice).toContain('invoices_number_search_idx');
    expect(plans.line).toContain('settlement_lines_gateway_transaction_search_idx');
  });
});
