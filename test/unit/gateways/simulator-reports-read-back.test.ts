import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openReport } from '../../../activities/reconciliation/settlement-report-lines.js';
import { createSslcommerzApi } from '../../../gateways/sslcommerz/client.js';
import { addDays, dhakaDate } from '../../../gateways/simulator-kit/settlement.js';
import type { SettlementLineDraft } from '../../../domain/reconciliation/settlements.js';
import {
  startSimulatorHostFixture,
  type SimulatorHostFixture,
} from '../../helpers/simulator-host-fixture.js';

/**
 * What each simulator publishes is what the import reads: its settlement report, read back through
 * the gateway's own layout, gives lines with our references, the gateway's ids, signed amounts,
 * fees and a second line for a transaction settled twice.
 */

let fixture: SimulatorHostFixture;
const settlementDay = addDays(dhakaDate(Date.now()), 1);

beforeAll(async () => {
  fixture = await startSimulatorHostFixture('oi-settlement-read-back-');
});

afterAll(() => fixture.close());

const required = (name: string) => fixture.required(name);

async function control<T>(name: string, method: string, route: string, body?: unknown): Promise<T> {
  const response = await fetch(`${fixture.baseUrl}/${name}${route}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status}`);
  return (await response.json()) as T;
}

async function readBack(gateway: string): Promise<SettlementLineDraft[]> {
  const response = await fetch(
    `${fixture.baseUrl}/${gateway}/__simulator/settlement-report?date=${settlementDay}`,
  );
  const file = path.join(tmpdir(), `read-back-${gateway}-${Date.now()}`);
  writeFileSync(file, Buffer.from(await response.arrayBuffer()));
  const report = await openReport(file, { gateway, mode: 'TEST' });
  const lines: SettlementLineDraft[] = [];
  for await (const line of report.lines) lines.push(line);
  await report.close();
  return lines;
}

it('SSLCOMMERZ: payments by bank_tran_id with our tran_id, refunds by refund_ref_id, a chargeback', async () => {
  const api = createSslcommerzApi({
    baseUrl: required('SSLCOMMERZ_SANDBOX_URL'),
    storeId: required('SSLCOMMERZ_TEST_STORE_ID'),
    storePassword: required('SSLCOMMERZ_TEST_STORE_PASSWORD'),
    timeoutMs: 5_000,
  });
  const request = fixture.sessionRequest();
  await control('sslcommerz', 'PUT', '/__simulator/faults', {
    tranId: request.reference,
    faults: { settlementChargeback: true, settlementDuplicate: true },
  });
  const session = await api.initiateSession(request);
  const { bankTranId } = await control<{ bankTranId: string }>(
    'sslcommerz',
    'POST',
    `/__simulator/sessions/${session.sessionKey}/complete`,
    { outcome: 'VALID' },
  );
  const refund = await api.initiateRefund({
    gatewayTransactionId: bankTranId,
    refundReference: 'rf_read_back',
    amountMinor: 1_000,
    currency: 'BDT',
    remarks: 'Returned',
  });
  const lines = await readBack('sslcommerz');
  expect(
    lines.map((l) => [l.type, l.gatewayTransactionId, l.reference, l.grossMinor, l.feeMinor, l.netMinor]),
  ).toEqual([
    ['PAYMENT', bankTranId, request.reference, 5_000, 125, 4_875],
    ['CHARGEBACK', bankTranId, request.reference, -5_000, 0, -5_000],
    ['REFUND', refund.gatewayRefundId, 'rf_read_back', -1_000, 0, -1_000],
    ['PAYMENT', bankTranId, request.reference, 5_000, 125, 4_875],
  ]);
  expect(new Set(lines.map((l) => l.lineKey)).size).toBe(4);
  expect(lines.every((l) => l.settlementDate === settlementDay && l.currency === 'BDT')).toBe(true);
});

it('bKash: the XLSX read back with trxIDs, invoice numbers and the 1.85 % fee', async () => {
  const { request, transaction: paid } = await fixture.bkashPaid(50_050);
  const lines = await readBack('bkash');
  expect(lines).toEqual([
    expect.objectContaining({
      type: 'PAYMENT',
      gatewayTransactionId: paid.gatewayTransactionId,
      reference: request.reference,
      grossMinor: 50_050,
      feeMinor: 926,
      netMinor: 49_124,
      settlementDate: settlementDay,
    }),
  ]);
});

it('Nagad: the CSV read back with issuer references and our reference from its orderId', async () => {
  const gateway = fixture.nagadClient();
  const request = { ...fixture.sessionRequest(), amountMinor: 100_100 };
  const { sessionKey } = await gateway.openSession(request);
  const finished = await control<{ order: { payment: { issuerPaymentRefNo: string } } }>(
    'nagad',
    'POST',
    `/__simulator/payments/${encodeURIComponent(sessionKey)}/finish`,
    { outcome: 'Success' },
  );
  const lines = await readBack('nagad');
  expect(lines).toEqual([
    expect.objectContaining({
      type: 'PAYMENT',
      gatewayTransactionId: finished.order.payment.issuerPaymentRefNo,
      reference: request.reference,
      grossMinor: 100_100,
      feeMinor: 1_502,
      netMinor: 98_598,
    }),
  ]);
});
