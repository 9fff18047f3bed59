import Stripe from 'stripe';
import { ledgerLinesForSource } from '../../../db/ledger/ledger.js';
import {
  disputeRecheckScheduleId,
  ensureDisputeRecheckSchedule,
} from '../../../activities/disputes/dispute-recheck-schedule.js';
import type { DisputeRecheckResult } from '../../../workflows/disputes/dispute-recheck.js';
import { expectDeliveredOnce, startGatewayE2E, type GatewayE2E } from '../../helpers/gateway-e2e.js';

/**
 * An open Stripe dispute whose closing notice never arrives is asked about again: the recheck
 * workflow (run by its schedule) retrieves it through the SDK and records what Stripe says, with
 * its ledger entry and webhook, once however often it runs.
 */
describe('open disputes asked about again', () => {
  let e2e: GatewayE2E;
  const AMOUNT = 3100;

  beforeAll(async () => {
    e2e = await startGatewayE2E('stripe', { payment: { currency: 'USD', amountMinor: AMOUNT } });
  });
  afterAll(() => e2e?.close());

  type Delivery = { status: number | null };
  let run = 0;
  const recheck = (quietSeconds?: number) =>
    e2e.stack.client.workflow.execute('disputeRecheckWorkflow', {
      workflowId: `dispute-rechecks-test-${Date.now()}-${++run}`,
      taskQueue: e2e.stack.config.TEMPORAL_TASK_QUEUE,
      args: [quietSeconds === undefined ? {} : { quietSeconds }],
    }) as Promise<DisputeRecheckResult>;
  const disputesOf = async (reference: string) =>
    (await e2e.readPayment(reference)).disputes as Array<Record<string, any>>;

  it('a dispute closed at Stripe whose closing event was lost closes here, once', async () => {
    const payment = await e2e.createPayment();
    await e2e.payAtGateway(payment.reference, 'pay');
    const paymentIntent = (await e2e.waitForStatus(payment.reference, 'SUCCEEDED'))
      .gatewayTransactionId as string;
    const opened = await e2e.control<{ dispute: { id: string }; deliveries: Delivery[] }>(
      'POST',
      '/__simulator/disputes',
      { payment_intent: paymentIntent },
    );
    expect(opened.deliveries.map((d) => d.status)).toEqual([200]);
    const [dispute] = await disputesOf(payment.reference);
    expect(dispute).toMatchObject({ status: 'OPEN' });

    // Stripe decides the dispute, and its charge.dispute.closed never reaches us.
    await e2e.control('PUT', '/__simulator/faults', {
      reference: payment.reference,
      faults: { eventDelivery: 'none' },
    });
    const closed = await e2e.control<{ deliveries: Delivery[] }>(
      'POST',
      `/__simulator/disputes/${opened.dispute.id}/close`,
      { status: 'won' },
    );
    expect(closed.deliveries).toEqual([]);
    expect((await disputesOf(payment.reference)).map((d) => d.status)).toEqual(['OPEN']);

    // Heard of moments ago: a run leaves it for now.
    await recheck();
    expect((await disputesOf(payment.reference)).map((d) => d.status)).toEqual(['OPEN']);

    // Once it has been quiet long enough, Stripe is asked and its answer recorded.
    const first = await recheck(0);
    expect(first.changed).toBeGreaterThanOrEqual(1);
    expect(await disputesOf(payment.reference)).toEqual([
      expect.objectContaining({ reference: dispute!.reference, status: 'WON', closedAt: expect.any(String) }),
    ]);
    const kinds = async () =>
      (await ledgerLinesForSource(e2e.stack.em(), 'dispute', dispute!.reference)).map((l) => l.kind);
    expect(await kinds()).toEqual([
      'DISPUTE',
      'DISPUTE',
      'DISPUTE_FEE',
      'DISPUTE_FEE',
      'DISPUTE_REVERSAL',
      'DISPUTE_REVERSAL',
    ]);
    const won = await expectDeliveredOnce(e2e, 'dispute.won', dispute!.reference);
    expect(won.data).toMatchObject({ reference: dispute!.reference, status: 'WON' });

    // Closed, it is asked about no more; nothing is posted or announced twice.
    await recheck(0);
    expect((await disputesOf(payment.reference)).map((d) => d.status)).toEqual(['WON']);
    expect(await kinds()).toHaveLength(6);
    await expectDeliveredOnce(e2e, 'dispute.won', dispute!.reference);
  });

  const parkedOf = async (paymentIntent: string) =>
    e2e.stack
      .em()
      .execute<
        Array<{ event_type: string; applied_at: string | null; dispute_id: string | null; mode: string }>
      >(
        `select event_type, applied_at, dispute_id, mode from parked_dispute_notices where gateway_transaction_id = ?`,
        [paymentIntent],
      );

  it('a dispute notice that arrives before its payment is known is kept, answered 2xx, and becomes the dispute once the payment is', async () => {
    const payment = await e2e.createPayment();
    await e2e.openCheckout(payment.reference);
    const session = await e2e.control<{ id: string }>(
      'GET',
      `/__simulator/sessions/by-reference/${payment.reference}`,
    );
    // Stripe's events of this payment are held back, then sent the dispute's first.
    await e2e.control('PUT', '/__simulator/faults', {
      reference: payment.reference,
      faults: { eventDelivery: 'held' },
    });
    const completed = await e2e.control<{ session: { payment_intent: { id: string } } }>(
      'POST',
      `/__simulator/sessions/${session.id}/complete`,
      { choice: 'pay' },
    );
    const paymentIntent = completed.session.payment_intent.id;
    const opened = await e2e.control<{ dispute: { id: string }; deliveries: Delivery[] }>(
      'POST',
      '/__simulator/disputes',
      { payment_intent: paymentIntent },
    );
    expect(opened.deliveries).toEqual([]);
    const released = await e2e.control<{ deliveries: Delivery[] }>('POST', '/__simulator/events/release', {
      order: 'reverse',
    });
    expect(released.deliveries.map((d) => d.status).every((status) => status === 200)).toBe(true);
    expect(await parkedOf(paymentIntent)).toEqual([
      expect.objectContaining({ event_type: 'charge.dispute.created', applied_at: null, mode: 'TEST' }),
    ]);
    await e2e.waitForStatus(payment.reference, 'SUCCEEDED');
    expect(await disputesOf(payment.reference)).toEqual([]);
    // Finance sees what waits.
    const finance = await e2e.financeSession();
    const notices = async (waiting: boolean) =>
      (
        (await finance.call('GET', `/api/v1/admin/settlements/dispute-notices?waiting=${waiting}`)).body.data
          .items as Array<Record<string, unknown>>
      ).filter((n) => n.gatewayTransactionId === paymentIntent);
    expect(await notices(true)).toEqual([
      expect.objectContaining({
        gatewayDisputeId: opened.dispute.id,
        eventType: 'charge.dispute.created',
        amountMinor: AMOUNT,
        currency: 'USD',
        appliedAt: null,
      }),
    ]);

    // The next run finds the payment that took the PaymentIntent, and asks Stripe about the dispute.
    const run1 = await recheck();
    expect(run1.applied).toBeGreaterThanOrEqual(1);
    const [dispute] = await disputesOf(payment.reference);
    expect(dispute).toMatchObject({
      status: 'OPEN',
      gatewayDisputeId: opened.dispute.id,
      amountMinor: AMOUNT,
    });
    expect(await parkedOf(paymentIntent)).toEqual([
      expect.objectContaining({ applied_at: expect.anything(), dispute_id: expect.anything() }),
    ]);
    await expectDeliveredOnce(e2e, 'dispute.created', dispute!.reference);
    expect(await notices(true)).toEqual([]);
    expect(await notices(false)).toEqual([expect.objectContaining({ disputeReference: dispute!.reference })]);
    await recheck();
    expect(
      (await ledgerLinesForSource(e2e.stack.em(), 'dispute', dispute!.reference)).map((l) => l.kind),
    ).toEqual(['DISPUTE', 'DISPUTE', 'DISPUTE_FEE', 'DISPUTE_FEE']);
  });

  it('a dispute notice about an unknown PaymentIntent that no account of ours signed is refused and kept nowhere', async () => {
    const rawBody = JSON.stringify({
      id: 'evt_forged_dispute',
      object: 'event',
      type: 'charge.dispute.created',
      data: { object: { id: 'du_forged', object: 'dispute', payment_intent: 'pi_nobodyknows', amount: 100 } },
    });
    const signature = new Stripe('sk_test_forger').webhooks.generateTestHeaderString({
      payload: rawBody,
      secret: 'whsec_not_one_of_ours',
    });
    const response = await e2e.stack.api('POST', '/api/v1/gateways/stripe/ipn', {
      rawBody,
      headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signature },
    });
    expect(response.status).toBe(400);
    expect(response.body.meta).toMatchObject({ errorCode: 'CALLBACK_REJECTED' });
    expect(await parkedOf('pi_nobodyknows')).toEqual([]);
  });

  it('runs on a schedule every worker ensures, once', async () => {
    const taskQueue = e2e.stack.config.TEMPORAL_TASK_QUEUE;
    await ensureDisputeRecheckSchedule(e2e.stack.client, taskQueue, 7200);
    await ensureDisputeRecheckSchedule(e2e.stack.client, taskQueue, 3600);
    const handle = e2e.stack.client.schedule.getHandle(disputeRecheckScheduleId(taskQueue));
    try {
      const described = await handle.describe();
      expect(described.action).toMatchObject({
        type: 'startWorkflow',
        workflowType: 'disputeRecheckWorkflow',
        taskQueue,
      });
      expect(described.spec.intervals).toEqual([expect.objectContaining({ every: 3_600_000 })]);
    } finally {
      await handle.delete();
    }
  });
});
