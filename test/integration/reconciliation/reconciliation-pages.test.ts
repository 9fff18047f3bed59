import { randomInt } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { randomToken } from '../../../domain/shared/ids.js';
import { scratchDatabase } from '../../helpers/scratch-database.js';
import { startStack, type Stack } from '../../helpers/stack.js';

/**
 * Finance's view of reconciliation: settlement days per gateway and mode with what the gateway paid
 * against what the ledger expected, a day's exceptions and lines (also as CSV), each gateway's cash,
 * in the dashboard and the admin JSON API, for the roles that may read them. The runs, lines,
 * matches and exceptions are written straight into the database, as matching would leave them.
 */
describe('reconciliation pages', () => {
  let stack: Stack;
  // Matches written with no journal entries would break ledger:verify over the shared database.
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  // A gateway name and day of this run only, so other suites' settlements never mix in.
  const gateway = `gw${randomToken(6)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x')}`;
  const day = `20${String(randomInt(10, 40))}-0${randomInt(1, 9)}-1${randomInt(0, 9)}`;
  const exceptionRef = () => {
    const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
    return `rex_${Array.from({ length: 20 }, () => alphabet[randomInt(alphabet.length)]).join('')}`;
  };
  let runId: number;
  const refs: Record<string, string> = {};
  let payments: Array<{ id: number; reference: string }>;

  beforeAll(async () => {
    scratch = await scratchDatabase();
    stack = await startStack({ databaseUrl: scratch.url });
    const app = await stack.registerApp();
    payments = [
      await stack.createPayment(app.test, { amountMinor: 10000 }),
      await stack.createPayment(app.test, { amountMinor: 10000 }),
      await stack.createPayment(app.test, { amountMinor: 5000 }),
    ];
    const em = stack.em();
    const finance = await stack.createOperator('FINANCE');
    const [imported] = await em.execute<Array<{ id: string }>>(
      `insert into settlement_imports (gateway, mode, file_name, file_sha256, format, line_count, stored_line_count, settlement_dates)
       values (?, 'TEST', 'report.csv', ?, 'canonical', 6, 6, ?::date[]) returning id`,
      [
        gateway,
        randomToken(32)
          .toLowerCase()
          .replace(/[^0-9a-f]/g, 'a')
          .padEnd(64, 'a')
          .slice(0, 64),
        `{${day}}`,
      ],
    );
    const line = async (txn: string, type: string, gross: number, fee: number) => {
      const [row] = await em.execute<Array<{ id: string }>>(
        `insert into settlement_lines (import_id, gateway, mode, gateway_transaction_id, reference, type, currency,
           gross_minor, fee_minor, net_minor, settlement_date, payout_batch, line_key)
         values (?, ?, 'TEST', ?, null, ?, 'BDT', ?, ?, ?, ?::date, 'batch-1', ?) returning id`,
        [
          imported!.id,
          gateway,
          txn,
          type,
          gross,
          fee,
          gross - fee,
          day,
          `${gateway}-${txn}-${randomToken(8)}`,
        ],
      );
      return Number(row!.id);
    };
    const matched = await line('TXN-MATCHED', 'PAYMENT', 10000, 200);
    const short = await line('TXN-SHORT', 'PAYMENT', 9000, 180);
    const unknown = await line('=TXN-UNKNOWN', 'PAYMENT', 5000, 100);
    await line('TXN-REFUND', 'REFUND', -1500, 0);
    const chargeback = await line('TXN-CHARGEBACK', 'CHARGEBACK', -3000, 0);
    const fee = await line('TXN-FEE', 'PAYMENT', 2000, 90);
    const [run] = await em.execute<Array<{ id: string }>>(
      `insert into recon_runs (gateway, mode, settlement_date, status, workflow_id, last_matched_at)
       values (?, 'TEST', ?::date, 'OPEN', ?, now()) returning id`,
      [gateway, day, `recon-${gateway}-TEST-${day}`],
    );
    runId = Number(run!.id);
    await em.execute(
      `insert into recon_matches (run_id, line_id, payment_id, fee_difference_minor) values (?, ?, ?, 0), (?, ?, ?, 50)`,
      [runId, matched, payments[0]!.id, runId, fee, payments[1]!.id],
    );
    const exception = async (
      kind: string,
      fields: {
        line?: number;
        payment?: number;
        expected?: number | null;
        actual?: number | null;
        detail?: string;
      },
      resolved = false,
    ) => {
      const reference = exceptionRef();
      refs[kind] = reference;
      await em.execute(
        `insert into recon_exceptions (reference, run_id, kind, subject, line_id, payment_id, currency, expected_minor,
           actual_minor, detail, status, action, note, resolved_by, resolved_at)
         values (?, ?, ?, ?, ?, ?, 'BDT', ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          reference,
          runId,
          kind,
          `${kind}:${reference}`,
          fields.line ?? null,
          fields.payment ?? null,
          fields.expected ?? null,
          fields.actual ?? null,
          fields.detail ?? '',
          resolved ? 'RESOLVED' : 'OPEN',
          resolved ? 'ACCEPT_FEE_DIFFERENCE' : null,
          resolved ? 'the gateway raised its rate' : null,
          resolved ? finance.id : null,
          resolved ? new Date() : null,
        ],
      );
    };
    await exception('AMOUNT_MISMATCH', {
      line: short,
      payment: payments[1]!.id,
      expected: 9800,
      actual: 8820,
    });
    await exception('UNKNOWN_LINE', {
      line: unknown,
      expected: null,
      actual: 4900,
      detail: '=cmd|" /C calc"!A0',
    });
    await exception('CHARGEBACK', {
      line: chargeback,
      payment: payments[0]!.id,
      expected: null,
      actual: -3000,
    });
    await exception('UNSETTLED_PAYMENT', { payment: payments[2]!.id, expected: 4850, actual: null });
    await exception('FEE_MISMATCH', { line: fee, payment: payments[1]!.id, expected: 40, actual: 90 }, true);
  });
  afterAll(async () => {
    await stack?.close();
    await scratch?.drop();
  });

  async function signedIn(role: Parameters<Stack['createOperator']>[0]) {
    const operator = await stack.createOperator(role);
    return { operator, session: await stack.adminLogin(operator.email, operator.password) };
  }

  // Gross 10000 + 9000 + 5000 + 2000; fees 200 + 180 + 100 + 90; the refund and chargeback as reported.
  // Expected: matched 9800 and 1910 + 50 (the fee booked was 40), the short payment's 9800, the
  // chargeback as reported, nothing for the unknown line or the unmatched refund, and 4850 unsettled.
  const FIGURES = {
    currency: 'BDT',
    lines: 6,
    grossMinor: 26000,
    feeMinor: 570,
    refundsMinor: -1500,
    disputesMinor: -3000,
    netMinor: 20930,
    expectedNetMinor: 23410,
    differenceMinor: -2480,
  };

  it('lists settlement days per gateway and mode with the figures, in the JSON API', async () => {
    const { session } = await signedIn('FINANCE');
    const list = await session.call('GET', `/api/v1/admin/reconciliation/runs?mode=TEST&gateway=${gateway}`);
    expect(list.status).toBe(200);
    expect(list.body.pagination).toMatchObject({ totalItems: 1, page: 1 });
    const [run] = list.body.data.items;
    expect(run).toMatchObject({
      id: runId,
      gateway,
      mode: 'TEST',
      settlementDate: day,
      status: 'OPEN',
      lineCount: 6,
      matchedCount: 2,
      exceptionCount: 5,
      openExceptionCount: 4,
      workflowId: `recon-${gateway}-TEST-${day}`,
      figures: [expect.objectContaining(FIGURES)],
    });
    expect(run.temporalUrl).toMatch(new RegExp(`/namespaces/[^/]+/workflows/recon-${gateway}-TEST-${day}$`));
    expect(
      (await session.call('GET', `/api/v1/admin/reconciliation/runs?mode=LIVE&gateway=${gateway}`)).body.data
        .items,
    ).toEqual([]);
    expect(
      (await session.call('GET', `/api/v1/admin/reconciliation/runs?gateway=${gateway}&status=CLOSED`)).body
        .data.items,
    ).toEqual([]);
    expect(
      (
        await session.call(
          'GET',
          `/api/v1/admin/reconciliation/runs?gateway=${gateway}&from=${day}&to=${day}`,
        )
      ).body.data.items,
    ).toHaveLength(1);
    for (const query of [
      'status=DONE',
      'from=0000-12-31',
      'to=2026-02-30',
      'from=2026-02-02&to=2026-02-01',
    ]) {
      const bad = await session.call('GET', `/api/v1/admin/reconciliation/runs?${query}`);
      expect([query, bad.status, bad.body.meta.errorCode]).toEqual([query, 400, 'VALIDATION_ERROR']);
    }

    // A day's detail is its list entry with its payouts against the bank: none has reached it yet.
    const one = await session.call('GET', `/api/v1/admin/reconciliation/runs/${runId}`);
    const { payouts, ...detail } = one.body.data;
    expect(detail).toEqual(run);
    expect(payouts).toEqual([
      expect.objectContaining({
        payoutBatch: 'batch-1',
        expectedMinor: FIGURES.netMinor,
        status: 'PENDING',
        receivedMinor: null,
      }),
    ]);
    for (const path of ['999999999', 'abc']) {
      const missing = await session.call('GET', `/api/v1/admin/reconciliation/runs/${path}`);
      expect([missing.status, missing.body.meta.errorCode]).toEqual([404, 'RECON_RUN_NOT_FOUND']);
    }
  });

  it("lists a run's exceptions, open first, and its lines with what matching made of each", async () => {
    const { session } = await signedIn('ADMIN');
    const exceptions = await session.call('GET', `/api/v1/admin/reconciliation/runs/${runId}/exceptions`);
    expect(exceptions.status).toBe(200);
    const items = exceptions.body.data.items;
    expect(items.map((e: { kind: string }) => e.kind)).toEqual([
      'AMOUNT_MISMATCH',
      'UNKNOWN_LINE',
      'CHARGEBACK',
      'UNSETTLED_PAYMENT',
      'FEE_MISMATCH',
    ]);
    expect(items[0]).toMatchObject({
      reference: refs.AMOUNT_MISMATCH,
      status: 'OPEN',
      expectedMinor: 9800,
      actualMinor: 8820,
      paymentReference: payments[1]!.reference,
      gatewayTransactionId: 'TXN-SHORT',
      lineType: 'PAYMENT',
    });
    expect(items[4]).toMatchObject({
      status: 'RESOLVED',
      action: 'ACCEPT_FEE_DIFFERENCE',
      resolvedBy: expect.stringContaining('@'),
    });
    const open = await session.call(
      'GET',
      `/api/v1/admin/reconciliation/runs/${runId}/exceptions?status=RESOLVED`,
    );
    expect(open.body.data.items.map((e: { reference: string }) => e.reference)).toEqual([refs.FEE_MISMATCH]);

    const lines = await session.call('GET', `/api/v1/admin/reconciliation/runs/${runId}/lines?size=3`);
    expect(lines.body.pagination).toMatchObject({ totalItems: 6, totalPages: 2 });
    expect(
      lines.body.data.items.map((l: { gatewayTransactionId: string; outcome: string }) => [
        l.gatewayTransactionId,
        l.outcome,
      ]),
    ).toEqual([
      ['TXN-MATCHED', 'MATCHED'],
      ['TXN-SHORT', 'EXCEPTION'],
      ['=TXN-UNKNOWN', 'EXCEPTION'],
    ]);
    expect(lines.body.data.items[0]).toMatchObject({
      paymentReference: payments[0]!.reference,
      grossMinor: 10000,
      feeMinor: 200,
      netMinor: 9800,
    });
    const pending = await session.call(
      'GET',
      `/api/v1/admin/reconciliation/runs/${runId}/lines?outcome=PENDING`,
    );
    expect(
      pending.body.data.items.map((l: { gatewayTransactionId: string }) => l.gatewayTransactionId),
    ).toEqual(['TXN-REFUND']);
  });

  it("exports a run's lines and exceptions as CSV, defused and audited", async () => {
    const { session, operator } = await signedIn('FINANCE');
    for (const prefix of ['/api/v1/admin', '/admin']) {
      const lines = await fetch(`${stack.apiUrl}${prefix}/reconciliation/runs/${runId}/lines.csv`, {
        headers: { cookie: session.cookie },
      });
      expect(lines.status).toBe(200);
      expect(lines.headers.get('content-disposition')).toBe(
        `attachment; filename="settlement-lines-${gateway}-TEST-${day}.csv"`,
      );
      const rows = parse(await lines.text(), { bom: true, columns: true }) as Array<Record<string, string>>;
      expect(rows.map((r) => r.gateway_transaction_id)).toEqual([
        'TXN-MATCHED',
        'TXN-SHORT',
        "'=TXN-UNKNOWN",
        'TXN-REFUND',
        'TXN-CHARGEBACK',
        'TXN-FEE',
      ]);
      expect(rows[3]).toMatchObject({
        type: 'REFUND',
        gross_minor: '-1500',
        gross: '-15.00',
        outcome: 'PENDING',
      });
      expect(rows[5]).toMatchObject({
        outcome: 'MATCHED',
        fee_difference_minor: '50',
        payment_reference: payments[1]!.reference,
      });

      const exceptions = await fetch(`${stack.apiUrl}${prefix}/reconciliation/runs/${runId}/exceptions.csv`, {
        headers: { cookie: session.cookie },
      });
      const listed = parse(await exceptions.text(), { bom: true, columns: true }) as Array<
        Record<string, string>
      >;
      expect(listed.map((r) => r.reference)).toEqual([
        refs.AMOUNT_MISMATCH,
        refs.UNKNOWN_LINE,
        refs.CHARGEBACK,
        refs.UNSETTLED_PAYMENT,
        refs.FEE_MISMATCH,
      ]);
      expect(listed[1]).toMatchObject({ detail: `'=cmd|" /C calc"!A0`, actual: '49.00', expected: '' });
      expect(listed[4]).toMatchObject({
        status: 'RESOLVED',
        action: 'ACCEPT_FEE_DIFFERENCE',
        note: 'the gateway raised its rate',
      });
    }
    const audited = await stack
      .em()
      .execute<Array<{ action: string }>>(`select action from audit_log where actor_id = ? order by id`, [
        String(operator.id),
      ]);
    expect(audited.map((a) => a.action).filter((a) => a.startsWith('export.'))).toEqual([
      'export.reconciliation_lines',
      'export.reconciliation_exceptions',
      'export.reconciliation_lines',
      'export.reconciliation_exceptions',
    ]);
  });

  it("shows each gateway's cash: expected in clearing against received, and what it reported unposted", async () => {
    const { session } = await signedIn('FINANCE');
    const cash = await session.call('GET', '/api/v1/admin/reconciliation/cash?mode=TEST');
    expect(cash.status).toBe(200);
    const mine = cash.body.data.items.find((p: { gateway: string }) => p.gateway === gateway);
    // Reported: every line's net; unposted: the lines no match posted (all but 9800 and 1910).
    expect(mine).toMatchObject({
      currency: 'BDT',
      reportedNetMinor: 20930,
      unpostedNetMinor: 20930 - 9800 - 1910,
      openExceptions: 4,
      lastSettlementDate: day,
      clearingMinor: 0,
      settledMinor: 0,
    });
    const page = await session.call('GET', '/admin/reconciliation/cash?mode=TEST');
    expect(page.status).toBe(200);
    expect(String(page.body)).toContain(`data-gateway="${gateway}"`);
  });

  it('draws the days, a day and its exceptions in the dashboard, with the link to its workflow', async () => {
    const { session } = await signedIn('FINANCE');
    const overview = await session.call('GET', `/admin/reconciliation?mode=TEST&gateway=${gateway}&status=`);
    expect(overview.status).toBe(200);
    const list = String(overview.body);
    expect(list).toContain('href="/admin/reconciliation"');
    expect(list).toContain(`data-gateway="${gateway}" data-date="${day}"`);
    expect(list).toContain('209.30 BDT');
    expect(list).toContain('234.10 BDT');
    expect(list).toContain('-24.80 BDT');

    const page = await session.call('GET', `/admin/reconciliation/runs/${runId}`);
    expect(page.status).toBe(200);
    const markup = String(page.body);
    expect(markup).toContain(`/workflows/recon-${gateway}-TEST-${day}`);
    expect(markup).toContain('data-testid="temporal-link"');
    expect(markup.match(/data-testid="recon-exception"/g)).toHaveLength(5);
    expect(markup.match(/data-testid="recon-line"/g)).toHaveLength(6);
    expect(markup).toContain(`href="/admin/reconciliation/runs/${runId}/lines.csv"`);
    expect(markup).toContain('the gateway raised its rate');
    const matchedOnly = await session.call('GET', `/admin/reconciliation/runs/${runId}?outcome=MATCHED`);
    expect(String(matchedOnly.body).match(/data-testid="recon-line"/g)).toHaveLength(2);

    const missing = await session.call('GET', '/admin/reconciliation/runs/999999999');
    expect(missing.status).toBe(404);
    const bad = await session.call('GET', '/admin/reconciliation?from=yesterday');
    expect(bad.status).toBe(400);
  });

  it('is read by FINANCE and ADMIN only: others are refused, and see no link to it', async () => {
    for (const role of ['SUPPORT', 'VIEWER', 'DEVELOPER'] as const) {
      const { session } = await signedIn(role);
      for (const path of [
        '/runs',
        `/runs/${runId}`,
        `/runs/${runId}/exceptions`,
        `/runs/${runId}/lines`,
        `/runs/${runId}/lines.csv`,
        '/cash',
      ]) {
        const response = await session.call('GET', `/api/v1/admin/reconciliation${path}`);
        expect([role, path, response.status, response.body.meta?.errorCode]).toEqual([
          role,
          path,
          403,
          'FORBIDDEN',
        ]);
      }
      const page = await session.call('GET', `/admin/reconciliation/runs/${runId}`);
      expect([role, page.status]).toEqual([role, 403]);
      const csv = await session.call('GET', `/admin/reconciliation/runs/${runId}/exceptions.csv`);
      expect([role, csv.status]).toEqual([role, 403]);
      const home = await session.call('GET', '/admin');
      expect(String(home.body)).not.toContain('href="/admin/reconciliation"');
    }
  });

  it('answers in the shapes the OpenAPI document states', async () => {
    const { session } = await signedIn('FINANCE');
    const doc = (await stack.api('GET', '/api/v1/openapi.json')).body;
    const keys = (name: string) => Object.keys(doc.components.schemas[name].properties).sort();
    const items = async (path: string) =>
      (await session.call('GET', `/api/v1/admin/reconciliation${path}`)).body.data.items;
    expect(Object.keys((await items(`/runs?gateway=${gateway}`))[0]).sort()).toEqual(keys('ReconRun'));
    for (const e of await items(`/runs/${runId}/exceptions`))
      expect(Object.keys(e).sort()).toEqual(keys('ReconException'));
    for (const l of await items(`/runs/${runId}/lines`))
      expect(Object.keys(l).sort()).toEqual(keys('ReconLine'));
    for (const c of await items('/cash')) expect(Object.keys(c).sort()).toEqual(keys('CashPosition'));
    for (const path of [
      '/admin/reconciliation/runs',
      '/admin/reconciliation/runs/{id}/lines.csv',
      '/admin/exports/journal.csv',
    ]) {
      expect(doc.paths[path].get['x-permission']).toBeDefined();
    }
  });
});
