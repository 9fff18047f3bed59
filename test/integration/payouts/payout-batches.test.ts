import { eventually, startStack, type Stack } from '../../helpers/stack.js';
import { payoutBatchCalls, walletLine } from '../../helpers/payout-batches.js';

/** A batch through the bKash disbursement simulator to completion, on a real PostgreSQL and Temporal. */

describe('payout batches', () => {
  let stack: Stack;
  let calls: ReturnType<typeof payoutBatchCalls>;
  /** makePayoutBatchLines answers as if its answer was lost, once per batch: the retry must find the payouts it made. */
  const lostAnswers = new Set<number>();

  beforeAll(async () => {
    stack = await startStack({
      configOverrides: { PAYOUT_CANCEL_WINDOW_SECONDS: '2' },
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
    calls = payoutBatchCalls(stack);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('pays a 50-line batch through bKash once per line, after its cancel window, and completes it with a summary', async () => {
    const app = await stack.registerApp();
    const lines = Array.from({ length: 50 }, (_, i) => walletLine(i + 1));
    const created = await calls.createBatch(app.test, lines, 'batch-50');
    expect(created.status).toBe(201);
    const batch = created.body.data;
    expect(batch).toMatchObject({ status: 'SCHEDULED', lineCount: 50, approvalsRequired: 0 });
    expect(batch.totalMinor).toBe(lines.reduce((sum, line) => sum + line.amountMinor, 0));
    expect(batch.progress).toEqual([{ status: 'NOT_CREATED', count: 50, totalMinor: batch.totalMinor }]);
    // The same key answers the same batch and makes nothing more.
    const again = await calls.createBatch(app.test, lines, 'batch-50');
    expect(again.body.data.reference).toBe(batch.reference);
    // Within the cancel window no line's payout exists.
    expect(await calls.payoutsOfBatch(batch.reference)).toHaveLength(0);

    const done = await eventually(
      async () => {
        const now = await calls.readBatch(app.test, batch.reference);
        return now.status === 'COMPLETED' && now;
      },
      90_000,
      'the batch completed',
    );
    expect(done.progress).toEqual([{ status: 'SUCCEEDED', count: 50, totalMinor: batch.totalMinor }]);
    expect(done.completedAt).not.toBeNull();

    const payouts = await calls.payoutsOfBatch(batch.reference);
    expect(payouts.map((p) => p.line_number)).toEqual(lines.map((_, i) => i + 1));
    expect(new Set(payouts.map((p) => p.reference)).size).toBe(50);
    // The rail paid each line's payout once, asked once.
    const { transfers } = await stack.gatewaySimulators.control<{
      transfers: Array<{ merchantInvoiceNumber: string; requests: number }>;
    }>('bkash-disbursement', 'GET', '/__simulator/transfers');
    const ours = transfers.filter((t) => payouts.some((p) => p.reference === t.merchantInvoiceNumber));
    expect(ours).toHaveLength(50);
    expect(ours.every((t) => t.requests === 1)).toBe(true);
    expect(await calls.batchEvents(batch.reference)).toEqual([
      'payout_batch.created',
      'payout_batch.completed',
    ]);

    // Lines, paginated, each with its payout.
    const page = await stack.api('GET', `/api/v1/payout-batches/${batch.reference}/lines?page=2&size=20`, {
      creds: app.test,
    });
    expect(page.body.pagination).toMatchObject({ page: 2, size: 20, totalItems: 50, totalPages: 3 });
    expect(page.body.data.items[0]).toMatchObject({
      line: 21,
      lineReference: 'line-0021',
      status: 'SUCCEEDED',
    });
  }, 120_000);
});
