import { parse } from 'csv-parse/sync';
import type { EntityManager } from '@mikro-orm/postgresql';
import { auditBatches, journalBatches, paymentBatches } from '../../../db/ledger/export-batches.js';
import { companyDate } from '../../../api/admin/exports/csv-export.js';
import { eventually, startStack, type Stack } from '../../helpers/stack.js';
import { paymentMethodTypeOf } from '../../../gateways/payment-method-types.js';

/**
 * CSV exports for accountants: the journal for a range of days, payments and refunds with the
 * list pages' filters, the audit log. Each streamed as an attachment, quoted and defused for
 * spreadsheets, audited, and refused to roles the page it comes from refuses.
 */
describe('CSV exports', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  async function signedIn(role: Parameters<Stack['createOperator']>[0]) {
    const operator = await stack.createOperator(role);
    return { operator, session: await stack.adminLogin(operator.email, operator.password) };
  }

  type Session = Awaited<ReturnType<typeof signedIn>>['session'];

  /** GETs an export (its bytes as sent) and reads it back with a maintained CSV parser, one object per row. */
  async function download(session: Session, path: string) {
    const response = await fetch(`${stack.apiUrl}${path}`, {
      headers: { cookie: session.cookie },
      redirect: 'manual',
    });
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([path, response.status]).toEqual([path, 200]);
    // UTF-8 with a BOM, so a spreadsheet reads non-Latin names right.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toMatch(/\r\n$/);
    const rows = parse(text, { bom: true, columns: true }) as Array<Record<string, string>>;
    const header = (parse(text, { bom: true, to_line: 1 }) as string[][])[0]!;
    return { response, text, rows, header };
  }

  const today = () => companyDate(new Date(), stack.deps.config.COMPANY_TIME_ZONE);
  const dayBefore = (day: string) =>
    new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

  let app: Awaited<ReturnType<Stack['registerApp']>>;
  let tricky: { reference: string };
  let plain: { reference: string };
  let open: { reference: string };
  let refundReference: string;

  beforeAll(async () => {
    app = await stack.registerApp();
    // What a customer or an app may type, and a spreadsheet must never run.
    tricky = await stack.paidPayment(app.test, {
      amountMinor: 123456,
      customerReference: '=HYPERLINK("http://evil.example","click")',
      customerName: '@SUM(1+1)',
      productName: 'Plan "Pro", yearly\nrenewal',
      orderId: '-2+3',
    });
    plain = await stack.paidPayment(app.test, { amountMinor: 5000, customerReference: 'cust_plain' });
    open = await stack.createPayment(app.test, { amountMinor: 7000, customerReference: 'cust_open' });
    const refund = await stack.api('POST', `/api/v1/payments/${plain.reference}/refunds`, {
      creds: app.test,
      body: { amountMinor: 1500, reason: '+refund for a damaged item' },
    });
    expect(refund.status).toBe(201);
    refundReference = refund.body.data.reference;
    await eventually(
      async () => (await stack.readPayment(app.test, plain.reference)).status === 'PARTIALLY_REFUNDED',
      30_000,
      'the refund succeeded',
    );
  });

  it('streams the journal of a range of days: every posting with its account, in minor units and decimals', async () => {
    const { session, operator } = await signedIn('FINANCE');
    const day = today();
    const { response, rows, header } = await download(
      session,
      `/api/v1/admin/exports/journal.csv?mode=TEST&from=${day}&to=${day}`,
    );
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="journal-TEST-${day}-to-${day}.csv"`,
    );
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(header).toEqual([
      'entry_id',
      'posted_at',
      'posted_date',
      'kind',
      'source_type',
      'source_id',
      'mode',
      'currency',
      'posting_id',
      'account_code',
      'account_type',
      'amount_minor',
      'amount',
      'debit',
      'credit',
    ]);

    const capture = rows.filter((r) => r.source_id === tricky.reference && r.kind === 'CAPTURE');
    expect(capture.length).toBeGreaterThanOrEqual(2);
    const debit = capture.find((r) => Number(r.amount_minor) > 0)!;
    const credit = capture.find((r) => Number(r.amount_minor) < 0)!;
    expect(debit).toMatchObject({
      source_type: 'payment',
      mode: 'TEST',
      currency: 'BDT',
      account_type: 'GATEWAY_CLEARING',
      account_code: expect.stringMatching(/^gateway_clearing:sslcommerz/),
      posted_date: day,
      amount_minor: '123456',
      amount: '1234.56',
      debit: '1234.56',
      credit: '',
    });
    expect(credit).toMatchObject({
      account_type: 'APP_PAYABLE',
      amount_minor: '-123456',
      amount: '-1234.56',
      credit: '1234.56',
      debit: '',
    });
    // Every entry in the file is whole: its postings balance.
    const byEntry = new Map<string, number>();
    for (const r of rows) byEntry.set(r.entry_id!, (byEntry.get(r.entry_id!) ?? 0) + Number(r.amount_minor));
    expect([...byEntry.values()].every((sum) => sum === 0)).toBe(true);
    // The refund's entry is there too, oldest entry first.
    const entryIds = [...byEntry.keys()].map(Number);
    expect(entryIds).toEqual([...entryIds].sort((a, b) => a - b));
    expect(rows.filter((r) => r.source_id === refundReference).map((r) => r.kind)).toContain('REFUND');

    // Only the days asked for, only the kind asked for.
    const before = dayBefore(day);
    const earlier = await download(
      session,
      `/api/v1/admin/exports/journal.csv?mode=TEST&from=${before}&to=${before}`,
    );
    expect(earlier.rows.filter((r) => r.source_id === tricky.reference)).toEqual([]);
    const fees = await download(
      session,
      `/api/v1/admin/exports/journal.csv?mode=TEST&from=${day}&to=${day}&kind=FEE`,
    );
    expect(fees.rows.length).toBeGreaterThan(0);
    expect(new Set(fees.rows.map((r) => r.kind))).toEqual(new Set(['FEE']));
    expect(fees.response.headers.get('content-disposition')).toContain(
      `journal-TEST-${day}-to-${day}-FEE.csv`,
    );
    const live = await download(session, `/api/v1/admin/exports/journal.csv?mode=LIVE&from=${day}&to=${day}`);
    expect(live.rows.filter((r) => r.source_id === tricky.reference)).toEqual([]);

    // Who exported what, with which filters.
    const audited = await stack
      .em()
      .execute<Array<{ action: string; actor_label: string; target_id: string; after: any }>>(
        `select action, actor_label, target_id, after from audit_log where actor_id = ? and action = 'export.journal' order by id`,
        [String(operator.id)],
      );
    expect(audited).toHaveLength(4);
    expect(audited[0]).toMatchObject({
      actor_label: operator.email,
      target_id: `journal-TEST-${day}-to-${day}.csv`,
      after: { fileName: `journal-TEST-${day}-to-${day}.csv`, filters: { mode: 'TEST', from: day, to: day } },
    });
  });

  it('refuses a journal export without a whole range, or with one that ends before it starts', async () => {
    const { session } = await signedIn('FINANCE');
    for (const query of [
      'mode=TEST&from=2026-11-02',
      'from=2026-11-02&to=2026-11-01',
      'from=2026-11-01&to=2026-13-01',
      'from=2026-11-01&to=2026-11-02&page=2',
      'from=0000-01-01&to=2026-11-02',
    ]) {
      const response = await session.call('GET', `/api/v1/admin/exports/journal.csv?${query}`);
      expect([query, response.status, response.body.meta.errorCode]).toEqual([
        query,
        400,
        'VALIDATION_ERROR',
      ]);
    }
  });

  it('exports payments with the list filters, quoted, with formulas defused', async () => {
    const { session } = await signedIn('SUPPORT');
    const { rows, text, response } = await download(
      session,
      `/api/v1/admin/exports/payments.csv?mode=TEST&appId=${app.app.id}&status=SUCCEEDED,PARTIALLY_REFUNDED`,
    );
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="payments-TEST-start-to-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(rows.map((r) => r.reference)).toEqual([tricky.reference, plain.reference]);
    const row = rows[0]!;
    expect(row).toMatchObject({
      app_id: String(app.app.id),
      app_name: app.app.name,
      status: 'SUCCEEDED',
      amount_minor: '123456',
      amount: '1234.56',
      currency: 'BDT',
      gateway: 'sslcommerz',
      customer_reference: `'=HYPERLINK("http://evil.example","click")`,
      customer_name: "'@SUM(1+1)",
      product_name: 'Plan "Pro", yearly\nrenewal',
      order_id: "'-2+3",
    });
    expect(row.gateway_transaction_id).not.toBe('');
    expect(row.payment_method).not.toBe('');
    expect(row.payment_method_type).toBe(paymentMethodTypeOf('sslcommerz', row.payment_method!));
    // Quoted as RFC 4180 says: the field in quotes, its quotes doubled.
    expect(text).toContain('"Plan ""Pro"", yearly\nrenewal"');
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(rows[1]).toMatchObject({
      status: 'PARTIALLY_REFUNDED',
      refunded_minor: '1500',
      refunded: '15.00',
    });

    const all = await download(session, `/api/v1/admin/exports/payments.csv?mode=TEST&appId=${app.app.id}`);
    expect(all.rows.map((r) => r.reference)).toEqual([tricky.reference, plain.reference, open.reference]);
    expect(all.rows[2]!.payment_method_type).toBe('');
    const big = await download(
      session,
      `/api/v1/admin/exports/payments.csv?mode=TEST&appId=${app.app.id}&amountMin=100000`,
    );
    expect(big.rows.map((r) => r.reference)).toEqual([tricky.reference]);
    const none = await download(session, `/api/v1/admin/exports/payments.csv?mode=LIVE&appId=${app.app.id}`);
    expect(none.rows).toEqual([]);
    const bad = await session.call('GET', '/api/v1/admin/exports/payments.csv?status=PAID');
    expect([bad.status, bad.body.meta.errorCode]).toEqual([400, 'VALIDATION_ERROR']);
  });

  it('exports refunds with the refunds list filters', async () => {
    const { session } = await signedIn('FINANCE');
    const { rows } = await download(
      session,
      `/api/v1/admin/exports/refunds.csv?mode=TEST&payment=${plain.reference}`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      reference: refundReference,
      payment_reference: plain.reference,
      app_id: String(app.app.id),
      amount_minor: '1500',
      amount: '15.00',
      currency: 'BDT',
      reason: "'+refund for a damaged item",
    });
    const other = await download(
      session,
      `/api/v1/admin/exports/refunds.csv?mode=TEST&payment=${tricky.reference}`,
    );
    expect(other.rows).toEqual([]);
  });

  it('exports the audit log with its filters, the exports themselves included', async () => {
    const { session, operator } = await signedIn('VIEWER');
    await download(session, `/api/v1/admin/exports/payments.csv?mode=TEST&appId=${app.app.id}`);
    const { rows } = await download(
      session,
      `/api/v1/admin/exports/audit.csv?action=export.&actor=${encodeURIComponent(operator.email)}`,
    );
    expect(rows.map((r) => r.action)).toEqual(['export.payments', 'export.audit']);
    expect(rows[0]).toMatchObject({
      actor_type: 'OPERATOR',
      actor_label: operator.email,
      target_type: 'export',
    });
    expect(JSON.parse(rows[0]!.after!)).toMatchObject({ filters: { mode: 'TEST', appId: app.app.id } });
    expect(rows[0]!.before).toBe('');
  });

  it('refuses each export to the roles its page refuses, and without a session', async () => {
    const { session: support, operator } = await signedIn('SUPPORT');
    const day = today();
    const journal = await support.call('GET', `/api/v1/admin/exports/journal.csv?from=${day}&to=${day}`);
    expect([journal.status, journal.body.meta.errorCode]).toEqual([403, 'FORBIDDEN']);
    const page = await support.call('GET', `/admin/exports/journal.csv?from=${day}&to=${day}`);
    expect(page.status).toBe(403);
    expect(String(page.body)).toContain('data-testid="forbidden"');
    // A refused export leaves no export in the audit trail.
    const exported = await stack
      .em()
      .execute(`select 1 from audit_log where action like 'export.%' and actor_id = ?`, [
        String(operator.id),
      ]);
    expect(exported).toEqual([]);
    const anonymous = await stack.api('GET', '/api/v1/admin/exports/audit.csv');
    expect([anonymous.status, anonymous.body.meta.errorCode]).toEqual([401, 'SESSION_REQUIRED']);
    const signedOut = await stack.api('GET', '/admin/exports/audit.csv');
    expect(signedOut.status).toBe(302);
  });

  it('serves the same exports to the dashboard, empty form fields meaning no filter', async () => {
    const { session } = await signedIn('FINANCE');
    const { rows, response } = await download(
      session,
      `/admin/exports/payments.csv?mode=TEST&appId=${app.app.id}&status=&gateway=&reference=${tricky.reference}`,
    );
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="payments-TEST-/);
    expect(rows.map((r) => r.reference)).toEqual([tricky.reference]);

    // Each list page links to the export of what it shows, all pages of it.
    const hrefOf = (markup: string) =>
      /href="([^"]+)"[^>]*data-testid="export-csv"/.exec(markup)?.[1]?.replace(/&amp;/g, '&');
    const list = await session.call(
      'GET',
      `/admin/payments?mode=TEST&appId=${app.app.id}&status=SUCCEEDED&size=1`,
    );
    const listed = await download(session, hrefOf(String(list.body))!);
    expect(listed.rows.map((r) => r.reference)).toEqual([tricky.reference]);
    const refunds = await session.call('GET', `/admin/refunds?mode=TEST&appId=${app.app.id}&status=`);
    expect((await download(session, hrefOf(String(refunds.body))!)).rows.map((r) => r.reference)).toEqual([
      refundReference,
    ]);
    const audit = await session.call('GET', `/admin/audit?action=export.payments&to=2099-01-01`);
    expect(hrefOf(String(audit.body))).toMatch(
      /^\/admin\/exports\/audit\.csv\?action=export\.payments&to=2099-01-02T00/,
    );
    const ledger = await session.call('GET', '/admin/ledger?mode=TEST');
    expect(String(ledger.body)).toContain('action="/admin/exports/journal.csv"');

    const day = today();
    const journal = await download(
      session,
      `/admin/exports/journal.csv?mode=TEST&from=${day}&to=${day}&kind=`,
    );
    expect(journal.rows.some((r) => r.source_id === tricky.reference)).toBe(true);
    const bad = await session.call('GET', `/admin/exports/journal.csv?from=${day}&to=${dayBefore(day)}`);
    expect(bad.status).toBe(400);
    expect(String(bad.body)).toContain('data-testid="export-problem"');
    expect(String(bad.body)).toContain('to: must not be before from');
  });

  it('reads in keyset batches: any batch size gives the same rows, in order, each once', async () => {
    const em = stack.em() as EntityManager;
    const collect = async <T>(batches: AsyncIterable<T[]>) => {
      const all: T[] = [];
      let count = 0;
      for await (const batch of batches) {
        all.push(...batch);
        count += 1;
      }
      return { all, count };
    };
    const filters = { mode: 'TEST' as const, appId: app.app.id };
    const whole = await collect(paymentBatches(em, filters));
    const byTwo = await collect(paymentBatches(em, filters, 2));
    expect(byTwo.all.map((p) => p.reference)).toEqual(whole.all.map((p) => p.reference));
    expect(whole.all).toHaveLength(3);
    expect(byTwo.count).toBe(2);

    const day = today();
    const journal = {
      mode: 'TEST' as const,
      fromDate: day,
      toDate: day,
      companyTimeZone: stack.deps.config.COMPANY_TIME_ZONE,
    };
    const postings = await collect(journalBatches(em, journal));
    const postingsByOne = await collect(journalBatches(em, journal, 1));
    expect(postingsByOne.all.map((p) => p.postingId)).toEqual(postings.all.map((p) => p.postingId));
    // A batch holds whole entries: one entry per batch when the batch size is one.
    for await (const batch of journalBatches(em, journal, 1)) {
      expect(new Set(batch.map((p) => p.entryId)).size).toBe(1);
    }

    const audit = { action: 'export.' };
    const entries = await collect(auditBatches(em, audit));
    const entriesByThree = await collect(auditBatches(em, audit, 3));
    expect(entriesByThree.all.map((a) => a.id)).toEqual(entries.all.map((a) => a.id));
    expect(entries.all.length).toBeGreaterThan(3);
  });

  it('leaves out rows written after the export began', async () => {
    const em = stack.em() as EntityManager;
    const batches = paymentBatches(em, { mode: 'TEST', appId: app.app.id }, 1);
    const first = await batches.next();
    expect(first.done).toBe(false);
    const late = await stack.createPayment(app.test, { amountMinor: 9000 });
    const rest: string[] = [];
    for await (const batch of batches) rest.push(...batch.map((p) => p.reference));
    expect(rest).not.toContain(late.reference);
    expect(rest).toHaveLength(2);
  });
});
