import { createSweeperActivities } from '../../../activities/payments/sweeper-activities.js';
import { ledgerLinesForSource } from '../../../db/ledger/ledger.js';
import { refundView } from '../../../db/refunds/refund-view.js';
import { takeRefund } from '../../../activities/refunds/refund-taking.js';
import { newRefundReference } from '../../../domain/shared/ids.js';
import { recordHistoryFixture } from '../../helpers/history-fixtures.js';
import {
  eventually,
  startStack,
  startWebhookReceiver,
  type Credentials,
  type Stack,
} from '../../helpers/stack.js';

/**
 * Each test has an app of its own (and its own payments, refunds and webhook secret), so they run
 * side by side (Jest's maxConcurrency at a time): most of a test is waiting on its refund's
 * workflow, whose first question to the gateway comes after a durable 5 s timer.
 */
describe('refunds', () => {
  let stack: Stack;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

  beforeAll(async () => {
    stack = await startStack();
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await stack.close();
  });

  const paidPayment = (creds: Credentials, amountMinor = 10000) => stack.paidPayment(creds, { amountMinor });

  const refund = (creds: Credentials, payment: string, body: Record<string, unknown>, key?: string) =>
    stack.api('POST', `/api/v1/payments/${payment}/refunds`, {
      creds,
      body,
      ...(key && { headers: { 'Idempotency-Key': key } }),
    });

  const readRefund = async (creds: Credentials, reference: string) =>
    (await stack.api('GET', `/api/v1/refunds/${reference}`, { creds })).body.data;

  const finalRefund = (creds: Credentials, reference: string) =>
    eventually(
      async () => {
        const r = await readRefund(creds, reference);
        return r.status === 'SUCCEEDED' || r.status === 'FAILED' ? r : null;
      },
      // Generous: tests run side by side here, and a refund's first question waits 5 s.
      90_000,
      `refund ${reference} final`,
    );

  it.concurrent(
    'refunds part, then the rest, with signed webhooks, a balanced ledger and nothing left to refund',
    async () => {
      const app = await stack.registerApp();
      const { secret } = await stack.setWebhook(app.app.id, receiver.url);
      const verify = (type: string, source: string) => receiver.verified(secret, type, source, 60_000);
      const payment = await paidPayment(app.test);

      const partial = await refund(
        app.test,
        payment.reference,
        { amountMinor: 4000, reason: 'damaged item' },
        'rf-1',
      );
      expect(partial.status).toBe(201);
      expect(partial.body.data).toMatchObject({
        paymentReference: payment.reference,
        status: 'PROCESSING',
        amountMinor: 4000,
        amountFormatted: '40.00 BDT',
        reason: 'damaged item',
      });
      const first = partial.body.data.reference as string;
      expect(first).toMatch(/^rf_[0-9a-z]{20}$/);
      // The same key answers with the same refund and takes nothing more.
      const again = await refund(
        app.test,
        payment.reference,
        { amountMinor: 4000, reason: 'damaged item' },
        'rf-1',
      );
      expect(again.status).toBe(201);
      expect(again.body.data.reference).toBe(first);

      expect(await finalRefund(app.test, first)).toMatchObject({
        status: 'SUCCEEDED',
        settledAt: expect.any(String),
      });
      expect(await stack.readPayment(app.test, payment.reference)).toMatchObject({
        status: 'PARTIALLY_REFUNDED',
        refundedMinor: 4000,
      });
      await verify('refund.created', first);
      expect((await verify('refund.succeeded', first)).data).toMatchObject({
        status: 'SUCCEEDED',
        amountMinor: 4000,
      });
      expect((await verify('payment.partially_refunded', payment.reference)).data).toMatchObject({
        status: 'PARTIALLY_REFUNDED',
        refundedMinor: 4000,
      });
      expect(await ledgerLinesForSource(stack.em(), 'refund', first)).toEqual([
        { kind: 'REFUND', accountCode: `app_refunds:${app.app.id}:TEST:BDT`, amountMinor: 4000 },
        { kind: 'REFUND', accountCode: 'gateway_clearing:sslcommerz:TEST:BDT', amountMinor: -4000 },
      ]);

      await recordHistoryFixture(`refund-${first}`, 'refund-partial-succeeded');

      // Without an amount: everything still refundable.
      const rest = await refund(app.test, payment.reference, {});
      expect(rest.status).toBe(201);
      expect(rest.body.data.amountMinor).toBe(6000);
      expect(await finalRefund(app.test, rest.body.data.reference)).toMatchObject({ status: 'SUCCEEDED' });
      expect(await stack.readPayment(app.test, payment.reference)).toMatchObject({
        status: 'REFUNDED',
        refundedMinor: 10000,
      });
      await verify('payment.refunded', payment.reference);

      // The ledger says the same: all of it captured, all of it refunded, nothing owed.
      const balance = await stack.api('GET', '/api/v1/ledger/balance', { creds: app.test });
      expect(balance.body.data.balances).toEqual([
        expect.objectContaining({
          currency: 'BDT',
          capturedMinor: 10000,
          refundedMinor: 10000,
          payableMinor: 0,
        }),
      ]);

      // A REFUNDED payment has run its course.
      const none = await refund(app.test, payment.reference, { amountMinor: 1 });
      expect(none.status).toBe(409);
      expect(none.body.meta).toMatchObject({ errorCode: 'PAYMENT_NOT_REFUNDABLE' });
      expect(none.body.meta.message).toContain('REFUNDED');

      const listed = await stack.api('GET', `/api/v1/payments/${payment.reference}/refunds`, {
        creds: app.test,
      });
      expect(listed.status).toBe(200);
      expect(listed.body.data.items.map((r: { reference: string }) => r.reference)).toEqual([
        first,
        rest.body.data.reference,
      ]);
      const read = await stack.api('GET', `/api/v1/payments/${payment.reference}`, { creds: app.test });
      expect(read.body.data.refunds.map((r: { reference: string; status: string }) => r.status)).toEqual([
        'SUCCEEDED',
        'SUCCEEDED',
      ]);
    },
    240_000,
  );

  it.concurrent(
    "lists an app's refunds across payments, filtered and paged, in its own mode only",
    async () => {
      const app = await stack.registerApp();
      const one = await paidPayment(app.test, 5000);
      const two = await paidPayment(app.test, 5000);
      const taken: string[] = [];
      for (const payment of [one, two, two]) {
        const answer = await refund(app.test, payment.reference, { amountMinor: 1000 });
        taken.push(answer.body.data.reference);
      }
      const list = async (query: string, creds = app.test) =>
        (await stack.api('GET', `/api/v1/refunds${query}`, { creds })).body;

      const all = await list('');
      expect(all.data.items.map((r: { reference: string }) => r.reference)).toEqual([...taken].reverse());
      expect(all.pagination).toMatchObject({ totalItems: 3 });
      const ofTwo = await list(`?payment=${two.reference}&status=processing,succeeded`);
      expect(ofTwo.data.items).toHaveLength(2);
      const paged = await list('?size=2&page=2');
      expect(paged.data.items.map((r: { reference: string }) => r.reference)).toEqual([taken[0]]);
      expect((await list(`?from=${new Date(Date.now() + 60_000).toISOString()}`)).data.items).toEqual([]);
      expect((await list('', app.live)).data.items).toEqual([]);
      const bad = await stack.api('GET', '/api/v1/refunds?status=REFUNDISH', { creds: app.test });
      expect(bad.status).toBe(400);
      expect(bad.body.meta.errorCode).toBe('VALIDATION_ERROR');
    },
    240_000,
  );

  it.concurrent(
    'admits exactly the refunds that fit when 50 race on one payment',
    async () => {
      const app = await stack.registerApp();
      const payment = await paidPayment(app.test, 10000);
      const answers = await Promise.all(
        Array.from({ length: 50 }, () => refund(app.test, payment.reference, { amountMinor: 300 })),
      );
      const admitted = answers.filter((a) => a.status === 201);
      const refused = answers.filter((a) => a.status !== 201);
      // 33 × 300 = 9,900 fit in 10,000; a 34th would not.
      expect(admitted).toHaveLength(33);
      expect(refused.map((a) => a.body.meta.errorCode)).toEqual(Array(17).fill('REFUND_EXCEEDS_REFUNDABLE'));
      const [row] = await stack
        .em()
        .execute<Array<{ total: string }>>(
          'select sum(amount_minor) as total from refunds where payment_id = ?',
          [payment.id],
        );
      expect(Number(row!.total)).toBe(9900);
    },
    240_000,
  );

  it.concurrent(
    'refuses what cannot be refunded, with clear errors',
    async () => {
      const app = await stack.registerApp();
      const unpaid = await stack.createPayment(app.test);
      const notPaid = await refund(app.test, unpaid.reference, {});
      expect(notPaid.status).toBe(409);
      expect(notPaid.body.meta.errorCode).toBe('PAYMENT_NOT_REFUNDABLE');

      const paid = await paidPayment(app.test, 5000);
      const tooMuch = await refund(app.test, paid.reference, { amountMinor: 5001 });
      expect(tooMuch.status).toBe(422);
      expect(tooMuch.body.meta.details).toEqual({ refundableMinor: 5000 });
      const zero = await refund(app.test, paid.reference, { amountMinor: 0 });
      expect(zero.status).toBe(400);
      expect(zero.body.meta.errorCode).toBe('VALIDATION_ERROR');

      // Another app (or the other mode) cannot see the payment or its refunds.
      const other = await stack.registerApp();
      expect((await refund(other.test, paid.reference, {})).status).toBe(404);
      expect((await refund(app.live, paid.reference, {})).status).toBe(404);
      expect(
        (await stack.api('GET', '/api/v1/refunds/rf_00000000000000000000', { creds: app.test })).status,
      ).toBe(404);
    },
    240_000,
  );

  it.concurrent(
    'a refund the bank cancels fails, and its amount can be refunded again',
    async () => {
      const app = await stack.registerApp();
      const payment = await paidPayment(app.test, 7000);
      await stack.setFaults({ refundQueryStatus: 'cancelled' }, payment.reference);
      const taken = await refund(app.test, payment.reference, {});
      expect(taken.status).toBe(201);
      expect(await finalRefund(app.test, taken.body.data.reference)).toMatchObject({
        status: 'FAILED',
        failureReason: expect.stringContaining('cancelled'),
      });
      expect(await stack.readPayment(app.test, payment.reference)).toMatchObject({
        status: 'SUCCEEDED',
        refundedMinor: 0,
      });
      expect(await ledgerLinesForSource(stack.em(), 'refund', taken.body.data.reference)).toEqual([]);

      await recordHistoryFixture(`refund-${taken.body.data.reference}`, 'refund-cancelled-by-bank');

      await stack.setFaults({}, payment.reference);
      const retried = await refund(app.test, payment.reference, {});
      expect(retried.status).toBe(201);
      expect(retried.body.data.amountMinor).toBe(7000);
      expect(await finalRefund(app.test, retried.body.data.reference)).toMatchObject({ status: 'SUCCEEDED' });
    },
    240_000,
  );

  it.concurrent(
    'a refund whose workflow never started (the API stopped after taking it) is carried out by the sweeper, once',
    async () => {
      const app = await stack.registerApp();
      const payment = await paidPayment(app.test, 3000);
      // Taken and committed, as the API does, but no workflow started.
      const taken = await takeRefund(
        stack.em(),
        { id: payment.id },
        { reference: newRefundReference(), reason: 'crash drill', metadata: {}, idempotencyKey: null },
        refundView,
        3_600_000,
      );
      if (!('refund' in taken)) throw new Error('refund refused');
      const { reference } = taken.refund;
      await stack
        .em()
        .execute(`update refunds set created_at = now() - interval '2 minutes' where reference = ?`, [
          reference,
        ]);
      const sweeper = createSweeperActivities({
        orm: stack.orm,
        temporal: { client: stack.client, taskQueue: stack.config.TEMPORAL_TASK_QUEUE },
      });

      expect((await sweeper.sweepStranded()).refundsStarted).toBeGreaterThanOrEqual(1);
      expect(await finalRefund(app.test, reference)).toMatchObject({
        status: 'SUCCEEDED',
        amountMinor: 3000,
      });
      expect(await stack.readPayment(app.test, payment.reference)).toMatchObject({ status: 'REFUNDED' });
      // Marked started: the next sweep leaves it alone.
      const [row] = await stack
        .em()
        .execute<Array<{ workflow_started: boolean }>>(
          'select workflow_started from refunds where reference = ?',
          [reference],
        );
      expect(row!.workflow_started).toBe(true);
    },
    240_000,
  );
});
