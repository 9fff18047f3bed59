import fc from 'fast-check';
import { refundEntry, refundPayoutReturnEntry, type RefundInput } from '../../../domain/ledger/ledger.js';
import { payoutReturnedReason } from '../../../domain/refunds/refund-rails.js';
import { paymentAfterReturnedRefund } from '../../../domain/refunds/refunds.js';
import { walletNumberOf } from '../../../api/admin/payments/refund-destinations.js';

describe('a refund whose payout came back', () => {
  it('gives the payment its refunded amount back and the status that leaves it in', () => {
    expect(paymentAfterReturnedRefund({ amountMinor: 100_000, refundedMinor: 100_000 }, 40_000)).toEqual({
      status: 'PARTIALLY_REFUNDED',
      refundedMinor: 60_000,
    });
    expect(paymentAfterReturnedRefund({ amountMinor: 100_000, refundedMinor: 40_000 }, 40_000)).toEqual({
      status: 'SUCCEEDED',
      refundedMinor: 0,
    });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 0, max: 1e9 }), (amount, raw) => {
        const refunded = raw % (amount + 1);
        const refund = refunded === 0 ? 0 : 1 + (raw % refunded);
        const after = paymentAfterReturnedRefund({ amountMinor: amount, refundedMinor: refunded }, refund);
        expect(after.refundedMinor).toBe(refunded - refund);
        expect(after.status).not.toBe('REFUNDED');
      }),
    );
  });

  it("reverses the refund's own entry as the payout's PAYOUT_RETURN, for captured and parked funds", () => {
    for (const funds of ['CAPTURED', 'UNAPPLIED'] as const) {
      const input: RefundInput & { paidByRail: string; payoutReference: string } = {
        refundReference: 'rf_aaaaaaaaaaaaaaaaaaaa',
        payoutReference: 'po_bbbbbbbbbbbbbbbbbbbb',
        appId: '7',
        mode: 'TEST',
        gateway: 'nagad',
        currency: 'BDT',
        amountMinor: 40_000,
        funds,
        paidByRail: 'bank',
      };
      const paid = refundEntry(input);
      const back = refundPayoutReturnEntry(input);
      expect(back.kind).toBe('PAYOUT_RETURN');
      expect(back.sourceId).toBe(input.payoutReference);
      expect(back.postings.reduce((sum, p) => sum + p.amountMinor, 0)).toBe(0);
      // Together the two leave every account as it was.
      const net = new Map<string, number>();
      for (const p of [...paid.postings, ...back.postings]) {
        const key = JSON.stringify(p.account);
        net.set(key, (net.get(key) ?? 0) + p.amountMinor);
      }
      expect([...net.values()].every((v) => v === 0)).toBe(true);
      expect(back.postings[0]).toEqual({
        account: { type: 'RAIL_DISBURSEMENT', mode: 'TEST', currency: 'BDT', gateway: 'bank' },
        amountMinor: 40_000,
      });
    }
  });

  it('says why, led by PAYOUT_RETURNED and the bank’s code', () => {
    expect(
      payoutReturnedReason({ reference: 'po_x', failureCode: 'ACCOUNT_CLOSED', failureReason: 'R02' }),
    ).toBe(
      'PAYOUT_RETURNED: payout po_x was returned by the receiving bank (ACCOUNT_CLOSED: R02); the customer was not paid',
    );
    expect(payoutReturnedReason({ reference: 'po_x', failureCode: null, failureReason: null })).toBe(
      'PAYOUT_RETURNED: payout po_x was returned by the receiving bank; the customer was not paid',
    );
  });
});

describe("the refund form's customer wallet", () => {
  it('reads a Bangladeshi mobile number as the wallets take it, else none', () => {
    expect(walletNumberOf('+8801712345678')).toBe('01712345678');
    expect(walletNumberOf('880 1712-345678')).toBe('01712345678');
    expect(walletNumberOf('01712345678')).toBe('01712345678');
    expect(walletNumberOf('+4420 7946 0000')).toBeNull();
    expect(walletNumberOf(null)).toBeNull();
  });
});
