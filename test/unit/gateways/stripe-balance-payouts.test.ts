import Stripe from 'stripe';
import { createStripeGateway } from '../../../gateways/stripe/client.js';
import { createStripeSettlementSource } from '../../../gateways/stripe/settlements.js';
import {
  startSimulatorHostFixture,
  type SimulatorHostFixture,
} from '../../helpers/simulator-host-fixture.js';

/**
 * The simulated Stripe account's balance as the official SDK reads it: a charge's balance
 * transaction with Stripe's fee, refunds and disputes taking money back, payouts sweeping what is
 * available, Stripe's list shape and cursors, and the settlement faults changing what a payout carries.
 */

let fixture: SimulatorHostFixture;
let stripe: Stripe;

beforeAll(async () => {
  fixture = await startSimulatorHostFixture('oi-stripe-balance-');
  const api = new URL(fixture.required('STRIPE_API_URL'));
  stripe = new Stripe(fixture.required('STRIPE_TEST_SECRET_KEY'), {
    host: api.hostname,
    port: Number(api.port),
    protocol: 'http',
    maxNetworkRetries: 0,
  });
});

afterAll(() => fixture.close());

async function control<T = Record<string, unknown>>(
  method: string,
  route: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${fixture.baseUrl}/stripe${route}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const gateway = () => {
  const api = new URL(fixture.required('STRIPE_API_URL'));
  return createStripeGateway({
    secretKey: fixture.required('STRIPE_TEST_SECRET_KEY'),
    webhookSecret: fixture.required('STRIPE_TEST_WEBHOOK_SECRET'),
    host: api.hostname,
    port: Number(api.port),
    protocol: 'http',
    timeoutMs: 5_000,
    maxNetworkRetries: 0,
  });
};

async function paid(
  amountMinor = 5_000,
): Promise<{ reference: string; intent: string; charge: Stripe.Charge }> {
  const request = { ...fixture.sessionRequest('USD'), amountMinor };
  const { sessionKey } = await gateway().openSession(request);
  await control('POST', `/__simulator/sessions/${sessionKey}/complete`, { choice: 'pay' });
  const session = await stripe.checkout.sessions.retrieve(sessionKey, {
    expand: ['payment_intent.latest_charge.balance_transaction'],
  });
  const intent = session.payment_intent as Stripe.PaymentIntent;
  return { reference: request.reference, intent: intent.id, charge: intent.latest_charge as Stripe.Charge };
}

const arm = (reference: string, faults: Record<string, unknown>) =>
  control('PUT', '/__simulator/faults', { reference, faults });

async function allOf(payout: string): Promise<Stripe.BalanceTransaction[]> {
  const listed: Stripe.BalanceTransaction[] = [];
  for await (const txn of stripe.balanceTransactions.list({ payout, limit: 2, expand: ['data.source'] })) {
    listed.push(txn);
  }
  return listed;
}

describe('Stripe balance transactions and payouts through the SDK', () => {
  it("carries each charge's fee, pays out the balance, and lists a payout's transactions page by page", async () => {
    const plain = await paid();
    const txn = plain.charge.balance_transaction as Stripe.BalanceTransaction;
    // 2.9 % of 50.00 plus 0.30.
    expect(txn).toMatchObject({
      object: 'balance_transaction',
      amount: 5_000,
      fee: 175,
      net: 4_825,
      type: 'charge',
      reporting_category: 'charge',
      source: plain.charge.id,
      status: 'available',
      fee_details: [
        { amount: 175, currency: 'usd', type: 'stripe_fee', description: 'Stripe processing fees' },
      ],
    });
    expect(await stripe.balanceTransactions.retrieve(txn.id)).toMatchObject({ id: txn.id, fee: 175 });

    const refundedPayment = await paid(10_000);
    const refund = await gateway().refund({
      gatewayTransactionId: refundedPayment.intent,
      refundReference: 'rf_balance',
      amountMinor: 2_500,
      currency: 'USD',
      remarks: 'Returned',
    });
    const omitted = await paid();
    const feeOff = await paid();
    const late = await paid();
    const twice = await paid();
    const chargedBack = await paid();
    const extra = await paid();
    const refundedLater = await paid(8_000);
    const amountOff = await paid();
    await arm(omitted.reference, { settlementOmit: true });
    await arm(feeOff.reference, { settlementFeeMismatch: 20 });
    await arm(late.reference, { settlementLate: 1 });
    await arm(twice.reference, { settlementDuplicate: true });
    await arm(chargedBack.reference, { settlementChargeback: true });
    await arm(extra.reference, { settlementExtra: true });
    await arm(refundedLater.reference, { settlementRefundNettedLater: true });
    await arm(amountOff.reference, { settlementAmountMismatch: 100 });
    const laterRefund = await gateway().refund({
      gatewayTransactionId: refundedLater.intent,
      refundReference: 'rf_later',
      amountMinor: 3_000,
      currency: 'USD',
      remarks: 'Returned',
    });

    const { payouts } = await control<{ payouts: Stripe.Payout[] }>('POST', '/__simulator/payouts', {});
    expect(payouts).toHaveLength(1);
    const payout = await stripe.payouts.retrieve(payouts[0]!.id);
    const listedPayouts = await stripe.payouts.list({ arrival_date: { gte: payout.arrival_date } });
    expect(listedPayouts.data.map((p) => p.id)).toContain(payout.id);
    expect(listedPayouts).toMatchObject({ object: 'list', has_more: false, url: '/v1/payouts' });
    expect(payout).toMatchObject({ object: 'payout', currency: 'usd', status: 'in_transit' });
    expect(payout.arrival_date % 86_400).toBe(0);
    expect(payout.arrival_date).toBeGreaterThan(payout.created);

    const lines = await allOf(payout.id);
    const bySource = (id: string) =>
      lines.filter((line) => (typeof line.source === 'string' ? line.source : line.source?.id) === id);
    const own = lines.filter((line) => line.type === 'payout');
    expect(own).toEqual([expect.objectContaining({ amount: -payout.amount, reporting_category: 'payout' })]);
    expect(lines.filter((line) => line.type !== 'payout').reduce((sum, line) => sum + line.net, 0)).toBe(
      payout.amount,
    );
    expect(bySource(plain.charge.id)).toEqual([expect.objectContaining({ net: 4_825 })]);
    expect((bySource(plain.charge.id)[0]!.source as Stripe.Charge).payment_intent).toBe(plain.intent);
    expect(bySource(refund.gatewayRefundId!)).toEqual([
      expect.objectContaining({ amount: -2_500, fee: 0, net: -2_500, reporting_category: 'refund' }),
    ]);
    expect(bySource(omitted.charge.id)).toEqual([]);
    expect(bySource(late.charge.id)).toEqual([]);
    expect(bySource(feeOff.charge.id)).toEqual([expect.objectContaining({ fee: 195, net: 4_805 })]);
    expect(bySource(twice.charge.id)).toHaveLength(2);
    expect(bySource(chargedBack.charge.id)).toHaveLength(1);
    const dispute = lines.find((line) => line.reporting_category === 'dispute');
    // Stripe's dispute fee rides on the withdrawal.
    expect(dispute).toMatchObject({ amount: -5_000, fee: 1_500, net: -6_500, type: 'adjustment' });
    expect(dispute!.fee_details).toEqual([
      expect.objectContaining({ amount: 1_500, description: 'Dispute fee' }),
    ]);
    expect((dispute!.source as Stripe.Dispute).charge).toBe(chargedBack.charge.id);
    const made = lines.filter(
      (line) =>
        line.type === 'charge' &&
        ![plain, refundedPayment, feeOff, twice, chargedBack, extra, refundedLater, amountOff].some(
          (p) => p.charge.id === (line.source as Stripe.Charge).id,
        ),
    );
    expect(made).toEqual([expect.objectContaining({ amount: 5_000, fee: 175 })]);
    expect(bySource(amountOff.charge.id)).toEqual([
      expect.objectContaining({ amount: 5_100, fee: 175, net: 4_925 }),
    ]);
    expect(bySource(refundedLater.charge.id)).toHaveLength(1);
    expect(bySource(laterRefund.gatewayRefundId!)).toEqual([]);
    // 12 transactions and the payout's own, two to a page.
    expect(lines).toHaveLength(13);

    // The late payment goes into a payout a day later; the omitted one never.
    const tomorrow = Math.floor(Date.now() / 1000) + 86_400 + 60;
    const next = await control<{ payouts: Stripe.Payout[] }>('POST', '/__simulator/payouts', {
      at: tomorrow,
    });
    expect(next.payouts).toHaveLength(1);
    const later = await allOf(next.payouts[0]!.id);
    // ...and the refund netted into it.
    expect(later.map((line) => [line.type, line.amount])).toEqual([
      ['payout', -1_825],
      ['refund', -3_000],
      ['charge', 5_000],
    ]);
    const none = await control<{ payouts: Stripe.Payout[] }>('POST', '/__simulator/payouts', {
      at: tomorrow,
    });
    expect(none.payouts).toEqual([]);

    // Read back as settlement lines through the SDK, as the daily import reads them.
    const api = new URL(fixture.required('STRIPE_API_URL'));
    const source = createStripeSettlementSource({
      secretKey: fixture.required('STRIPE_TEST_SECRET_KEY'),
      host: api.hostname,
      port: Number(api.port),
      protocol: 'http',
      maxNetworkRetries: 0,
    });
    const arrival = new Date(payout.arrival_date * 1000).toISOString().slice(0, 10);
    const arriving = await source.payoutsArriving(arrival, arrival);
    // Both payouts made today arrive tomorrow.
    expect(arriving.map((p) => p.id).sort()).toEqual([payout.id, next.payouts[0]!.id].sort());
    expect(arriving.every((p) => p.settlementDate === arrival && p.status === 'in_transit')).toBe(true);
    const drafts = await source.payoutLines(payout.id, 'TEST');
    expect(drafts).toHaveLength(12);
    expect(drafts.every((line) => line.settlementDate === arrival && line.payoutBatch === payout.id)).toBe(
      true,
    );
    expect(drafts.every((line) => line.netMinor === line.grossMinor - line.feeMinor)).toBe(true);
    expect(new Set(drafts.map((line) => line.lineKey)).size).toBe(12);
    const draftsOf = (id: string) => drafts.filter((line) => line.gatewayTransactionId === id);
    expect(draftsOf(plain.intent)).toEqual([
      expect.objectContaining({
        gateway: 'stripe',
        mode: 'TEST',
        type: 'PAYMENT',
        currency: 'USD',
        grossMinor: 5_000,
        feeMinor: 175,
        netMinor: 4_825,
      }),
    ]);
    expect(draftsOf(refund.gatewayRefundId!)).toEqual([
      expect.objectContaining({ type: 'REFUND', reference: 'rf_balance', grossMinor: -2_500, feeMinor: 0 }),
    ]);
    expect(draftsOf(twice.intent).map((line) => line.type)).toEqual(['PAYMENT', 'PAYMENT']);
    expect(draftsOf(chargedBack.intent).map((line) => [line.type, line.grossMinor])).toEqual([
      ['PAYMENT', 5_000],
      ['CHARGEBACK', -5_000],
    ]);
    expect(draftsOf(omitted.intent)).toEqual([]);
    expect(draftsOf(feeOff.intent)).toEqual([expect.objectContaining({ feeMinor: 195, netMinor: 4_805 })]);

    const firstPage = await stripe.balanceTransactions.list({ limit: 3 });
    expect(firstPage).toMatchObject({ object: 'list', has_more: true, url: '/v1/balance_transactions' });
    const secondPage = await stripe.balanceTransactions.list({
      limit: 3,
      starting_after: firstPage.data[2]!.id,
    });
    expect(secondPage.data.map((t) => t.id)).not.toContain(firstPage.data[0]!.id);
    const back = await stripe.balanceTransactions.list({ limit: 3, ending_before: secondPage.data[0]!.id });
    expect(back.data.map((t) => t.id)).toEqual(firstPage.data.map((t) => t.id));
    await expect(stripe.balanceTransactions.list({ payout: 'po_unknown' })).rejects.toMatchObject({
      statusCode: 404,
    });
  });
});
