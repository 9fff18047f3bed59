import { createSweeperActivities } from '../../../activities/payments/sweeper-activities.js';
import { takePayoutBatch } from '../../../activities/payouts/payout-batch-taking.js';
import { WorkflowNotFoundError } from '@temporalio/client';
import { payoutLinesWorkflowId } from '../../../domain/payouts/payout-batch-workflow-contract.js';
import { DEFAULT_PAYOUT_TIMINGS } from '../../../domain/payouts/payout-settings.js';
import { payoutWorkflowId } from '../../../domain/payouts/payout-workflow-contract.js';
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

  /** Lines enough for many payouts in flight at once and three pages of lines, all in one chunk. */
  const LINES = 25;

  it('pays a 25-line batch through bKash once per line, after its cancel window, and completes it with a summary', async () => {
    const app = await stack.registerApp();
    const lines = Array.from({ length: LINES }, (_, i) => walletLine(i + 1));
    const created = await calls.createBatch(app.test, lines, 'batch-25');
    expect(created.status).toBe(201);
    const batch = created.body.data;
    expect(batch).toMatchObject({ status: 'SCHEDULED', lineCount: LINES, approvalsRequired: 0 });
    expect(batch.totalMinor).toBe(lines.reduce((sum, line) => sum + line.amountMinor, 0));
    expect(batch.progress).toEqual([{ status: 'NOT_CREATED', count: LINES, totalMinor: batch.totalMinor }]);
    // The same key answers the same batch and makes nothing more.
    const again = await calls.createBatch(app.test, lines, 'batch-25');
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
    expect(done.progress).toEqual([{ status: 'SUCCEEDED', count: LINES, totalMinor: batch.totalMinor }]);
    expect(done.completedAt).not.toBeNull();

    const payouts = await calls.payoutsOfBatch(batch.reference);
    expect(payouts.map((p) => p.line_number)).toEqual(lines.map((_, i) => i + 1));
    expect(new Set(payouts.map((p) => p.reference)).size).toBe(LINES);
    // The rail paid each line's payout once, asked once.
    const { transfers } = await stack.gatewaySimulators.control<{
      transfers: Array<{ merchantInvoiceNumber: string; requests: number }>;
    }>('bkash-disbursement', 'GET', '/__simulator/transfers');
    const ours = transfers.filter((t) => payouts.some((p) => p.reference === t.merchantInvoiceNumber));
    expect(ours).toHaveLength(LINES);
    expect(ours.every((t) => t.requests === 1)).toBe(true);
    // One workflow carried the chunk's lines; no line had a workflow of its own. The batch reads
    // COMPLETED from the chunk's last activity, before the chunk's own last workflow task: on a
    // loaded machine that task can come a while later.
    const chunk = stack.client.workflow.getHandle(payoutLinesWorkflowId(batch.reference, 0));
    await eventually(
      async () => ['COMPLETED', 'FAILED', 'TERMINATED'].includes((await chunk.describe()).status.name),
      10_000,
      "the chunk's workflow ended",
    );
    expect((await chunk.describe()).status.name).toBe('COMPLETED');
    for (const payout of payouts.slice(0, 3))
      await expect(
        stack.client.workflow.getHandle(payoutWorkflowId(payout.reference)).describe(),
      ).rejects.toBeInstanceOf(WorkflowNotFoundError);
    expect(await calls.batchEvents(batch.reference)).toEqual([
      'payout_batch.created',
      'payout_batch.completed',
    ]);

    // Lines, paginated, each with its payout.
    const page = await stack.api('GET', `/api/v1/payout-batches/${batch.reference}/lines?page=2&size=10`, {
      creds: app.test,
    });
    expect(page.body.pagination).toMatchObject({ page: 2, size: 10, totalItems: LINES, totalPages: 3 });
    expect(page.body.data.items[0]).toMatchObject({
      line: 11,
      lineReference: 'line-0011',
      status: 'SUCCEEDED',
    });
  }, 120_000);

  it('a batch the API took while Temporal was unreachable is started by the sweeper and completes', async () => {
    const app = await stack.registerApp();
    const lines = [1, 2, 3].map((n) => ({
      ...walletLine(900 + n),
      rail: 'bkash',
      currency: 'BDT',
      beneficiary: { ...walletLine(900 + n).beneficiary, type: 'BKASH_WALLET' as const },
      metadata: {},
    }));
    // Taken and committed as the API takes it; its workflow never started.
    const batch = await takePayoutBatch(
      {
        orm: stack.orm,
        timings: { ...DEFAULT_PAYOUT_TIMINGS, cancelWindowMs: 0 },
        companyTimeZone: stack.deps.config.COMPANY_TIME_ZONE,
      },
      { appId: app.app.id, mode: 'TEST' },
      lines,
      null,
      { source: 'API', uploadedBy: null, fileName: null },
    );
    await stack
      .em()
      .execute(`update payout_batches set created_at = now() - interval '2 minutes' where id = ?`, [
        batch.id,
      ]);
    const sweeper = createSweeperActivities({
      orm: stack.orm,
      temporal: { client: stack.client, taskQueue: stack.config.TEMPORAL_TASK_QUEUE },
    });

    expect((await sweeper.sweepStranded()).payoutBatchesStarted).toBeGreaterThanOrEqual(1);
    const done = await eventually(
      async () => {
        const now = await calls.readBatch(app.test, batch.reference);
        return now.status === 'COMPLETED' && now;
      },
      90_000,
      'the swept batch completed',
    );
    expect(done.progress).toEqual([{ status: 'SUCCEEDED', count: 3, totalMinor: batch.totalMinor }]);
    expect((await sweeper.sweepStranded()).payoutBatchesStarted ?? 0).toBe(0);
  }, 120_000);
});
