import { Readable } from 'node:stream';
import { defaultPayloadConverter } from '@temporalio/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { importSettlementReport } from '../../../activities/reconciliation/settlement-imports.js';
import { postJournalEntries } from '../../../db/ledger/ledger.js';
import { paymentCandidates } from '../../../db/reconciliation/recon-candidates.js';
import { newPaymentReference } from '../../../domain/shared/ids.js';
import { captureEntries } from '../../../domain/ledger/ledger.js';
import type { Mode } from '../../../domain/shared/mode.js';
import { workflowIds } from '../../../domain/shared/workflow-ids.js';
import { scratchDatabase } from '../../helpers/scratch-database.js';
import { uniqueSettlementDay } from '../../helpers/settlement-days.js';
import { eventually, startStack, type Stack } from '../../helpers/stack.js';
import { searchAttributes } from '../../../platform/temporal/search-attributes.js';

const GATEWAY = 'sslcommerz';

/** A canonical settlement report of one PAYMENT line per row, imported as the dashboard would. */
async function importReport(
  stack: Stack,
  mode: Mode,
  rows: Array<{ transactionId: string; grossMinor: number; feeMinor: number; date: string }>,
) {
  const csv = [
    'gateway_transaction_id,reference,type,currency,gross_minor,fee_minor,net_minor,settlement_date,payout_batch',
    ...rows.map(
      (r) =>
        `${r.transactionId},,PAYMENT,BDT,${r.grossMinor},${r.feeMinor},${r.grossMinor - r.feeMinor},${r.date},S-1`,
    ),
    '',
  ].join('\n');
  return importSettlementReport(stack.em(), {
    gateway: GATEWAY,
    mode,
    fileName: `settlement-${mode}.csv`,
    stream: Readable.from([csv]),
    importedBy: null,
    layout: 'canonical',
  });
}

/**
 * A gateway's sandbox and its live account may report the same transaction id, date, batch and
 * amount: those are two lines, each settling its own mode's payment.
 */
describe('the same settlement line in TEST and in LIVE', () => {
  let stack: Stack;
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  // A database of its own: the LIVE payment below is written into it directly.
  beforeAll(async () => {
    scratch = await scratchDatabase();
    stack = await startStack({ databaseUrl: scratch.url });
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    await scratch?.drop();
  });

  /** A LIVE payment captured with the same gateway transaction id, amount and fee as `reference`. */
  async function liveTwinOf(em: EntityManager, reference: string): Promise<string> {
    const twin = newPaymentReference();
    const columns = (
      await em.execute<Array<{ column_name: string }>>(
        `select column_name from information_schema.columns
          where table_schema = current_schema() and table_name = 'payments'
            and column_name not in ('id', 'reference', 'mode', 'idempotency_key', 'order_id')
            and is_generated = 'NEVER'`,
      )
    ).map((c) => c.column_name);
    const list = columns.join(', ');
    await em.execute(
      `insert into payments (reference, mode, ${list}) select ?, 'LIVE', ${list} from payments where reference = ?`,
      [twin, reference],
    );
    return twin;
  }

  it('stores two lines that each settle their own payment, and each day closes', async () => {
    const app = await stack.registerApp();
    const paid = await stack.paidPayment(app.test);
    const [test] = await paymentCandidates(
      stack.em(),
      { gateway: GATEWAY, mode: 'TEST' },
      { transactionIds: [], references: [paid.reference] },
    );
    const liveReference = await liveTwinOf(stack.em(), paid.reference);
    await stack.em().transactional((tx) =>
      postJournalEntries(
        tx,
        captureEntries({
          paymentReference: liveReference,
          appId: String(app.app.id),
          mode: 'LIVE',
          gateway: GATEWAY,
          currency: 'BDT',
          amountMinor: test!.amountMinor,
          feeMinor: test!.feeBookedMinor,
        }),
      ),
    );

    const date = uniqueSettlementDay(2013);
    // The gateway's transaction id alone names the payment (no reference): the mode tells them apart.
    const row = {
      transactionId: test!.gatewayTransactionId!,
      grossMinor: test!.amountMinor,
      feeMinor: test!.feeBookedMinor,
      date,
    };
    expect(await importReport(stack, 'TEST', [row])).toMatchObject({
      created: true,
      lines: 1,
      storedLines: 1,
    });
    expect(await importReport(stack, 'LIVE', [row])).toMatchObject({
      created: true,
      lines: 1,
      storedLines: 1,
    });

    const lines = await stack
      .em()
      .execute<Array<{ mode: string; line_key: string }>>(
        `select mode, line_key from settlement_lines where gateway = ? and settlement_date = ?::date order by mode`,
        [GATEWAY, date],
      );
    expect(lines.map((l) => l.mode)).toEqual(['LIVE', 'TEST']);
    expect(lines[0]!.line_key).not.toBe(lines[1]!.line_key);

    for (const mode of ['TEST', 'LIVE'] as const) {
      await stack.deps.orchestrator.startReconciliations({ gateway: GATEWAY, mode, dates: [date] });
    }
    for (const mode of ['TEST', 'LIVE'] as const) {
      const handle = stack.client.workflow.getHandle(workflowIds.reconciliation(GATEWAY, mode, date));
      expect(await handle.result()).toEqual({ status: 'CLOSED' });
    }

    const settled = await stack
      .em()
      .execute<Array<{ mode: string; matched: string; source: string; payment: string; entry_mode: string }>>(
        `select l.mode, r.matched_count as matched, e.source_id as source, p.reference as payment,
              e.mode as entry_mode
         from settlement_lines l
         join recon_matches m on m.line_id = l.id
         join recon_runs r on r.id = m.run_id
         join payments p on p.id = m.payment_id
         join journal_entries e on e.id = m.settlement_entry_id
        where l.gateway = ? and l.settlement_date = ?::date order by l.mode`,
        [GATEWAY, date],
      );
    expect(settled).toEqual([
      { mode: 'LIVE', matched: 1, source: lines[0]!.line_key, payment: liveReference, entry_mode: 'LIVE' },
      { mode: 'TEST', matched: 1, source: lines[1]!.line_key, payment: paid.reference, entry_mode: 'TEST' },
    ]);
  }, 180_000);
});

