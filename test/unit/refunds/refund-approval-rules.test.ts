import fc from 'fast-check';
import { compareRefundPolicies } from '../../../domain/operators/control-changes.js';
import type { ApprovalPolicy } from '../../../domain/refunds/refund-approval.js';
import {
  approversFor,
  approversForRefund,
  compareRuleSets,
  DEFAULT_APPROVAL_RULES,
  judgedAmounts,
  requesterDayOf,
  rulesFromPolicy,
  type RefundApprovalRule,
} from '../../../domain/refunds/refund-approval-rules.js';

const any = { currency: null, gateway: null, paymentMethod: null, requester: null } as const;
const band = (
  fromMinor: number,
  toMinor: number | null,
  approvers: 0 | 1 | 2,
  extra = {},
): RefundApprovalRule => ({
  ...any,
  fromMinor,
  toMinor,
  approvers,
  ...extra,
});
const facts = { currency: 'BDT', gateway: 'bkash', paymentMethod: 'BKASH', requester: 'APP' as const };

describe('refund approval rules', () => {
  const under25 = rulesFromPolicy({ rule: 'ABOVE_AMOUNT', thresholdMinor: 2500, currency: 'BDT' });

  it('judges three refunds of 10.00 under a 25.00 band on what they add up to: the third waits', () => {
    const needed = [0, 1000, 2000].map((soFar) =>
      approversForRefund(under25, facts, judgedAmounts(1000, soFar, 0)),
    );
    expect(needed).toEqual([0, 0, 1]);
    // One of 30.00 waits on its own.
    expect(approversForRefund(under25, facts, judgedAmounts(3000, 0, 0))).toBe(1);
  });

  it("judges the requester's day too: small refunds of many payments add up", () => {
    expect(approversForRefund(under25, facts, judgedAmounts(1000, 0, 2000))).toBe(1);
    expect(approversForRefund(under25, facts, judgedAmounts(1000, 0, 1500))).toBe(0);
  });

  it('applies the strictest covering rule, and one approver where none covers', () => {
    const rules = [band(0, null, 0), band(0, null, 2, { gateway: 'bkash', requester: 'OPERATOR' })];
    expect(approversFor(rules, { ...facts, amountMinor: 100 })).toBe(0);
    expect(approversFor(rules, { ...facts, requester: 'OPERATOR', amountMinor: 100 })).toBe(2);
    expect(approversFor([band(0, 100, 0, { currency: 'BDT' })], { ...facts, amountMinor: 101 })).toBe(1);
    expect(
      approversFor([band(0, 100, 0, { currency: 'BDT' })], { ...facts, currency: 'USD', amountMinor: 1 }),
    ).toBe(1);
    expect(approversFor([], { ...facts, amountMinor: 1 })).toBe(1);
  });

  it('asks two approvers above 100,000.00 BDT in LIVE by default, none in TEST', () => {
    const live = (amountMinor: number) =>
      approversFor(DEFAULT_APPROVAL_RULES.LIVE, { ...facts, amountMinor });
    expect([live(1_000_000), live(1_000_001), live(10_000_000), live(10_000_001)]).toEqual([0, 1, 1, 2]);
    expect(approversFor(DEFAULT_APPROVAL_RULES.LIVE, { ...facts, currency: 'USD', amountMinor: 1 })).toBe(1);
    expect(approversFor(DEFAULT_APPROVAL_RULES.TEST, { ...facts, amountMinor: 10 ** 12 })).toBe(0);
  });

  it('compares rule sets as the refunds they let through: fewer approvers anywhere is looser', () => {
    const current = [band(0, 10_000, 0), band(10_001, null, 1)];
    expect(compareRuleSets(current, [band(0, 10_000, 0), band(10_001, null, 2)])).toBe('STRICTER');
    expect(compareRuleSets(current, [band(0, 20_000, 0), band(20_001, null, 1)])).toBe('LOOSER');
    expect(compareRuleSets(current, [...current, band(0, 5, 0, { gateway: 'bkash' })])).toBe('EQUAL');
    // A narrower rule can only add approvers (the strictest applies), but removing a band loosens
    // nothing where no rule covers: one approver either way.
    expect(compareRuleSets(current, [band(0, 10_000, 0)])).toBe('EQUAL');
    expect(compareRuleSets(current, [band(0, 10_000, 0), band(10_001, null, 0, { requester: 'APP' })])).toBe(
      'LOOSER',
    );
    expect(compareRuleSets([band(0, null, 2)], [band(0, null, 1)])).toBe('LOOSER');
  });

  const policyArb: fc.Arbitrary<ApprovalPolicy> = fc.oneof(
    fc.constant<ApprovalPolicy>({ rule: 'NEVER', thresholdMinor: null, currency: null }),
    fc.constant<ApprovalPolicy>({ rule: 'ALWAYS', thresholdMinor: null, currency: null }),
    fc.record({
      rule: fc.constant('ABOVE_AMOUNT' as const),
      thresholdMinor: fc.oneof(fc.constantFrom(0, 1, 100, 5000), fc.integer({ min: 0, max: 10 ** 9 })),
      currency: fc.constantFrom<string | null>('BDT', 'USD'),
    }),
  );

  it('carries a policy over as rules that compare exactly as the policy did', () => {
    fc.assert(
      fc.property(policyArb, policyArb, (a, b) => {
        expect(compareRuleSets(rulesFromPolicy(a), rulesFromPolicy(b))).toBe(compareRefundPolicies(a, b));
      }),
    );
  });
});

