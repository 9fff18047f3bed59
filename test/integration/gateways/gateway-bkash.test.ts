import {
  expectClosedWithoutMoney,
  expectDeliveredOnce,
  expectExpiryAtDeadline,
  expectLateCaptureParked,
  expectLateCaptureRefunded,
  expectSettledOnce,
  startGatewayE2E,
  type GatewayE2E,
} from '../../helpers/gateway-e2e.js';
import { enableGateways } from '../../helpers/picker.js';
import { storeWithoutHandOver } from '../../helpers/stored-callbacks.js';

/**
 * bKash tokenized checkout end to end: the real API, worker, PostgreSQL and Temporal, the bKash
 * simulator as the gateway, an app with its own bKash credentials. bKash's only callback is the
 * customer's browser coming back (GET ?reference=&paymentID=&status=); the worker then executes the
 * payment (or asks its status), which alone decides.
 */
describe('bKash end to end', () => {
  let e2e: GatewayE2E;
  const AMOUNT = { amountMinor: 10000, currency: 'BDT' };
  /** bKash reports no fee: its default schedule's 1.85 % is booked. */
  const FEE = { feeMinor: 185 };

  beforeAll(async () => {
    e2e = await startGatewayE2E('bkash', { payment: { currency: 'BDT', amountMinor: AMOUNT.amountMinor } });
  });
  afterAll(() => e2e?.close());

  /** bKash's paymentID is in the hosted page's link (`bkashURL?paymentId=…`). */
  const paymentIdOf = (pageUrl: string) => new URL(pageUrl).searchParams.get('paymentId')!;
  const simPayment = (paymentId: string) => e2e.control('GET', `/__simulator/payments/${paymentId}`);

  it('success: executed once, SUCCEEDED with one CAPTURE and one verified payment.succeeded', async () => {
    const payment = await e2e.createPayment();
    const { pageUrl, chosen, back } = await e2e.payAtGateway(payment.reference, 'success');
    expect(chosen.status).toBe(303);
    const callback = new URL(chosen.location!);
    expect(callback.pathname).toBe(`/checkout/${payment.reference}/return`);
    expect(callback.searchParams.get('reference')).toBe(payment.reference);
    expect(callback.searchParams.get('status')).toBe('success');
    expect(back).toBe(`/checkout/${payment.reference}?returned=1`);

    const { read } = await expectSettledOnce(e2e, payment, { ...AMOUNT, ...FEE, paymentMethod: 'bKash' });
    const atBkash = await simPayment(paymentIdOf(pageUrl));
    expect(atBkash).toMatchObject({
      status: 'Completed',
      executeCalls: 1,
      merchantInvoiceNumber: payment.reference,
    });
    expect(read.gatewayTransactionId).toBe(atBkash.trxID);
    await expectDeliveredOnce(e2e, 'payment.succeeded', payment.reference);
  });

  it.each([
    ['insufficient', 'the wallet is short at execute (2023)'],
    ['failure', 'wrong PIN three times'],
  ])('failure (%s: %s): FAILED, nothing in the ledger, payment.failed', async (choice) => {
    const payment = await e2e.createPayment();
    const { back } = await e2e.payAtGateway(payment.reference, choice);
    expect(back).toBe(`/checkout/${payment.reference}?returned=1`);

    const failed = await e2e.waitForStatus(payment.reference, 'FAILED');
    expect(failed.gatewayTransactionId).toBeNull();
    const facts = await expectClosedWithoutMoney(e2e, payment.reference, 'FAILED', 'payment.failed');
    expect(facts.eventTypes).toEqual(['payment.failed']);
    expect(facts.transitions).toEqual(['CREATED', 'PENDING', 'FAILED']);
  });

  it('cancel at bKash: CANCELLED, payment.cancelled', async () => {
    const payment = await e2e.createPayment();
    const { pageUrl } = await e2e.payAtGateway(payment.reference, 'cancel');

    await e2e.waitForStatus(payment.reference, 'CANCELLED');
    const facts = await expectClosedWithoutMoney(e2e, payment.reference, 'CANCELLED', 'payment.cancelled');
    expect(facts.eventTypes).toEqual(['payment.cancelled']);
    expect((await simPayment(paymentIdOf(pageUrl))).executeCalls).toBe(0);
  });

  it('expiry: an opened checkout nobody pays is EXPIRED at its deadline, after asking bKash once more', async () => {
    const { pageUrl } = await expectExpiryAtDeadline(e2e);
    // Asking is not paying: the payment was never executed.
    expect(await simPayment(paymentIdOf(pageUrl))).toMatchObject({ status: 'Initiated', executeCalls: 0 });
  });

  it.each([
    ['answers at once', false, 1],
    ['answers 503 once, at the deadline', true, 2],
  ])(
    "an approved payment whose return's hand-over a crash lost is executed by the deadline's last question (execute %s): SUCCEEDED, not EXPIRED",
    async (_case, executeFailsOnce, executeCalls) => {
      const payment = await e2e.createPayment();
      if (executeFailsOnce) {
        await e2e.control('PUT', '/__simulator/faults', {
          merchantInvoiceNumber: payment.reference,
          faults: { executeUnavailableOnce: true },
        });
      }
      await e2e.expireIn(payment.reference, 6);
      const pageUrl = await e2e.openCheckout(payment.reference);
      // The customer approves at bKash and their browser comes back; the API stores the return and
      // dies before telling the workflow. bKash takes the money only when we execute.
      const chosen = await e2e.choose(pageUrl, 'success');
      const back = new URL(chosen.location!);
      const stored = await storeWithoutHandOver(e2e.stack, {
        gateway: 'bkash',
        kind: 'REDIRECT',
        request: { kind: 'BROWSER_RETURN', query: Object.fromEntries(back.searchParams) },
      });
      expect(stored).toMatchObject({ accepted: true, handOver: true });

      const { read } = await expectSettledOnce(e2e, payment, { ...AMOUNT, ...FEE, paymentMethod: 'bKash' });
      const atBkash = await simPayment(paymentIdOf(pageUrl));
      expect(atBkash).toMatchObject({ status: 'Completed', executeCalls });
      expect(read.gatewayTransactionId).toBe(atBkash.trxID);
      expect((await e2e.facts(payment.reference)).transitions).toEqual(['CREATED', 'PENDING', 'SUCCEEDED']);
      await expectDeliveredOnce(e2e, 'payment.succeeded', payment.reference);
      expect(e2e.webhooks('payment.expired', payment.reference)).toEqual([]);
    },
  );

  it("a forged return (our reference, success, another payment's or a bogus paymentID) changes nothing", async () => {
    const victim = await e2e.createPayment();
    await e2e.openCheckout(victim.reference);
    // Another customer approved their own payment at bKash; their browser has not come back yet.
    const other = await e2e.createPayment();
    const otherPaymentId = paymentIdOf(await e2e.openCheckout(other.reference));
    await e2e.control('POST', `/__simulator/payments/${otherPaymentId}/complete`, { choice: 'success' });

    const forged = (paymentId: string) =>
      `${e2e.stack.apiUrl}/checkout/${victim.reference}/return?` +
      new URLSearchParams({
        reference: victim.reference,
        paymentID: paymentId,
        status: 'success',
      }).toString();
    await e2e.returnToCheckout(forged(otherPaymentId));
    await e2e.returnToCheckout(forged('TR0011BOGUS00000000001'));

    // Both name a session other than the victim's: kept once (the second only counted), asked once.
    const facts = await e2e.processedCallbacks(victim.reference, 1);
    expect(facts.status).toBe('PENDING');
    expect(facts.journalKinds).toEqual([]);
    expect(facts.eventTypes).toEqual([]);
    expect(facts.callbacks.map((c) => c.outcome)).toEqual(['UNCONFIRMED']);
    // The other customer's approved payment was not executed on the victim's behalf.
    expect(await simPayment(otherPaymentId)).toMatchObject({ status: 'Initiated', executeCalls: 0 });
    expect(e2e.webhooks('payment.succeeded', victim.reference)).toEqual([]);
    expect(await e2e.refundsOf(victim.reference)).toEqual([]);
  });

  it('late success: paid at bKash after our payment EXPIRED is parked as unapplied and refunded in full (LATE_CAPTURE)', async () => {
    const payment = await e2e.createPayment();
    await e2e.expireIn(payment.reference, 8);
    const pageUrl = await e2e.openCheckout(payment.reference);
    await e2e.waitForStatus(payment.reference, 'EXPIRED', 20_000);

    // The customer was still on bKash's page: they approve, and their browser comes back late.
    const chosen = await e2e.choose(pageUrl, 'success');
    await e2e.returnToCheckout(chosen.location!);

    const lateRefund = await expectLateCaptureParked(e2e, payment.reference, 'EXPIRED', {
      ...AMOUNT,
      ...FEE,
    });
    const settled = await e2e.settledRefund(lateRefund.reference);
    expect(settled).toMatchObject({ status: 'SUCCEEDED', reason: 'LATE_CAPTURE', funds: 'UNAPPLIED' });
    const atBkash = await simPayment(paymentIdOf(pageUrl));
    expect(atBkash.executeCalls).toBe(1);
    expect(atBkash.refunds).toEqual([
      expect.objectContaining({ amount: '100.00', sku: lateRefund.reference }),
    ]);
    expect((await e2e.refundRow(lateRefund.reference))?.gateway_refund_id).toBe(
      atBkash.refunds[0].refundTrxID,
    );
    expect(await e2e.ledgerLines('refund', lateRefund.reference)).toEqual([
      { kind: 'UNAPPLIED_REFUND', accountCode: 'unapplied_funds:TEST:BDT', amountMinor: 10000 },
      { kind: 'UNAPPLIED_REFUND', accountCode: 'gateway_clearing:bkash:TEST:BDT', amountMinor: -10000 },
    ]);
    await expectLateCaptureRefunded(e2e, payment.reference, 'EXPIRED');
    await e2e.webhook('refund.succeeded', lateRefund.reference);
    // The app was told its payment expired, and never that it succeeded.
    expect((await e2e.facts(payment.reference)).eventTypes).toEqual(['payment.expired']);
    expect(e2e.webhooks('payment.succeeded', payment.reference)).toEqual([]);
  });

  it("a partial then a full refund: SUCCEEDED with bKash's refund ids, PARTIALLY_REFUNDED then REFUNDED", async () => {
    const payment = await e2e.createPayment();
    const { pageUrl } = await e2e.payAtGateway(payment.reference, 'success');
    await e2e.waitForStatus(payment.reference, 'SUCCEEDED');
    const paymentId = paymentIdOf(pageUrl);

    const partial = await e2e.refund(payment.reference, { amountMinor: 4000, reason: 'one item returned' });
    expect(partial.status).toBe(201);
    const first = await e2e.settledRefund(partial.body.data.reference);
    expect(first).toMatchObject({ status: 'SUCCEEDED', amountMinor: 4000, funds: 'CAPTURED' });
    expect(await e2e.readPayment(payment.reference)).toMatchObject({
      status: 'PARTIALLY_REFUNDED',
      refundedMinor: 4000,
    });
    await e2e.webhook('refund.succeeded', first.reference);
    expect((await e2e.webhook('payment.partially_refunded', payment.reference)).data).toMatchObject({
      status: 'PARTIALLY_REFUNDED',
      refundedMinor: 4000,
    });

    const rest = await e2e.refund(payment.reference, {});
    expect(rest.status).toBe(201);
    expect(rest.body.data.amountMinor).toBe(6000);
    const second = await e2e.settledRefund(rest.body.data.reference);
    expect(second).toMatchObject({ status: 'SUCCEEDED', amountMinor: 6000 });
    expect(await e2e.readPayment(payment.reference)).toMatchObject({
      status: 'REFUNDED',
      refundedMinor: 10000,
    });
    await e2e.webhook('refund.succeeded', second.reference);
    await e2e.webhook('payment.refunded', payment.reference);

    // bKash holds both refunds, under our refund references, and gave us its id for each.
    const atBkash = await simPayment(paymentId);
    expect(atBkash.refunds).toEqual([
      expect.objectContaining({ amount: '40.00', sku: first.reference }),
      expect.objectContaining({ amount: '60.00', sku: second.reference }),
    ]);
    expect((await e2e.refundRow(first.reference))?.gateway_refund_id).toBe(atBkash.refunds[0].refundTrxID);
    expect((await e2e.refundRow(second.reference))?.gateway_refund_id).toBe(atBkash.refunds[1].refundTrxID);
    expect(await e2e.ledgerLines('refund', first.reference)).toEqual([
      { kind: 'REFUND', accountCode: `app_refunds:${e2e.appId}:TEST:BDT`, amountMinor: 4000 },
      { kind: 'REFUND', accountCode: 'gateway_clearing:bkash:TEST:BDT', amountMinor: -4000 },
    ]);
  });

  /** A SUCCEEDED bKash payment of AMOUNT, and bKash's paymentID for it. */
  async function paidAtBkash() {
    const payment = await e2e.createPayment();
    const { pageUrl } = await e2e.payAtGateway(payment.reference, 'success');
    await e2e.waitForStatus(payment.reference, 'SUCCEEDED');
    return { payment, paymentId: paymentIdOf(pageUrl) };
  }

  const faultsFor = (reference: string, faults: Record<string, unknown>) =>
    e2e.control('PUT', '/__simulator/faults', { merchantInvoiceNumber: reference, faults });

  it("two partial refunds taken at once, each in progress at first: each SUCCEEDED with its own refundTrxId, read by it from bKash's list", async () => {
    const { payment, paymentId } = await paidAtBkash();
    // bKash answers each refund as still in progress: the workflow asks the refund status by id.
    await faultsFor(payment.reference, { refundPending: true });
    const [a, b] = await Promise.all([
      e2e.refund(payment.reference, { amountMinor: 3000, reason: 'first item' }),
      e2e.refund(payment.reference, { amountMinor: 5000, reason: 'second item' }),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    const first = await e2e.settledRefund(a.body.data.reference);
    const second = await e2e.settledRefund(b.body.data.reference);
    expect(first).toMatchObject({ status: 'SUCCEEDED', amountMinor: 3000 });
    expect(second).toMatchObject({ status: 'SUCCEEDED', amountMinor: 5000 });
    expect(await e2e.readPayment(payment.reference)).toMatchObject({
      status: 'PARTIALLY_REFUNDED',
      refundedMinor: 8000,
    });

    // Both went through the current refund API; each refund row holds bKash's id of its own refund.
    const atBkash = await simPayment(paymentId);
    expect(atBkash.refunds).toHaveLength(2);
    const bySku = (sku: string) => atBkash.refunds.find((refund: { sku: string }) => refund.sku === sku);
    expect(bySku(first.reference)).toMatchObject({ api: 'v2', amount: '30.00', status: 'Completed' });
    expect(bySku(second.reference)).toMatchObject({ api: 'v2', amount: '50.00', status: 'Completed' });
    expect((await e2e.refundRow(first.reference))?.gateway_refund_id).toBe(
      bySku(first.reference).refundTrxID,
    );
    expect((await e2e.refundRow(second.reference))?.gateway_refund_id).toBe(
      bySku(second.reference).refundTrxID,
    );
    await e2e.webhook('refund.succeeded', first.reference);
    await e2e.webhook('refund.succeeded', second.reference);
  });

  it('a refund whose answer was lost (504) recovers from the status list: SUCCEEDED, one refund at bKash', async () => {
    const { payment, paymentId } = await paidAtBkash();
    const earlier = await e2e.refund(payment.reference, { amountMinor: 2500, reason: 'one item' });
    expect((await e2e.settledRefund(earlier.body.data.reference)).status).toBe('SUCCEEDED');

    await faultsFor(payment.reference, { refundAnswerLost: true });
    const lost = await e2e.refund(payment.reference, {});
    expect(lost.body.data.amountMinor).toBe(7500);
    const settled = await e2e.settledRefund(lost.body.data.reference);
    expect(settled).toMatchObject({ status: 'SUCCEEDED', amountMinor: 7500 });

    // The retry met bKash's duplicate check: the money went back once, and nobody had to confirm.
    const atBkash = await simPayment(paymentId);
    expect(atBkash.refunds).toEqual([
      expect.objectContaining({ sku: earlier.body.data.reference, amount: '25.00' }),
      expect.objectContaining({ sku: settled.reference, amount: '75.00', api: 'v2' }),
    ]);
    expect(await e2e.refundRow(settled.reference)).toMatchObject({
      gateway_refund_id: atBkash.refunds[1].refundTrxID,
      confirmation_requested_at: null,
    });
    expect(await e2e.readPayment(payment.reference)).toMatchObject({
      status: 'REFUNDED',
      refundedMinor: 10000,
    });
    await e2e.webhook('payment.refunded', payment.reference);
  });

  it('an app whose bKash account uses the older refund API (setting v1): refunds through payment/refund', async () => {
    const { payment, paymentId } = await paidAtBkash();
    const credentials = e2e.stack.gatewaySimulators.credentials.bkash;
    await enableGateways(e2e.stack, e2e.appId, [
      { name: 'bkash', credentials: { ...credentials, refundApi: 'v1' } },
    ]);
    try {
      const partial = await e2e.refund(payment.reference, { amountMinor: 4000, reason: 'one item returned' });
      const first = await e2e.settledRefund(partial.body.data.reference);
      expect(first).toMatchObject({ status: 'SUCCEEDED', amountMinor: 4000 });
      const rest = await e2e.refund(payment.reference, {});
      const second = await e2e.settledRefund(rest.body.data.reference);
      expect(second).toMatchObject({ status: 'SUCCEEDED', amountMinor: 6000 });

      const atBkash = await simPayment(paymentId);
      expect(atBkash.refunds).toEqual([
        expect.objectContaining({ api: 'v1', amount: '40.00', sku: first.reference }),
        expect.objectContaining({ api: 'v1', amount: '60.00', sku: second.reference }),
      ]);
      expect((await e2e.refundRow(second.reference))?.gateway_refund_id).toBe(atBkash.refunds[1].refundTrxID);
    } finally {
      await enableGateways(e2e.stack, e2e.appId, ['bkash']);
    }
  });
});
