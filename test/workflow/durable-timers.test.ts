import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { workflowIds } from '../../domain/shared/workflow-ids.js';
import { paymentFacts } from '../helpers/queries.js';
import { startTimeSkippingServer } from '../helpers/time-skipping.js';
import {
  eventually,
  startStack,
  startWebhookReceiver,
  type Credentials,
  type Stack,
} from '../helpers/stack.js';
import { WEBHOOK_RETRY_SCHEDULE } from '../../workflows/webhooks/webhook.js';

/**
 * Expiry on Temporal's time-skipping test server: the payment workflow's durable timer fires
 * without real waiting, while activities still write to the real database and ask the simulator.
 */
describe('durable timers on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let stack: Stack;
  let creds: Credentials;

  // A fresh server per test: time skipped in one test must not leak into the next one's clock,
  // which the API (on the real clock) uses to stamp each payment's deadline.
  beforeEach(async () => {
    env = await startTimeSkippingServer();
    stack = await startStack({ temporal: env });
    creds = (await stack.registerApp()).test;
  }, 120_000);
  afterEach(async () => {
    await stack?.close();
    await env?.teardown();
  });

  const facts = (reference: string) => paymentFacts(stack.em(), reference);
  /** The delivery's outcome; its workflow starts just after the event is written, so wait for it. */
  const deliveryResult = async (eventId: string) => {
    const handle = env.client.workflow.getHandle(workflowIds.webhook(eventId));
    await eventually(() => handle.describe(), 30_000, 'delivery workflow');
    return handle.result();
  };
  /** Awaiting the result through the time-skipping client fast-forwards to the payment's timer. */
  const runToCompletion = (reference: string) =>
    env.client.workflow.getHandle(workflowIds.payment(reference)).result();
  const settledTo = (reference: string, status: string) =>
    eventually(
      async () => {
        const f = await facts(reference);
        return f.status === status ? f : null;
      },
      30_000,
      status,
    );

  // A checkout nobody opened has no workflow; the sweeper expires it (test/integration/recovery).
  it('a checkout whose gateway session failed stays CREATED and expires at its deadline, with payment.expired', async () => {
    const payment = await stack.createPayment(creds, { expiresInMinutes: 30 });
    await stack.setFaults({ sessionFailure: 'Store is De-active' }, payment.reference);
    const failed = await stack.api('POST', `/checkout/${payment.reference}/pay`);
    expect(failed.status).toBe(502);
    await env.sleep('29 minutes');
    expect((await facts(payment.reference)).status).toBe('CREATED');
    await runToCompletion(payment.reference);
    const f = await settledTo(payment.reference, 'EXPIRED');
    expect(f.transitions).toEqual(['CREATED', 'EXPIRED']);
    expect(f.eventTypes).toEqual(['payment.expired']);
    expect(f.journalKinds).toEqual([]);
  });

  it('an opened but unpaid checkout expires at its deadline when the gateway reports no payment', async () => {
    const payment = await stack.createPayment(creds, { expiresInMinutes: 15 });
    await stack.openCheckout(payment.reference);
    await runToCompletion(payment.reference);
    const f = await settledTo(payment.reference, 'EXPIRED');
    expect(f.transitions).toEqual(['CREATED', 'PENDING', 'EXPIRED']);
    expect(f.eventTypes).toEqual(['payment.expired']);
  });

  it('a paid payment whose IPN never came is settled by asking the gateway minutes later, long before its window ends', async () => {
    const payment = await stack.createPayment(creds, { expiresInMinutes: 240 });
    await stack.openCheckout(payment.reference);
    await stack.setFaults({ ipn: 'none' }, payment.reference);
    const completion = await stack.completeAtGateway(payment.reference, 'VALID');
    expect(completion.ipn).toEqual([]);
    expect((await facts(payment.reference)).status).toBe('PENDING');

    // The first question is 5 minutes after the checkout opened; the window has hours left.
    await env.sleep('6 minutes');
    const f = await settledTo(payment.reference, 'SUCCEEDED');
    expect(f.transitions).toEqual(['CREATED', 'PENDING', 'SUCCEEDED']);
    expect(f.journalKinds).toEqual(['CAPTURE', 'FEE']);
    expect(f.eventTypes).toEqual(['payment.succeeded']);
  });

  it('a declined attempt with no IPN keeps the checkout open for another try until its window ends, then FAILED', async () => {
    const payment = await stack.createPayment(creds, { expiresInMinutes: 30 });
    await stack.openCheckout(payment.reference);
    await stack.setFaults({ ipn: 'none' }, payment.reference);
    await stack.completeAtGateway(payment.reference, 'FAILED');
    await env.sleep('20 minutes');
    // Asked at 5 and 15 minutes: the gateway's FAILED does not close the customer's checkout.
    expect((await facts(payment.reference)).status).toBe('PENDING');
    await runToCompletion(payment.reference);
    const f = await settledTo(payment.reference, 'FAILED');
    expect(f.transitions).toEqual(['CREATED', 'PENDING', 'FAILED']);
    expect(f.eventTypes).toEqual(['payment.failed']);
  });

  it('a VALID IPN after EXPIRED is confirmed, recorded and flagged; the money is parked, then refunded in full (LATE_CAPTURE)', async () => {
    const payment = await stack.createPayment(creds, { expiresInMinutes: 10 });
    await stack.openCheckout(payment.reference);
    await runToCompletion(payment.reference);
    await settledTo(payment.reference, 'EXPIRED');

    const completion = await stack.completeAtGateway(payment.reference, 'VALID');
    expect(completion.ipn[0]?.status).toBe(200);
    const f = await eventually(
      async () => {
        const current = await facts(payment.reference);
        return current.attentionReason ? current : null;
      },
      30_000,
      'attention flag',
    );
    expect(f.status).toBe('EXPIRED');
    expect(f.attentionReason).toMatch(/^CAPTURED_AFTER_CLOSE/);
    expect(f.journalKinds).toEqual(['UNAPPLIED_CAPTURE', 'FEE']);
    expect(f.eventTypes).toEqual(['payment.expired']);
    expect(f.callbacks).toEqual([
      expect.objectContaining({ signature_valid: true, outcome: 'CAPTURED_AFTER_CLOSE' }),
    ]);

    // The service refunds the parked money itself, in full, with no approval step.
    const listed = await stack.api('GET', `/api/v1/refunds?payment=${payment.reference}`, { creds });
    expect(listed.body.data.items).toEqual([
      expect.objectContaining({
        reason: 'LATE_CAPTURE',
        funds: 'UNAPPLIED',
        amountMinor: 10000,
        status: 'PROCESSING',
      }),
    ]);
    const refundRef = listed.body.data.items[0].reference as string;
    await env.client.workflow.getHandle(workflowIds.refund(refundRef)).result();
    const refunded = await stack.api('GET', `/api/v1/refunds/${refundRef}`, { creds });
    expect(refunded.body.data).toMatchObject({ status: 'SUCCEEDED', funds: 'UNAPPLIED' });
    const after = await facts(payment.reference);
    // Parked money was never the payment's: it stays EXPIRED, and its flag is closed as REFUNDED.
    expect(after.status).toBe('EXPIRED');
    const [flag] = await stack
      .em()
      .execute('select attention_resolution, attention_resolved_by from payments where reference = ?', [
        payment.reference,
      ]);
    expect(flag).toEqual({ attention_resolution: 'REFUNDED', attention_resolved_by: 'SYSTEM' });
    const [entry] = await stack
      .em()
      .execute("select kind from journal_entries where source_type = 'refund' and source_id = ?", [
        refundRef,
      ]);
    expect(entry).toEqual({ kind: 'UNAPPLIED_REFUND' });
    const events = await stack
      .em()
      .execute<Array<{ type: string }>>(
        "select type from events where source_type = 'refund' and source_id = ? order by created_at, id",
        [refundRef],
      );
    expect(events.map((e) => e.type)).toEqual(['refund.created', 'refund.succeeded']);
  });

  it('retries a failing webhook with backoff, recording every attempt, until the receiver takes it', async () => {
    const receiver = await startWebhookReceiver();
    try {
      const app = await stack.registerApp();
      await stack.setWebhook(app.app.id, receiver.url);
      receiver.respondNext(500, 503, 429);
      const payment = await stack.createPayment(app.test);
      await stack.openCheckout(payment.reference);
      await stack.completeAtGateway(payment.reference, 'VALID');
      const eventId = await eventually(
        async () => {
          const [event] = await stack
            .em()
            .execute<Array<{ id: string }>>('select id from events where source_id = ?', [payment.reference]);
          return event?.id;
        },
        30_000,
        'event',
      );

      const outcome = await deliveryResult(eventId);
      expect(outcome).toBe('DELIVERED');
      const attempts = await stack
        .em()
        .execute<Array<{ attempt: number; status_code: number }>>(
          'select attempt, status_code from webhook_attempts where event_id = ? order by attempt',
          [eventId],
        );
      expect(attempts).toEqual([
        { attempt: 1, status_code: 500 },
        { attempt: 2, status_code: 503 },
        { attempt: 3, status_code: 429 },
        { attempt: 4, status_code: 200 },
      ]);
      expect(new Set(receiver.received.map((r) => r.headers['webhook-id']))).toEqual(new Set([eventId]));
      const [event] = await stack
        .em()
        .execute<Array<{ delivery_status: string }>>('select delivery_status from events where id = ?', [
          eventId,
        ]);
      expect(event!.delivery_status).toBe('DELIVERED');
    } finally {
      await receiver.close();
    }
  });

  it('gives up after about three days of failures and marks the event FAILED', async () => {
    const receiver = await startWebhookReceiver();
    try {
      const app = await stack.registerApp();
      await stack.setWebhook(app.app.id, receiver.url);
      receiver.respondWith(500);
      const payment = await stack.createPayment(app.test);
      await stack.openCheckout(payment.reference);
      await stack.completeAtGateway(payment.reference, 'VALID');
      const eventId = await eventually(
        async () => {
          const [event] = await stack
            .em()
            .execute<Array<{ id: string }>>('select id from events where source_id = ?', [payment.reference]);
          return event?.id;
        },
        30_000,
        'event',
      );
      const startedAt = await env.currentTimeMs();
      expect(await deliveryResult(eventId)).toBe('FAILED');
      const elapsedHours = ((await env.currentTimeMs()) - startedAt) / 3_600_000;
      expect(elapsedHours).toBeGreaterThan(70);
      expect(elapsedHours).toBeLessThan(80);
      expect(receiver.received).toHaveLength(WEBHOOK_RETRY_SCHEDULE.length);
      const [event] = await stack
        .em()
        .execute<Array<{ delivery_status: string }>>('select delivery_status from events where id = ?', [
          eventId,
        ]);
      expect(event!.delivery_status).toBe('FAILED');
    } finally {
      await receiver.close();
    }
  });
});
