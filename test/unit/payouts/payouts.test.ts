import { judgePayoutDecision } from '../../../domain/payouts/payout-approval.js';
import {
  approversForPayout,
  comparePayoutRules,
  defaultPayoutRules,
  overDailyCeiling,
  type PayoutRules,
} from '../../../domain/payouts/payout-rules.js';
import {
  LIVE_PAYOUT_BANDS,
  TEST_PAYOUT_BANDS,
  type AmountBand,
} from '../../../domain/approvals/rule-book.js';
import {
  payoutCommittedEntry,
  payoutPaidEntries,
  payoutReturnEntry,
  payoutReversalEntry,
} from '../../../domain/payouts/payout-ledger.js';
import {
  balanceCovers,
  beneficiaryRefusal,
  canMove,
  CANCELLABLE_STATUSES,
  confirmationDelayMs,
  eventForStatus,
  isFinal,
  PAYOUT_STATUSES,
  stepAfterRailWord,
} from '../../../domain/payouts/payouts.js';
import { isBalanced } from '../../../domain/ledger/ledger.js';

describe('payout statuses', () => {
  it('moves only forward: nothing leaves a final status but a paid payout returning', () => {
    for (const from of PAYOUT_STATUSES.filter(isFinal)) {
      const onward = PAYOUT_STATUSES.filter((to) => canMove(from, to));
      expect(onward).toEqual(from === 'SUCCEEDED' ? ['RETURNED'] : []);
    }
    expect(canMove('CREATED', 'SENDING')).toBe(false);
    expect(canMove('WAITING_APPROVAL', 'SENDING')).toBe(false);
    expect(canMove('SCHEDULED', 'SENDING')).toBe(true);
    expect(canMove('SENDING', 'QUEUED')).toBe(true);
    expect(canMove('PROCESSING', 'QUEUED')).toBe(false);
  });

  it('is cancellable only before the rail has been asked', () => {
    expect([...CANCELLABLE_STATUSES].sort()).toEqual(['CREATED', 'QUEUED', 'SCHEDULED', 'WAITING_APPROVAL']);
  });

  it('owes the app an event on each final status', () => {
    expect(eventForStatus('SUCCEEDED')).toBe('payout.succeeded');
    expect(eventForStatus('FAILED')).toBe('payout.failed');
    expect(eventForStatus('CANCELLED')).toBe('payout.cancelled');
    expect(eventForStatus('RETURNED')).toBe('payout.returned');
    expect(eventForStatus('SENDING')).toBeNull();
  });
});

describe('sending once', () => {
  it('sends only when the rail holds nothing under the reference', () => {
    expect(stepAfterRailWord({ status: 'NOT_FOUND' })).toEqual({ kind: 'SEND' });
    for (const status of ['SUCCEEDED', 'RETURNED', 'PROCESSING'] as const) {
      expect(stepAfterRailWord({ status }).kind).toBe('RECORD');
    }
  });

  it('queues a payout the rail refused for its balance, and fails one it refused otherwise', () => {
    expect(stepAfterRailWord({ status: 'FAILED', shortBalance: true })).toEqual({
      kind: 'RECORD',
      status: 'QUEUED',
    });
    expect(stepAfterRailWord({ status: 'FAILED', shortBalance: false })).toEqual({
      kind: 'RECORD',
      status: 'FAILED',
    });
  });

  it('checks the balance against the amount and any fee known in advance', () => {
    expect(balanceCovers(10_000, 10_000)).toBe(true);
    expect(balanceCovers(10_000, 10_000, 1)).toBe(false);
    expect(balanceCovers(9_999, 10_000)).toBe(false);
  });

  it('stops a payout whose beneficiary does not exist or is blocked, and goes on otherwise', () => {
    expect(beneficiaryRefusal('NOT_FOUND')).toBe('BENEFICIARY_NOT_FOUND');
    expect(beneficiaryRefusal('BLOCKED')).toBe('BENEFICIARY_BLOCKED');
    expect(beneficiaryRefusal('VERIFIED')).toBeNull();
    expect(beneficiaryRefusal('UNVERIFIABLE')).toBeNull();
    expect(beneficiaryRefusal('NAME_MISMATCH')).toBeNull();
  });

  it('asks about a transfer in progress less and less often, at most every ten minutes', () => {
    expect(confirmationDelayMs(0)).toBe(5_000);
    expect(confirmationDelayMs(1)).toBe(10_000);
    expect(confirmationDelayMs(50)).toBe(600_000);
  });
});

