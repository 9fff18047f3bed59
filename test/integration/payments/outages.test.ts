/**
 * Mostly waiting: this suite waits for the worker's database to come back and for the retries
 * after it, so it runs in the waiting slot (test/helpers/waiting-slot-runner.js).
 *
 * @test-slot waiting
 */
import { workflowIds } from '../../../domain/shared/workflow-ids.js';
import { paymentFacts } from '../../helpers/queries.js';
import { eventually, startStack, startWebhookReceiver, type Stack } from '../../helpers/stack.js';
import { startTcpProxy, throughProxy } from '../../helpers/tcp-proxy.js';
import { requireEnv, testEnv } from '../../helpers/test-env.js';

/** The worker loses its database mid-payment; nothing fails for good, nothing happens twice. */
describe('a database outage under the worker', () => {
  let stack: Stack;
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;

  beforeAll(async () => {
    const databaseUrl = requireEnv(testEnv.databaseUrl);
    const target = new URL(databaseUrl);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    stack = await startStack({ workerDatabaseUrl: throughProxy(databaseUrl, proxy.port) });
  });
  afterAll(async () => {
    proxy.restore();
    await stack.close();
    await proxy.close();
  });

  it('confirms, settles and delivers once the database is back', async () => {
    const receiver = await startWebhookReceiver();
    try {
      const app = await stack.registerApp();
      await stack.setWebhook(app.app.id, receiver.url);
      const payment = await stack.createPayment(app.test);
      await stack.openCheckout(payment.reference);

      proxy.cut();
      // The gateway's IPN reaches the API (its own database connection still works) while the
      // worker's database is gone: the steps that read and write it keep retrying.
      const completion = await stack.completeAtGateway(payment.reference, 'VALID');
      expect(completion.ipn[0]?.status).toBe(200);
      // Longer than a capped retry policy would last (5 attempts with doubling backoff: ~15 s).
      await new Promise((r) => setTimeout(r, 20_000));
      expect((await paymentFacts(stack.em(), payment.reference)).status).toBe('PENDING');
      const during = await stack.client.workflow.getHandle(workflowIds.payment(payment.reference)).describe();
      expect(during.status.name).toBe('RUNNING');

      proxy.restore();
      const f = await eventually(
        async () => {
          const current = await paymentFacts(stack.em(), payment.reference);
          return current.status === 'SUCCEEDED' ? current : null;
        },
        90_000,
        'SUCCEEDED after the database came back',
      );
      await eventually(async () => receiver.received.length > 0, 60_000, 'webhook');
      await new Promise((r) => setTimeout(r, 500));
      expect(f.transitions).toEqual(['CREATED', 'PENDING', 'SUCCEEDED']);
      expect(f.journalKinds).toEqual(['CAPTURE', 'FEE']);
      expect(f.eventTypes).toEqual(['payment.succeeded']);
      expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual([f.eventIds[0]]);
    } finally {
      await receiver.close();
    }
  }, 180_000);
});
