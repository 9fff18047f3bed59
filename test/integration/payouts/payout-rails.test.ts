import type { EntityManager } from '@mikro-orm/postgresql';
import { createSweeperActivities } from '../../../activities/payments/sweeper-activities.js';
import { verifyLedger } from '../../../db/ledger/ledger-verify.js';
import { insertPayout, movePayout } from '../../../db/payouts/payouts.js';
import { newPayoutReference } from '../../../domain/shared/ids.js';
import { eventually, startStack, type Credentials, type Stack } from '../../helpers/stack.js';

/**
 * Every payout rail through the app API, as `npm start` serves them: a Nagad wallet paid at once,
 * a bank account paid by NPSB at once, and by BEFTN once the bank's clearing session settles the
 * file. Each rail's simulator shows the money moved once, and the ledger verifies clean.
 */
describe('payouts on every rail', () => {
  let stack: Stack;
  let creds: Credentials;

  const createPayout = (body: Record<string, unknown>) =>
    stack.api('POST', '/api/v1/payouts', { creds, body });
  const settles = (reference: string, status: string, timeoutMs = 30_000) =>
    eventually(
      async () => {
        const payout = (await stack.api('GET', `/api/v1/payouts/${reference}`, { creds })).body.data;
        return payout.status === status ? payout : null;
      },
      timeoutMs,
      `payout ${reference} ${status}`,
    );
  const bankDebits = async (reference: string) =>
    (
      await stack.gatewaySimulators.control<{ debits: number }>(
        'bank',
        'GET',
        `/__simulator/transfers/${reference}`,
      )
    ).debits;
  const rahima = {
    type: 'BANK_ACCOUNT',
    accountNumber: '1001001001',
    accountName: 'Rahima Khatun',
    routingNumber: '010261234',
  };

  beforeAll(async () => {
    stack = await startStack({ configOverrides: { PAYOUT_CANCEL_WINDOW_SECONDS: '0' } });
    creds = (await stack.registerApp()).test;
  });
  afterAll(() => stack.close());

  it('a Nagad wallet is paid once through Nagad disbursement', async () => {
    const created = await createPayout({
      amountMinor: 25_000,
      beneficiary: { type: 'NAGAD_WALLET', walletNumber: '01711000001' },
      narrative: 'Prize',
    });
    expect(created.status).toBe(201);
    expect(created.body.data.rail).toBe('nagad');
    const paid = await settles(created.body.data.reference, 'SUCCEEDED');
    expect(paid.amountMinor).toBe(25_000);
    const orderId = String(created.body.data.reference).replace('_', '');
    const { transfers } = await stack.gatewaySimulators.control<{
      transfers: Array<{ orderId: string; amountMinor: number }>;
    }>('nagad-disbursement', 'GET', '/__simulator/transfers');
    expect(transfers.filter((transfer) => transfer.orderId === orderId)).toEqual([
      expect.objectContaining({ amountMinor: 25_000 }),
    ]);
  });

  it('a bank account is paid by NPSB at once, by BEFTN when the clearing session settles it, and a return reopens it once', async () => {
    const instant = await createPayout({ amountMinor: 40_000, beneficiary: { ...rahima, method: 'NPSB' } });
    expect(instant.status).toBe(201);
    expect(instant.body.data.rail).toBe('bank');
    await settles(instant.body.data.reference, 'SUCCEEDED');
    expect(await bankDebits(instant.body.data.reference)).toBe(1);

    const batch = await createPayout({
      amountMinor: 60_000,
      beneficiary: rahima,
      narrative: 'Vendor bill 311',
    });
    expect(batch.status).toBe(201);
    await settles(batch.body.data.reference, 'PROCESSING');
    await stack.gatewaySimulators.control('bank', 'POST', '/__simulator/clearing/advance');
    await settles(batch.body.data.reference, 'SUCCEEDED', 40_000);
    expect(await bankDebits(batch.body.data.reference)).toBe(1);

    // The receiving bank returns the credit days later: the scheduled check reopens the payout once.
    await stack.gatewaySimulators.control('bank', 'POST', '/__simulator/returns', {
      reference: batch.body.data.reference,
      returnCode: 'R02',
    });
    const check = () =>
      stack.client.workflow.execute('payoutReturnsWorkflow', {
        taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
        workflowId: `payout-returns-${Math.random().toString(36).slice(2)}`,
        args: [],
      });
    expect(await check()).toMatchObject({ returned: 1 });
    const returned = await settles(batch.body.data.reference, 'RETURNED');
    expect(returned.failureCode).toBe('ACCOUNT_CLOSED');
    expect(await check()).toMatchObject({ returned: 0 });

    const findings = await verifyLedger(stack.em());
    expect(findings.filter((finding) => finding.breaches.length > 0)).toEqual([]);
  }, 90_000);

  it('a payout whose workflow the API could not start (Temporal unreachable after the commit) is paid by the sweeper, once', async () => {
    const app = await stack.registerApp();
    // Taken and committed as the API takes it, its workflow never started.
    const reference = newPayoutReference();
    const payout = await stack.em().transactional(async (tx) => {
      const { payout: taken } = await insertPayout(tx as EntityManager, {
        reference,
        appId: app.app.id,
        mode: 'TEST',
        rail: 'nagad',
        amountMinor: 12_300,
        currency: 'BDT',
        beneficiary: { type: 'NAGAD_WALLET', walletNumber: '01711000002', name: null },
        narrative: null,
        metadata: {},
        idempotencyKey: null,
        workflowStarted: false,
      });
      return movePayout(tx as EntityManager, taken.id, 'SCHEDULED', { sendAfter: new Date() });
    });
    await stack
      .em()
      .execute(`update payouts set created_at = now() - interval '2 minutes' where id = ?`, [payout!.id]);
    const sweeper = createSweeperActivities({
      orm: stack.orm,
      temporal: { client: stack.client, taskQueue: stack.config.TEMPORAL_TASK_QUEUE },
    });

    expect((await sweeper.sweepStranded()).payoutsStarted).toBeGreaterThanOrEqual(1);
    const paid = await eventually(
      async () => {
        const read = (await stack.api('GET', `/api/v1/payouts/${reference}`, { creds: app.test })).body.data;
        return read.status === 'SUCCEEDED' ? read : null;
      },
      30_000,
      `payout ${reference} SUCCEEDED`,
    );
    expect(paid.amountMinor).toBe(12_300);
    const [row] = await stack
      .em()
      .execute<Array<{ workflow_started: boolean }>>('select workflow_started from payouts where id = ?', [
        payout!.id,
      ]);
    expect(row!.workflow_started).toBe(true);
    // Started once: the next sweep finds nothing of it to start.
    expect((await sweeper.sweepStranded()).payoutsStarted ?? 0).toBe(0);
    // One the API started itself is marked so, for the sweeper to leave alone.
    const direct = await stack.api('POST', '/api/v1/payouts', {
      creds: app.test,
      body: { amountMinor: 4_500, beneficiary: { type: 'NAGAD_WALLET', walletNumber: '01711000003' } },
    });
    expect(direct.status).toBe(201);
    const [marked] = await stack
      .em()
      .execute<Array<{ workflow_started: boolean }>>(
        'select workflow_started from payouts where reference = ?',
        [direct.body.data.reference],
      );
    expect(marked!.workflow_started).toBe(true);
  }, 90_000);
});
