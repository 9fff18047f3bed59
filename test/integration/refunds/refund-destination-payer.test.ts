import { WALLETS } from '../../../gateways/bkash/simulator/checkout.js';
import { startGatewayE2E, type GatewayE2E } from '../../helpers/gateway-e2e.js';

/**
 * Refunds go back to the payer: bKash names the wallet that paid (customerMsisdn), so a refund
 * asked without a destination goes back to that wallet, and one to any other wallet waits for an
 * approver whatever its amount, flagged for approvers. The real API, worker, PostgreSQL, Temporal
 * and the bKash simulator.
 */
describe('Refunds default to the wallet that paid', () => {
  let e2e: GatewayE2E;

  beforeAll(async () => {
    e2e = await startGatewayE2E('bkash', { payment: { currency: 'BDT', amountMinor: 50_000 } });
  });
  afterAll(() => e2e?.close());

  async function paidByBkash() {
    const payment = await e2e.createPayment();
    await e2e.payAtGateway(payment.reference, 'success');
    await e2e.waitForStatus(payment.reference, 'SUCCEEDED');
    return payment;
  }

  async function refundRow(reference: string) {
    const [row] = await e2e.stack
      .em()
      .execute<
        Array<{ destination: Record<string, unknown> | null; destination_not_payer: boolean; status: string }>
      >('select destination, destination_not_payer, status from refunds where reference = ?', [reference]);
    return row!;
  }

  it('a refund of a bKash payment without a destination goes back to the wallet that paid, without waiting', async () => {
    const payment = await paidByBkash();
    const [payer] = await e2e.stack
      .em()
      .execute<Array<{ payer_account: Record<string, unknown> | null }>>(
        'select payer_account from payments where reference = ?',
        [payment.reference],
      );
    expect(payer!.payer_account).toEqual({ type: 'BKASH_WALLET', walletNumber: WALLETS.payer, name: null });

    const asked = await e2e.refund(payment.reference, { amountMinor: 10_000, reason: 'returned goods' });
    expect(asked.status).toBe(201);
    expect(asked.body.data).toMatchObject({ status: 'PROCESSING', route: 'GATEWAY' });
    const row = await refundRow(asked.body.data.reference as string);
    expect(row).toMatchObject({
      destination: { type: 'BKASH_WALLET', walletNumber: WALLETS.payer },
      destination_not_payer: false,
    });
    expect((await e2e.settledRefund(asked.body.data.reference as string)).status).toBe('SUCCEEDED');
  });

  it("a refund of a bKash payment to another wallet waits for an approver, under every band, with the warning in the admin API's view", async () => {
    const payment = await paidByBkash();
    const asked = await e2e.refund(payment.reference, {
      amountMinor: 10_000,
      reason: 'sent to a relative',
      destination: { type: 'BKASH_WALLET', walletNumber: '01999999999', name: 'Not The Customer' },
    });
    expect(asked.status).toBe(201);
    expect(asked.body.data).toMatchObject({ status: 'PENDING_APPROVAL' });
    const reference = asked.body.data.reference as string;
    const finance = await e2e.financeSession();
    const viewed = await finance.call('GET', `/api/v1/admin/refunds/${reference}`);
    expect(viewed.body.data).toMatchObject({
      status: 'PENDING_APPROVAL',
      approvalsRequired: 1,
      destinationNotPayer: true,
      warnings: ['destination is not the payer'],
    });
    expect((await refundRow(reference)).destination_not_payer).toBe(true);

    // The payer's own wallet, named, is the payer: it does not wait.
    const own = await e2e.refund(payment.reference, {
      amountMinor: 10_000,
      reason: 'returned goods',
      destination: { type: 'BKASH_WALLET', walletNumber: WALLETS.payer, name: 'The Customer' },
    });
    expect(own.body.data).toMatchObject({ status: 'PROCESSING' });
  });
});
