import { storeWithoutHandOver } from '../../helpers/stored-callbacks.js';
import { WorkflowNotFoundError } from '@temporalio/client';
import { workflowIds } from '../../../domain/shared/workflow-ids.js';
import { eventually, startStack, type Credentials, type Stack } from '../../helpers/stack.js';
import { paymentFacts } from '../../helpers/queries.js';
import { recordHistoryFixture } from '../../helpers/history-fixtures.js';

/**
 * What the gateway says, and what it merely claims: only the gateway's validation and query APIs
 * move a payment. Each case drives the real API, worker, database and the SSLCOMMERZ simulator.
 */
describe('gateway callbacks', () => {
  let stack: Stack;
  let creds: Credentials;

  beforeAll(async () => {
    stack = await startStack();
    creds = (await stack.registerApp()).test;
  });
  afterAll(() => stack.close());

  async function pendingPayment(overrides: Record<string, unknown> = {}) {
    const payment = await stack.createPayment(creds, overrides);
    await stack.openCheckout(payment.reference);
    return payment;
  }

  const facts = (reference: string) => paymentFacts(stack.em(), reference);
  /** Waits until `count` callbacks have a verdict, then reads the facts afresh (one snapshot). */
  const processed = async (reference: string, count = 1) => {
    await eventually(
      async () => (await facts(reference)).callbacks.filter((c) => c.outcome !== null).length >= count,
      20_000,
      `${count} processed callback(s)`,
    );
    return facts(reference);
  };

  it('ignores an IPN whose signature is forged: the payment is unchanged', async () => {
    const payment = await pendingPayment();
    await stack.setFaults({ forgeSignature: true }, payment.reference);
    const completion = await stack.completeAtGateway(payment.reference, 'VALID');
    expect(completion.ipn[0]?.status).toBe(400);

    const f = await processed(payment.reference);
    expect(f.callbacks).toEqual([
      { kind: 'IPN', signature_valid: false, outcome: 'REJECTED', outcome_reason: 'INVALID_SIGNATURE' },
    ]);
    expect(f.status).toBe('PENDING');
    expect(f.journalKinds).toEqual([]);
    expect(f.eventTypes).toEqual([]);
  });

  it('never trusts a val_id the validator does not know: the transaction query decides', async () => {
    const payment = await pendingPayment();
    await stack.setFaults({ unknownValId: true }, payment.reference);
    const completion = await stack.completeAtGateway(payment.reference, 'VALID');
    expect(completion.ipn[0]?.status).toBe(200);

    // The customer did pay: SSLCOMMERZ's transaction query reports the capture for our reference,
    // so the payment succeeds on the gateway's word, with the validation id the gateway holds.
    const f = await processed(payment.reference);
    expect(f.callbacks[0]).toMatchObject({ signature_valid: true, outcome: 'SUCCEEDED' });
    expect(f.status).toBe('SUCCEEDED');
    expect(f.journalKinds).toEqual(['CAPTURE', 'FEE']);
  });

  it.each([
    ['amount', { amountDeltaMinor: -100 }, /^AMOUNT_MISMATCH/],
    ['currency', { currency: 'USD' }, /^CURRENCY_MISMATCH/],
  ])('never succeeds a payment whose captured %s differs, and records why', async (_what, faults, reason) => {
    const payment = await pendingPayment();
    await stack.setFaults(faults, payment.reference);
    await stack.completeAtGateway(payment.reference, 'VALID');

    const f = await processed(payment.reference);
    expect(f.status).toBe('FAILED');
    expect(f.failureReason).toMatch(reason);
    expect(f.attentionReason).toMatch(reason);
    expect(f.eventTypes).toEqual(['payment.failed']);
    const read = await stack.readPayment(creds, payment.reference);
    expect(read).toMatchObject({ status: 'FAILED', failureReason: expect.stringMatching(reason) });
  });

  it.each(['duplicate', 'concurrent'])(
    'a %s IPN is stored once and makes one transition, one ledger entry and one event',
    async (mode) => {
      const payment = await pendingPayment();
      await stack.setFaults({ ipn: mode }, payment.reference);
      const completion = await stack.completeAtGateway(payment.reference, 'VALID');
      expect(completion.ipn.map((i) => i.status)).toEqual([200, 200]);
      await processed(payment.reference);
      // and once more, much later: recognised, stored nothing, handed to no workflow
      const resent = await stack.simulatorCall(
        'POST',
        `/__simulator/transactions/${payment.reference}/send-ipn`,
      );
      expect(resent).toMatchObject({ status: 200 });

      const f = await processed(payment.reference);
      expect(f.status).toBe('SUCCEEDED');
      expect(f.transitions).toEqual(['CREATED', 'PENDING', 'SUCCEEDED']);
      expect(f.journalKinds).toEqual(['CAPTURE', 'FEE']);
      expect(f.eventTypes).toEqual(['payment.succeeded']);
      expect(f.callbacks.map((c) => c.outcome)).toEqual(['SUCCEEDED']);
      const history = await stack.client.workflow.getHandle(`payment-${payment.reference}`).fetchHistory();
      const signals = history.events!.filter((e) => e.workflowExecutionSignaledEventAttributes);
      expect(signals.length).toBeLessThanOrEqual(2);
      await recordHistoryFixture(`payment-${payment.reference}`, `payment-${mode}-ipn`);
    },
  );

  it('a re-sent IPN for a closed payment starts no new workflow', async () => {
    const payment = await pendingPayment();
    await stack.completeAtGateway(payment.reference, 'VALID');
    await processed(payment.reference);
    await eventually(
      async () =>
        (await stack.client.workflow.getHandle(`payment-${payment.reference}`).describe()).status.name ===
        'COMPLETED',
      20_000,
      'payment workflow to close',
    );
    await stack.simulatorCall('POST', `/__simulator/transactions/${payment.reference}/send-ipn`);
    const [callback] = await stack
      .em()
      .execute<Array<{ id: string }>>('select id from gateway_callbacks where reference = ?', [
        payment.reference,
      ]);
    expect((await facts(payment.reference)).callbacks).toHaveLength(1);
    const late = workflowIds.lateCallback(payment.reference, Number(callback!.id));
    await expect(stack.client.workflow.getHandle(late).describe()).rejects.toThrow(WorkflowNotFoundError);
  });

  it('a stored callback whose hand-over a crash lost is handed over when the gateway sends it again', async () => {
    const payment = await pendingPayment();
    await stack.setFaults({ ipn: 'none' }, payment.reference);
    await stack.completeAtGateway(payment.reference, 'VALID');
    // What a crash between storing the IPN and signalling the workflow leaves behind.
    const fields = stack.simulator.state.latestTransaction(payment.reference)!.ipnFields;
    const stored = await storeWithoutHandOver(stack, {
      gateway: 'sslcommerz',
      kind: 'IPN',
      request: { kind: 'NOTIFICATION', form: fields },
    });
    expect(stored.accepted).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    expect((await facts(payment.reference)).status).toBe('PENDING');

    // Within a minute of the first hand-over a re-send is only recorded as seen...
    await stack.setFaults({}, payment.reference);
    await stack.simulatorCall('POST', `/__simulator/transactions/${payment.reference}/send-ipn`);
    await new Promise((r) => setTimeout(r, 500));
    expect((await facts(payment.reference)).status).toBe('PENDING');
    // ...after it, the re-send hands it over again.
    await stack
      .em()
      .execute(
        "update gateway_callbacks set handed_over_at = now() - interval '2 minutes' where reference = ?",
        [payment.reference],
      );
    await stack.simulatorCall('POST', `/__simulator/transactions/${payment.reference}/send-ipn`);
    const f = await processed(payment.reference);
    expect(f.status).toBe('SUCCEEDED');
    expect(f.callbacks.map((c) => c.outcome)).toEqual(['SUCCEEDED']);
    expect(f.journalKinds).toEqual(['CAPTURE', 'FEE']);
  });

  it("a suspended app's checkout takes no payment", async () => {
    const suspended = await stack.registerApp();
    const payment = await stack.createPayment(suspended.test);
    await stack.em().execute("update apps set status = 'SUSPENDED' where id = ?", [suspended.app.id]);
    const pay = await stack.api('POST', `/checkout/${payment.reference}/pay`);
    expect(pay.status).toBe(403);
    expect(String(pay.body)).toContain('not taking payments');
    expect((await facts(payment.reference)).status).toBe('CREATED');
  });

  it('a customer who cancels at the gateway ends CANCELLED, confirmed by the transaction query', async () => {
    const payment = await pendingPayment();
    await stack.completeAtGateway(payment.reference, 'CANCELLED');
    const f = await processed(payment.reference);
    expect(f.status).toBe('CANCELLED');
    expect(f.eventTypes).toEqual(['payment.cancelled']);
    expect(f.journalKinds).toEqual([]);
    await recordHistoryFixture(`payment-${payment.reference}`, 'payment-cancelled-at-gateway');
  });

  it('a failed payment at the gateway ends FAILED', async () => {
    const payment = await pendingPayment();
    await stack.completeAtGateway(payment.reference, 'FAILED');
    const f = await processed(payment.reference);
    expect(f.status).toBe('FAILED');
    expect(f.eventTypes).toEqual(['payment.failed']);
  });

  it('a customer who cancels on our checkout page before paying ends CANCELLED', async () => {
    const payment = await stack.createPayment(creds);
    const response = await stack.api('POST', `/checkout/${payment.reference}/cancel`);
    expect(response.status).toBe(302);
    const f = await eventually(async () => {
      const current = await facts(payment.reference);
      return current.status === 'CANCELLED' ? current : null;
    });
    expect(f.eventTypes).toEqual(['payment.cancelled']);
    await recordHistoryFixture(`payment-${payment.reference}`, 'payment-cancelled-on-checkout');
    // a cancelled checkout cannot be paid afterwards
    const pay = await stack.api('POST', `/checkout/${payment.reference}/pay`);
    expect(pay.headers.get('location')).toBe(`/checkout/${payment.reference}`);
    expect((await facts(payment.reference)).status).toBe('CANCELLED');
  });

  it('a failed gateway session shows a clear error, keeps the payment CREATED, and can be retried', async () => {
    const payment = await stack.createPayment(creds);
    await stack.setFaults(
      { sessionFailure: 'Store Credential Error Or Store is De-active' },
      payment.reference,
    );
    const failed = await stack.api('POST', `/checkout/${payment.reference}/pay`);
    expect(failed.status).toBe(502);
    expect(String(failed.body)).toContain('Store Credential Error');
    expect((await facts(payment.reference)).status).toBe('CREATED');

    await stack.setFaults({}, payment.reference);
    const gatewayPage = await stack.openCheckout(payment.reference);
    expect(gatewayPage).toContain('/EasyCheckOut/');
    await stack.completeAtGateway(payment.reference, 'VALID');
    await processed(payment.reference);
    expect((await facts(payment.reference)).status).toBe('SUCCEEDED');
  });

  it('a payment nobody opened by its deadline shows as expired and can no longer be opened or cancelled', async () => {
    const payment = await stack.createPayment(creds);
    await stack
      .em()
      .execute("update payments set expires_at = now() - interval '1 second' where reference = ?", [
        payment.reference,
      ]);
    const page = await stack.api('GET', `/checkout/${payment.reference}`);
    expect(String(page.body)).toContain('This checkout has expired');
    expect(String(page.body)).not.toContain('data-testid="pay"');
    const json = await stack.api('GET', `/api/v1/checkout/${payment.reference}`);
    expect(json.body.data.status).toBe('EXPIRED');
    for (const click of ['pay', 'cancel']) {
      const refused = await stack.api('POST', `/checkout/${payment.reference}/${click}`);
      expect(refused.headers.get('location')).toBe(`/checkout/${payment.reference}`);
    }
    // No click reached Temporal: the sweeper will expire it.
    await expect(stack.client.workflow.getHandle(`payment-${payment.reference}`).describe()).rejects.toThrow(
      WorkflowNotFoundError,
    );
    expect((await facts(payment.reference)).transitions).toEqual(['CREATED']);
  });

  it('opening checkout twice, even at once, creates one gateway session', async () => {
    const payment = await stack.createPayment(creds);
    const pages = await Promise.all([1, 2, 3].map(() => stack.openCheckout(payment.reference)));
    expect(new Set(pages).size).toBe(1);
    expect((await facts(payment.reference)).transitions).toEqual(['CREATED', 'PENDING']);
  });

  it('rejects a callback for a payment that does not exist', async () => {
    const response = await stack.api('POST', '/api/v1/gateways/sslcommerz/ipn', {
      rawBody: new URLSearchParams({
        tran_id: 'pay_00000000000000000000',
        status: 'VALID',
        val_id: 'x',
      }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.status).toBe(400);
    expect(response.body.meta).toMatchObject({ success: false, errorCode: 'CALLBACK_REJECTED' });
  });
});
