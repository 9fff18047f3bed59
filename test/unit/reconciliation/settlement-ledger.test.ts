import fc from 'fast-check';
import {
  accountCode,
  adjustmentEntry,
  disputeEntry,
  disputeReversalEntry,
  ENTRY_SOURCES,
  feeAdjustmentEntry,
  isBalanced,
  settlementEntry,
  sourceTypeOf,
  type JournalEntryDraft,
} from '../../../domain/ledger/ledger.js';

const lines = (entry: JournalEntryDraft | null) =>
  entry?.postings.map((p) => [accountCode(p.account), p.amountMinor]);

const base = { gateway: 'bkash', mode: 'LIVE' as const, currency: 'BDT' as const };

describe('settlement, fee correction, dispute and adjustment entries', () => {
  it('a settlement moves the net from clearing to the bank; a negative net goes back', () => {
    const paid = settlementEntry({ ...base, lineKey: 'k1', netMinor: 9815 });
    expect(paid?.kind).toBe('SETTLEMENT');
    expect(paid?.sourceId).toBe('k1');
    expect(lines(paid)).toEqual([
      ['bank:bkash:LIVE:BDT', 9815],
      ['gateway_clearing:bkash:LIVE:BDT', -9815],
    ]);
    expect(lines(settlementEntry({ ...base, lineKey: 'k2', netMinor: -500 }))).toEqual([
      ['gateway_clearing:bkash:LIVE:BDT', 500],
      ['bank:bkash:LIVE:BDT', -500],
    ]);
  });

  it('a fee correction books more fee out of clearing, or returns fee the gateway did not keep', () => {
    expect(lines(feeAdjustmentEntry({ ...base, lineKey: 'k', differenceMinor: 7 }))).toEqual([
      ['gateway_fees:bkash:LIVE:BDT', 7],
      ['gateway_clearing:bkash:LIVE:BDT', -7],
    ]);
    expect(lines(feeAdjustmentEntry({ ...base, lineKey: 'k', differenceMinor: -7 }))).toEqual([
      ['gateway_clearing:bkash:LIVE:BDT', 7],
      ['gateway_fees:bkash:LIVE:BDT', -7],
    ]);
  });

  it("a dispute takes the amount out of the app's payable and the clearing; a won dispute brings it back", () => {
    const input = { ...base, disputeReference: 'dsp_1', appId: '4', amountMinor: 1200 };
    const opened = disputeEntry(input);
    const reversed = disputeReversalEntry(input);
    expect(opened?.kind).toBe('DISPUTE');
    expect(lines(opened)).toEqual([
      ['app_payable:4:LIVE:BDT', 1200],
      ['gateway_clearing:bkash:LIVE:BDT', -1200],
    ]);
    expect(reversed?.kind).toBe('DISPUTE_REVERSAL');
    expect(lines(reversed)).toEqual([
      ['gateway_clearing:bkash:LIVE:BDT', 1200],
      ['app_payable:4:LIVE:BDT', -1200],
    ]);
    expect(() => disputeEntry({ ...input, amountMinor: -1 })).toThrow(RangeError);
  });

  it('an adjustment moves the clearing by its signed amount against recon adjustments', () => {
    expect(lines(adjustmentEntry({ ...base, exceptionReference: 'rex_1', amountMinor: 300 }))).toEqual([
      ['gateway_clearing:bkash:LIVE:BDT', 300],
      ['recon_adjustments:LIVE:BDT', -300],
    ]);
    expect(lines(adjustmentEntry({ ...base, exceptionReference: 'rex_1', amountMinor: -300 }))).toEqual([
      ['recon_adjustments:LIVE:BDT', 300],
      ['gateway_clearing:bkash:LIVE:BDT', -300],
    ]);
  });

  it('nothing to move is no entry', () => {
    const dispute = { ...base, disputeReference: 'dsp_0', appId: '1', amountMinor: 0 };
    expect(settlementEntry({ ...base, lineKey: 'k', netMinor: 0 })).toBeNull();
    expect(feeAdjustmentEntry({ ...base, lineKey: 'k', differenceMinor: 0 })).toBeNull();
    expect(disputeEntry(dispute)).toBeNull();
    expect(disputeReversalEntry(dispute)).toBeNull();
    expect(adjustmentEntry({ ...base, exceptionReference: 'rex_0', amountMinor: 0 })).toBeNull();
  });

  it('each kind comes from its own source', () => {
    expect(sourceTypeOf('SETTLEMENT')).toBe('settlement_line');
    expect(sourceTypeOf('FEE_ADJUSTMENT')).toBe('settlement_line');
    expect(sourceTypeOf('DISPUTE')).toBe('dispute');
    expect(sourceTypeOf('DISPUTE_REVERSAL')).toBe('dispute');
    expect(sourceTypeOf('ADJUSTMENT')).toBe('recon_exception');
    expect([...ENTRY_SOURCES].sort()).toEqual([
      'dispute',
      'payment',
      'payout',
      'recon_exception',
      'refund',
      'settlement_line',
    ]);
  });

  it('every entry balances, stays in its mode and currency, and its debit line is the positive one', () => {
    const amount = fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });
    fc.assert(
      fc.property(
        amount,
        fc.constantFrom('TEST' as const, 'LIVE' as const),
        fc.constantFrom('BDT' as const, 'USD' as const),
        (signed, mode, currency) => {
          const money = { gateway: 'stripe', mode, currency };
          const entries = [
            settlementEntry({ ...money, lineKey: 'k', netMinor: signed }),
            feeAdjustmentEntry({ ...money, lineKey: 'k', differenceMinor: signed }),
            adjustmentEntry({ ...money, exceptionReference: 'rex', amountMinor: signed }),
            disputeEntry({ ...money, disputeReference: 'dsp', appId: '2', amountMinor: Math.abs(signed) }),
            disputeReversalEntry({
              ...money,
              disputeReference: 'dsp',
              appId: '2',
              amountMinor: Math.abs(signed),
            }),
          ];
          for (const entry of entries) {
            if (signed === 0) {
              expect(entry).toBeNull();
              continue;
            }
            expect(entry).not.toBeNull();
            expect(isBalanced(entry!.postings)).toBe(true);
            expect(entry!.postings[0]!.amountMinor).toBe(Math.abs(signed));
            for (const p of entry!.postings) {
              expect(p.account.mode).toBe(mode);
              expect(p.account.currency).toBe(currency);
            }
          }
        },
      ),
    );
  });
});
