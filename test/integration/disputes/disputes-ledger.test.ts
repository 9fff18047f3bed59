import type { EntityManager } from '@mikro-orm/postgresql';
import { recordChargeback, recordDispute } from '../../../db/disputes/disputes.js';
import { ledgerLinesForSource, postJournalEntry } from '../../../db/ledger/ledger.js';
import { verifyLedger } from '../../../db/ledger/ledger-verify.js';
import { disputeEntry } from '../../../domain/ledger/ledger.js';
import { capturedPayment, scratchLedger, type ScratchLedger } from '../../helpers/scratch-ledger.js';

/**
 * Disputes in the ledger, on a database of their own (the checks below break it on purpose):
 * recorded disputes pass `ledger:verify`'s rules, and a dispute whose entries disagree with it
 * is named.
 */
describe('disputes in the ledger', () => {
  let ledger: ScratchLedger;
  const em = () => ledger.em();

  beforeAll(async () => {
    ledger = await scratchLedger('disputes-ledger');
  });
  afterAll(() => ledger.drop());

  const settledPayment = () =>
    capturedPayment(ledger, { gateway: 'bkash', feeMinor: null, customerReference: 'cust_dispute' });

  const breachesOf = async (name: string) =>
    (await verifyLedger(em())).find((check) => check.name === name)!.breaches;

  it('recorded disputes pass; a reversal of a dispute not won, a missing entry or an entry of no dispute is named', async () => {
    const lost = await settledPayment();
    const chargeback = await recordChargeback(em(), {
      paymentId: lost.id,
      gateway: 'bkash',
      mode: 'TEST',
      gatewayDisputeId: 'TRX-CB-1',
      amountMinor: -4_000,
      currency: 'BDT',
      reason: null,
    });
    const won = await settledPayment();
    const opened = await em().transactional((tx) =>
      recordDispute(tx as EntityManager, {
        paymentId: won.id,
        gateway: 'bkash',
        gatewayDisputeId: 'TRX-CB-2',
        amountMinor: 10_000,
        currency: 'BDT',
        reason: 'fraudulent',
        status: 'OPEN',
      }),
    );
    await em().transactional((tx) =>
      recordDispute(tx as EntityManager, {
        paymentId: won.id,
        gateway: 'bkash',
        gatewayDisputeId: 'TRX-CB-2',
        amountMinor: 10_000,
        currency: 'BDT',
        reason: 'fraudulent',
        status: 'WON',
      }),
    );
    expect(await breachesOf('entry-sources')).toEqual([]);
    expect(await breachesOf('dispute-entries')).toEqual([]);

    // Someone marks the lost chargeback won: it has no reversal.
    await em().execute(`update disputes set status = 'WON' where reference = ?`, [
      chargeback.dispute.reference,
    ]);
    expect(await breachesOf('dispute-entries')).toEqual([
      { subject: chargeback.dispute.reference, problem: expect.stringContaining('0 DISPUTE_REVERSAL') },
    ]);
    // … and the won one lost: its reversal no longer has a cause.
    await em().execute(`update disputes set status = 'LOST' where reference = ?`, [opened.dispute.reference]);
    expect((await breachesOf('entry-sources')).map((b) => b.problem)).toEqual(['dispute is LOST']);

    // An entry of a dispute nobody recorded.
    await em().transactional((tx) =>
      postJournalEntry(
        tx as EntityManager,
        disputeEntry({
          disputeReference: 'dsp_nobodydisputedthis00',
          appId: String(ledger.appId),
          gateway: 'bkash',
          mode: 'TEST',
          currency: 'BDT',
          amountMinor: 100,
        })!,
      ),
    );
    expect((await breachesOf('entry-sources')).map((b) => b.subject)).toEqual(
      expect.arrayContaining(['DISPUTE dsp_nobodydisputedthis00']),
    );
  });

  it("books the gateway's dispute fee to its fees once, keeps it when the dispute is won, and names a fee that disagrees", async () => {
    const payment = await settledPayment();
    const report = {
      paymentId: payment.id,
      gateway: 'bkash',
      gatewayDisputeId: 'TRX-FEE-1',
      amountMinor: 6_000,
      currency: 'BDT' as const,
      reason: 'fraudulent',
    };
    const record = (status: 'OPEN' | 'WON', feeMinor: number | null) =>
      em().transactional((tx) => recordDispute(tx as EntityManager, { ...report, status, feeMinor }));
    // An inquiry moves no money yet: no fee.
    const opened = await record('OPEN', null);
    expect(opened.dispute.feeMinor).toBe(0);
    // The money is withdrawn with the fee; every later notice reports the same fee again.
    const charged = await record('OPEN', 1_500);
    expect(charged.dispute.feeMinor).toBe(1_500);
    await record('OPEN', 1_500);
    const won = await record('WON', 1_500);
    expect(won.dispute).toMatchObject({ status: 'WON', feeMinor: 1_500 });

    const lines = await ledgerLinesForSource(em(), 'dispute', opened.dispute.reference);
    expect(lines.filter((l) => l.kind === 'DISPUTE_FEE')).toEqual([
      { kind: 'DISPUTE_FEE', accountCode: 'gateway_fees:bkash:TEST:BDT', amountMinor: 1_500 },
      { kind: 'DISPUTE_FEE', accountCode: 'gateway_clearing:bkash:TEST:BDT', amountMinor: -1_500 },
    ]);
    // The reversal gives the app its disputed amount back, not the fee.
    expect(lines.filter((l) => l.kind === 'DISPUTE_REVERSAL').map((l) => Math.abs(l.amountMinor))).toEqual([
      6_000, 6_000,
    ]);
    expect(
      (await breachesOf('dispute-entries')).filter((b) => b.subject === opened.dispute.reference),
    ).toEqual([]);

    await em().execute(`update disputes set fee_minor = 900 where reference = ?`, [opened.dispute.reference]);
    expect(
      (await breachesOf('dispute-entries')).filter((b) => b.subject === opened.dispute.reference),
    ).toEqual([{ subject: opened.dispute.reference, problem: expect.stringContaining('1 DISPUTE_FEE') }]);
  });
});
