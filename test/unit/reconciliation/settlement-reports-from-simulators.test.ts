import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openReport } from '../../../activities/reconciliation/settlement-report-lines.js';
import type { SettlementLineDraft } from '../../../domain/reconciliation/settlements.js';
import { addDays, dhakaDate } from '../../../gateways/simulator-kit/settlement.js';
import { createSslcommerzApi } from '../../../gateways/sslcommerz/client.js';
import {
  startSimulatorHostFixture,
  type SimulatorHostFixture,
} from '../../helpers/simulator-host-fixture.js';

/**
 * The reports the gateway simulators publish are read by the import as they are, every line with
 * our reference and signed minor units, each settlement fault as a line the reconciliation sees.
 */

let fixture: SimulatorHostFixture;
let folder: string;
const settlementDay = addDays(dhakaDate(Date.now()), 1);

beforeAll(async () => {
  fixture = await startSimulatorHostFixture('oi-settlement-import-');
  folder = await mkdtemp(join(tmpdir(), 'settlement-import-sim-'));
});
afterAll(async () => {
  await fixture.close();
  await rm(folder, { recursive: true, force: true });
});

async function control<T = Record<string, unknown>>(
  name: string,
  method: string,
  route: string,
  body?: unknown,
) {
  const response = await fetch(`${fixture.baseUrl}/${name}${route}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** The simulator's report for the settlement day, read as the import reads it. */
async function importedLines(
  name: string,
  gateway: string,
): Promise<{ format: string; lines: SettlementLineDraft[] }> {
  const response = await fetch(
    `${fixture.baseUrl}/${name}/__simulator/settlement-report?date=${settlementDay}`,
  );
  expect(response.status).toBe(200);
  const path = join(folder, `${name}-${settlementDay}`);
  await writeFile(path, Buffer.from(await response.arrayBuffer()));
  const report = await openReport(path, { gateway, mode: 'TEST' });
  const lines: SettlementLineDraft[] = [];
  try {
    for await (const line of report.lines) lines.push(line);
  } finally {
    await report.close();
  }
  return { format: report.format, lines };
}

const keysAreDistinct = (lines: SettlementLineDraft[]) =>
  expect(new Set(lines.map((l) => l.lineKey)).size).toBe(lines.length);

it('reads the SSLCOMMERZ simulator report: payments, a refund, a duplicate and a chargeback', async () => {
  const api = createSslcommerzApi({
    baseUrl: fixture.required('SSLCOMMERZ_SANDBOX_URL'),
    storeId: fixture.required('SSLCOMMERZ_TEST_STORE_ID'),
    storePassword: fixture.required('SSLCOMMERZ_TEST_STORE_PASSWORD'),
    timeoutMs: 5_000,
  });
  const captured = async () => {
    const request = fixture.sessionRequest();
    const session = await api.initiateSession(request);
    const done = await control<{ bankTranId: string }>(
      'sslcommerz',
      'POST',
      `/__simulator/sessions/${session.sessionKey}/complete`,
      { outcome: 'VALID' },
    );
    return { reference: request.reference, bankTranId: done.bankTranId };
  };
  const plain = await captured();
  const twice = await captured();
  const chargedBack = await captured();
  await control('sslcommerz', 'PUT', '/__simulator/faults', {
    tranId: twice.reference,
    faults: { settlementDuplicate: true },
  });
  await control('sslcommerz', 'PUT', '/__simulator/faults', {
    tranId: chargedBack.reference,
    faults: { settlementChargeback: true },
  });
  const refund = await api.initiateRefund({
    gatewayTransactionId: plain.bankTranId,
    refundReference: 'rf_import_plain',
    amountMinor: 1_000,
    currency: 'BDT',
    remarks: 'Returned',
  });

  const { format, lines } = await importedLines('sslcommerz', 'sslcommerz');
  expect(format).toBe('sslcommerz-csv');
  keysAreDistinct(lines);
  const of = (reference: string) => lines.filter((l) => l.reference === reference);
  expect(of(plain.reference)).toEqual([
    expect.objectContaining({
      gatewayTransactionId: plain.bankTranId,
      type: 'PAYMENT',
      grossMinor: 5_000,
      feeMinor: 125,
      netMinor: 4_875,
      settlementDate: settlementDay,
    }),
  ]);
  expect(of('rf_import_plain')).toEqual([
    expect.objectContaining({
      gatewayTransactionId: refund.gatewayRefundId,
      type: 'REFUND',
      grossMinor: -1_000,
    }),
  ]);
  expect(of(twice.reference).map((l) => l.type)).toEqual(['PAYMENT', 'PAYMENT']);
  expect(of(chargedBack.reference).map((l) => [l.type, l.grossMinor])).toEqual([
    ['PAYMENT', 5_000],
    ['CHARGEBACK', -5_000],
  ]);
});

it('reads the bKash simulator XLSX report with its fee and batch', async () => {
  const { request, transaction } = await fixture.bkashPaid(100_000);

  const { format, lines } = await importedLines('bkash', 'bkash');
  expect(format).toBe('bkash-xlsx');
  keysAreDistinct(lines);
  // 1000.00 × 1.85 % = 18.50.
  expect(lines.filter((l) => l.reference === request.reference)).toEqual([
    expect.objectContaining({
      gatewayTransactionId: transaction.gatewayTransactionId,
      type: 'PAYMENT',
      grossMinor: 100_000,
      feeMinor: 1_850,
      netMinor: 98_150,
      settlementDate: settlementDay,
      payoutBatch: `BK${settlementDay.replace(/-/g, '')}001`,
    }),
  ]);
});

it('reads the Nagad simulator report, our reference given back from its orderId', async () => {
  const gateway = fixture.nagadClient();
  const request = { ...fixture.sessionRequest(), amountMinor: 100_100 };
  const { sessionKey } = await gateway.openSession(request);
  const finished = await control<{ order: { payment: { issuerPaymentRefNo: string } } }>(
    'nagad',
    'POST',
    `/__simulator/payments/${encodeURIComponent(sessionKey)}/finish`,
    { outcome: 'Success' },
  );

  const { format, lines } = await importedLines('nagad', 'nagad');
  expect(format).toBe('nagad-csv');
  keysAreDistinct(lines);
  // 1001.00 × 1.5 % = 15.015: half-up is 15.02.
  expect(lines.filter((l) => l.reference === request.reference)).toEqual([
    expect.objectContaining({
      gatewayTransactionId: finished.order.payment.issuerPaymentRefNo,
      type: 'PAYMENT',
      grossMinor: 100_100,
      feeMinor: 1_502,
      netMinor: 98_598,
    }),
  ]);
});
