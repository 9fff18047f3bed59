import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { workflowIds } from '../../domain/workflow-ids.js';
import { searchAttributes } from '../../workflows/messages.js';
import { findTemporalTestServer } from '../../scripts/temporal-binaries.js';
import { paymentFacts } from '../helpers/queries.js';
import { eventually, startStack, type Credentials, type Stack } from '../helpers/stack.js';

/**
 * Expiry on Temporal's time-skipping test server: the payment workflow's durable timer fires
 * without real waiting, while activities still write to the real database and ask the simulator.
 */
describe('payment expiry (time-skipping)', () => {
  let env: TestWorkflowEnvironment;
  let stack: Stack;
  let creds: Credentials;

  // A fresh server per test: time skipped in one test must not leak into the next one's clock,
  // which the API (on the real clock) uses to stamp each payment's deadline.
  beforeEach(async () => {
    env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: findTemporalTestServer() } },
    });
    // The test server starts with no custom search attributes; register ours like a real cluster.
    await env.connection.operatorService.addSearchAttributes({
      namespace: env.namespace ?? 'default',
      searchAttributes: Object.fromEntries(
        Object.values(searchAttributes).map((key) => [
          key.name,
          temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
        ]),
      ),
    });
    stack = await startStack({ temporal: env });
    creds = (await stack.registerApp()).test;
  }, 120_000);
  afterEach(async () => {
    await stack?.close();
    await env?.teardown();
  });

  const facts = (reference: string) => paymentFacts(stack.em(), reference);
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

  it('a checkout never opened expires at its deadline, with payment.expired', async () => {
    const payment = await stack.createPayment(creds, { expiresInMinutes: 30 });
    await env.sleep('29 minutes');
    expect((await facts(payment.reference)).status).toBe('CREATED');
    await runToCompletion(payment.reference);
    const f = await settledTo(payment.reference, 'EXPIRED');
    expect(f.eventTypes).toEqual(['payment.expired']);
    expect(f.journalKinds).toEqual([]);
  });

  it('an opened but unpaid checkout asks the gateway once, then expires', async () => {
    const payment = await stack.createPayment(creds, { expiresInMinutes: 15 });
    await stack.openCheckout(payment.reference);
    await runToCompletion(payment.reference);
    const f = await settledTo(payment.reference, 'EXPIRED');
    expect(f.transitions).toEqual(['CREATED', 'PENDING', 'EXPIRED']);
    expect(f.eventTypes).toEqual(['payment.expired']);
  });

  it('a paid payment whose IPN never came is settled at expiry by the transaction query, not expired', async () => {
    const payment = await stack.createPayment(creds, { expiresInMinutes: 15 });
    await stack.openCheckout(payment.reference);
    await stack.setFaults({ ipn: 'none' }, payment.reference);
    const completion = await stack.completeAtGateway(payment.reference, 'VALID');
    expect(completion.ipn).toEqual([]);
    expect((await facts(payment.reference)).status).toBe('PENDING');

    await runToCompletion(payment.reference);
    const f = await settledTo(payment.reference, 'SUCCEEDED');
    expect(f.transitions).toEqual(['CREATED', 'PENDING', 'SUCCEEDED']);
    expect(f.journalKinds).toEqual(['CAPTURE']);
    expect(f.eventTypes).toEqual(['payment.succeeded']);
  });

  it('a VALID IPN after EXPIRED is confirmed, recorded and flagged; the money is parked, not kept', async () => {
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
    expect(f.journalKinds).toEqual(['UNAPPLIED_CAPTURE']);
    expect(f.eventTypes).toEqual(['payment.expired']);
    expect(f.callbacks).toEqual([
      expect.objectContaining({ signature_valid: true, outcome: 'CAPTURED_AFTER_CLOSE' }),
    ]);
  });
});
