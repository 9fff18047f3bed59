/**
 * Mostly waiting: this suite waits on the spaced rechecks of returns and callbacks, so it runs in
 * the waiting slot (test/helpers/waiting-slot-runner.js).
 *
 * @test-slot waiting
 */
import { createSweeperActivities } from '../../../activities/payments/sweeper-activities.js';
import { MAX_CALLBACK_CHECKS } from '../../../domain/payments/callback-checks.js';
import { workflowIds } from '../../../domain/shared/workflow-ids.js';
import { recordHistoryFixture } from '../../helpers/history-fixtures.js';
import { eventually } from '../../helpers/eventually.js';
import {
  expectClosedWithoutMoney,
  expectDeliveredOnce,
  expectSettledOnce,
  startGatewayE2E,
  type GatewayE2E,
} from '../../helpers/gateway-e2e.js';

/**
 * No sale lost at bKash: a customer who approved is charged and the app told, whatever single
 * failure happens on the way. The real API, worker, PostgreSQL and Temporal; bKash's simulator
 * with the faults bKash shows: an execute that meets a one-off 503, a forged success return
 * before the customer's own (judged, or still being checked), and a flood of such returns, whose
 * checks past the first few are spaced, never refused.
 */
describe('bKash: no sale lost at the gateway', () => {
  let e2e: GatewayE2E;
  const AMOUNT = { amountMinor: 10000, currency: 'BDT' };
  /** bKash reports no fee: its default schedule's 1.85 % is booked. */
  const FEE = { feeMinor: 185 };

  beforeAll(async () => {
    e2e = await startGatewayE2E('bkash', { payment: { currency: 'BDT', amountMinor: AMOUNT.amountMinor } });
  });
  afterAll(() => e2e?.close());

  const paymentIdOf = (pageUrl: string) => new URL(pageUrl).searchParams.get('paymentId')!;
  const simPayment = (paymentId: string) => e2e.control('GET', `/__simulator/payments/${paymentId}`);
  const arm = (reference: string, faults: Record<string, unknown>) =>
    e2e.control('PUT', '/__simulator/faults', { merchantInvoiceNumber: reference, faults });
  /** A return anyone could send: our reference, bKash's paymentID for it, a claimed status. */
  const forgedReturn = (reference: string, paymentID: string, status = 'success') =>
    `${e2e.stack.apiUrl}/checkout/${reference}/return?` +
    new URLSearchParams({ reference, paymentID, status }).toString();
  const callbackRows = (reference: string) =>
    e2e.stack.em().execute<
      Array<{
        id: string;
        outcome: string | null;
        times_received: number;
        hand_overs: number;
        checks: number;
        returned_while_checking: boolean;
      }>
    >(
      `select id, outcome, times_received, hand_overs, checks, returned_while_checking
         from gateway_callbacks where reference = ? order by id`,
      [reference],
    );
  /** Once the payment's workflow has finished, its history is kept as a replay fixture (on request). */
  const keepHistory = async (reference: string, name: string) => {
    const handle = e2e.stack.client.workflow.getHandle(workflowIds.payment(reference));
    await eventually(
      async () => (await handle.describe()).status.name === 'COMPLETED',
      20_000,
      'workflow end',
    );
    await recordHistoryFixture(workflowIds.payment(reference), name);
  };
  const signalsTo = async (reference: string) => {
    const history = await e2e.stack.client.workflow.getHandle(workflowIds.payment(reference)).fetchHistory();
    return history.events!.filter((event) => event.workflowExecutionSignaledEventAttributes).length;
  };

  /** Returns the forged return `count` times, each waiting for the verdict of the check it caused. */
  const floodOfForged = async (reference: string, forged: string, count: number) => {
    for (let sent = 1; sent <= count; sent++) {
      await e2e.returnToCheckout(forged);
      await eventually(
        async () => {
          const [row] = await callbackRows(reference);
          return row?.outcome === 'UNCONFIRMED' && row.checks === sent;
        },
        20_000,
        `verdict after return ${sent}`,
      );
    }
  };
  /**
   * The spacing before the next check (30 s after the first spaced one) is held open, or ended
   * now: the test drives time instead of waiting, and does not depend on how fast this machine is.
   */
  const holdSpacing = (reference: string, open: boolean) =>
    e2e.stack.em().execute(
      `update gateway_callbacks set next_check_at = now() + ${open ? "interval '1 hour'" : "interval '0 seconds'"}
          where reference = ?`,
      [reference],
    );
  const sweep = () =>
    createSweeperActivities({
      orm: e2e.stack.orm,
      temporal: { client: e2e.stack.client, taskQueue: e2e.stack.config.TEMPORAL_TASK_QUEUE },
    }).sweepStranded();

  it('an execute that meets a one-off 503 is made again: SUCCEEDED, one capture, one payment.succeeded', async () => {
    const payment = await e2e.createPayment();
    await arm(payment.reference, { executeUnavailableOnce: true });
    const { pageUrl } = await e2e.payAtGateway(payment.reference, 'success');

    const { read } = await expectSettledOnce(e2e, payment, { ...AMOUNT, ...FEE, paymentMethod: 'bKash' });
    const atBkash = await simPayment(paymentIdOf(pageUrl));
    // The 503, then the execute that took the money: bKash executed it once.
    expect(atBkash).toMatchObject({ status: 'Completed', executeCalls: 2 });
    await keepHistory(payment.reference, 'payment-bkash-execute-unavailable-once');
    expect(read.gatewayTransactionId).toBe(atBkash.trxID);
    await expectDeliveredOnce(e2e, 'payment.succeeded', payment.reference);
    expect((await callbackRows(payment.reference)).map((row) => [row.outcome, row.checks])).toEqual([
      ['SUCCEEDED', 1],
    ]);
  });

  it("a forged success return before the customer approved does not spoil the customer's own", async () => {
    const payment = await e2e.createPayment();
    const pageUrl = await e2e.openCheckout(payment.reference);
    const paymentId = paymentIdOf(pageUrl);

    // Someone who saw the paymentID claims success first: execute is refused (2056), nothing moves.
    await e2e.returnToCheckout(forgedReturn(payment.reference, paymentId));
    const judged = await e2e.processedCallbacks(payment.reference, 1);
    expect(judged.status).toBe('PENDING');
    expect(judged.callbacks.map((c) => c.outcome)).toEqual(['UNCONFIRMED']);

    // The customer approves; their return is the same callback, and is checked again.
    const chosen = await e2e.choose(pageUrl, 'success');
    await e2e.returnToCheckout(chosen.location!);
    await expectSettledOnce(e2e, payment, { ...AMOUNT, ...FEE, paymentMethod: 'bKash' });
    await expectDeliveredOnce(e2e, 'payment.succeeded', payment.reference);
    expect(await callbackRows(payment.reference)).toEqual([
      expect.objectContaining({ outcome: 'SUCCEEDED', times_received: 2, checks: 2, hand_overs: 2 }),
    ]);
    expect(await simPayment(paymentId)).toMatchObject({ status: 'Completed', executeCalls: 2 });
    // Each check was its own hand-over.
    expect(await signalsTo(payment.reference)).toBe(2);
    await keepHistory(payment.reference, 'payment-bkash-forged-return-then-genuine');
  });

  it("the customer's return arriving while the forged one is still being checked is checked right after", async () => {
    const payment = await e2e.createPayment();
    const pageUrl = await e2e.openCheckout(payment.reference);
    const paymentId = paymentIdOf(pageUrl);
    // bKash decides each execute at once but answers it 8 s later: the forged return's check is
    // under way while the customer approves and comes back.
    await arm(payment.reference, { executeAnswerDelayMs: 8_000 });

    await e2e.returnToCheckout(forgedReturn(payment.reference, paymentId));
    await eventually(async () => (await simPayment(paymentId)).executeCalls === 1, 20_000, 'forged execute');
    const chosen = await e2e.choose(pageUrl, 'success');
    await e2e.returnToCheckout(chosen.location!);
    // Noted on the row, not handed over: the check under way is followed by another.
    const [noted] = await callbackRows(payment.reference);
    expect(noted).toMatchObject({
      outcome: null,
      times_received: 2,
      checks: 1,
      returned_while_checking: true,
    });
    // The slow answer already under way stays slow (bKash fixed its delay when the forged execute
    // came in); the customer's own check that follows it need not wait 8 s more.
    await arm(payment.reference, {});

    await expectSettledOnce(e2e, payment, { ...AMOUNT, ...FEE, paymentMethod: 'bKash' });
    await expectDeliveredOnce(e2e, 'payment.succeeded', payment.reference);
    expect(await callbackRows(payment.reference)).toEqual([
      expect.objectContaining({ outcome: 'SUCCEEDED', times_received: 2, checks: 2 }),
    ]);
    expect(await simPayment(paymentId)).toMatchObject({ status: 'Completed', executeCalls: 2 });
    // The workflow queued the second check itself: one hand-over from outside.
    expect(await signalsTo(payment.reference)).toBe(1);
    await keepHistory(payment.reference, 'payment-bkash-genuine-return-during-check');
  });

  it('a check whose hand-over was lost is handed over by the sweeper under its own number, adding no check', async () => {
    const payment = await e2e.createPayment();
    const pageUrl = await e2e.openCheckout(payment.reference);
    const paymentId = paymentIdOf(pageUrl);
    await e2e.returnToCheckout(forgedReturn(payment.reference, paymentId));
    await e2e.processedCallbacks(payment.reference, 1);
    // The customer approves and comes back; the row is reset for its second check, and then the
    // API dies before the workflow hears of it (as the row would be left).
    await e2e.choose(pageUrl, 'success');
    await e2e.stack.em().execute(
      `update gateway_callbacks
          set processed_at = null, outcome = null, outcome_reason = null, checks = 2,
              times_received = 2, hand_overs = 2, handed_over_at = now() - interval '10 minutes'
        where reference = ?`,
      [payment.reference],
    );
    await sweep();

    await expectSettledOnce(e2e, payment, { ...AMOUNT, ...FEE, paymentMethod: 'bKash' });
    expect(await callbackRows(payment.reference)).toEqual([
      expect.objectContaining({ outcome: 'SUCCEEDED', checks: 2, hand_overs: 3 }),
    ]);
    expect(await simPayment(paymentId)).toMatchObject({ status: 'Completed', executeCalls: 2 });
  });

  it.each([
    ['cancel', 'CANCELLED', 'payment.cancelled'],
    ['failure', 'FAILED', 'payment.failed'],
  ] as const)(
    'a %s that bKash keeps Initiated ends %s once the window has passed, not EXPIRED',
    async (choice, status, type) => {
      const payment = await e2e.createPayment();
      await arm(payment.reference, { cancelKeepsInitiated: true });
      await e2e.expireIn(payment.reference, 6);
      const { pageUrl, back } = await e2e.payAtGateway(payment.reference, choice);
      expect(back).toBe(`/checkout/${payment.reference}?returned=1`);

      await e2e.waitForStatus(payment.reference, status, 30_000);
      const facts = await expectClosedWithoutMoney(e2e, payment.reference, status, type);
      expect(facts.transitions).toEqual(['CREATED', 'PENDING', status]);
      expect(facts.eventTypes).toEqual([type]);
      // bKash still says Initiated: the window's end and the customer's return decided it.
      expect(await simPayment(paymentIdOf(pageUrl))).toMatchObject({ status: 'Initiated', executeCalls: 0 });
      const [change] = await e2e.stack.em().execute<Array<{ reason: string }>>(
        `select c.reason from payment_status_changes c join payments p on p.id = c.payment_id
            where p.reference = ? and c.to_status = ?`,
        [payment.reference, status],
      );
      expect(change?.reason).toMatch(/window ended with the gateway still reporting the checkout open/);
    },
  );

  it(`past ${MAX_CALLBACK_CHECKS} checks a stored return waits for the spacing: a burst is remembered once, a later arrival checked`, async () => {
    const payment = await e2e.createPayment();
    const pageUrl = await e2e.openCheckout(payment.reference);
    const paymentId = paymentIdOf(pageUrl);
    const forged = forgedReturn(payment.reference, paymentId);

    await floodOfForged(payment.reference, forged, MAX_CALLBACK_CHECKS);
    await holdSpacing(payment.reference, true);
    // A burst inside the spacing asks nothing of bKash: it is remembered on the row, once.
    await Promise.all(Array.from({ length: 10 }, () => e2e.returnToCheckout(forged)));
    expect(await callbackRows(payment.reference)).toEqual([
      expect.objectContaining({
        outcome: 'UNCONFIRMED',
        times_received: MAX_CALLBACK_CHECKS + 10,
        checks: MAX_CALLBACK_CHECKS,
        hand_overs: MAX_CALLBACK_CHECKS,
        returned_while_checking: true,
      }),
    ]);
    // Give a stray hand-over time to reach bKash: there is none.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await simPayment(paymentId)).toMatchObject({
      status: 'Initiated',
      executeCalls: MAX_CALLBACK_CHECKS,
    });

    // The spacing ends; the next arrival is checked at once (no sweep), and the one after it waits
    // twice as long.
    await holdSpacing(payment.reference, false);
    await e2e.returnToCheckout(forged);
    await eventually(
      async () => {
        const [row] = await callbackRows(payment.reference);
        return row?.outcome === 'UNCONFIRMED' && row.checks === MAX_CALLBACK_CHECKS + 1;
      },
      20_000,
      'the spaced check',
    );
    const [spaced] = await e2e.stack
      .em()
      .execute<Array<{ spacing: number; returned_while_checking: boolean }>>(
        `select extract(epoch from next_check_at - handed_over_at)::int as spacing, returned_while_checking
         from gateway_callbacks where reference = ?`,
        [payment.reference],
      );
    expect(spaced).toEqual({ spacing: 60, returned_while_checking: false });
    expect(await simPayment(paymentId)).toMatchObject({
      status: 'Initiated',
      executeCalls: MAX_CALLBACK_CHECKS + 1,
    });
    expect(await signalsTo(payment.reference)).toBe(MAX_CALLBACK_CHECKS + 1);
    expect((await e2e.readPayment(payment.reference)).status).toBe('PENDING');
  });

  it("a flood of forged returns before the customer approved does not use up the customer's own", async () => {
    const payment = await e2e.createPayment();
    const pageUrl = await e2e.openCheckout(payment.reference);
    const paymentId = paymentIdOf(pageUrl);
    const forged = forgedReturn(payment.reference, paymentId);
    const FORGED = MAX_CALLBACK_CHECKS + 2;

    // Six forged successes: the first four are checked at once (bKash refuses each execute), the
    // rest fall inside the spacing and are remembered.
    await floodOfForged(payment.reference, forged, MAX_CALLBACK_CHECKS);
    await holdSpacing(payment.reference, true);
    for (let sent = MAX_CALLBACK_CHECKS + 1; sent <= FORGED; sent++) await e2e.returnToCheckout(forged);

    // The customer approves and comes back: the same callback, still inside the spacing.
    const chosen = await e2e.choose(pageUrl, 'success');
    await e2e.returnToCheckout(chosen.location!);
    expect(await callbackRows(payment.reference)).toEqual([
      expect.objectContaining({
        outcome: 'UNCONFIRMED',
        times_received: FORGED + 1,
        checks: MAX_CALLBACK_CHECKS,
        returned_while_checking: true,
      }),
    ]);
    // A sweep inside the spacing leaves it alone.
    await sweep();
    expect((await callbackRows(payment.reference))[0]).toMatchObject({
      checks: MAX_CALLBACK_CHECKS,
      returned_while_checking: true,
    });
    expect((await e2e.readPayment(payment.reference)).status).toBe('PENDING');

    // The spacing ends: the sweeper checks the remembered return, and bKash executes it.
    await holdSpacing(payment.reference, false);
    expect((await sweep()).callbacksCheckedAgain).toBeGreaterThanOrEqual(1);
    await expectSettledOnce(e2e, payment, { ...AMOUNT, ...FEE, paymentMethod: 'bKash' });
    await expectDeliveredOnce(e2e, 'payment.succeeded', payment.reference);
    expect(await callbackRows(payment.reference)).toEqual([
      expect.objectContaining({
        outcome: 'SUCCEEDED',
        times_received: FORGED + 1,
        checks: MAX_CALLBACK_CHECKS + 1,
        hand_overs: MAX_CALLBACK_CHECKS + 1,
        returned_while_checking: false,
      }),
    ]);
    expect(await simPayment(paymentId)).toMatchObject({
      status: 'Completed',
      executeCalls: MAX_CALLBACK_CHECKS + 1,
    });
    expect(await signalsTo(payment.reference)).toBe(MAX_CALLBACK_CHECKS + 1);
    // Swept again once settled: nothing more is asked.
    await sweep();
    expect((await callbackRows(payment.reference))[0]).toMatchObject({ checks: MAX_CALLBACK_CHECKS + 1 });
  });
});
