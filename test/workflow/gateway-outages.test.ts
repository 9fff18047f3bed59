import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { workflowIds } from '../../domain/shared/workflow-ids.js';
import { paymentFacts } from '../helpers/queries.js';
import { startStack, type Credentials, type Stack } from '../helpers/stack.js';
import { startTimeSkippingServer } from '../helpers/time-skipping.js';

/**
 * The gateway's own APIs go away for longer than any quick retry would last; on the
 * time-skipping server the half-hour passes in seconds. The simulator times its outage on the
 * server's clock, so the outage ends when the skipped time says it does.
 */
describe('gateway API outages', () => {
  let env: TestWorkflowEnvironment;
  let stack: Stack;
  let creds: Credentials;
  let serverNow = 0;
  let ticker: NodeJS.Timeout;

  beforeEach(async () => {
    env = await startTimeSkippingServer();
    serverNow = await env.currentTimeMs();
    ticker = setInterval(() => {
      env.currentTimeMs().then(
        (now) => (serverNow = now),
        () => undefined,
      );
    }, 20);
    stack = await startStack({ temporal: env, simulatorClock: () => serverNow });
    creds = (await stack.registerApp()).test;
  }, 120_000);
  afterEach(async () => {
    clearInterval(ticker);
    await stack?.close();
    await env?.teardown();
  });

  const facts = (reference: string) => paymentFacts(stack.em(), reference);
  const result = (reference: string) =>
    env.client.workflow.getHandle(workflowIds.payment(reference)).result();

  it('a payment whose IPN came during a 30-minute validation outage is confirmed when it ends', async () => {
    const payment = await stack.createPayment(creds, { expiresInMinutes: 120 });
    await stack.openCheckout(payment.reference);
    const outageStart = await env.currentTimeMs();
    await stack.setOutages({ validation: { forMs: 30 * 60_000 } });
    const completion = await stack.completeAtGateway(payment.reference, 'VALID');
    expect(completion.ipn[0]?.status).toBe(200);

    expect(await result(payment.reference)).toMatchObject({ status: 'SUCCEEDED' });
    expect((await env.currentTimeMs()) - outageStart).toBeGreaterThanOrEqual(30 * 60_000);
    const f = await facts(payment.reference);
    expect(f.transitions).toEqual(['CREATED', 'PENDING', 'SUCCEEDED']);
    expect(f.journalKinds).toEqual(['CAPTURE', 'FEE']);
    expect(f.eventTypes).toEqual(['payment.succeeded']);
    expect(f.callbacks.map((c) => c.outcome)).toEqual(['SUCCEEDED']);
  }, 120_000);

  it('a paid payment whose IPN never came is not expired while the query API is down; it settles after', async () => {
    const payment = await stack.createPayment(creds, { expiresInMinutes: 10 });
    await stack.openCheckout(payment.reference);
    await stack.setFaults({ ipn: 'none' }, payment.reference);
    await stack.completeAtGateway(payment.reference, 'VALID');
    await stack.setOutages({ query: { forMs: 45 * 60_000 } });

    expect(await result(payment.reference)).toMatchObject({ status: 'SUCCEEDED' });
    const f = await facts(payment.reference);
    expect(f.transitions).toEqual(['CREATED', 'PENDING', 'SUCCEEDED']);
    expect(f.journalKinds).toEqual(['CAPTURE', 'FEE']);
    expect(f.eventTypes).toEqual(['payment.succeeded']);
  }, 120_000);
});