describe("the requester's day for the refund rules", () => {
  it('runs midnight to midnight in the configured company zone, not in Dhaka', () => {
    // 23:30 on 1 March in New York (UTC-5) is 10:30 on 2 March in Dhaka.
    const lateEvening = new Date('2027-03-02T04:30:00Z');
    const newYork = requesterDayOf(lateEvening, 'America/New_York');
    expect(newYork).toEqual({
      date: '2027-03-01',
      start: new Date('2027-03-01T05:00:00Z'),
      end: new Date('2027-03-02T05:00:00Z'),
    });
    // A refund at New York's midnight starts the next day's total; one a millisecond before it
    // still counts with the evening's, though Dhaka's day turned hours earlier.
    expect(requesterDayOf(new Date('2027-03-02T05:00:00Z'), 'America/New_York').date).toBe('2027-03-02');
    expect(requesterDayOf(new Date('2027-03-02T04:59:59.999Z'), 'America/New_York').date).toBe('2027-03-01');
    expect(requesterDayOf(new Date('2027-03-01T18:30:00Z'), 'America/New_York').date).toBe('2027-03-01');
    expect(requesterDayOf(new Date('2027-03-01T18:30:00Z'), 'Asia/Dhaka').date).toBe('2027-03-02');
  });

  it('follows a zone that changes its clocks (London, last Sunday of March: a 23-hour day)', () => {
    const day = requesterDayOf(new Date('2027-03-28T22:30:00Z'), 'Europe/London');
    expect(day.date).toBe('2027-03-28');
    expect(day.start.toISOString()).toBe('2027-03-28T00:00:00.000Z');
    expect(day.end.toISOString()).toBe('2027-03-28T23:00:00.000Z');
    expect(requesterDayOf(new Date('2027-03-28T23:00:00Z'), 'Europe/London').date).toBe('2027-03-29');
  });

  it('is Dhaka’s day when no zone is configured', () => {
    expect(requesterDayOf(new Date('2027-03-01T18:00:00Z'))).toEqual({
      date: '2027-03-02',
      start: new Date('2027-03-01T18:00:00Z'),
      end: new Date('2027-03-02T18:00:00Z'),
    });
    expect(requesterDayOf(new Date('2027-03-01T18:00:00Z'), '')).toEqual(
      requesterDayOf(new Date('2027-03-01T18:00:00Z'), 'Asia/Dhaka'),
    );
  });
});
