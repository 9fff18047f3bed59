import { judgeReconAction, refundOwedMinor } from '../../../domain/reconciliation/recon-decisions.js';

describe('REFUND on a reconciliation exception', () => {
  const open = { id: 1, kind: 'DUPLICATE_LINE' as const, status: 'OPEN' as const, paymentId: 7 };
  const finance = { role: 'FINANCE' as const, steppedUp: true };

  it("gives back a duplicate line's gross, or what an amount mismatch charged beyond the payment", () => {
    expect(refundOwedMinor('DUPLICATE_LINE', 10_000, 10_000)).toBe(10_000);
    expect(refundOwedMinor('AMOUNT_MISMATCH', 10_700, 10_000)).toBe(700);
    // Charged less than the payment, or no line: nothing is owed back without an amount.
    expect(refundOwedMinor('AMOUNT_MISMATCH', 9_000, 10_000)).toBeNull();
    expect(refundOwedMinor('DUPLICATE_LINE', null, 10_000)).toBeNull();
    expect(refundOwedMinor('DUPLICATE_LINE', -500, 10_000)).toBeNull();
  });

  it('takes no action on an exception whose refund is still on its way', () => {
    expect(judgeReconAction(open, 'REFUND', finance, false)).toBeNull();
    for (const action of ['REFUND', 'POST_ADJUSTMENT', 'MARK_RESOLVED', 'ESCALATE'] as const) {
      expect(judgeReconAction(open, action, finance, true)?.code).toBe('RECON_REFUND_PENDING');
    }
    expect(judgeReconAction(open, 'REFUND', { role: 'FINANCE', steppedUp: false }, false)?.code).toBe(
      'STEP_UP_REQUIRED',
    );
  });
});
