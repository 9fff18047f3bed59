import { REPORT_RUN_REFERENCE_PATTERN } from '../../../domain/reports/report-types.js';
import { companyZone, dateInZone } from '../../../domain/shared/company-time.js';
import { csvRows, workbookRows } from '../../helpers/report-files.js';
import { startStack, type Stack } from '../../helpers/stack.js';

/**
 * Finance's reports through the admin API on real PostgreSQL: a statement of one app with its
 * fees and totals, the journal and payments of a day, a saved view as a report's definition, the
 * XLSX read back to the same rows as the CSV, refusals that say what is wrong, and roles.
 */
describe('reports for operators', () => {
  let stack: Stack;
  let finance: Awaited<ReturnType<Stack['adminLogin']>>;
  let app: Awaited<ReturnType<Stack['registerApp']>>;
  let today: string;
  const paid: string[] = [];

  beforeAll(async () => {
    stack = await startStack();
    app = await stack.registerApp();
    const person = await stack.createOperator('FINANCE');
    finance = await stack.adminLogin(person.email, person.password);
    today = dateInZone(new Date(), companyZone(undefined));
    for (const amountMinor of [20_000, 35_000])
      paid.push((await stack.paidPayment(app.test, { amountMinor })).reference);
    // One left unpaid: a payments report lists it, a statement does not.
    await stack.createPayment(app.test, { amountMinor: 1_500 });
  }, 120_000);
  afterAll(() => stack?.close());

  const run = (body: Record<string, unknown>) => finance.call('POST', '/api/v1/admin/report-runs', { body });
  const file = async (id: string, format: 'csv' | 'xlsx') => {
    const response = await fetch(`${stack.apiUrl}/api/v1/admin/report-runs/${id}/file?format=${format}`, {
      headers: { cookie: finance.cookie },
    });
    expect(response.status).toBe(200);
    return Buffer.from(await response.arrayBuffer());
  };

  it("makes an app's statement: each payment with its fee and net, then totals per currency", async () => {
    const made = await run({ type: 'statement', appId: app.app.id, from: today, to: today, format: 'xlsx' });
    expect(made.status).toBe(201);
    expect(made.body.data.id).toMatch(REPORT_RUN_REFERENCE_PATTERN);
    const rows = csvRows(await file(made.body.data.id, 'csv'));
    const [header, ...body] = rows as [string[], ...string[][]];
    const col = (name: string) => header.indexOf(name);
    const payments = body.filter((r) => r[col('kind')] === 'PAYMENT');
    expect(payments.map((r) => r[col('reference')]).sort()).toEqual([...paid].sort());
    for (const row of payments) {
      expect(Number(row[col('net_minor')])).toBe(
        Number(row[col('gross_minor')]) - Number(row[col('fee_minor')]),
      );
    }
    const total = body.find((r) => r[col('kind')] === 'TOTAL')!;
    expect(Number(total[col('gross_minor')])).toBe(55_000);
    expect(total[col('gross')]).toBe('550.00');

    // The XLSX holds the same rows, numbers as numbers.
    const sheet = await workbookRows(await file(made.body.data.id, 'xlsx'));
    expect(sheet.length).toBe(rows.length);
    expect(sheet[0]).toEqual(header);
    const sheetTotal = sheet.find((r) => r[col('kind')] === 'TOTAL')!;
    expect(sheetTotal[col('gross_minor')]).toBe(55_000);
  });

  it('makes the journal and payments of a day, current to the minute', async () => {
    const journal = await run({ type: 'journal', from: today, to: today });
    expect(journal.status).toBe(201);
    const [header, ...postings] = csvRows(await file(journal.body.data.id, 'csv')) as [
      string[],
      ...string[][],
    ];
    const sources = new Set(postings.map((p) => p[header.indexOf('source_id')]));
    for (const reference of paid) expect(sources.has(reference)).toBe(true);
    const sum = postings.reduce((total, p) => total + Number(p[header.indexOf('amount_minor')]), 0);
    expect(sum).toBe(0);

    const payments = await run({ type: 'payments', appId: app.app.id, from: today, to: today });
    expect(payments.body.data.rowCount).toBe(3);
  });

  it('takes a saved view of payments as its definition, and refuses a view of another list', async () => {
    const view = await finance.call('POST', '/api/v1/admin/saved-views', {
      body: {
        list: 'payments',
        name: `Succeeded ${Date.now()}`,
        filters: { status: 'SUCCEEDED', appId: String(app.app.id) },
      },
    });
    expect(view.status).toBe(201);
    const made = await run({ type: 'payments', savedViewId: view.body.data.id, from: today, to: today });
    expect(made.status).toBe(201);
    expect(made.body.data).toMatchObject({
      appId: app.app.id,
      rowCount: 2,
      filters: { status: ['SUCCEEDED'] },
    });

    const refused = await run({ type: 'refunds', savedViewId: view.body.data.id, from: today, to: today });
    expect(refused.status).toBe(400);
    expect(refused.body.meta.errorCode).toBe('VALIDATION_ERROR');
    expect(refused.body.meta.message).toMatch(/view of payments/);
  });

  it('says what is wrong with a request, never a 500', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ type: 'statement', from: today, to: today }, 'VALIDATION_ERROR'],
      [{ type: 'journal', appId: app.app.id, from: today, to: today }, 'VALIDATION_ERROR'],
      [{ type: 'payments', from: '2026-02-01', to: '2026-01-01' }, 'VALIDATION_ERROR'],
      [{ type: 'payments', from: '2024-01-01', to: '2026-01-01' }, 'VALIDATION_ERROR'],
      [{ type: 'ledger', from: today, to: today }, 'VALIDATION_ERROR'],
      [{ type: 'payments', appId: 999_999_999, from: today, to: today }, 'APP_NOT_FOUND'],
      [{ type: 'payments', savedViewId: 999_999_999, from: today, to: today }, 'SAVED_VIEW_NOT_FOUND'],
    ];
    for (const [body, code] of cases) {
      const answer = await run(body);
      expect([answer.status, answer.body.meta.errorCode]).toEqual([expect.any(Number), code]);
      expect(answer.status).toBeLessThan(500);
    }
    const missing = await finance.call('GET', '/api/v1/admin/report-runs/rpt_00000000000000000000');
    expect(missing.body.meta.errorCode).toBe('REPORT_RUN_NOT_FOUND');
  });

  it('lets only finance and admins read or run reports; every run is audited', async () => {
    const support = await stack.createOperator('SUPPORT');
    const session = await stack.adminLogin(support.email, support.password);
    expect((await session.call('GET', '/api/v1/admin/report-runs')).status).toBe(403);
    expect(
      (
        await session.call('POST', '/api/v1/admin/report-runs', {
          body: { type: 'payments', from: today, to: today },
        })
      ).status,
    ).toBe(403);

    const listed = await finance.call('GET', '/api/v1/admin/report-runs?type=statement');
    expect(listed.body.data.items.length).toBeGreaterThan(0);
    const audited = await stack
      .em()
      .execute<Array<{ count: string }>>(
        "select count(*) as count from audit_log where action = 'report.run'",
      );
    expect(Number(audited[0]!.count)).toBeGreaterThanOrEqual(4);
  });
});
