import { createRefundPayoutActivities } from '../../../activities/refunds/refund-payouts.js';
import { orderIdFor, TEST_WALLETS } from '../../../gateways/nagad/disbursement/index.js';
import { createPayoutRailRegistry } from '../../../gateways/payouts/registry.js';
import { startGatewayE2E, type GatewayE2E } from '../../helpers/gateway-e2e.js';
import {
  startNagadDisbursementSimulator,
  type NagadDisbursementSimulatorRig,
} from '../../helpers/nagad-disbursement-simulator.js';

/**
 * Refunds of a payment whose gateway cannot refund, paid back by a payout rail: the real API,
 * worker, PostgreSQL and Temporal, and the Nagad disbursement simulator as the rail. A manual
 * payment (money paid outside any gateway) is refunded to the customer's Nagad wallet: one
 * payout per refund, the refund finished by the payout's end, booked once.
 */
describe('Refunds paid out by a rail', () => {
  let nagad: NagadDisbursementSimulatorRig;
  let e2e: GatewayE2E;
  const AMOUNT = 150_000;
  const WALLET = '01712345678';
  const today = () => new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    nagad = await startNagadDisbursementSimulator();
    e2e = await startGatewayE2E('manual', {
      payment: { currency: 'BDT', amountMinor: AMOUNT },
      credentials: { instructions: 'Pay to Acme Ltd, account 0123456789, City Bank.' },
      stack: {
        configOverrides: { MANUAL_RECEIPT_STEP_UP_ABOVE_MINOR: String(10 * AMOUNT) },
        // The bank's account left unset: a rail with no account is refused clearly.
        payoutRailEnvironment: { ...nagad.environment, BANK_TEST_USERNAME: '' },
      },
    });
  });
  afterAll(async () => {
    await e2e?.close();
    await nagad?.close();
  });
  afterEach(async () => {
    await nagad.control('DELETE', '/__simulator/faults');
  });

  /** A manual payment finance recorded the money for: SUCCEEDED. */
  async function paidPayment() {
    const payment = await e2e.createPayment();
    await e2e.stack.openCheckout(payment.reference);
    await e2e.waitForStatus(payment.reference, 'PENDING');
    const finance = await e2e.financeSession();
    const recorded = await finance.call('POST', `/api/v1/admin/payments/${payment.reference}/receipts`, {
      body: {
        amountMinor: AMOUNT,
        receivedOn: today(),
        method: 'BANK_TRANSFER',
        bankReference: `CITY-${Math.random().toString(36).slice(2, 10)}`,
      },
    });
    expect(recorded.status).toBeLessThan(300);
    await e2e.waitForStatus(payment.reference, 'SUCCEEDED');
    return payment;
  }

  const nagadWallet = (walletNumber: string) => ({
    type: 'NAGAD_WALLET',
    walletNumber,
    name: 'Rahima Khatun',
  });

  async function payoutsOf(refundReference: string) {
    return e2e.stack
      .em()
      .execute<Array<{ reference: string; status: string; rail: string; failure_code: string | null }>>(
        `select po.reference, po.status, po.rail, po.failure_code from refund_payouts rp
           join payouts po on po.id = rp.payout_id join refunds r on r.id = rp.refund_id
          where r.reference = ?`,
        [refundReference],
      );
  }

  async function timesPaid(payoutReference: string): Promise<number> {
    const found = await nagad.control<{ timesPaid: number }>(
      'GET',
      `/__simulator/transfers/${orderIdFor(payoutReference)}`,
    );
    return found.status === 404 ? 0 : found.body.timesPaid;
  }

  it('a manual payment refunded to a Nagad wallet: one payout, the refund SUCCEEDED by it, booked once out of the rail', async () => {
    const payment = await paidPayment();
    const asked = await e2e.refund(payment.reference, {
      amountMinor: 50_000,
      reason: 'returned goods',
      destination: nagadWallet(WALLET),
    });
    expect(asked.status).toBe(201);
    // Nobody knows which wallet paid a manual payment: the named wallet waits for a second person.
    expect(asked.body.data).toMatchObject({
      status: 'PENDING_APPROVAL',
      route: 'PAYOUT',
      rail: 'nagad',
      destination: { type: 'NAGAD_WALLET', walletNumber: `•••••••${WALLET.slice(-4)}` },
      expectedArrival: { window: 'MINUTES', by: expect.any(String) },
    });
    const reference = asked.body.data.reference as string;
    expect((await e2e.approveRefund(reference)).status).toBe(200);

    const settled = await e2e.settledRefund(reference);
    expect(settled).toMatchObject({
      status: 'SUCCEEDED',
      rail: 'nagad',
      payoutReference: expect.stringMatching(/^po_/),
    });
    await e2e.waitForStatus(payment.reference, 'PARTIALLY_REFUNDED');

    const payouts = await payoutsOf(reference);
    expect(payouts).toEqual([expect.objectContaining({ status: 'SUCCEEDED', rail: 'nagad' })]);
    expect(settled.payoutReference).toBe(payouts[0]!.reference);
    expect(await timesPaid(payouts[0]!.reference)).toBe(1);

    // The refund books the amount, out of the rail's disbursement balance; its payout posts no second debit.
    const refundLines = await e2e.ledgerLines('refund', reference);
    expect(refundLines).toEqual([
      expect.objectContaining({ kind: 'REFUND', amountMinor: 50_000 }),
      expect.objectContaining({
        kind: 'REFUND',
        accountCode: 'rail_disbursement:nagad:TEST:BDT',
        amountMinor: -50_000,
      }),
    ]);
    const payoutKinds = (
      await e2e.stack
        .em()
        .execute<Array<{ kind: string }>>(
          `select kind from journal_entries where source_type = 'payout' and source_id = ?`,
          [payouts[0]!.reference],
        )
    ).map((row) => row.kind);
    expect(payoutKinds.filter((kind) => kind !== 'PAYOUT_FEE')).toEqual([]);

    // The customer is told when to expect it: the webhook says the rail and the arrival.
    const event = await e2e.webhook('refund.succeeded', reference);
    expect(event.data).toMatchObject({ rail: 'nagad', expectedArrival: { window: 'MINUTES' } });
  });

  it('refuses a refund it cannot route: no destination, a rail not configured, or both a destination and manual confirmation', async () => {
    const payment = await paidPayment();
    const missing = await e2e.refund(payment.reference, { amountMinor: 10_000 });
    expect(missing.status).toBe(422);
    expect(missing.body.meta.errorCode).toBe('REFUND_DESTINATION_REQUIRED');

    const bank = await e2e.refund(payment.reference, {
      amountMinor: 10_000,
      destination: {
        type: 'BANK_ACCOUNT',
        accountNumber: '1234567890',
        accountName: 'Rahima Khatun',
        routingNumber: '225261725',
      },
    });
    expect(bank.status).toBe(422);
    expect(bank.body.meta.errorCode).toBe('RAIL_NOT_AVAILABLE');

    const both = await e2e.refund(payment.reference, {
      amountMinor: 10_000,
      destination: nagadWallet(WALLET),
      manualConfirmation: true,
    });
    expect(both.status).toBe(422);
    expect(both.body.meta.errorCode).toBe('REFUND_DESTINATION_CONFLICT');

    const badWallet = await e2e.refund(payment.reference, {
      amountMinor: 10_000,
      destination: { type: 'NAGAD_WALLET', walletNumber: '12345' },
    });
    expect(badWallet.status).toBe(400);
    expect(badWallet.body.meta.errorCode).toBe('VALIDATION_ERROR');
    expect(await e2e.refundsOf(payment.reference)).toEqual([]);
  });

  it('a refund whose payout fails (a blocked wallet) ends FAILED with the payout’s reason, and nothing is booked', async () => {
    const payment = await paidPayment();
    const asked = await e2e.refund(payment.reference, {
      amountMinor: 20_000,
      destination: nagadWallet(TEST_WALLETS.blocked),
    });
    expect(asked.status).toBe(201);
    const reference = asked.body.data.reference as string;
    expect((await e2e.approveRefund(reference)).status).toBe(200);
    const settled = await e2e.settledRefund(reference);
    expect(settled.status).toBe('FAILED');
    expect(settled.failureReason).toContain('BENEFICIARY_BLOCKED');
    const payouts = await payoutsOf(reference);
    expect(payouts).toEqual([
      expect.objectContaining({ status: 'FAILED', failure_code: 'BENEFICIARY_BLOCKED' }),
    ]);
    expect(await timesPaid(payouts[0]!.reference)).toBe(0);
    expect(await e2e.ledgerLines('refund', reference)).toEqual([]);
    expect((await e2e.readPayment(payment.reference)).status).toBe('SUCCEEDED');
    await e2e.webhook('refund.failed', reference);
  });

  it('a lost answer and a repeated step make one payout, paid once', async () => {
    // The rail takes the first transfer and the answer is lost: the payout asks by its reference, never sends again.
    await nagad.control('PUT', '/__simulator/faults', { faults: { lostAnswer: true } });
    const payment = await paidPayment();
    const asked = await e2e.refund(payment.reference, {
      amountMinor: 30_000,
      destination: nagadWallet(WALLET),
    });
    const reference = asked.body.data.reference as string;
    expect((await e2e.approveRefund(reference)).status).toBe(200);
    expect((await e2e.settledRefund(reference)).status).toBe('SUCCEEDED');

    // The step that makes the payout, run again (a retried activity, a second worker after a crash).
    const activities = createRefundPayoutActivities({
      orm: e2e.stack.orm,
      publicUrl: e2e.stack.apiUrl,
      payoutRails: createPayoutRailRegistry(nagad.environment),
    });
    const refundId = asked.body.data.id as number;
    const again = await Promise.all([
      activities.payOutRefund({ refundId }),
      activities.payOutRefund({ refundId }),
    ]);
    const payouts = await payoutsOf(reference);
    expect(payouts).toHaveLength(1);
    expect(again.map((made) => made.kind === 'PAYOUT' && made.reference)).toEqual([
      payouts[0]!.reference,
      payouts[0]!.reference,
    ]);
    const [counted] = await e2e.stack
      .em()
      .execute<Array<{ n: string }>>(`select count(*) as n from payouts where metadata->>'refund' = ?`, [
        reference,
      ]);
    expect(Number(counted?.n)).toBe(1);
    expect(await timesPaid(payouts[0]!.reference)).toBe(1);
    expect(await e2e.ledgerLines('refund', reference)).toHaveLength(2);
  });
});