describe('payout approval', () => {
  const band = (fromMinor: number, toMinor: number | null, approvers: 0 | 1 | 2): AmountBand => ({
    currency: null,
    fromMinor,
    toMinor,
    approvers,
  });
  const rules = (bands: AmountBand[], floor: 0 | 1 = 0): PayoutRules => ({ enabled: true, floor, bands });
  const payout = (amountMinor: number, currency = 'BDT') => ({ amountMinor, currency });

  it('asks the approvers of the band the payout falls in', () => {
    const set = rules([band(0, 10_000, 0), band(10_001, null, 1), band(50_001, null, 2)]);
    expect(approversForPayout(set, payout(5_000), 0)).toBe(0);
    expect(approversForPayout(set, payout(20_000), 0)).toBe(1);
    expect(approversForPayout(set, payout(60_000), 0)).toBe(2);
  });

  it('judges what the app paid out today with it, so a band cannot be split', () => {
    const set = rules([band(0, 10_000, 0), band(10_001, null, 1)]);
    expect(approversForPayout(set, payout(6_000), 0)).toBe(0);
    expect(approversForPayout(set, payout(6_000), 6_000)).toBe(1);
  });

  it('waits for one approver when no band covers the payout', () => {
    expect(approversForPayout(rules([band(0, 100, 0)]), payout(5_000), 0)).toBe(1);
  });

  it('never asks fewer than the floor: a LIVE payout under every band still waits for one', () => {
    expect(approversForPayout(rules([band(0, null, 0)], 1), payout(1), 0)).toBe(1);
    expect(approversForPayout(defaultPayoutRules('LIVE'), payout(100), 0)).toBe(1);
    expect(approversForPayout(defaultPayoutRules('TEST'), payout(100), 0)).toBe(0);
  });

  it('keeps LIVE payouts off and TEST payouts on until finance sets them, from the rule book', () => {
    expect(defaultPayoutRules('LIVE')).toEqual({ enabled: false, floor: 1, bands: [...LIVE_PAYOUT_BANDS] });
    expect(defaultPayoutRules('TEST')).toEqual({ enabled: true, floor: 0, bands: [...TEST_PAYOUT_BANDS] });
  });

  it('counts turning payouts on, a lower floor and a band asking fewer as looser', () => {
    const live = defaultPayoutRules('LIVE');
    expect(comparePayoutRules(live, { ...live, enabled: true })).toBe('LOOSER');
    expect(comparePayoutRules({ ...live, enabled: true }, live)).toBe('STRICTER');
    expect(comparePayoutRules(live, { ...live, floor: 0 })).toBe('LOOSER');
    expect(comparePayoutRules(live, { ...live, bands: [band(0, null, 0)] })).toBe('LOOSER');
    expect(comparePayoutRules(live, { ...live, bands: [band(0, null, 2)] })).toBe('STRICTER');
    expect(comparePayoutRules(live, defaultPayoutRules('LIVE'))).toBe('EQUAL');
  });

  it('sends a payout that takes the deployment’s day over the ceiling to approvers', () => {
    const ceiling = { currency: 'BDT', amountMinor: 1_000 };
    expect(overDailyCeiling(payout(400), 600, ceiling)).toBe(false);
    expect(overDailyCeiling(payout(401), 600, ceiling)).toBe(true);
    expect(overDailyCeiling(payout(5_000, 'USD'), 600, ceiling)).toBe(false);
  });

  it('takes one approval per person, completes with the last one needed, and rejects at once', () => {
    const waiting = {
      status: 'WAITING_APPROVAL',
      approvalsRequired: 2,
      approvedBy: [] as number[],
      operatorId: 1,
    };
    expect(judgePayoutDecision({ ...waiting, verdict: 'APPROVE' })).toEqual({
      kind: 'APPROVED',
      complete: false,
    });
    expect(judgePayoutDecision({ ...waiting, approvedBy: [1], verdict: 'APPROVE' })).toMatchObject({
      kind: 'REFUSED',
      code: 'ALREADY_APPROVED',
    });
    expect(judgePayoutDecision({ ...waiting, approvedBy: [2], verdict: 'APPROVE' })).toEqual({
      kind: 'APPROVED',
      complete: true,
    });
    expect(judgePayoutDecision({ ...waiting, verdict: 'REJECT' })).toEqual({ kind: 'REJECTED' });
    expect(judgePayoutDecision({ ...waiting, status: 'SCHEDULED', verdict: 'APPROVE' })).toMatchObject({
      kind: 'REFUSED',
      code: 'PAYOUT_NOT_WAITING',
    });
  });
});

describe('payout ledger entries', () => {
  const money = {
    reference: 'po_00000000000000000000',
    appId: 7,
    mode: 'TEST' as const,
    currency: 'BDT' as const,
    rail: 'bkash',
    amountMinor: 15_000,
  };

  it('balances every entry and keeps them to the payout as their source', () => {
    const entries = [
      payoutCommittedEntry(money),
      ...payoutPaidEntries(money, 25),
      payoutReversalEntry(money),
      payoutReturnEntry(money),
    ];
    for (const entry of entries) {
      expect(isBalanced(entry.postings)).toBe(true);
      expect(entry.sourceId).toBe(money.reference);
    }
    expect(entries.map((entry) => entry.kind)).toEqual([
      'PAYOUT',
      'PAYOUT_SENT',
      'PAYOUT_FEE',
      'PAYOUT_REVERSAL',
      'PAYOUT_RETURN',
    ]);
  });

  it('leaves nothing payable once committed and paid, or committed and reversed', () => {
    const payable = (entries: ReturnType<typeof payoutPaidEntries>) =>
      entries
        .flatMap((entry) => entry.postings)
        .filter((posting) => posting.account.type === 'PAYOUT_PAYABLE')
        .reduce((sum, posting) => sum + posting.amountMinor, 0);
    expect(payable([payoutCommittedEntry(money), ...payoutPaidEntries(money, 0)])).toBe(0);
    expect(payable([payoutCommittedEntry(money), payoutReversalEntry(money)])).toBe(0);
    expect(payoutPaidEntries(money, 0)).toHaveLength(1);
  });

  it('refuses an amount that is not a positive whole number of minor units', () => {
    expect(() => payoutCommittedEntry({ ...money, amountMinor: 10.5 })).toThrow(RangeError);
  });
});
