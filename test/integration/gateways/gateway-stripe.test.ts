/**
 * Mostly waiting: this suite waits for a Checkout Session to expire and for refunds to settle at
 * the gateway, so it runs in the waiting slot (test/helpers/waiting-slot-runner.js).
 *
 * @test-slot waiting
 */
import {
  expectClosedWithoutMoney,
  expectDeliveredOnce,
  expectLateCaptureParked,
  expectLateCaptureRefunded,
  expectSettledOnce,
  startGatewayE2E,
  type GatewayE2E,
} from '../../helpers/gateway-e2e.js';
import {
  postStripeWebhook,
  stripeCompletedClaim,
  stripeSessionIdOf as sessionIdOf,
} from '../../helpers/forged-callbacks.js';
import { enableGateways } from '../../helpers/picker.js';
import { eventually } from '../../helpers/eventually.js';

/**
 * Stripe Checkout end to end: the real API, worker, PostgreSQL and Temporal, the Stripe simulator
 * as the gateway (the official SDK calls it), an app with its own secret key and webhook secret.
 * Stripe tells us twice: signed webhooks the simulator POSTs to /api/v1/gateways/stripe/ipn, and
 * the customer's browser coming back to success_url (?reference=&session_id=) or cancel_url
 * (?reference=). Retrieving the Checkout Session alone decides.
 * Expiry and the outcome checks every gateway shares run in its contract suite
 * (test/integration/gateways/contract-stripe.test.ts); this suite checks what is Stripe's own.
 */
