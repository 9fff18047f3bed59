import { parse } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import { readSheetRows } from '../../../activities/uploads/xlsx-reader.js';
import { createSslcommerzApi } from '../../../gateways/sslcommerz/client.js';
import { addDays, dhakaDate } from '../../../gateways/simulator-kit/settlement.js';
import {
  startSimulatorHostFixture,
  type SimulatorHostFixture,
} from '../../helpers/simulator-host-fixture.js';
import { BKASH_REPORT_COLUMNS } from '../../helpers/bkash-report-header.js';

/**
 * Each simulator's settlement report: what it captured and refunded, settled the day after (in
 * Asia/Dhaka), in its gateway's format, with every settlement fault bound to the transaction it
 * names (or the next one) and the same file however often it is downloaded.
 */

let fixture: SimulatorHostFixture;
let baseUrl: string;
const today = dhakaDate(Date.now());
const settlementDay = addDays(today, 1);
const dayAfter = addDays(today, 2);

beforeAll(async () => {
  fixture = await startSimulatorHostFixture('oi-settlement-reports-');
  ({ baseUrl } = fixture);
});

afterAll(() => fixture.close());

const required = (name: string) => fixture.required(name);

async function control<T = Record<string, unknown>>(
  name: string,
  method: string,
  route: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${baseUrl}/${name}${route}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function report(name: string, date: string): Promise<Response> {
  const response = await fetch(`${baseUrl}/${name}/__simulator/settlement-report?date=${date}`);
  expect(response.status).toBe(200);
  return response;
}

type Row = Record<string, string>;

async function csvReport(name: string, date: string): Promise<{ text: string; rows: Row[] }> {
  const response = await report(name, date);
  expect(response.headers.get('content-type')).toContain('text/csv');
  expect(response.headers.get('content-disposition')).toContain(`${date}.csv`);
  const text = await response.text();
  return { text, rows: parse(text, { columns: true, skip_empty_lines: true }) as Row[] };
}

describe('SSLCOMMERZ settlement report (CSV)', () => {
  const api = () =>
    createSslcommerzApi({
      baseUrl: required('SSLCOMMERZ_SANDBOX_URL'),
      storeId: required('SSLCOMMERZ_TEST_STORE_ID'),
      storePassword: required('SSLCOMMERZ_TEST_STORE_PASSWORD'),
      timeoutMs: 5_000,
    });

  async function captured(): Promise<{ tranId: string; bankTranId: string }> {
    const request = fixture.sessionRequest();
    const session = await api().initiateSession(request);
    const done = await control<{ bankTranId: string }>(
      'sslcommerz',
      'POST',
      `/__simulator/sessions/${session.sessionKey}/complete`,
      { outcome: 'VALID' },
    );
    return { tranId: request.reference, bankTranId: done.bankTranId };
  }

  const arm = (tranId: string | undefined, faults: Record<string, unknown>) =>
    control('sslcommerz', 'PUT', '/__simulator/faults', tranId ? { tranId, faults } : { faults });

  it('settles every captured payment and completed refund the next day, each fault on its transaction', async () => {
    // Armed before the payment is captured, by name.
    const plain = await captured();
    const omitted = await captured();
    const extra = await captured();
    const amountOff = await captured();
    const feeOff = await captured();
    const twice = await captured();
    const chargedBack = await captured();
    const refunded = await captured();
    // Armed after capture, by name: bound when the report is first asked for.
    await arm(omitted.tranId, { settlementOmit: true });
    await arm(extra.tranId, { settlementExtra: true });
    await arm(amountOff.tranId, { settlementAmountMismatch: 100 });
    await arm(feeOff.tranId, { settlementFeeMismatch: 10 });
    await arm(twice.tranId, { settlementDuplicate: true });
    await arm(chargedBack.tranId, { settlementChargeback: true });
    await arm(refunded.tranId, { settlementRefundNettedLater: true });
    // Armed for the next payment: the next one captured, and only that one.
    await arm(undefined, { settlementLate: true });
    const late = await captured();
    const afterLate = await captured();

    const refund = await api().initiateRefund({
      gatewayTransactionId: refunded.bankTranId,
      refundReference: 'rf_netted_later',
      amountMinor: 2_000,
      currency: 'BDT',
      remarks: 'Returned',
    });
    const partial = await api().initiateRefund({
      gatewayTransactionId: plain.bankTranId,
      refundReference: 'rf_plain',
      amountMinor: 1_000,
      currency: 'BDT',
      remarks: 'Returned',
    });

    const { text, rows } = await csvReport('sslcommerz', settlementDay);
    expect(text.split('\r\n')[0]).toBe(
      'Transaction ID,Bank Transaction ID,Validation ID,Transaction Date,Type,Currency,Amount,Store Amount,Charge,Settlement Date,Settlement ID',
    );
    const of = (tranId: string) => rows.filter((row) => row['Transaction ID'] === tranId);
    const batch1 = `SSLCZ${settlementDay.replace(/-/g, '')}01`;

    expect(of(plain.tranId)).toEqual([
      expect.objectContaining({
        'Bank Transaction ID': plain.bankTranId,
        Type: 'Payment',
        Currency: 'BDT',
        Amount: '50.00',
        'Store Amount': '48.75',
        Charge: '1.25',
        'Settlement Date': settlementDay,
        'Settlement ID': batch1,
      }),
    ]);
    expect(of(plain.tranId)[0]!['Validation ID']).not.toBe('');
    expect(of(plain.tranId)[0]!['Transaction Date']).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(of('rf_plain')).toEqual([
      expect.objectContaining({
        'Bank Transaction ID': partial.gatewayRefundId,
        Type: 'Refund',
        Amount: '-10.00',
        'Store Amount': '-10.00',
        Charge: '0.00',
      }),
    ]);
    expect(of(omitted.tranId)).toEqual([]);
    expect(of(extra.tranId)).toHaveLength(1);
    const made = rows.filter((row) => (row['Transaction ID'] ?? '').startsWith('SSLX'));
    expect(made).toEqual([expect.objectContaining({ Type: 'Payment', Amount: '50.00', Charge: '1.25' })]);
    expect(made[0]!['Bank Transaction ID']).not.toBe(extra.bankTranId);
    expect(of(amountOff.tranId)).toEqual([
      expect.objectContaining({ Amount: '51.00', 'Store Amount': '49.75', Charge: '1.25' }),
    ]);
    expect(of(feeOff.tranId)).toEqual([
      expect.objectContaining({ Amount: '50.00', 'Store Amount': '48.65', Charge: '1.35' }),
    ]);
    expect(of(twice.tranId).map((row) => row['Settlement ID'])).toEqual([
      batch1,
      `SSLCZ${settlementDay.replace(/-/g, '')}02`,
    ]);
    expect(of(chargedBack.tranId).map((row) => [row.Type, row.Amount, row['Store Amount']])).toEqual([
      ['Payment', '50.00', '48.75'],
      ['Chargeback', '-50.00', '-50.00'],
    ]);
    expect(of(refunded.tranId)).toHaveLength(1);
    expect(of('rf_netted_later')).toEqual([]);
    expect(of(late.tranId)).toEqual([]);
    expect(of(afterLate.tranId)).toHaveLength(1);

    const next = await csvReport('sslcommerz', dayAfter);
    const nextOf = (tranId: string) => next.rows.filter((row) => row['Transaction ID'] === tranId);
    expect(nextOf(late.tranId)).toEqual([
      expect.objectContaining({ Type: 'Payment', 'Settlement Date': dayAfter, Amount: '50.00' }),
    ]);
    expect(nextOf('rf_netted_later')).toEqual([
      expect.objectContaining({
        'Bank Transaction ID': refund.gatewayRefundId,
        Type: 'Refund',
        Amount: '-20.00',
      }),
    ]);
    expect(nextOf(omitted.tranId)).toEqual([]);
    expect(next.rows).toHaveLength(2);

    // Nothing settles on the day of the payments; the same report again is the same file.
    expect((await csvReport('sslcommerz', today)).rows).toEqual([]);
    expect((await csvReport('sslcommerz', settlementDay)).text).toBe(text);
    // Every settlement fault was spent on its transaction: none is left armed.
    const armed = await control<{ defaults: object; byTranId: object }>(
      'sslcommerz',
      'GET',
      '/__simulator/faults',
    );
    expect(armed).toEqual({ defaults: {}, byTranId: {} });
  });

  it("links the index page to the report that holds today's payments: tomorrow's", async () => {
    const paidToday = await captured();
    const index = await (await fetch(`${baseUrl}/`)).text();
    const href = /href="([^"]*\/sslcommerz\/__simulator\/settlement-report[^"]*)"/.exec(index)?.[1];
    expect(href).toBeDefined();
    const response = await fetch(new URL(href!.replace(/&amp;/g, '&'), `${baseUrl}/`));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain(`${settlementDay}.csv`);
    const rows = parse(await response.text(), { columns: true, skip_empty_lines: true }) as Row[];
    expect(rows.map((row) => row['Transaction ID'])).toContain(paidToday.tranId);
  });

  it('refuses a date that is not one, and the tester page offers the report and its faults', async () => {
    const bad = await fetch(`${baseUrl}/sslcommerz/__simulator/settlement-report?date=2026-02-30`);
    expect(bad.status).toBe(400);
    const page = await (await fetch(`${baseUrl}/sslcommerz`)).text();
    expect(page).toContain('<form method="get" action="/sslcommerz/__simulator/settlement-report">');
    for (const title of [
      'Settlement: payment missing',
      'Settlement: refund netted later',
      'Settlement: chargeback',
    ]) {
      expect(page).toContain(title);
    }
    const refused = await fetch(`${baseUrl}/sslcommerz/__simulator/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ faults: { settlementFeeMismatch: 0 } }),
    });
    expect(refused.status).toBe(400);
  });
});

describe('bKash settlement report (XLSX)', () => {
  const gateway = () => fixture.bkashClient();

  async function paid(amountMinor: number) {
    const { request, sessionKey, transaction } = await fixture.bkashPaid(amountMinor);
    return {
      reference: request.reference,
      paymentID: sessionKey,
      trxID: transaction.gatewayTransactionId!,
    };
  }

  async function sheetRows(date: string): Promise<unknown[][]> {
    const response = await report('bkash', date);
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    // Read back by the reader the settlement imports use.
    const parts = unzipSync(new Uint8Array(await response.arrayBuffer()));
    const rows: unknown[][] = [];
    for await (const row of readSheetRows([Buffer.from(parts['xl/worksheets/sheet1.xml']!)], [])) {
      rows.push(row.values);
    }
    return rows;
  }

  it('lists Completed payments and refunds with the 1.85 % fee rounded half-up, and its faults', async () => {
    const plain = await paid(1_000);
    const doubled = await paid(100_000);
    const chargedBack = await paid(50_050);
    const extra = await paid(20_000);
    await control('bkash', 'PUT', '/__simulator/faults', {
      merchantInvoiceNumber: doubled.reference,
      faults: { settlementDuplicate: true },
    });
    await control('bkash', 'PUT', '/__simulator/faults', {
      merchantInvoiceNumber: chargedBack.reference,
      faults: { settlementChargeback: true, settlementRefundNettedLater: 1 },
    });
    await control('bkash', 'PUT', '/__simulator/faults', {
      merchantInvoiceNumber: extra.reference,
      faults: { settlementExtra: true },
    });
    const refund = await gateway().refund({
      gatewayTransactionId: chargedBack.trxID,
      sessionKey: chargedBack.paymentID,
      refundReference: 'rf_bkash_later',
      amountMinor: 10_000,
      currency: 'BDT',
      remarks: 'Returned',
    });

    const rows = await sheetRows(settlementDay);
    expect(rows[0]).toEqual(BKASH_REPORT_COLUMNS);
    const [year, month, day] = settlementDay.split('-');
    const panelDate = `${day}/${month}/${year}`;
    const batch = (n: number) => `BK${settlementDay.replace(/-/g, '')}00${n}`;
    const of = (reference: string) => rows.filter((row) => row[2] === reference);
    // 10.00 × 1.85 % = 0.185: half-up is 0.19.
    expect(of(plain.reference)).toEqual([
      [plain.trxID, plain.paymentID, plain.reference, 'Payment', 'BDT', 10, 0.19, 9.81, panelDate, batch(1)],
    ]);
    expect(of(doubled.reference).map((row) => [row[5], row[6], row[7], row[9]])).toEqual([
      [1000, 18.5, 981.5, batch(1)],
      [1000, 18.5, 981.5, batch(2)],
    ]);
    // 500.50 × 1.85 % = 9.25925: 9.26.
    expect(of(chargedBack.reference).map((row) => [row[0], row[3], row[5], row[6], row[7]])).toEqual([
      [chargedBack.trxID, 'Payment', 500.5, 9.26, 491.24],
      [chargedBack.trxID, 'Chargeback', -500.5, 0, -500.5],
    ]);
    expect(of('rf_bkash_later')).toEqual([]);
    expect(rows.filter((row) => row[2] === '' && row[5] === 200)).toHaveLength(1);
    expect(rows).toHaveLength(1 + 1 + 2 + 2 + 2);

    const later = await sheetRows(dayAfter);
    expect(later.slice(1)).toEqual([
      [
        refund.gatewayRefundId,
        chargedBack.paymentID,
        'rf_bkash_later',
        'Refund',
        'BDT',
        -100,
        0,
        -100,
        `${dayAfter.slice(8)}/${dayAfter.slice(5, 7)}/${dayAfter.slice(0, 4)}`,
        `BK${dayAfter.replace(/-/g, '')}001`,
      ],
    ]);
    const first = Buffer.from(await (await report('bkash', settlementDay)).arrayBuffer());
    const second = Buffer.from(await (await report('bkash', settlementDay)).arrayBuffer());
    expect(first.equals(second)).toBe(true);
  });
});

describe('Nagad settlement report (CSV)', () => {
  const gateway = () => fixture.nagadClient();

  async function paid(amountMinor: number, outcome = 'Success') {
    const request = { ...fixture.sessionRequest(), amountMinor };
    const { sessionKey } = await gateway().openSession(request);
    const finished = await control<{ order: { orderId: string; payment: { issuerPaymentRefNo: string } } }>(
      'nagad',
      'POST',
      `/__simulator/payments/${encodeURIComponent(sessionKey)}/finish`,
      { outcome },
    );
    return { orderId: finished.order.orderId, issuerRef: finished.order.payment.issuerPaymentRefNo };
  }

  it('lists paid orders with the 1.5 % service charge rounded half-up, and its faults', async () => {
    await control('nagad', 'PUT', '/__simulator/faults', { faults: { settlementOmit: true } });
    const omitted = await paid(10_000);
    const plain = await paid(100_100);
    await paid(10_000, 'Aborted');
    const amountOff = await paid(10_000);
    await control('nagad', 'PUT', '/__simulator/faults', {
      orderId: amountOff.orderId,
      faults: { settlementAmountMismatch: -500, settlementLate: 1 },
    });
    const refused = await fetch(`${baseUrl}/nagad/__simulator/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ faults: { settlementRefundNettedLater: true } }),
    });
    expect(refused.status).toBe(400);

    const { text, rows } = await csvReport('nagad', settlementDay);
    expect(text.split('\r\n')[0]).toBe(
      'Issuer Payment Ref,Order ID,Txn Type,Currency,Txn Amount,Service Charge,Net Amount,Settlement Date,Payout Reference',
    );
    // 1001.00 × 1.5 % = 15.015: half-up is 15.02.
    expect(rows).toEqual([
      {
        'Issuer Payment Ref': plain.issuerRef,
        'Order ID': plain.orderId,
        'Txn Type': 'PAYMENT',
        Currency: 'BDT',
        'Txn Amount': '1001.00',
        'Service Charge': '15.02',
        'Net Amount': '985.98',
        'Settlement Date': settlementDay,
        'Payout Reference': `NGDPO-${settlementDay.replace(/-/g, '')}-1`,
      },
    ]);
    expect(rows.some((row) => row['Order ID'] === omitted.orderId)).toBe(false);
    const later = await csvReport('nagad', dayAfter);
    expect(later.rows).toEqual([
      expect.objectContaining({
        'Issuer Payment Ref': amountOff.issuerRef,
        'Txn Amount': '95.00',
        'Service Charge': '1.50',
        'Net Amount': '93.50',
        'Settlement Date': dayAfter,
      }),
    ]);
  });
});