describe("a deployment's reconciliation settings", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      configOverrides: {
        RECON_GRACE_DAYS: '1,sslcommerz:3',
        RECON_FEE_TOLERANCE_MINOR: '100,sslcommerz:600',
      },
    });
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it("apply to the gateway's days, whose input names the day alone: a fee 500 off is corrected, not an exception", async () => {
    const app = await stack.registerApp();
    const paid = await stack.paidPayment(app.test);
    const [payment] = await paymentCandidates(
      stack.em(),
      { gateway: GATEWAY, mode: 'TEST' },
      { transactionIds: [], references: [paid.reference] },
    );
    const date = uniqueSettlementDay(2013);
    await importReport(stack, 'TEST', [
      {
        transactionId: payment!.gatewayTransactionId!,
        grossMinor: payment!.amountMinor,
        feeMinor: payment!.feeBookedMinor + 500,
        date,
      },
    ]);
    const [workflowId] = await stack.deps.orchestrator.startReconciliations({
      gateway: GATEWAY,
      mode: 'TEST',
      dates: [date],
    });
    const handle = stack.client.workflow.getHandle(workflowId!);
    // Within the tolerance: matched with its fee difference posted, so the day closes by itself.
    expect(await handle.result()).toEqual({ status: 'CLOSED' });
    const [match] = await stack
      .em()
      .execute<Array<{ fee_difference_minor: string; fee_entry: string | null }>>(
        `select m.fee_difference_minor, m.fee_adjustment_entry_id as fee_entry from recon_matches m
         where m.payment_id = ?`,
        [payment!.id],
      );
    expect(Number(match!.fee_difference_minor)).toBe(500);
    expect(match!.fee_entry).not.toBeNull();

    const history = await handle.fetchHistory();
    const started = history.events![0]!.workflowExecutionStartedEventAttributes!;
    const [input] = started.input!.payloads!.map((p) => defaultPayloadConverter.fromPayload(p));
    // The settings are the deployment's, read by the activities: none travels with the day.
    expect(input).toEqual({ gateway: GATEWAY, mode: 'TEST', settlementDate: date });
  }, 120_000);
});

