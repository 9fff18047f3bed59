import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { workflowIds } from '../../domain/shared/workflow-ids.js';
import { createSslcommerzGateway } from '../../gateways/sslcommerz/client.js';
import { eventually, startStack, STORE, type Credentials, type Stack } from '../helpers/stack.js';
import { followServerTime, startTimeSkippingServer } from '../helpers/time-skipping.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Refunds against the simulated SSLCOMMERZ on the time-skipping server: the refund workflow
 * follows the gateway on durable timers, so hours of bank settlement or a half-hour outage pass in
 * seconds. The simulator times settlement and outages on the server's clock.
 */
describe('refunds at the gateway on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let stack: Stack;
  let creds: Credentials;
  let clock: Awaited<ReturnType<typeof followServerTime>>;

  // A fresh server per test: time skipped in one test must not leak into the next one's clock.
  beforeEach(async () => {
    env = await startTimeSkippingServer();
    clock = await followServerTime(env);
    stack = await startStack({ temporal: env, simulatorClock: clock.now });
    creds = (await stack.registerApp()).test;
  }, 120_000);
  afterEach(async () => {
    clock?.stop();
    await stack?.close();
    await env?.teardown();
  });

  const serverTime = () => clock.sync();
  const askRefund = async (payment: string, body: Record<string, unknown>) => {
    const response = await stack.api('POST', `/api/v1/payments/${payment}/refunds`, { creds, body });
    expect(response.status).toBe(201);
    return response.body.data as { reference: string; amountMinor: number; status: string };
  };
  /** Awaiting the result through the time-skipping client fast-forwards past the workflow's timers. */
  const refundResult = (reference: string) =>
    env.client.workflow.getHandle(workflowIds.refund(reference)).result();
  const readRefund = async (reference: string) =>
    (await stack.api('GET', `/api/v1/refunds/${reference}`, { creds })).body.data;
  const refundEvents = async (reference: string) =>
    (
      await stack
        .em()
        .execute<Array<{ type: string }>>(
          "select type from events where source_type = 'refund' and source_id = ? order by created_at, id",
          [reference],
        )
    ).map((row) => row.type);
  /** The refunds the gateway itself holds for a payment. */
  const gatewayRefunds = (paymentReference: string) =>
    [...stack.simulator.state.refunds.values()].filter((refund) => refund.tranId === paymentReference);

  it('a refund the gateway reports processing and refunds six hours later succeeds', async () => {
    const payment = await stack.paidPayment(creds, { amountMinor: 10000 });
    await stack.setFaults({ refundSettlesAfterMs: 6 * HOUR }, payment.reference);
    const asked = await serverTime();
    const refund = await askRefund(payment.reference, { amountMinor: 4000, reason: 'damaged item' });
    expect(refund.status).toBe('PROCESSING');

    // Five hours in, the bank has not moved the money: nothing is booked yet.
    await env.sleep('5 hours');
    expect(await readRefund(refund.reference)).toMatchObject({ status: 'PROCESSING', settledAt: null });
    expect(await stack.readPayment(creds, payment.reference)).toMatchObject({
      status: 'SUCCEEDED',
      refundedMinor: 0,
    });

    expect(await refundResult(refund.reference)).toEqual({ status: 'SUCCEEDED' });
    expect((await env.currentTimeMs()) - asked).toBeGreaterThanOrEqual(6 * HOUR);
    expect(await readRefund(refund.reference)).toMatchObject({
      status: 'SUCCEEDED',
      amountMinor: 4000,
      settledAt: expect.any(String),
    });
    expect(await stack.readPayment(creds, payment.reference)).toMatchObject({
      status: 'PARTIALLY_REFUNDED',
      refundedMinor: 4000,
    });
    expect(await refundEvents(refund.reference)).toEqual([
      'refund.created',
      'refund.succeeded',
      'payment.partially_refunded',
    ]);
    // Asked about many times, initiated once.
    expect(gatewayRefunds(payment.reference)).toHaveLength(1);
  }, 120_000);

  it('a refund the gateway refuses as more than it holds fails, and its amount is refundable again', async () => {
    const payment = await stack.paidPayment(creds, { amountMinor: 5000 });
    // Part was refunded from the gateway's merchant panel, which our records never saw.
    const session = await stack.simulatorCall<{ transaction: { bankTranId: string } }>(
      'GET',
      `/__simulator/sessions/by-tran-id/${payment.reference}`,
    );
    const panel = createSslcommerzGateway({ baseUrl: stack.simulatorUrl, ...STORE });
    await panel.refund({
      gatewayTransactionId: session.transaction.bankTranId,
      refundReference: 'panel-refund-1',
      amountMinor: 2000,
      currency: 'BDT',
      remarks: 'Refunded from the panel',
    });

    const refund = await askRefund(payment.reference, {});
    expect(refund.amountMinor).toBe(5000);
    expect(await refundResult(refund.reference)).toEqual({ status: 'FAILED' });
    expect(await readRefund(refund.reference)).toMatchObject({
      status: 'FAILED',
      failureReason: 'Refund amount exceeds the refundable amount',
    });
    expect(await stack.readPayment(creds, payment.reference)).toMatchObject({
      status: 'SUCCEEDED',
      refundedMinor: 0,
    });
    expect(await refundEvents(refund.reference)).toEqual(['refund.created', 'refund.failed']);
    // The failed refund holds nothing: the whole capture is refundable again, and no more.
    const tooMuch = await stack.api('POST', `/api/v1/payments/${payment.reference}/refunds`, {
      creds,
      body: { amountMinor: 5001 },
    });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.meta.details).toEqual({ refundableMinor: 5000 });
  }, 120_000);

  it('a refund the refund API refuses (server not whitelisted) fails; once allowed, the amount refunds', async () => {
    const payment = await stack.paidPayment(creds, { amountMinor: 3000 });
    await stack.setFaults({ refundApiConnect: 'INACTIVE' }, payment.reference);
    const refused = await askRefund(payment.reference, {});
    expect(await refundResult(refused.reference)).toEqual({ status: 'FAILED' });
    expect(await readRefund(refused.reference)).toMatchObject({
      status: 'FAILED',
      failureReason: expect.stringContaining('Refund API is not enabled for this IP'),
    });
    expect(gatewayRefunds(payment.reference)).toEqual([]);

    await stack.setFaults({}, payment.reference);
    const retried = await askRefund(payment.reference, {});
    expect(retried.amountMinor).toBe(3000);
    expect(await refundResult(retried.reference)).toEqual({ status: 'SUCCEEDED' });
    expect(await stack.readPayment(creds, payment.reference)).toMatchObject({
      status: 'REFUNDED',
      refundedMinor: 3000,
    });
  }, 120_000);

  it('a refund asked during a 30-minute refund API outage is not failed; it succeeds after', async () => {
    const payment = await stack.paidPayment(creds, { amountMinor: 8000 });
    const outageStart = await serverTime();
    await stack.setOutages({ refund: { forMs: 30 * MINUTE } });
    const refund = await askRefund(payment.reference, {});

    await env.sleep('20 minutes');
    expect(await readRefund(refund.reference)).toMatchObject({ status: 'PROCESSING', failureReason: null });
    expect(gatewayRefunds(payment.reference)).toEqual([]);

    expect(await refundResult(refund.reference)).toEqual({ status: 'SUCCEEDED' });
    expect((await env.currentTimeMs()) - outageStart).toBeGreaterThanOrEqual(30 * MINUTE);
    expect(await stack.readPayment(creds, payment.reference)).toMatchObject({
      status: 'REFUNDED',
      refundedMinor: 8000,
    });
    expect(await refundEvents(refund.reference)).toEqual([
      'refund.created',
      'refund.succeeded',
      'payment.refunded',
    ]);
    expect(gatewayRefunds(payment.reference)).toHaveLength(1);
  }, 120_000);

  describe('a refund whose answer the gateway lost', () => {
    /** A refund the gateway took while its answer was lost: our retry is refused as a duplicate. */
    const lostRefund = async (amountMinor: number) => {
      const payment = await stack.paidPayment(creds, { amountMinor });
      await stack.setFaults({ refundAnswerLost: true }, payment.reference);
      const refund = await askRefund(payment.reference, {});
      const finance = await stack.createOperator('FINANCE');
      const admin = await stack.adminLogin(finance.email, finance.password);
      const waiting = await eventually(
        async () => {
          const read = await admin.call('GET', `/api/v1/admin/refunds/${refund.reference}`);
          return read.body.data.awaitingConfirmation ? read.body.data : null;
        },
        30_000,
        'the refund to wait for finance',
      );
      return { payment, refund, admin, waiting };
    };
    const confirm = (
      admin: Awaited<ReturnType<Stack['adminLogin']>>,
      reference: string,
      body: Record<string, unknown>,
    ) => admin.call('POST', `/api/v1/admin/refunds/${reference}/confirm`, { body });
    const auditActions = async (reference: string) =>
      await stack
        .em()
        .execute<Array<{ action: string; after: Record<string, unknown> }>>(
          'select action, after from audit_log where target_type = ? and target_id = ? order by id',
          ['refund', reference],
        );

    it('waits for finance, and the id from the merchant panel finishes it through the gateway', async () => {
      const { payment, refund, admin, waiting } = await lostRefund(6000);
      expect(waiting).toMatchObject({
        status: 'PROCESSING',
        gatewayRefundId: null,
        awaitingConfirmation: { since: expect.any(String), reason: 'Duplicate refund_trans_id' },
      });
      // Initiated once at the gateway, though asked twice.
      const [held] = gatewayRefunds(payment.reference);
      expect(gatewayRefunds(payment.reference)).toHaveLength(1);

      const idWithFailure = await confirm(admin, refund.reference, {
        outcome: 'FAILED',
        gatewayRefundId: held!.refundRefId,
        note: 'x',
      });
      expect(idWithFailure.status).toBe(400);
      expect(idWithFailure.body.meta.errorCode).toBe('VALIDATION_ERROR');

      const confirmed = await confirm(admin, refund.reference, {
        outcome: 'SUCCEEDED',
        gatewayRefundId: held!.refundRefId,
        note: 'Found in the merchant panel',
      });
      expect(confirmed.status).toBe(200);
      expect(confirmed.body.data).toMatchObject({
        status: 'PROCESSING',
        gatewayRefundId: held!.refundRefId,
        awaitingConfirmation: null,
      });
      const again = await confirm(admin, refund.reference, { outcome: 'FAILED', note: 'changed my mind' });
      expect(again.status).toBe(409);
      expect(again.body.meta.errorCode).toBe('REFUND_NOT_AWAITING_CONFIRMATION');

      // The gateway, asked by that id, is the one that says refunded.
      expect(await refundResult(refund.reference)).toEqual({ status: 'SUCCEEDED' });
      expect(await stack.readPayment(creds, payment.reference)).toMatchObject({
        status: 'REFUNDED',
        refundedMinor: 6000,
      });
      expect(await refundEvents(refund.reference)).toEqual([
        'refund.created',
        'refund.succeeded',
        'payment.refunded',
      ]);
      expect(await auditActions(refund.reference)).toEqual([
        { action: 'refund.requested', after: expect.objectContaining({ amountMinor: 6000 }) },
        {
          action: 'refund.confirmed',
          after: expect.objectContaining({ outcome: 'SUCCEEDED', gatewayRefundId: held!.refundRefId }),
        },
      ]);
      expect(gatewayRefunds(payment.reference)).toHaveLength(1);
    }, 120_000);

    it('finance confirming it failed releases the amount, recorded with the audit entry', async () => {
      const { payment, refund, admin } = await lostRefund(2500);
      const confirmed = await confirm(admin, refund.reference, {
        outcome: 'FAILED',
        note: 'The panel shows the refund cancelled by the bank',
      });
      expect(confirmed.status).toBe(200);
      expect(confirmed.body.data).toMatchObject({
        status: 'FAILED',
        failureReason: 'Confirmed failed by finance: The panel shows the refund cancelled by the bank',
        awaitingConfirmation: null,
      });
      expect(await refundResult(refund.reference)).toEqual({ status: 'FAILED' });
      expect(await refundEvents(refund.reference)).toEqual(['refund.created', 'refund.failed']);
      expect((await auditActions(refund.reference)).map((entry) => entry.action)).toEqual([
        'refund.requested',
        'refund.confirmed',
      ]);
      expect(await stack.readPayment(creds, payment.reference)).toMatchObject({
        status: 'SUCCEEDED',
        refundedMinor: 0,
      });
    }, 120_000);
  });
});
