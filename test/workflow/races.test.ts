import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Activities } from '../../activities/index.js';
import { workflowIds } from '../../domain/shared/workflow-ids.js';
import { searchAttributes } from '../../platform/temporal/search-attributes.js';
import { paymentFacts } from '../helpers/queries.js';
import {
  eventually,
  startStack,
  startWebhookReceiver,
  type Credentials,
  type Stack,
} from '../helpers/stack.js';
import { gate, startTimeSkippingServer } from '../helpers/time-skipping.js';
import { requireEnv, testEnv } from '../helpers/test-env.js';

/**
 * Races the full stack cannot time, staged by swapping one activity for a wrapper around the real
 * one (the database, the simulator and the workflow stay real), on the time-skipping server.
 */
describe('payment workflow races', () => {
  let env: TestWorkflowEnvironment;
  let stack: Stack;
  let creds: Credentials;

  async function start(overrideActivities: (real: Activities) => Partial<Activities>) {
    env = await startTimeSkippingServer();
    stack = await startStack({ temporal: env, overrideActivities });
    creds = (await stack.registerApp()).test;
  }
  afterEach(async () => {
    await stack?.close();
    await env?.teardown();
  });

  const facts = (reference: string) => paymentFacts(stack.em(), reference);
  const runToCompletion = (reference: string) =>
    env.client.workflow.getHandle(workflowIds.payment(reference)).result();

  it('a cancel that arrives while the gateway session is opening ends CANCELLED, once', async () => {
    const opening = gate();
    await start((real) => ({
      openGatewaySession: async (input) => {
        await opening.pass();
        return real.openGatewaySession(input);
      },
    }));
    const payment = await stack.createPayment(creds);
    const pay = stack.api('POST', `/checkout/${payment.reference}/pay`);
    await opening.arrived;
    const cancel = stack.api('POST', `/checkout/${payment.reference}/cancel`);
    await new Promise((r) => setTimeout(r, 300));
    opening.open();
    await Promise.all([pay, cancel]);

    expect(await runToCompletion(payment.reference)).toMatchObject({ status: 'CANCELLED' });
    const f = await facts(payment.reference);
    expect(f.transitions).toEqual(['CREATED', 'PENDING', 'CANCELLED']);
    expect(f.eventTypes).toEqual(['payment.cancelled']);
    expect(f.journalKinds).toEqual([]);
  });

  it('a click answered before the payment read its deadline replays in the order it ran', async () => {
    const readingDeadline = gate();
    await start((real) => ({
      checkoutDeadline: async (input) => {
        await readingDeadline.pass();
        return real.checkoutDeadline(input);
      },
    }));
    const payment = await stack.createPayment(creds, { expiresInMinutes: 10 });
    // The click's session opens and the customer is answered while the deadline is still being read.
    const opened = stack.openCheckout(payment.reference);
    await readingDeadline.arrived;
    await opened;
    readingDeadline.open();
    const completion = await stack.completeAtGateway(payment.reference, 'VALID');
    expect(completion.ipn[0]?.status).toBe(200);
    expect(await runToCompletion(payment.reference)).toMatchObject({ status: 'SUCCEEDED' });

    // Replayed from its history (a worker restarting, a cache eviction): both local activities'
    // results come back in one activation, and the commands must still come in the recorded order.
    const history = await env.client.workflow
      .getHandle(workflowIds.payment(payment.reference))
      .fetchHistory();
    await Worker.runReplayHistory(
      { workflowBundle: { codePath: requireEnv(testEnv.workflowBundle) } },
      history,
      workflowIds.payment(payment.reference),
    );
  });

  it('an IPN that arrives while the payment is expiring wins: a paid payment never expires', async () => {
    const expiring = gate();
    await start((real) => ({
      applyOutcome: async (input) => {
        if (input.decision.kind === 'EXPIRED') await expiring.pass();
        return real.applyOutcome(input);
      },
    }));
    const payment = await stack.createPayment(creds, { expiresInMinutes: 10 });
    await stack.openCheckout(payment.reference);
    const done = runToCompletion(payment.reference);
    await expiring.arrived;
    const completion = await stack.completeAtGateway(payment.reference, 'VALID');
    expect(completion.ipn[0]?.status).toBe(200);
    expiring.open();

    expect(await done).toMatchObject({ status: 'SUCCEEDED' });
    const f = await facts(payment.reference);
    expect(f.transitions).toEqual(['CREATED', 'PENDING', 'SUCCEEDED']);
    expect(f.journalKinds).toEqual(['CAPTURE', 'FEE']);
    expect(f.eventTypes).toEqual(['payment.succeeded']);
    expect(f.callbacks.map((c) => c.outcome)).toEqual(['DUPLICATE']);
  });

  it('when opening the session runs out of retries, the customer is told and can pay on the next click', async () => {
    let gatewayDown = true;
    let tries = 0;
    await start((real) => ({
      openGatewaySession: async (input) => {
        tries += 1;
        if (gatewayDown) throw new Error('connect ECONNREFUSED: gateway unreachable');
        return real.openGatewaySession(input);
      },
    }));
    const payment = await stack.createPayment(creds);
    const first = await stack.api('POST', `/checkout/${payment.reference}/pay`);
    expect(first.status).toBe(502);
    expect(String(first.body)).toContain('Nothing was charged');
    expect(tries).toBe(3);
    expect((await facts(payment.reference)).status).toBe('CREATED');

    gatewayDown = false;
    const gatewayPage = await stack.openCheckout(payment.reference);
    expect(gatewayPage).toContain(stack.simulatorUrl);
    expect((await facts(payment.reference)).status).toBe('PENDING');
    const description = await env.client.workflow
      .getHandle(workflowIds.payment(payment.reference))
      .describe();
    expect(description.status.name).toBe('RUNNING');
  });

  it('a crash after settling but before reporting it still delivers the webhook, exactly once', async () => {
    let crashed = false;
    await start((real) => ({
      applyOutcome: async (input) => {
        const applied = await real.applyOutcome(input);
        if (!crashed && applied.eventId) {
          // The transaction committed; the worker dies before Temporal hears of it.
          crashed = true;
          throw new Error('worker lost before reporting the step');
        }
        return applied;
      },
    }));
    const receiver = await startWebhookReceiver();
    try {
      const app = await stack.registerApp();
      await stack.setWebhook(app.app.id, receiver.url);
      const payment = await stack.createPayment(app.test);
      await stack.openCheckout(payment.reference);
      await stack.completeAtGateway(payment.reference, 'VALID');

      await eventually(async () => receiver.received.length > 0, 30_000, 'webhook');
      await new Promise((r) => setTimeout(r, 500));
      expect(crashed).toBe(true);
      const f = await facts(payment.reference);
      expect(f.status).toBe('SUCCEEDED');
      expect(f.journalKinds).toEqual(['CAPTURE', 'FEE']);
      expect(f.eventTypes).toEqual(['payment.succeeded']);
      expect(f.callbacks.map((c) => c.outcome)).toEqual(['SUCCEEDED']);
      expect(receiver.received).toHaveLength(1);
      expect(receiver.received[0]!.headers['webhook-id']).toBe(f.eventIds[0]);
    } finally {
      await receiver.close();
    }
  });

  it('a settlement retried after a crash does not send a delivered event again', async () => {
    let crashed = false;
    await start((real) => ({
      attemptWebhookDelivery: async (input) => {
        const result = await real.attemptWebhookDelivery(input);
        if (!crashed) {
          // Sent and recorded; the worker dies before Temporal hears of it, so the step runs again.
          crashed = true;
          throw new Error('worker lost before reporting the delivery');
        }
        return result;
      },
    }));
    const receiver = await startWebhookReceiver();
    try {
      const app = await stack.registerApp();
      await stack.setWebhook(app.app.id, receiver.url);
      const payment = await stack.createPayment(app.test);
      await stack.openCheckout(payment.reference);
      await stack.completeAtGateway(payment.reference, 'VALID');

      const [eventId] = await eventually(async () => {
        const f = await facts(payment.reference);
        return f.eventIds.length ? f.eventIds : null;
      });
      // The payment workflow's own first attempt was retried and landed: no delivery workflow.
      await eventually(async () => {
        const rows = await stack
          .em()
          .execute<Array<{ delivery_status: string }>>('select delivery_status from events where id = ?', [
            eventId,
          ]);
        return rows[0]?.delivery_status === 'DELIVERED' ? true : null;
      });
      const paymentHandle = env.client.workflow.getHandle(workflowIds.payment(payment.reference));
      expect((await paymentHandle.result()).status).toBe('SUCCEEDED');
      await expect(env.client.workflow.getHandle(workflowIds.webhook(eventId!)).describe()).rejects.toThrow();
      const attempts = await stack
        .em()
        .execute<Array<{ attempt: number; delivery_try: number; status_code: number }>>(
          'select attempt, delivery_try, status_code from webhook_attempts where event_id = ? order by id',
          [eventId],
        );
      // The retried settlement finds the event delivered and does not send it again.
      expect(attempts).toEqual([{ attempt: 1, delivery_try: 1, status_code: 200 }]);
      expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual([eventId]);
    } finally {
      await receiver.close();
    }
  });

  it('a first attempt the receiver refuses hands the event to the durable delivery, from attempt 2', async () => {
    await start(() => ({}));
    const receiver = await startWebhookReceiver();
    try {
      const app = await stack.registerApp();
      await stack.setWebhook(app.app.id, receiver.url);
      receiver.respondNext(503);
      const payment = await stack.createPayment(app.test);
      await stack.openCheckout(payment.reference);
      await stack.completeAtGateway(payment.reference, 'VALID');

      const [eventId] = await eventually(async () => {
        const f = await facts(payment.reference);
        return f.eventIds.length ? f.eventIds : null;
      });
      const delivery = env.client.workflow.getHandle(workflowIds.webhook(eventId!));
      const described = await eventually(() => delivery.describe(), 30_000, 'delivery workflow');
      // It carries the payment's app and mode, so operators filtering by app find it.
      expect(described.typedSearchAttributes.get(searchAttributes.AppId)).toBe(String(app.app.id));
      expect(described.typedSearchAttributes.get(searchAttributes.Mode)).toBe('TEST');
      expect(await delivery.result()).toBe('DELIVERED');
      const attempts = await stack
        .em()
        .execute<Array<{ attempt: number; status_code: number }>>(
          'select attempt, status_code from webhook_attempts where event_id = ? order by id',
          [eventId],
        );
      expect(attempts).toEqual([
        { attempt: 1, status_code: 503 },
        { attempt: 2, status_code: 200 },
      ]);
      expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual([eventId, eventId]);
    } finally {
      await receiver.close();
    }
  });
});
