import {
  approversWithDestination,
  notPayerApprovalMissing,
  payerWallet,
  refundDestinationOf,
} from '../../../domain/refunds/refund-destination.js';
import { RULE_BOOK } from '../../../domain/approvals/rule-book.js';

describe('refunds go back to the payer', () => {
  const payer = { type: 'BKASH_WALLET' as const, walletNumber: '01770618575', name: null };
  const other = { type: 'BKASH_WALLET' as const, walletNumber: '01999999999', name: 'Not The Customer' };

  it('keeps a paying wallet only when the gateway names it in full', () => {
    expect(payer).toEqual({ type: 'BKASH_WALLET', walletNumber: '01770618575', name: null });
    expect(payerWallet('BKASH_WALLET', '+8801770618575')).toEqual(payer);
    expect(payerWallet('NAGAD_WALLET', '017****8036')).toBeNull();
    expect(payerWallet('BKASH_WALLET', undefined)).toBeNull();
  });

  it('defaults to the payer, and flags any other destination or any destination of an unknown payer', () => {
    expect(refundDestinationOf({ payer, asked: null, manualConfirmation: false })).toEqual({
      destination: payer,
      notPayer: false,
    });
    expect(refundDestinationOf({ payer, asked: null, manualConfirmation: true }).destination).toBeNull();
    expect(
      refundDestinationOf({ payer, asked: { ...payer, name: 'The Customer' }, manualConfirmation: false })
        .notPayer,
    ).toBe(false);
    expect(refundDestinationOf({ payer, asked: other, manualConfirmation: false }).notPayer).toBe(true);
    expect(
      refundDestinationOf({
        payer,
        asked: { type: 'NAGAD_WALLET', walletNumber: payer.walletNumber, name: null },
        manualConfirmation: false,
      }).notPayer,
    ).toBe(true);
    expect(refundDestinationOf({ payer: null, asked: other, manualConfirmation: false }).notPayer).toBe(true);
  });

  it("asks the rule book's refund.destination for at least its approvers, whatever the bands say", () => {
    const fixed = RULE_BOOK['refund.destination'].approvals.LIVE;
    const least = fixed.kind === 'fixed' ? fixed.approvers : 0;
    expect(least).toBeGreaterThanOrEqual(1);
    expect(approversWithDestination(0, true, 'LIVE')).toBe(least);
    expect(approversWithDestination(0, true, 'TEST')).toBeGreaterThanOrEqual(1);
    expect(approversWithDestination(2, true, 'LIVE')).toBe(2);
    expect(approversWithDestination(0, false, 'LIVE')).toBe(0);
  });

  it('holds a not-payer refund back from its payout until its approvals are on record', () => {
    const refund = {
      destinationNotPayer: true,
      approvalsRequired: 1,
      approvalsGiven: 0,
      mode: 'TEST' as const,
    };
    expect(notPayerApprovalMissing(refund)).toBe(true);
    expect(notPayerApprovalMissing({ ...refund, approvalsGiven: 1 })).toBe(false);
    // A row that somehow asks for none still needs the rule book's one.
    expect(notPayerApprovalMissing({ ...refund, approvalsRequired: 0 })).toBe(true);
    expect(notPayerApprovalMissing({ ...refund, destinationNotPayer: false })).toBe(false);
  });
});
