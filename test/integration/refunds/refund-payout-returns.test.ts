import { verifyLedger } from '../../../db/ledger/ledger-verify.js';
import { ledgerLinesForSource } from '../../../db/ledger/ledger.js';
import { startGatewayE2E, type GatewayE2E } from '../../helpers/gateway-e2e.js';
import { eventually } from '../../helpers/eventually.js';

/**
 * A refund paid back by a bank transfer the receiving bank returns: the real API, worker,
 * PostgreSQL and Temporal, a Nagad payment paid through the Nagad simulator, and the bank
 * simulator as the rail, whose return file the scheduled check reads. The refund that said the
 * customer was paid becomes FAILED (PAYOUT_RETURNED), its amount refundable again, `refund.failed`
 * sent, and the ledger reverses its entry through the payout's return: the rail's balance and the
 * app's refunds are as before, and ledger:verify stays clean. A return read twice changes nothing.
 */
describe('a refund whose bank payout is returned', () => {
  let e2e: GatewayE2E;
  const AMOUNT = 100_000;
  const rahima = {
    type: 'BANK_ACCOUNT',
    accountNumber: '1001001001',
    accountName: 'Rahima Khatun',
    routingNumber: '010261234',
  };
  const nagadWallet = { type: 'NAGAD_WALLET', walletNumber: '01712345678', name: 'Rahima Khatun' };

  beforeAll(async () => {
    e2e = await startGatewayE2E('nagad', { payment: { currency: 'BDT', amountMinor: AMOUNT } });
  });
  afterAll(() => e2e?.close());

  const checkReturns = () =>
    e2e.stack.client.workflow.execute('payoutReturnsWorkflow', {
      taskQueue: e2e.stack.config.TEMPORAL_TASK_QUEUE,
      workflowId: `payout-returns-${Math.random().toString(36).slice(2)}`,
      args: [],
    }) as Promise<{ asked: number; returned: number }>;

  /** A BEFTN transfer is paid when the bank's clearing session settles its file. */
  async function settleClearingOf(refundReference: string) {
    await eventually(
      async () => {
        const { payoutReference } = await e2e.readRefund(refundReference);
        if (!payoutReference) return false;
        const [row] = await e2e.stack
          .em()
          .execute<Array<{ status: string }>>('select status from payouts where reference = ?', [
            payoutReference,
          ]);
        return row?.status === 'PROCESSING';
      },
      40_000,
      `the payout of ${refundReference} in the bank's file`,
    );
    await e2e.stack.gatewaySimulators.control('bank', 'POST', '/__simulator/clearing/advance');
  }

  async function refunded(paymentReference: string, body: Record<string, unknown>) {
    const asked = await e2e.refund(paymentReference, body);
    expect(asked.status).toBe(201);
    // Nagad masks the paying wallet: a named destination is not known to be the payer's, so it
    // waits for a second person before it is paid out.
    expect(asked.body.data.status).toBe('PENDING_APPROVAL');
    expect((await e2e.approveRefund(asked.body.data.reference as string)).status).toBe(200);
    if ((body.destination as { type?: string }).type === 'BANK_ACCOUNT') {
      await settleClearingOf(asked.body.data.reference as string);
    }
    const settled = await e2e.settledRefund(asked.body.data.reference as string, 40_000);
    expect(settled.status).toBe('SUCCEEDED');
    return settled;
  }

  const railBalance = async (rail: string) => {
    const [row] = await e2e.stack
      .em()
      .execute<Array<{ total: string | null }>>(
        `select sum(p.amount_minor) as total from postings p join ledger_accounts a on a.id = p.account_id where a.code = ?`,
        [`rail_disbursement:${rail}:TEST:BDT`],
      );
    return Number(row?.total ?? 0);
  };

  it('fails the refund (PAYOUT_RETURNED), gives its amount back to the payment, sends refund.failed and reverses its entry through the return', async () => {
    const payment = await e2e.createPayment();
    await e2e.payAtGateway(payment.reference, 'Success');
    await e2e.waitForStatus(payment.reference, 'SUCCEEDED');

    const toWallet = await refunded(payment.reference, {
      amountMinor: 60_000,
      reason: 'half the order',
      destination: nagadWallet,
    });
    const bankBefore = await railBalance('bank');
    const toBank = await refunded(payment.reference, {
      amountMinor: 40_000,
      reason: 'the rest',
      destination: rahima,
    });
    expect(toBank).toMatchObject({ rail: 'bank', payoutReference: expect.stringMatching(/^po_/) });
    expect(await e2e.readPayment(payment.reference)).toMatchObject({
      status: 'REFUNDED',
      refundedMinor: AMOUNT,
    });
    // The bank charges its BEFTN fee out of the same balance; a return gives the credit back, not the fee.
    const em = e2e.stack.em();
    const paid = await ledgerLinesForSource(em, 'payout', toBank.payoutReference as string);
    const feeMinor =
      paid.find((line) => line.kind === 'PAYOUT_FEE' && line.amountMinor > 0)?.amountMinor ?? 0;
    expect(feeMinor).toBeGreaterThan(0);
    expect(await railBalance('bank')).toBe(bankBefore - 40_000 - feeMinor);

    // The receiving bank returns the credit: its return file names the payout, the check reads it.
    await e2e.stack.gatewaySimulators.control('bank', 'POST', '/__simulator/returns', {
      reference: toBank.payoutReference,
      returnCode: 'R02',
    });
    expect(await checkReturns()).toMatchObject({ returned: 1 });

    const failed = await e2e.readRefund(toBank.reference as string);
    expect(failed).toMatchObject({ status: 'FAILED', rail: 'bank', payoutReference: toBank.payoutReference });
    expect(failed.failureReason).toMatch(
      /^PAYOUT_RETURNED: payout po_\w+ was returned by the receiving bank \(ACCOUNT_CLOSED/,
    );
    expect((await e2e.readRefund(toWallet.reference as string)).status).toBe('SUCCEEDED');
    expect(await e2e.readPayment(payment.reference)).toMatchObject({
      status: 'PARTIALLY_REFUNDED',
      refundedMinor: 60_000,
    });
    const event = await e2e.webhook('refund.failed', toBank.reference as string);
    expect(event.data).toMatchObject({
      status: 'FAILED',
      failureReason: expect.stringMatching(/^PAYOUT_RETURNED/),
    });

    // The refund's entry stands, reversed by the payout's return: the bank rail's balance is as
    // before, less the fee the bank kept.
    expect(await ledgerLinesForSource(em, 'refund', toBank.reference as string)).toEqual([
      expect.objectContaining({ kind: 'REFUND', amountMinor: 40_000 }),
      expect.objectContaining({
        kind: 'REFUND',
        accountCode: 'rail_disbursement:bank:TEST:BDT',
        amountMinor: -40_000,
      }),
    ]);
    const returned = await ledgerLinesForSource(em, 'payout', toBank.payoutReference as string);
    expect(returned.filter((line) => line.kind === 'PAYOUT_RETURN')).toEqual([
      { kind: 'PAYOUT_RETURN', accountCode: 'rail_disbursement:bank:TEST:BDT', amountMinor: 40_000 },
      { kind: 'PAYOUT_RETURN', accountCode: `app_refunds:${e2e.appId}:TEST:BDT`, amountMinor: -40_000 },
    ]);
    expect(returned.filter((line) => line.kind !== 'PAYOUT_RETURN' && line.kind !== 'PAYOUT_FEE')).toEqual(
      [],
    );
    expect(await railBalance('bank')).toBe(bankBefore - feeMinor);

    // Read again, the return changes nothing.
    expect(await checkReturns()).toMatchObject({ returned: 0 });
    expect(await ledgerLinesForSource(em, 'payout', toBank.payoutReference as string)).toHaveLength(
      returned.length,
    );
    const [events] = await em.execute<Array<{ n: string }>>(
      `select count(*) as n from events where source_type = 'refund' and source_id = ? and type = 'refund.failed'`,
      [toBank.reference],
    );
    expect(Number(events?.n)).toBe(1);

    // The amount is refundable again: the customer is paid by another rail, and the payment is REFUNDED.
    const again = await refunded(payment.reference, { amountMinor: 40_000, destination: nagadWallet });
    expect(again.rail).toBe('nagad');
    expect(await e2e.readPayment(payment.reference)).toMatchObject({
      status: 'REFUNDED',
      refundedMinor: AMOUNT,
    });

    const findings = await verifyLedger(em);
    expect(findings.filter((finding) => finding.breaches.length > 0)).toEqual([]);
  }, 150_000);
});
