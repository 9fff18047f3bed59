import { setApprovalRules } from '../../../db/refunds/refund-policies.js';
import { eventually, startStack, type Credentials, type Stack } from '../../helpers/stack.js';

/** Batches through the bKash disbursement simulator, on a real PostgreSQL and Temporal. */

const walletLine = (n: number, amountMinor = 1000 + n) => ({
  lineReference: `line-${String(n).padStart(4, '0')}`,
  amountMinor,
  beneficiary: { type: 'BKASH_WALLET', walletNumber: `0171${String(1000000 + n).slice(-7)}`, name: `Winner ${n}` },
  narrative: 'Quiz prize',
});

describe('payout batches', () => {
  let stack: Stack;
  /** makePayoutBatchLines answers as if its answer was lost, once per batch: the retry must find the payouts it made. */
  const lostAnswers = new Set<number>();

  beforeAll(async () => {
    stack = await startStack({
      configOverrides: { PAYOUT_CANCEL_WINDOW_SECONDS: '3' },
      overrideActivities: (real) => ({
        async makePayoutBatchLines(input) {
          const made = await real.makePayoutBatchLines(input);
          if (!lostAnswers.has(input.batchId)) {
            lostAnswers.add(input.batchId);
            throw new Error('the answer was lost after the payouts were made');
          }
          return made;
        },
      }),
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  const createBatch = (creds: Credentials, lines: unknown[], key?: string) =>
    stack.api('POST', '/api/v1/payout-batches', {
      creds,
      body: { lines },
      ...(key && { headers: { 'idempotency-key': key } }),
    });
  const readBatch = async (creds: Credentials, reference: string) =>
    (await stack.api('GET', `/api/v1/payout-batches/${reference}`, { creds })).body.data;
  const payoutsOfBatch = (reference: string) =>
    stack.em().execute<Array<{ reference: string; status: string; line_number: number }>>(
      `select p.reference, p.status, l.line_number from payout_batch_lines l
         join payout_batches b on b.id = l.batch_id join payouts p on p.id = l.payout_id
        where b.reference = ? order by l.line_number`,
      [reference],
    );
  const batchEvents = async (reference: string) =>
    (
      await stack.em().execute<Array<{ type: string }>>(
        `select type from events where source_type = 'payout_batch' and source_id = ? order by created_at`,
        [reference],
      )
    ).map((row) => row.type);

  it('pays a 50-line batch through bKash once per line, after its cancel window, and completes it with a summary', async () => {
    const app = await stack.registerApp();
    const lines = Array.from({ length: 50 }, (_, i) => walletLine(i + 1));
    const created = await createBatch(app.test, lines, 'batch-50');
    expect(created.status).toBe(201);
    const batch = created.body.data;
    expect(batch).toMatchObject({ status: 'SCHEDULED', lineCount: 50, approvalsRequired: 0 });
    expect(batch.totalMinor).toBe(lines.reduce((sum, line) => sum + line.amountMinor, 0));
    expect(batch.progress).toEqual([{ status: 'NOT_CREATED', count: 50, totalMinor: batch.totalMinor }]);
    // The same key answers the same batch and makes nothing more.
    const again = await createBatch(app.test, lines, 'batch-50');
    expect(again.body.data.reference).toBe(batch.reference);
    // Within the cancel window no line's payout exists.
    expect(await payoutsOfBatch(batch.reference)).toHaveLength(0);

    const done = await eventually(
      async () => {
        const now = await readBatch(app.test, batch.reference);
        return now.status === 'COMPLETED' && now;
      },
      30_000,
      'the batch completed',
    );
    expect(done.progress).toEqual([{ status: 'SUCCEEDED', count: 50, totalMinor: batch.totalMinor }]);
    expect(done.completedAt).not.toBeNull();

    const payouts = await payoutsOfBatch(batch.reference);
    expect(payouts.map((p) => p.line_number)).toEqual(lines.map((_, i) => i + 1));
    expect(new Set(payouts.map((p) => p.reference)).size).toBe(50);
    // The rail paid each line's payout once, asked once.
    const { transfers } = await stack.gatewaySimulators.control<{
      transfers: Array<{ merchantInvoiceNumber: string; requests: number }>;
    }>('bkash-disbursement', 'GET', '/__simulator/transfers');
    const ours = transfers.filter((t) => payouts.some((p) => p.reference === t.merchantInvoiceNumber));
    expect(ours).toHaveLength(50);
    expect(ours.every((t) => t.requests === 1)).toBe(true);
    expect(await batchEvents(batch.reference)).toEqual(['payout_batch.created', 'payout_batch.completed']);

    // Lines, paginated, each with its payout.
    const page = await stack.api('GET', `/api/v1/payout-batches/${batch.reference}/lines?page=2&size=20`, { creds: app.test });
    expect(page.body.pagination).toMatchObject({ page: 2, size: 20, totalItems: 50, totalPages: 3 });
    expect(page.body.data.items[0]).toMatchObject({ line: 21, lineReference: 'line-0021', status: 'SUCCEEDED' });
  }, 40_000);

  it('cancels a batch inside its cancel window: no line is ever made or sent; after the window it cannot be cancelled', async () => {
    const app = await stack.registerApp();
    const created = await createBatch(app.test, [walletLine(1), walletLine(2)]);
    const reference = created.body.data.reference as string;
    const cancelled = await stack.api('POST', `/api/v1/payout-batches/${reference}/cancel`, { creds: app.test });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.data).toMatchObject({ status: 'CANCELLED', cancelledBy: 'APP' });
    // Past the window: still nothing made.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(await payoutsOfBatch(reference)).toHaveLength(0);
    expect((await readBatch(app.test, reference)).status).toBe('CANCELLED');

    const late = (await createBatch(app.test, [walletLine(3)])).body.data.reference as string;
    await eventually(async () => (await readBatch(app.test, late)).status !== 'SCHEDULED', 10_000, 'the window ended');
    const refused = await stack.api('POST', `/api/v1/payout-batches/${late}/cancel`, { creds: app.test });
    expect(refused.status).toBe(409);
    expect(refused.body.meta.errorCode).toBe('PAYOUT_BATCH_NOT_CANCELLABLE');
  }, 30_000);

  it('answers every invalid line with its line number and code, and creates nothing', async () => {
    const app = await stack.registerApp();
    const lines = [
      walletLine(1),
      { ...walletLine(2), amountMinor: 12.5 },
      walletLine(3),
      { ...walletLine(4), amountMinor: 9_000_000 },
      { ...walletLine(5), lineReference: 'line-0001' },
      { ...walletLine(6), beneficiary: { type: 'BKASH_WALLET', walletNumber: '12345' } },
    ];
    const refused = await createBatch(app.test, lines);
    expect(refused.status).toBe(422);
    expect(refused.body.meta.errorCode).toBe('PAYOUT_BATCH_LINES_INVALID');
    const issues = refused.body.meta.details.lines as Array<{ line: number; errorCode: string; field: string }>;
    expect(issues.map((i) => [i.line, i.errorCode, i.field])).toEqual([
      [2, 'LINE_INVALID', 'amountMinor'],
      [4, 'PAYOUT_AMOUNT_OUT_OF_RANGE', 'amountMinor'],
      [5, 'LINE_REFERENCE_DUPLICATE', 'lineReference'],
      [6, 'LINE_INVALID', 'beneficiary.walletNumber'],
    ]);
    const [row] = await stack
      .em()
      .execute<Array<{ n: string }>>('select count(*) as n from payout_batches where app_id = ?', [app.app.id]);
    expect(Number(row?.n)).toBe(0);

    const tooMany = await createBatch(app.test, Array.from({ length: 5001 }, (_, i) => walletLine(i + 1)));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.meta.errorCode).toBe('VALIDATION_ERROR');
  });

  it('judges a batch by its whole total: small lines under a band still wait for an approver, and nothing is made before', async () => {
    const app = await stack.registerApp();
    await setApprovalRules(stack.em(), app.app.id, 'TEST', [
      { fromMinor: 0, toMinor: 100_000, currency: 'BDT', gateway: null, paymentMethod: null, requester: null, approvers: 0 },
      { fromMinor: 100_001, toMinor: null, currency: 'BDT', gateway: null, paymentMethod: null, requester: null, approvers: 1 },
    ]);
    // Each line alone would go without an approver; the batch's 150,000 does not.
    const lines = [1, 2, 3].map((n) => walletLine(n, 50_000));
    const single = await stack.api('POST', '/api/v1/payouts', {
      creds: app.test,
      body: { amountMinor: 50_000, beneficiary: walletLine(9).beneficiary },
    });
    expect(single.body.data.status).toBe('SCHEDULED');
    await stack.api('POST', `/api/v1/payouts/${single.body.data.reference}/cancel`, { creds: app.test, body: {} });

    const batch = (await createBatch(app.test, lines)).body.data;
    expect(batch).toMatchObject({ status: 'WAITING_APPROVAL', approvalsRequired: 1, cancellableUntil: null });
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(await payoutsOfBatch(batch.reference)).toHaveLength(0);

    const finance = await stack.createOperator('FINANCE');
    const session = await stack.adminLogin(finance.email, finance.password);
    const approved = await session.call('POST', `/api/v1/admin/payout-batches/${batch.reference}/approve`, { body: {} });
    expect(approved.status).toBe(200);
    expect(approved.body.data).toMatchObject({ status: 'SCHEDULED', decisions: [{ verdict: 'APPROVE', by: finance.email }] });
    const again = await session.call('POST', `/api/v1/admin/payout-batches/${batch.reference}/approve`, { body: {} });
    expect(again.body.meta.errorCode).toBe('PAYOUT_BATCH_NOT_WAITING_APPROVAL');

    await eventually(async () => (await readBatch(app.test, batch.reference)).status === 'COMPLETED', 25_000, 'completed');
    // Each line's payout went out without waiting for approvers again: the batch's approval stands for them.
    const payouts = await payoutsOfBatch(batch.reference);
    expect(payouts.map((p) => p.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
  }, 40_000);
});
