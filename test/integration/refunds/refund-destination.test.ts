import { setPayoutRules } from '../../../db/payouts/payout-rules.js';
import { startGatewayE2E, type GatewayE2E } from '../../helpers/gateway-e2e.js';
import { eventually } from '../../helpers/eventually.js';
import {
  startNagadDisbursementSimulator,
  type NagadDisbursementSimulatorRig,
} from '../../helpers/nagad-disbursement-simulator.js';

/**
 * Refunds go back to the payer: a refund of a payment nobody knows the payer of (cash, a manual
 * payment) to a named wallet, or of any payment to a wallet that is not the payer's, waits for a
 * second person whatever its amount, is flagged "destination is not the payer" for approvers, and
 * is not paid out until approved. The real API, worker, PostgreSQL and Temporal.
 */
describe('Refunds to a destination that is not the payer', () => {
  let nagad: NagadDisbursementSimulatorRig;
  let e2e: GatewayE2E;
  /** 9,000.00 BDT: under every band that asks for an approver. */
  const AMOUNT = 900_000;
  const today = () => new Date().toISOString().slice(0, 10);
  const stranger = { type: 'NAGAD_WALLET', walletNumber: '01999999999', name: 'Not The Customer' };

  beforeAll(async () => {
    nagad = await startNagadDisbursementSimulator();
    e2e = await startGatewayE2E('manual', {
      payment: { currency: 'BDT', amountMinor: AMOUNT },
      credentials: { instructions: 'Pay to Acme Ltd, account 0123456789, City Bank.' },
      stack: {
        configOverrides: { MANUAL_RECEIPT_STEP_UP_ABOVE_MINOR: String(10 * AMOUNT) },
        payoutRailEnvironment: nagad.environment,
      },
    });
  });
  afterAll(async () => {
    await e2e?.close();
    await nagad?.close();
  });

  /** A manual payment finance recorded the money for: SUCCEEDED, nobody knows which wallet paid. */
  async function manualPayment() {
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

  async function payoutsOf(refundReference: string) {
    return e2e.stack.em().execute<Array<{ reference: string; status: string }>>(
      `select po.reference, po.status from refund_payouts rp join payouts po on po.id = rp.payout_id
           join refunds r on r.id = rp.refund_id where r.reference = ?`,
      [refundReference],
    );
  }

  it("a FINANCE operator's refund of a 9,000 BDT manual payment to another wallet waits for a second person, warned, and is not paid", async () => {
    const payment = await manualPayment();
    const finance = await e2e.financeSession();
    const asked = await finance.call('POST', `/api/v1/admin/payments/${payment.reference}/refunds`, {
      body: { reason: 'customer asked', destination: stranger },
    });
    expect(asked.status).toBe(201);
    expect(asked.body.data).toMatchObject({
      status: 'PENDING_APPROVAL',
      approvalsRequired: 1,
      destinationNotPayer: true,
      warnings: ['destination is not the payer'],
    });
    const reference = asked.body.data.reference as string;

    // The requester cannot be the second person.
    await finance.stepUp();
    const self = await finance.call('POST', `/api/v1/admin/refunds/${reference}/approve`, { body: {} });
    expect(self.status).toBe(403);
    expect(self.body.meta.errorCode).toBe('SELF_APPROVAL_FORBIDDEN');

    const viewed = await finance.call('GET', `/api/v1/admin/refunds/${reference}`);
    expect(viewed.body.data).toMatchObject({ status: 'PENDING_APPROVAL', destinationNotPayer: true });
    expect(await payoutsOf(reference)).toEqual([]);

    // Another operator approves it: only then is it paid out.
    expect((await e2e.approveRefund(reference)).status).toBe(200);
    const settled = await e2e.settledRefund(reference);
    expect(settled).toMatchObject({ status: 'SUCCEEDED', rail: 'nagad' });
    expect(await payoutsOf(reference)).toEqual([expect.objectContaining({ status: 'SUCCEEDED' })]);
  });

  it("an app key's refund to a destination waits too when nobody knows who paid", async () => {
    const payment = await manualPayment();
    const asked = await e2e.refund(payment.reference, {
      amountMinor: 10_000,
      reason: 'returned goods',
      destination: stranger,
    });
    expect(asked.status).toBe(201);
    expect(asked.body.data).toMatchObject({ status: 'PENDING_APPROVAL', route: 'PAYOUT' });
    const reference = asked.body.data.reference as string;
    const finance = await e2e.financeSession();
    const viewed = await finance.call('GET', `/api/v1/admin/refunds/${reference}`);
    expect(viewed.body.data).toMatchObject({
      destinationNotPayer: true,
      warnings: ['destination is not the payer'],
    });
    // Nothing is paid while it waits.
    await eventually(
      async () => (await e2e.refundRow(reference))?.status === 'PENDING_APPROVAL',
      5_000,
      'the refund waiting',
    );
    expect(await payoutsOf(reference)).toEqual([]);
  });

  it("a refund's payout not made yet counts in the app's payout day: a payout that takes the day over its band waits", async () => {
    const payment = await manualPayment();
    // Payouts: nothing waits up to 1,000.00 a day; above, one approver.
    await setPayoutRules(e2e.stack.em(), e2e.appId, 'TEST', {
      enabled: true,
      floor: 0,
      bands: [
        { currency: null, fromMinor: 0, toMinor: 100_000, approvers: 0 },
        { currency: null, fromMinor: 100_001, toMinor: null, approvers: 1 },
      ],
    });
    const refund = await e2e.refund(payment.reference, {
      amountMinor: 80_000,
      reason: 'returned goods',
      destination: stranger,
    });
    expect(refund.body.data).toMatchObject({ status: 'PENDING_APPROVAL', route: 'PAYOUT' });

    // 800.00 going out by the refund's payout and 300.00 by this one: over 1,000.00, so it waits.
    const payout = await e2e.stack.api('POST', '/api/v1/payouts', {
      creds: e2e.creds,
      body: {
        amountMinor: 30_000,
        beneficiary: { type: 'NAGAD_WALLET', walletNumber: '01712345678', name: 'Rahima Khatun' },
      },
    });
    expect(payout.status).toBe(201);
    expect(payout.body.data).toMatchObject({ status: 'WAITING_APPROVAL', approvalsRequired: 1 });
  });
});