describe('Stripe end to end', () => {
  let e2e: GatewayE2E;
  const AMOUNT = { amountMinor: 2500, currency: 'USD' };
  /** Stripe's fee on the charge's balance transaction: 2.9 % + 30 (72.5 rounds up to 73). */
  const FEE = { feeMinor: 103 };

  beforeAll(async () => {
    e2e = await startGatewayE2E('stripe', { payment: { currency: 'USD', amountMinor: AMOUNT.amountMinor } });
  });
  afterAll(() => e2e?.close());

  const simSession = (reference: string) =>
    e2e.control('GET', `/__simulator/sessions/by-reference/${reference}`);
  /** The simulated account's API, as the SDK calls it. */
  const stripeApi = async (path: string) => {
    const response = await fetch(`${e2e.stack.gatewaySimulators.url}/v1${path}`, {
      headers: { authorization: `Bearer ${e2e.stack.gatewaySimulators.credentials.stripe.secretKey}` },
    });
    return (await response.json()) as Record<string, any>;
  };

  it('success: SUCCEEDED once from the webhook and the return, one CAPTURE and one verified payment.succeeded', async () => {
    const payment = await e2e.createPayment();
    const { pageUrl, chosen, back } = await e2e.payAtGateway(payment.reference, 'pay');
    expect(chosen.status).toBe(303);
    const success = new URL(chosen.location!);
    expect(success.pathname).toBe(`/checkout/${payment.reference}/return`);
    expect(Object.fromEntries(success.searchParams)).toEqual({
      reference: payment.reference,
      session_id: sessionIdOf(pageUrl),
    });
    expect(back).toBe(`/checkout/${payment.reference}?returned=1`);

    const { read } = await expectSettledOnce(e2e, payment, { ...AMOUNT, ...FEE, paymentMethod: 'visa' });
    const atStripe = await simSession(payment.reference);
    expect(atStripe).toMatchObject({ status: 'complete', payment_status: 'paid' });
    expect(read.gatewayTransactionId).toBe(atStripe.payment_intent.id);
    // The signed checkout.session.completed and the browser's return: both stored, one settles.
    const facts = await e2e.processedCallbacks(payment.reference, 2);
    expect(facts.callbacks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'IPN', signature_valid: true, outcome: 'SUCCEEDED' }),
        // Judged by the workflow as a duplicate, or, when the webhook closed the payment first, not
        // handed to any workflow at all.
        expect.objectContaining({
          kind: 'REDIRECT',
          signature_valid: true,
          outcome: expect.stringMatching(/^(DUPLICATE|NO_CHANGE)$/),
        }),
      ]),
    );
    await expectDeliveredOnce(e2e, 'payment.succeeded', payment.reference);
  });

  it('a browser that comes back after the payment settled and its workflow closed sends no second payment.succeeded', async () => {
    const payment = await e2e.createPayment();
    const sessionId = sessionIdOf(await e2e.openCheckout(payment.reference));
    // The customer pays; Stripe's webhook settles the payment before their browser is back.
    const paid = await e2e.control<{ redirect: string }>(
      'POST',
      `/__simulator/sessions/${sessionId}/complete`,
      {
        choice: 'pay',
      },
    );
    await e2e.waitForStatus(payment.reference, 'SUCCEEDED');
    await e2e.webhook('payment.succeeded', payment.reference);
    const workflow = e2e.stack.client.workflow.getHandle(`payment-${payment.reference}`);
    await workflow.result();

    // The browser's return (slow, or the customer reloads it) is kept, and starts no workflow for
    // a payment that closed with its money.
    await e2e.returnToCheckout(paid.redirect);
    const facts = await e2e.processedCallbacks(payment.reference, 2);
    expect(facts.callbacks.map((c) => c.outcome)).toEqual(['SUCCEEDED', 'NO_CHANGE']);
    expect(facts.journalKinds).toEqual(['CAPTURE', 'FEE']);
    expect(facts.eventTypes).toEqual(['payment.succeeded']);
    await expectDeliveredOnce(e2e, 'payment.succeeded', payment.reference);
  });

  it('failure (a bank debit that bounces): PENDING while the bank decides, then FAILED, payment.failed', async () => {
    const payment = await e2e.createPayment();
    const { pageUrl, back } = await e2e.payAtGateway(payment.reference, 'async_failure');
    expect(back).toBe(`/checkout/${payment.reference}?returned=1`);
    // The session is complete but unpaid while the debit is processing: nothing is decided yet.
    const processing = await e2e.processedCallbacks(payment.reference, 2);
    expect(processing.status).toBe('PENDING');

    await e2e.control('POST', `/__simulator/sessions/${sessionIdOf(pageUrl)}/settle`);
    const failed = await e2e.waitForStatus(payment.reference, 'FAILED');
    expect(failed.failureReason).toEqual(expect.any(String));
    const facts = await expectClosedWithoutMoney(e2e, payment.reference, 'FAILED', 'payment.failed');
    expect(facts.eventTypes).toEqual(['payment.failed']);
  });

  it('a declined card keeps the checkout open: PENDING, and another card then pays it', async () => {
    const payment = await e2e.createPayment();
    const { pageUrl, chosen } = await e2e.payAtGateway(payment.reference, 'decline');
    expect(chosen.location).toBeNull();
    expect(chosen.body).toContain('Your card was declined.');
    const after = await e2e.choose(pageUrl, 'pay');
    await e2e.returnToCheckout(after.location!);
    await e2e.waitForStatus(payment.reference, 'SUCCEEDED');
    expect((await e2e.facts(payment.reference)).journalKinds).toEqual(['CAPTURE', 'FEE']);
  });

  it("cancel at Stripe (the page's back link): CANCELLED, payment.cancelled", async () => {
    const payment = await e2e.createPayment();
    const { chosen, back } = await e2e.payAtGateway(payment.reference, 'cancel');
    const cancelReturn = new URL(chosen.location!);
    expect(Object.fromEntries(cancelReturn.searchParams)).toEqual({ reference: payment.reference });
    expect(back).toBe(`/checkout/${payment.reference}?returned=1`);

    // The return through cancel_url is confirmed by expiring the session at Stripe: it can take no
    // money later. Stripe's own `checkout.session.expired` event then changes nothing.
    await e2e.waitForStatus(payment.reference, 'CANCELLED', 10_000);
    // Stripe's expired event may still be on its way through the workflow: read once each has its verdict.
    const facts = await eventually(async () => {
      const now = await e2e.facts(payment.reference);
      return now.callbacks.every((callback) => callback.outcome !== null) ? now : null;
    });
    expect(facts.callbacks[0]).toEqual(expect.objectContaining({ kind: 'REDIRECT', signature_valid: true }));
    for (const later of facts.callbacks.slice(1))
      expect(later).toMatchObject({ kind: 'IPN', outcome: 'NO_CHANGE' });
    const page = String((await e2e.stack.api('GET', back!)).body);
    expect({
      status: facts.status,
      customerPage: page.includes('data-testid="confirming"') ? 'Confirming your payment…' : 'final',
    }).toEqual({ status: 'CANCELLED', customerPage: 'final' });
    expect(facts.journalKinds).toEqual([]);
    await expectDeliveredOnce(e2e, 'payment.cancelled', payment.reference);
  });

  it('cancel on our checkout page after coming back from Stripe: CANCELLED, payment.cancelled', async () => {
    const payment = await e2e.createPayment();
    await e2e.payAtGateway(payment.reference, 'cancel');
    const cancelled = await e2e.stack.api('POST', `/checkout/${payment.reference}/cancel`);
    expect(cancelled.status).toBe(302);

    await e2e.waitForStatus(payment.reference, 'CANCELLED');
    const facts = await expectClosedWithoutMoney(e2e, payment.reference, 'CANCELLED', 'payment.cancelled');
    expect(facts.eventTypes).toEqual(['payment.cancelled']);
  });

  it('a forged webhook (bad signature, or well signed but lying) or a return naming another session changes nothing', async () => {
    const victim = await e2e.createPayment();
    const victimSession = sessionIdOf(await e2e.openCheckout(victim.reference));
    // Another customer paid their own session.
    const other = await e2e.createPayment();
    await e2e.payAtGateway(other.reference, 'pay');
    await e2e.waitForStatus(other.reference, 'SUCCEEDED');
    const otherSession = (await simSession(other.reference)).id as string;

    const claim = (sessionId: string) =>
      stripeCompletedClaim(sessionId, victim.reference, AMOUNT.amountMinor);
    const post = (payload: string, secret: string) => postStripeWebhook(e2e.stack, payload, secret);

    const badlySigned = await post(claim(victimSession), 'whsec_forged_by_someone_else');
    expect(badlySigned.status).toBe(400);
    expect(badlySigned.body.meta.errorCode).toBe('CALLBACK_REJECTED');
    // Signed with the real secret, yet only Stripe's own answer counts: the session is open.
    const webhookSecret = e2e.stack.gatewaySimulators.credentials.stripe.webhookSecret!;
    expect((await post(claim(otherSession), webhookSecret)).status).toBe(200);
    // The browser claims another customer's paid session.
    await e2e.returnToCheckout(
      `${e2e.stack.apiUrl}/checkout/${victim.reference}/return?reference=${victim.reference}&session_id=${otherSession}`,
    );

    const facts = await e2e.processedCallbacks(victim.reference, 3);
    expect(facts.status).toBe('PENDING');
    expect(facts.journalKinds).toEqual([]);
    expect(facts.eventTypes).toEqual([]);
    expect(facts.callbacks).toEqual([
      expect.objectContaining({ kind: 'IPN', signature_valid: false, outcome: 'REJECTED' }),
      expect.objectContaining({ kind: 'IPN', signature_valid: true, outcome: 'UNCONFIRMED' }),
      expect.objectContaining({ kind: 'REDIRECT', signature_valid: true, outcome: 'UNCONFIRMED' }),
    ]);
    expect(facts.callbacks[0]!.outcome_reason).toMatch(/^INVALID_SIGNATURE/);
    expect(e2e.webhooks('payment.succeeded', victim.reference)).toEqual([]);
    expect(await e2e.refundsOf(victim.reference)).toEqual([]);
    expect((await simSession(victim.reference)).status).toBe('open');
  });

  it('late success: paid at Stripe after our payment EXPIRED is parked as unapplied and refunded in full (LATE_CAPTURE)', async () => {
    const payment = await e2e.createPayment();
    await e2e.expireIn(payment.reference, 8);
    const pageUrl = await e2e.openCheckout(payment.reference);
    await e2e.waitForStatus(payment.reference, 'EXPIRED', 20_000);

    // Stripe's session outlives our deadline (30 minutes at least): the customer still pays.
    const chosen = await e2e.choose(pageUrl, 'pay');
    await e2e.returnToCheckout(chosen.location!);

    const lateRefund = await expectLateCaptureParked(e2e, payment.reference, 'EXPIRED', {
      ...AMOUNT,
      ...FEE,
    });
    const settled = await e2e.settledRefund(lateRefund.reference, 30_000);
    expect(settled).toMatchObject({ status: 'SUCCEEDED', reason: 'LATE_CAPTURE', funds: 'UNAPPLIED' });
    const gatewayRefundId = (await e2e.refundRow(lateRefund.reference))?.gateway_refund_id;
    expect(gatewayRefundId).toMatch(/^re_/);
    const atStripe = await stripeApi(`/refunds/${gatewayRefundId}`);
    expect(atStripe).toMatchObject({
      status: 'succeeded',
      amount: AMOUNT.amountMinor,
      payment_intent: (await simSession(payment.reference)).payment_intent.id,
      metadata: { refundReference: lateRefund.reference },
    });
    expect(await e2e.ledgerLines('refund', lateRefund.reference)).toEqual([
      { kind: 'UNAPPLIED_REFUND', accountCode: 'unapplied_funds:TEST:USD', amountMinor: AMOUNT.amountMinor },
      {
        kind: 'UNAPPLIED_REFUND',
        accountCode: 'gateway_clearing:stripe:TEST:USD',
        amountMinor: -AMOUNT.amountMinor,
      },
    ]);
    await expectLateCaptureRefunded(e2e, payment.reference, 'EXPIRED');
    await e2e.webhook('refund.succeeded', lateRefund.reference);
    expect((await e2e.facts(payment.reference)).eventTypes).toEqual(['payment.expired']);
    expect(e2e.webhooks('payment.succeeded', payment.reference)).toEqual([]);
  });

  it("a partial then a full refund: SUCCEEDED with Stripe's refund ids, PARTIALLY_REFUNDED then REFUNDED", async () => {
    const payment = await e2e.createPayment();
    await e2e.payAtGateway(payment.reference, 'pay');
    const paid = await e2e.waitForStatus(payment.reference, 'SUCCEEDED');

    const partial = await e2e.refund(payment.reference, { amountMinor: 1000, reason: 'one item returned' });
    expect(partial.status).toBe(201);
    const first = await e2e.settledRefund(partial.body.data.reference, 30_000);
    expect(first).toMatchObject({ status: 'SUCCEEDED', amountMinor: 1000, funds: 'CAPTURED' });
    expect(await e2e.readPayment(payment.reference)).toMatchObject({
      status: 'PARTIALLY_REFUNDED',
      refundedMinor: 1000,
    });
    await e2e.webhook('refund.succeeded', first.reference);
    await e2e.webhook('payment.partially_refunded', payment.reference);

    const rest = await e2e.refund(payment.reference, {});
    expect(rest.status).toBe(201);
    expect(rest.body.data.amountMinor).toBe(1500);
    const second = await e2e.settledRefund(rest.body.data.reference, 30_000);
    expect(second).toMatchObject({ status: 'SUCCEEDED', amountMinor: 1500 });
    expect(await e2e.readPayment(payment.reference)).toMatchObject({
      status: 'REFUNDED',
      refundedMinor: 2500,
    });
    await e2e.webhook('refund.succeeded', second.reference);
    await e2e.webhook('payment.refunded', payment.reference);

    for (const [refund, amount] of [
      [first, 1000],
      [second, 1500],
    ] as const) {
      const id = (await e2e.refundRow(refund.reference))?.gateway_refund_id;
      expect(id).toMatch(/^re_/);
      expect(await stripeApi(`/refunds/${id}`)).toMatchObject({
        status: 'succeeded',
        amount,
        payment_intent: paid.gatewayTransactionId,
        metadata: { refundReference: refund.reference },
      });
    }
    expect(await e2e.ledgerLines('refund', second.reference)).toEqual([
      { kind: 'REFUND', accountCode: `app_refunds:${e2e.appId}:TEST:USD`, amountMinor: 1500 },
      { kind: 'REFUND', accountCode: 'gateway_clearing:stripe:TEST:USD', amountMinor: -1500 },
    ]);
  });

  it('LIVE never reaches the simulator: a live key calls Stripe itself, a test key is never used on LIVE', async () => {
    const { stack } = e2e;
    const simulatorAccount = stack.gatewaySimulators.credentials.stripe;
    const live = await stack.registerApp();
    const createLive = (creds: typeof live.live) =>
      stack.api('POST', '/api/v1/payments', {
        creds,
        body: {
          amountMinor: 2500,
          currency: 'USD',
          customerReference: 'cust_1',
          productName: 'Pro plan',
          gateway: 'stripe',
        },
      });

    // The simulator's account key is a test key: stored for LIVE, it is never used there, so
    // Stripe's test card cannot pay a LIVE checkout.
    await enableGateways(stack, live.app.id, [{ name: 'stripe', credentials: simulatorAccount }], 'LIVE');
    const testKeyOnLive = await createLive(live.live);
    expect(testKeyOnLive.status).toBeGreaterThanOrEqual(400);
    expect(testKeyOnLive.status).toBeLessThan(500);

    // A live key with STRIPE_API_URL pointing at the simulator: the call goes to Stripe's own API
    // (unreachable or refusing this key here), never to the simulator.
    await enableGateways(
      stack,
      live.app.id,
      [
        {
          name: 'stripe',
          credentials: { ...simulatorAccount, secretKey: 'sk_live_51NotARealKeyForTheTests' },
        },
      ],
      'LIVE',
    );
    stack.gateways.invalidate(live.app.id);
    const payment = await createLive(live.live);
    expect(payment.status).toBe(201);
    const opened = await stack.api('POST', `/checkout/${payment.body.data.reference}/pay`);
    expect(opened.headers.get('location') ?? '').not.toContain(stack.gatewaySimulators.url);
    await expect(simSession(payment.body.data.reference)).rejects.toThrow(/404/);
    const read = await stack.api('GET', `/api/v1/payments/${payment.body.data.reference}`, {
      creds: live.live,
    });
    expect(read.body.data.status).not.toBe('SUCCEEDED');
  });
});
