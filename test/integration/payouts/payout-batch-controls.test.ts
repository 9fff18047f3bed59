import { setPayoutRules } from '../../../db/payouts/payout-rules.js';
import { payoutBatchCalls, walletLine } from '../../helpers/payout-batches.js';
import { eventually, startStack, type Stack } from '../../helpers/stack.js';

/** A batch's controls: its cancel window, its lines' validation, and its approval by its whole total. */

const WINDOW_SECONDS = 5;

describe('payout batch controls', () => {
  let stack: Stack;
  let calls: ReturnType<typeof payoutBatchCalls>;

  beforeAll(async () => {
    // Long enough that a busy machine still cancels inside it.
    stack = await startStack({ configOverrides: { PAYOUT_CANCEL_WINDOW_SECONDS: String(WINDOW_SECONDS) } });
    calls = payoutBatchCalls(stack);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('cancels a batch inside its cancel window: no line is ever made or sent; after the window it cannot be cancelled', async () => {
    const app = await stack.registerApp();
    const created = await calls.createBatch(app.test, [walletLine(1), walletLine(2)]);
    const reference = created.body.data.reference as string;
    const cancelled = await stack.api('POST', `/api/v1/payout-batches/${reference}/cancel`, {
      creds: app.test,
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.data).toMatchObject({ status: 'CANCELLED', cancelledBy: 'APP' });
    // Past the window: still nothing made.
    await new Promise((resolve) => setTimeout(resolve, (WINDOW_SECONDS + 1) * 1000));
    expect(await calls.payoutsOfBatch(reference)).toHaveLength(0);
    expect((await calls.readBatch(app.test, reference)).status).toBe('CANCELLED');

    const late = (await calls.createBatch(app.test, [walletLine(3)])).body.data.reference as string;
    await eventually(
      async () => (await calls.readBatch(app.test, late)).status !== 'SCHEDULED',
      (WINDOW_SECONDS + 20) * 1000,
      'the window ended',
    );
    const refused = await stack.api('POST', `/api/v1/payout-batches/${late}/cancel`, { creds: app.test });
    expect(refused.status).toBe(409);
    expect(refused.body.meta.errorCode).toBe('PAYOUT_BATCH_NOT_CANCELLABLE');
  }, 60_000);

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
    const refused = await calls.createBatch(app.test, lines);
    expect(refused.status).toBe(422);
    expect(refused.body.meta.errorCode).toBe('PAYOUT_BATCH_LINES_INVALID');
    const issues = refused.body.meta.details.lines as Array<{
      line: number;
      errorCode: string;
      field: string;
    }>;
    expect(issues.map((i) => [i.line, i.errorCode, i.field])).toEqual([
      [2, 'LINE_INVALID', 'amountMinor'],
      [4, 'PAYOUT_AMOUNT_OUT_OF_RANGE', 'amountMinor'],
      [5, 'LINE_REFERENCE_DUPLICATE', 'lineReference'],
      [6, 'LINE_INVALID', 'beneficiary.walletNumber'],
    ]);
    const [row] = await stack
      .em()
      .execute<Array<{ n: string }>>('select count(*) as n from payout_batches where app_id = ?', [
        app.app.id,
      ]);
    expect(Number(row?.n)).toBe(0);

    const tooMany = await calls.createBatch(
      app.test,
      Array.from({ length: 5001 }, (_, i) => walletLine(i + 1)),
    );
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.meta.errorCode).toBe('VALIDATION_ERROR');
  });

  it('judges a batch by its whole total: small lines under a band still wait for an approver, and nothing is made before', async () => {
    const app = await stack.registerApp();
    await setPayoutRules(stack.em(), app.app.id, 'TEST', {
      enabled: true,
      floor: 0,
      bands: [
        { currency: 'BDT', fromMinor: 0, toMinor: 100_000, approvers: 0 },
        { currency: 'BDT', fromMinor: 100_001, toMinor: null, approvers: 1 },
      ],
    });
    // Each line alone would go without an approver; the batch's 150,000 does not.
    const lines = [1, 2, 3].map((n) => walletLine(n, 50_000));
    const single = await stack.api('POST', '/api/v1/payouts', {
      creds: app.test,
      body: { amountMinor: 50_000, beneficiary: walletLine(9).beneficiary },
    });
    expect(single.body.data.status).toBe('SCHEDULED');
    await stack.api('POST', `/api/v1/payouts/${single.body.data.reference}/cancel`, {
      creds: app.test,
      body: {},
    });

    const batch = (await calls.createBatch(app.test, lines)).body.data;
    expect(batch).toMatchObject({ status: 'WAITING_APPROVAL', approvalsRequired: 1, cancellableUntil: null });
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await calls.payoutsOfBatch(batch.reference)).toHaveLength(0);

    const finance = await stack.createOperator('FINANCE');
    const session = await stack.adminLogin(finance.email, finance.password);
    const approved = await session.call('POST', `/api/v1/admin/payout-batches/${batch.reference}/approve`, {
      body: {},
    });
    expect(approved.status).toBe(200);
    expect(approved.body.data).toMatchObject({
      status: 'SCHEDULED',
      decisions: [{ verdict: 'APPROVE', by: finance.email }],
    });
    const again = await session.call('POST', `/api/v1/admin/payout-batches/${batch.reference}/approve`, {
      body: {},
    });
    expect(again.body.meta.errorCode).toBe('PAYOUT_BATCH_NOT_WAITING_APPROVAL');

    await eventually(
      async () => (await calls.readBatch(app.test, batch.reference)).status === 'COMPLETED',
      (WINDOW_SECONDS + 45) * 1000,
      'completed',
    );
    // Each line's payout went out without waiting for approvers again: the batch's approval stands for them.
    const payouts = await calls.payoutsOfBatch(batch.reference);
    expect(payouts.map((p) => p.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
  }, 90_000);
});
