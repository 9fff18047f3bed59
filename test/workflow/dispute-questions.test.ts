import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ledgerLinesForSource } from '../../db/ledger/ledger.js';
import { workflowIds } from '../../domain/shared/workflow-ids.js';
import type { DisputeAnswer } from '../../workflows/disputes/dispute-question.js';
import type { DisputeRecheckResult } from '../../workflows/disputes/dispute-recheck.js';
import { expectDeliveredOnce, startGatewayE2E, type GatewayE2E } from '../helpers/gateway-e2e.js';
import { scratchDatabase } from '../helpers/scratch-database.js';
import { followServerTime, skipTo, startTimeSkippingServer } from '../helpers/time-skipping.js';

/**
 * A recheck pass asks about each quiet dispute in a run of its own that nobody waits on, so it
 * asks until the gateway answers: Stripe's dispute API away for three hours (skipped on the
 * time-skipping server, the simulator on its clock) delays the answer, and loses none.
 */
describe('dispute questions while the gateway is away', () => {
  let env: TestWorkflowEnvironment;
  let clock: Awaited<ReturnType<typeof followServerTime>>;
  let e2e: GatewayE2E;
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;

  // A database of its own: a pass asks about every quiet open dispute, other suites' included.
  beforeAll(async () => {
    scratch = await scratchDatabase();
    env = await startTimeSkippingServer();
    clock = await followServerTime(env);
    e2e = await startGatewayE2E('stripe', {
      payment: { currency: 'USD', amountMinor: 2700 },
      stack: { temporal: env, simulatorClock: clock.now, databaseUrl: scratch.url },
    });
  }, 120_000);
  afterAll(async () => {
    clock?.stop();
    await e2e?.close();
    await env?.teardown();
    await scratch?.drop();
  });

  let passes = 0;
  const pass = () =>
    env.client.workflow.execute('disputeRecheckWorkflow', {
      workflowId: `dispute-questions-pass-${Date.now()}-${++passes}`,
      taskQueue: e2e.stack.config.TEMPORAL_TASK_QUEUE,
      args: [{ quietSeconds: 0 }],
    }) as Promise<DisputeRecheckResult>;

  /** A paid payment with a dispute Stripe has decided, whose closing event never reached us. */
  async function decidedDispute(): Promise<{ reference: string; disputeId: number }> {
    const payment = await e2e.createPayment();
    await e2e.payAtGateway(payment.reference, 'pay');
    const paymentIntent = (await e2e.waitForStatus(payment.reference, 'SUCCEEDED')).gatewayTransactionId;
    const opened = await e2e.control<{ dispute: { id: string } }>('POST', '/__simulator/disputes', {
      payment_intent: paymentIntent,
    });
    await e2e.control('PUT', '/__simulator/faults', {
      reference: payment.reference,
      faults: { eventDelivery: 'none' },
    });
    await e2e.control('POST', `/__simulator/disputes/${opened.dispute.id}/close`, { status: 'won' });
    const [row] = await e2e.stack
      .em()
      .execute<Array<{ id: string; reference: string }>>(
        'select d.id, d.reference from disputes d where d.gateway_dispute_id = ?',
        [opened.dispute.id],
      );
    return { reference: row!.reference, disputeId: Number(row!.id) };
  }

  const statusOf = async (disputeId: number) =>
    (
      await e2e.stack
        .em()
        .execute<Array<{ status: string }>>('select status from disputes where id = ?', [disputeId])
    )[0]!.status;

  it('asks each dispute until Stripe answers, past any fixed number of tries, and a second pass starts no second question', async () => {
    const first = await decidedDispute();
    const second = await decidedDispute();
    const outageStart = await clock.sync();
    await e2e.control('PUT', '/__simulator/outages', { disputes: { forMs: 3 * 3_600_000 } });

    // The pass waits two minutes for answers, then ends; the questions go on in their own runs.
    const during = await pass();
    expect(during).toMatchObject({ checked: 0, changed: 0, failed: 0, stillAsking: 2 });
    expect([await statusOf(first.disputeId), await statusOf(second.disputeId)]).toEqual(['OPEN', 'OPEN']);
    const questionOf = (disputeId: number) =>
      env.client.workflow.getHandle(
        workflowIds.disputeQuestion(e2e.stack.config.TEMPORAL_TASK_QUEUE, { disputeId }),
      );
    const runBefore = (await questionOf(first.disputeId).describe()).runId;

    // A later pass finds both still being asked and starts nothing new.
    const again = await pass();
    expect(again).toMatchObject({ checked: 0, stillAsking: 2 });
    expect((await questionOf(first.disputeId).describe()).runId).toBe(runBefore);

    // Each question runs until Stripe is back (its tries at most half an hour apart), then
    // records its answer once.
    await skipTo(env, new Date(outageStart + 3.5 * 3_600_000), e2e.stack.workerInFlight);
    const answers = (await Promise.all([
      questionOf(first.disputeId).result(),
      questionOf(second.disputeId).result(),
    ])) as DisputeAnswer[];
    expect(answers).toEqual([
      { kind: 'RECHECK', outcome: 'CHANGED' },
      { kind: 'RECHECK', outcome: 'CHANGED' },
    ]);
    expect((await clock.sync()) - outageStart).toBeGreaterThanOrEqual(3 * 3_600_000);
    const history = await questionOf(first.disputeId).fetchHistory();
    const failedAttempts = Number(
      history.events?.find((event) => event.activityTaskStartedEventAttributes)
        ?.activityTaskStartedEventAttributes?.attempt ?? 0,
    );
    // Ten-second backoff doubling to half an hour: three hours of outage is more than 4 tries.
    expect(failedAttempts).toBeGreaterThan(4);

    for (const { reference, disputeId } of [first, second]) {
      expect(await statusOf(disputeId)).toBe('WON');
      expect((await ledgerLinesForSource(e2e.stack.em(), 'dispute', reference)).map((l) => l.kind)).toEqual([
        'DISPUTE',
        'DISPUTE',
        'DISPUTE_FEE',
        'DISPUTE_FEE',
        'DISPUTE_REVERSAL',
        'DISPUTE_REVERSAL',
      ]);
      await expectDeliveredOnce(e2e, 'dispute.won', reference);
    }

    // Closed, a pass has nothing left to ask.
    expect(await pass()).toMatchObject({ checked: 0, stillAsking: 0 });
  }, 180_000);
});