describe('a payment captured after its settlement day was reconciled', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  const runOf = async (date: string) => {
    const [run] = await stack
      .em()
      .execute<Array<{ matched_count: number; open_exception_count: number; status: string }>>(
        `select matched_count, open_exception_count, status from recon_runs
          where gateway = ? and mode = 'TEST' and settlement_date = ?::date`,
        [GATEWAY, date],
      );
    return run ?? null;
  };

  it("matches the day's line at once when the capture is booked, without the day being started again", async () => {
    const app = await stack.registerApp();
    // The fee the gateway keeps of this amount, as a payment already paid shows it.
    const sample = await stack.paidPayment(app.test);
    const [booked] = await paymentCandidates(
      stack.em(),
      { gateway: GATEWAY, mode: 'TEST' },
      { transactionIds: [], references: [sample.reference] },
    );
    const late = await stack.createPayment(app.test);
    await stack.openCheckout(late.reference);

    // The gateway reports the payment settled before we heard it succeeded: a line we cannot match.
    const date = uniqueSettlementDay(2013);
    const csv = [
      'gateway_transaction_id,reference,type,currency,gross_minor,fee_minor,net_minor,settlement_date,payout_batch',
      `LATE-${late.reference.slice(-8)},${late.reference},PAYMENT,BDT,${booked!.amountMinor},${booked!.feeBookedMinor},${
        booked!.amountMinor - booked!.feeBookedMinor
      },${date},S-9`,
      '',
    ].join('\n');
    await importSettlementReport(stack.em(), {
      gateway: GATEWAY,
      mode: 'TEST',
      fileName: 'early.csv',
      stream: Readable.from([csv]),
      importedBy: null,
      layout: 'canonical',
    });
    const [workflowId] = await stack.deps.orchestrator.startReconciliations({
      gateway: GATEWAY,
      mode: 'TEST',
      dates: [date],
    });
    const handle = stack.client.workflow.getHandle(workflowId!);
    await eventually(
      async () =>
        (await handle.describe()).typedSearchAttributes.get(searchAttributes.ReconStatus) === 'OPEN',
      30_000,
      'the day open with its unknown line',
    );
    expect(await runOf(date)).toMatchObject({ matched_count: 0, open_exception_count: 1, status: 'OPEN' });
    const [unknown] = await stack.em().execute<Array<{ kind: string; status: string }>>(
      `select e.kind, e.status from recon_exceptions e join recon_runs r on r.id = e.run_id
          where r.gateway = ? and r.mode = 'TEST' and r.settlement_date = ?::date`,
      [GATEWAY, date],
    );
    expect(unknown).toEqual({ kind: 'UNKNOWN_LINE', status: 'OPEN' });

    // The customer's payment goes through now: its capture tells the day, which matches and closes
    // (its next daily re-match is a day away).
    await stack.completeAtGateway(late.reference, 'VALID');
    expect(await handle.result()).toEqual({ status: 'CLOSED' });
    expect(await runOf(date)).toMatchObject({ matched_count: 1, open_exception_count: 0, status: 'CLOSED' });
    const exceptions = await stack
      .em()
      .execute<Array<{ kind: string; status: string; action: string | null }>>(
        `select e.kind, e.status, e.action from recon_exceptions e join recon_runs r on r.id = e.run_id
          where r.gateway = ? and r.mode = 'TEST' and r.settlement_date = ?::date`,
        [GATEWAY, date],
      );
    expect(exceptions).toEqual([{ kind: 'UNKNOWN_LINE', status: 'RESOLVED', action: 'AUTO' }]);
    const signals = (await handle.fetchHistory()).events!.filter(
      (e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'rematch',
    );
    expect(
      signals.map((e) =>
        defaultPayloadConverter.fromPayload(e.workflowExecutionSignaledEventAttributes!.input!.payloads![0]!),
      ),
    ).toEqual([{ reason: 'settlement lines imported' }, { reason: 'a payment was captured' }]);
  }, 180_000);

  it("matches the day's refund line at once when the refund succeeds", async () => {
    const app = await stack.registerApp();
    const paid = await stack.paidPayment(app.test);
    // The bank takes a while: the refund reads processing, then refunded.
    await stack.setFaults({ refundSettlesAfterMs: 8_000 }, paid.reference);
    const asked = await stack.api('POST', `/api/v1/payments/${paid.reference}/refunds`, {
      creds: app.test,
      body: { amountMinor: 4_000, reason: 'damaged item' },
    });
    expect([asked.status, asked.body.data.status]).toEqual([201, 'PROCESSING']);
    const refund = asked.body.data as { reference: string };

    const date = uniqueSettlementDay(2013);
    const csv = [
      'gateway_transaction_id,reference,type,currency,gross_minor,fee_minor,net_minor,settlement_date,payout_batch',
      `RFX-${refund.reference.slice(-8)},${refund.reference},REFUND,BDT,-4000,0,-4000,${date},S-10`,
      '',
    ].join('\n');
    await importSettlementReport(stack.em(), {
      gateway: GATEWAY,
      mode: 'TEST',
      fileName: 'early-refund.csv',
      stream: Readable.from([csv]),
      importedBy: null,
      layout: 'canonical',
    });
    const [workflowId] = await stack.deps.orchestrator.startReconciliations({
      gateway: GATEWAY,
      mode: 'TEST',
      dates: [date],
    });
    const handle = stack.client.workflow.getHandle(workflowId!);
    await eventually(
      async () => (await runOf(date))?.open_exception_count === 1,
      30_000,
      'the day open with its unknown line',
    );
    // The day matched while the refund was still with the bank.
    const read = await stack.api('GET', `/api/v1/refunds/${refund.reference}`, { creds: app.test });
    expect(read.body.data.status).toBe('PROCESSING');

    expect(await handle.result()).toEqual({ status: 'CLOSED' });
    expect(await runOf(date)).toMatchObject({ matched_count: 1, open_exception_count: 0, status: 'CLOSED' });
    const signals = (await handle.fetchHistory()).events!.filter(
      (e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'rematch',
    );
    expect(
      signals.map((e) =>
        defaultPayloadConverter.fromPayload(e.workflowExecutionSignaledEventAttributes!.input!.payloads![0]!),
      ),
    ).toEqual([{ reason: 'settlement lines imported' }, { reason: 'a refund succeeded' }]);
  }, 180_000);
});
