import { ledgerLinesForSource } from '../../../db/ledger/ledger.js';
import { setFeeScheduleAsFinance } from '../../helpers/fee-schedules.js';
import { expectSettledOnce, startGatewayE2E, type GatewayE2E } from '../../helpers/gateway-e2e.js';
import { scratchDatabase } from '../../helpers/scratch-database.js';
import { startStack, type Stack } from '../../helpers/stack.js';

/**
 * The fee booked with each gateway's capture, end to end (API, worker, PostgreSQL, Temporal, the
 * gateway's simulator): the gateway's own figure where it reports one, else the schedule finance
 * configured. Rates change here, so the suite keeps a database of its own.
 */
describe('fees booked at capture', () => {
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  beforeAll(async () => {
    scratch = await scratchDatabase();
  });
  afterAll(() => scratch?.drop());

  const onScratch = () => ({ databaseUrl: scratch.url });

  describe('bKash (reports no fee)', () => {
    let e2e: GatewayE2E;
    const AMOUNT = { amountMinor: 10_000, currency: 'BDT' };
    beforeAll(async () => {
      e2e = await startGatewayE2E('bkash', { payment: AMOUNT, stack: onScratch() });
    });
    afterAll(() => e2e?.close());

    it("books the gateway's default schedule, then the rate finance set for the payment's method", async () => {
      const first = await e2e.createPayment();
      await e2e.payAtGateway(first.reference, 'success');
      await expectSettledOnce(e2e, first, { ...AMOUNT, feeMinor: 185, paymentMethod: 'bKash' });

      const set = await setFeeScheduleAsFinance(e2e.stack, {
        gateway: 'bkash',
        mode: 'TEST',
        currency: 'BDT',
        method: 'bKash',
        percentBasisPoints: 225,
        fixedMinor: 100,
      });
      expect(set.schedule.rate).toBe('2.25 % + 1.00');
      const second = await e2e.createPayment();
      await e2e.payAtGateway(second.reference, 'success');
      await expectSettledOnce(e2e, second, { ...AMOUNT, feeMinor: 325, paymentMethod: 'bKash' });
      // The first capture keeps the fee it was booked with.
      expect((await e2e.ledgerLines('payment', first.reference)).at(-2)?.amountMinor).toBe(185);
    });
  });

  describe('Nagad (reports no fee)', () => {
    let e2e: GatewayE2E;
    const AMOUNT = { amountMinor: 10_000, currency: 'BDT' };
    beforeAll(async () => {
      e2e = await startGatewayE2E('nagad', { payment: AMOUNT, stack: onScratch() });
    });
    afterAll(() => e2e?.close());

    it('books the rate finance set for the gateway', async () => {
      await setFeeScheduleAsFinance(e2e.stack, {
        gateway: 'nagad',
        mode: 'TEST',
        currency: 'BDT',
        percentBasisPoints: 120,
        fixedMinor: 0,
      });
      const payment = await e2e.createPayment();
      await e2e.payAtGateway(payment.reference, 'Success');
      await expectSettledOnce(e2e, payment, { ...AMOUNT, feeMinor: 120, paymentMethod: 'Nagad' });
    });
  });

  describe("Stripe (reports its fee on the charge's balance transaction)", () => {
    let e2e: GatewayE2E;
    const AMOUNT = { amountMinor: 2_500, currency: 'USD' };
    beforeAll(async () => {
      e2e = await startGatewayE2E('stripe', { payment: AMOUNT, stack: onScratch() });
    });
    afterAll(() => e2e?.close());

    it("books Stripe's own fee, whatever the schedule says", async () => {
      await setFeeScheduleAsFinance(e2e.stack, {
        gateway: 'stripe',
        mode: 'TEST',
        currency: 'USD',
        percentBasisPoints: 1_000,
        fixedMinor: 0,
      });
      const payment = await e2e.createPayment();
      await e2e.payAtGateway(payment.reference, 'pay');
      await expectSettledOnce(e2e, payment, { ...AMOUNT, feeMinor: 103, paymentMethod: 'visa' });
      // What the simulated Stripe account booked for the charge: 2.9 % + 30 (72.5 rounds up).
      const session = await e2e.control<{ id: string }>(
        'GET',
        `/__simulator/sessions/by-reference/${payment.reference}`,
      );
      const { url, credentials } = e2e.stack.gatewaySimulators;
      const response = await fetch(
        `${url}/v1/checkout/sessions/${session.id}?expand[]=payment_intent.latest_charge.balance_transaction`,
        { headers: { authorization: `Bearer ${credentials.stripe.secretKey}` } },
      );
      expect(response.status).toBe(200);
      const retrieved = (await response.json()) as {
        payment_intent: { latest_charge: { balance_transaction: { fee: number; amount: number } } };
      };
      expect(retrieved.payment_intent.latest_charge.balance_transaction).toMatchObject({
        amount: 2_500,
        fee: 103,
      });
    });
  });

  describe('SSLCOMMERZ (reports amount − store_amount)', () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack(onScratch());
    });
    afterAll(() => stack?.close());

    it("books SSLCOMMERZ's own figure, whatever the schedule says", async () => {
      await setFeeScheduleAsFinance(stack, {
        gateway: 'sslcommerz',
        mode: 'TEST',
        currency: 'BDT',
        percentBasisPoints: 100,
        fixedMinor: 0,
      });
      const app = await stack.registerApp();
      const payment = await stack.paidPayment(app.test, { amountMinor: 20_000, currency: 'BDT' });
      const lines = await ledgerLinesForSource(stack.em(), 'payment', payment.reference);
      // The simulator keeps 2.5 %: 500, not the schedule's 1 % (200).
      expect(lines.filter((line) => line.kind === 'FEE')).toEqual([
        { kind: 'FEE', accountCode: 'gateway_fees:sslcommerz:TEST:BDT', amountMinor: 500 },
        { kind: 'FEE', accountCode: 'gateway_clearing:sslcommerz:TEST:BDT', amountMinor: -500 },
      ]);
    });
  });
});
