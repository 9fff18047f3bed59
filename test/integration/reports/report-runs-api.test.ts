import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { safeWorkbook } from '../../../activities/uploads/upload-archive.js';
import {
  readDateStyles,
  readSharedStrings,
  readSheetRows,
  sheetChunks,
  type SheetCell,
} from '../../../activities/uploads/xlsx-reader.js';
import { addDays } from '../../../domain/reports/report-schedules.js';
import { companyZone, dateInZone } from '../../../domain/shared/company-time.js';
import { DEFAULT_UPLOAD_LIMITS } from '../../../domain/uploads/upload-limits.js';
import { startStack, type Credentials, type Stack } from '../../helpers/stack.js';

type Json = Record<string, any>;

/**
 * The report runs of the app API over plain HTTP: what a run refuses (in the one envelope), whose
 * runs a key sees, the statement's totals per currency, and the XLSX read back with the CSV's rows.
 */
describe('report runs over HTTP', () => {
  let stack: Stack;
  let app: Awaited<ReturnType<Stack['registerApp']>>;
  let other: Awaited<ReturnType<Stack['registerApp']>>;
  let today: string;
  let folder: string;
  const paid: Array<{ reference: string; currency: string; amountMinor: number }> = [];

  beforeAll(async () => {
    stack = await startStack();
    app = await stack.registerApp();
    other = await stack.registerApp();
    for (const [currency, amountMinor] of [
      ['BDT', 12_500],
      ['BDT', 30_000],
      ['USD', 2_500],
    ] as const) {
      const payment = await stack.paidPayment(app.test, { currency, amountMinor });
      paid.push({ reference: payment.reference, currency, amountMinor });
    }
    today = dateInZone(new Date(), companyZone(stack.config.COMPANY_TIME_ZONE));
    folder = await mkdtemp(join(tmpdir(), 'report-runs-'));
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  const createRun = (creds: Credentials, body: unknown, headers: Record<string, string> = {}) =>
    stack.api('POST', '/api/v1/reports/runs', { creds, body, headers });

  /** A run the test needs: 201, or the test fails with what was answered. */
  async function ran(creds: Credentials, body: Json): Promise<Json> {
    const answer = await createRun(creds, body);
    expect([answer.status, answer.body.meta.errorCode]).toEqual([201, undefined]);
    return answer.body.data;
  }

  /** The file as downloaded: bytes and headers (the JSON helper would read it as text). */
  async function download(creds: Credentials, id: string, format?: 'csv' | 'xlsx') {
    const response = await fetch(
      `${stack.apiUrl}/api/v1/reports/runs/${id}/file${format ? `?format=${format}` : ''}`,
      { headers: { 'x-api-key': creds.key, 'x-api-secret': creds.secret } },
    );
    return {
      status: response.status,
      headers: response.headers,
      bytes: Buffer.from(await response.arrayBuffer()),
    };
  }

  /** Every row of a run through the rows endpoint, a page of `limit` at a time. */
  async function allRows(creds: Credentials, id: string, limit = 1000) {
    const rows: Json[] = [];
    let offset: string | null = '0';
    let columns: string[] = [];
    while (offset !== null) {
      const page: { status: number; body: Json } = await stack.api(
        'GET',
        `/api/v1/reports/runs/${id}/rows?offset=${offset}&limit=${limit}`,
        {
          creds,
        },
      );
      expect(page.status).toBe(200);
      columns = page.body.data.columns;
      rows.push(...page.body.data.rows);
      offset = page.body.pagination.nextCursor;
    }
    return { columns, rows };
  }

  /** The first sheet of an XLSX, each row's cells, as the upload reader reads a workbook. */
  async function sheetOf(bytes: Buffer): Promise<SheetCell[][]> {
    const workDir = await mkdtemp(join(folder, 'xlsx-'));
    const path = join(workDir, 'report.xlsx');
    await writeFile(path, bytes);
    const parts = await safeWorkbook(path, workDir, DEFAULT_UPLOAD_LIMITS);
    const shared = parts.sharedStrings ? await readSharedStrings(parts.sharedStrings) : [];
    const dates = parts.styles ? await readDateStyles(parts.styles) : [];
    const rows: SheetCell[][] = [];
    for await (const row of readSheetRows(
      sheetChunks(parts.sheet, () => undefined),
      shared,
      dates,
    ))
      rows.push(row.values);
    return rows;
  }

  describe('refuses what it cannot run with 400 VALIDATION_ERROR in the envelope', () => {
    const cases: Array<[string, () => Json, string]> = [
      ['an unknown type', () => ({ type: 'bogus', from: today, to: today }), 'type'],
      ["an operator's report type", () => ({ type: 'journal', from: today, to: today }), 'type'],
      ['an unknown format', () => ({ type: 'payments', from: today, to: today, format: 'pdf' }), 'format'],
      [
        'a day that is not in the calendar',
        () => ({ type: 'payments', from: '2026-02-30', to: today }),
        'from',
      ],
      ['no from', () => ({ type: 'payments', to: today }), 'from'],
      [
        'a field it does not know',
        () => ({ type: 'payments', from: today, to: today, mode: 'LIVE' }),
        'mode',
      ],
      ['from after to', () => ({ type: 'payments', from: today, to: addDays(today, -1) }), 'to'],
      ['more than 366 days', () => ({ type: 'payments', from: addDays(today, -366), to: today }), 'to'],
    ];

    it.each(cases)('%s', async (_name, body, field) => {
      const answer = await createRun(app.test, body());
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({
        data: null,
        meta: { success: false, errorCode: 'VALIDATION_ERROR', requestId: expect.any(String) },
      });
      expect(answer.body.meta.details.map((issue: Json) => issue.field)).toContain(field);
    });

    it('takes a period reaching past today (what exists now) and exactly 366 days', async () => {
      const future = await ran(app.test, { type: 'payments', from: today, to: addDays(today, 6) });
      expect([future.from, future.to, future.rowCount]).toEqual([today, addDays(today, 6), 3]);
      const year = await ran(app.test, { type: 'payments', from: addDays(today, -365), to: today });
      expect([year.from, year.to, year.rowCount]).toEqual([addDays(today, -365), today, 3]);
    });

    it('refuses rows past their bounds, and an id that is no run id as not found', async () => {
      const run = await ran(app.test, { type: 'payments', from: today, to: today });
      for (const query of ['limit=0', 'limit=1001', 'offset=-1', 'offset=x']) {
        const answer = await stack.api('GET', `/api/v1/reports/runs/${run.id}/rows?${query}`, {
          creds: app.test,
        });
        expect([query, answer.status, answer.body.meta.errorCode]).toEqual([query, 400, 'VALIDATION_ERROR']);
      }
      const badFormat = await stack.api('GET', `/api/v1/reports/runs/${run.id}/file?format=pdf`, {
        creds: app.test,
      });
      expect([badFormat.status, badFormat.body.meta.errorCode]).toEqual([400, 'VALIDATION_ERROR']);
      const notAnId = await stack.api('GET', '/api/v1/reports/runs/not-a-run', { creds: app.test });
      expect([notAnId.status, notAnId.body.meta.errorCode]).toEqual([404, 'REPORT_RUN_NOT_FOUND']);
    });

    it('answers a repeated key with its run, and refuses the key for another body', async () => {
      const headers = { 'Idempotency-Key': 'statement-today' };
      const body = { type: 'statement', from: today, to: today };
      const first = await createRun(app.test, body, headers);
      const again = await createRun(app.test, body, headers);
      expect([first.status, again.status]).toEqual([201, 201]);
      expect(again.body.data.id).toBe(first.body.data.id);
      const reused = await createRun(app.test, { ...body, format: 'xlsx' }, headers);
      expect([reused.status, reused.body.meta.errorCode]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    });
  });

  it("lets a TEST key see its own TEST runs only: never the LIVE ones, nor another app's", async () => {
    const mine = await ran(app.test, { type: 'payments', from: today, to: today });
    const live = await ran(app.live, { type: 'payments', from: today, to: today });
    const theirs = await ran(other.test, { type: 'payments', from: today, to: today });
    expect([mine.mode, live.mode, theirs.mode]).toEqual(['TEST', 'LIVE', 'TEST']);
    // LIVE has no payments: the run reads the LIVE books alone.
    expect([mine.rowCount, live.rowCount, theirs.rowCount]).toEqual([3, 0, 0]);

    for (const hidden of [live.id, theirs.id]) {
      for (const path of ['', '/file', '/rows', '/file?format=xlsx']) {
        const answer = await stack.api('GET', `/api/v1/reports/runs/${hidden}${path}`, { creds: app.test });
        expect([path, answer.status, answer.body.meta.errorCode]).toEqual([
          path,
          404,
          'REPORT_RUN_NOT_FOUND',
        ]);
      }
      const after = await stack.api('GET', `/api/v1/reports/runs?after=${hidden}`, { creds: app.test });
      expect([after.status, after.body.meta.errorCode]).toEqual([404, 'REPORT_RUN_NOT_FOUND']);
    }
    const listed = await stack.api('GET', '/api/v1/reports/runs?size=100', { creds: app.test });
    const ids = listed.body.data.items.map((run: Json) => run.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(live.id);
    expect(ids).not.toContain(theirs.id);
    expect(listed.body.data.items.every((run: Json) => run.mode === 'TEST' && run.appId === app.app.id)).toBe(
      true,
    );
    // Each key reads its own.
    const ownLive = await stack.api('GET', `/api/v1/reports/runs/${live.id}`, { creds: app.live });
    expect([ownLive.status, ownLive.body.data.id]).toEqual([200, live.id]);
    const ownTheirs = await stack.api('GET', `/api/v1/reports/runs/${theirs.id}`, { creds: other.test });
    expect(ownTheirs.status).toBe(200);
    const otherList = await stack.api('GET', '/api/v1/reports/runs?type=payments', { creds: other.test });
    expect(otherList.body.data.items.map((run: Json) => run.id)).toEqual([theirs.id]);
  });

  it('lists runs newest first, a page at a time by `after`, filtered by type', async () => {
    const made = [];
    for (const type of ['refunds', 'payouts', 'refunds'])
      made.push(await ran(other.test, { type, from: today, to: today }));
    const refunds = await stack.api('GET', '/api/v1/reports/runs?type=refunds&size=1', { creds: other.test });
    expect(refunds.body.data.items.map((run: Json) => run.id)).toEqual([made[2]!.id]);
    expect(refunds.body.pagination).toMatchObject({ size: 1, totalItems: 2, nextCursor: made[2]!.id });
    const next = await stack.api('GET', `/api/v1/reports/runs?type=refunds&size=1&after=${made[2]!.id}`, {
      creds: other.test,
    });
    expect(next.body.data.items.map((run: Json) => run.id)).toEqual([made[0]!.id]);
    expect(next.body.pagination.nextCursor).toBeNull();
  });

  it("ends the statement with a TOTAL row per currency: gross, fee and net of the period's money", async () => {
    const run = await ran(app.test, { type: 'statement', from: today, to: today, format: 'xlsx' });
    const { columns, rows } = await allRows(app.test, run.id, 2);
    expect(columns).toEqual(run.columns);
    expect(rows).toHaveLength(run.rowCount);
    const payments = rows.filter((row) => row.kind === 'PAYMENT');
    expect(payments.map((row) => row.reference).sort()).toEqual(paid.map((p) => p.reference).sort());
    const totals = rows.filter((row) => row.kind === 'TOTAL');
    expect(totals.map((row) => row.currency).sort()).toEqual(['BDT', 'USD']);
    for (const total of totals) {
      const ofCurrency = payments.filter((row) => row.currency === total.currency);
      const gross = paid
        .filter((p) => p.currency === total.currency)
        .reduce((sum, p) => sum + p.amountMinor, 0);
      const fee = ofCurrency.reduce((sum, row) => sum + (row.fee_minor as number), 0);
      expect(total).toMatchObject({
        date: today,
        reference: null,
        gross_minor: gross,
        fee_minor: fee,
        net_minor: gross - fee,
      });
      for (const column of ['gross_minor', 'fee_minor', 'net_minor']) {
        expect(Number.isInteger(total[column])).toBe(true);
      }
      expect(typeof total.gross).toBe('string');
    }
    // After every movement: per currency, the total of each kind of movement, then its TOTAL.
    const summary = rows.filter((row) => String(row.kind).startsWith('TOTAL'));
    expect(rows.slice(-summary.length)).toEqual(summary);
    expect(summary.map((row) => [row.currency, row.kind])).toEqual([
      ['BDT', 'TOTAL_PAYMENT'],
      ['BDT', 'TOTAL'],
      ['USD', 'TOTAL_PAYMENT'],
      ['USD', 'TOTAL'],
    ]);
  });

  it('serves the XLSX and the CSV with the same rows as the rows endpoint', async () => {
    const run = await ran(app.test, { type: 'payments', from: today, to: today, format: 'xlsx' });
    const xlsx = await download(app.test, run.id);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(xlsx.headers.get('content-disposition')).toBe(`attachment; filename="${run.fileName}"`);
    expect(xlsx.headers.get('x-report-run')).toBe(run.id);
    expect(xlsx.headers.get('cache-control')).toBe('private, no-store');
    expect(xlsx.bytes.subarray(0, 2).toString('latin1')).toBe('PK');

    const csv = await download(app.test, run.id, 'csv');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe(
      `attachment; filename="${run.fileName.replace(/\.xlsx$/, '.csv')}"`,
    );
    expect(csv.bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.bytes.toString('utf8').slice(1).split('\r\n')[0]).toBe(run.columns.join(','));
    expect(csv.bytes.toString('hex')).not.toBe(xlsx.bytes.toString('hex'));
    // The CSV is the same bytes every time: the run's sha256.
    expect(createHash('sha256').update(csv.bytes).digest('hex')).toBe(run.sha256);

    const records = parse(csv.bytes.toString('utf8'), { bom: true }) as string[][];
    // A row's empty cells at its end are not written in a sheet: each row is as wide as the header.
    const sheet = (await sheetOf(xlsx.bytes)).map((row) =>
      Array.from({ length: run.columns.length }, (_, i) => row[i] ?? null),
    );
    expect(sheet).toHaveLength(run.rowCount + 1);
    expect(sheet.map((row) => row.map((cell) => (cell === null ? '' : String(cell))))).toEqual(records);
    // Whole numbers are numbers in the workbook, and the same values the rows endpoint answers.
    const { columns, rows } = await allRows(app.test, run.id);
    expect(sheet[0]).toEqual(columns);
    const fromSheet = sheet.slice(1).map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]])));
    expect(fromSheet).toEqual(rows);
    expect(rows.map((row) => row.reference).sort()).toEqual(paid.map((p) => p.reference).sort());
    for (const row of rows) expect(Number.isInteger(row.amount_minor)).toBe(true);
  });
});
