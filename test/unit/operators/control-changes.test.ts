import fc from 'fast-check';
import {
  compareControls,
  compareReceiptApprovals,
  compareRefundPolicies,
  judgeControlDecision,
  type ControlValue,
} from '../../../domain/operators/control-changes.js';
import type { Strictness } from '../../../domain/shared/strictness.js';
import { can, ROLES } from '../../../domain/operators/permissions.js';
import type { ApprovalPolicy } from '../../../domain/refunds/refund-approval.js';
import {
  approversFor,
  DEFAULT_APPROVAL_RULES,
  rulesFromPolicy,
} from '../../../domain/refunds/refund-approval-rules.js';

const CURRENCIES = ['BDT', 'USD', 'EUR'] as const;

/** Whether a refund (the app's own, on no named gateway) waits under `rules`: the refund's one rule. */
const holds = (rules: Parameters<typeof approversFor>[0], amountMinor: number, currency: string) =>
  approversFor(rules, { amountMinor, currency, gateway: null, paymentMethod: null, requester: 'APP' }) > 0;
const refundNeedsApproval = (policy: ApprovalPolicy, amountMinor: number, currency: string) =>
  holds(rulesFromPolicy(policy), amountMinor, currency);

const policyArb: fc.Arbitrary<ApprovalPolicy> = fc.oneof(
  fc.constant<ApprovalPolicy>({ rule: 'NEVER', thresholdMinor: null, currency: null }),
  fc.constant<ApprovalPolicy>({ rule: 'ALWAYS', thresholdMinor: null, currency: null }),
  fc.record({
    rule: fc.constant('ABOVE_AMOUNT' as const),
    thresholdMinor: fc.oneof(fc.constantFrom(0, 1, 100, 5000), fc.integer({ min: 0, max: 10 ** 9 })),
    currency: fc.constantFrom<string | null>(...CURRENCIES),
  }),
);

/**
 * The meaning the rule must agree with, by brute force: which refunds each policy holds. Holding
 * changes only at a threshold, so the amounts around every threshold in play (and the extremes)
 * in every currency in play cover every refund there is.
 */
function byTheRefundsHeld(current: ApprovalPolicy, proposed: ApprovalPolicy): Strictness {
  const thresholds = [current.thresholdMinor, proposed.thresholdMinor].filter((t): t is number => t !== null);
  const amounts = [1, 2, Number.MAX_SAFE_INTEGER, ...thresholds.flatMap((t) => [t - 1, t, t + 1])].filter(
    (a) => a >= 1,
  );
  let released = false;
  let added = false;
  for (const currency of [...CURRENCIES, 'GBP']) {
    for (const amount of amounts) {
      const before = refundNeedsApproval(current, amount, currency);
      const after = refundNeedsApproval(proposed, amount, currency);
      if (before && !after) released = true;
      if (!before && after) added = true;
    }
  }
  return released ? 'LOOSER' : added ? 'STRICTER' : 'EQUAL';
}

const never: ApprovalPolicy = { rule: 'NEVER', thresholdMinor: null, currency: null };
const always: ApprovalPolicy = { rule: 'ALWAYS', thresholdMinor: null, currency: null };
const above = (thresholdMinor: number, currency = 'BDT'): ApprovalPolicy => ({
  rule: 'ABOVE_AMOUNT',
  thresholdMinor,
  currency,
});

describe('whether a control change loosens', () => {
  it('orders refund policies NEVER < ABOVE_AMOUNT < ALWAYS', () => {
    expect(compareRefundPolicies(above(5000), never)).toBe('LOOSER');
    expect(compareRefundPolicies(never, above(5000))).toBe('STRICTER');
    expect(compareRefundPolicies(above(5000), always)).toBe('STRICTER');
    expect(compareRefundPolicies(always, above(5000))).toBe('LOOSER');
    expect(compareRefundPolicies(always, never)).toBe('LOOSER');
    expect(compareRefundPolicies(never, never)).toBe('EQUAL');
  });

  it('calls a higher threshold or another currency looser, a lower one stricter', () => {
    expect(compareRefundPolicies(above(5000), above(5001))).toBe('LOOSER');
    expect(compareRefundPolicies(above(5000), above(4999))).toBe('STRICTER');
    expect(compareRefundPolicies(above(5000), above(5000))).toBe('EQUAL');
    expect(compareRefundPolicies(above(5000, 'BDT'), above(5000, 'USD'))).toBe('LOOSER');
    expect(compareRefundPolicies(above(5000, 'BDT'), above(1, 'USD'))).toBe('LOOSER');
    // A zero threshold holds every refund: it is ALWAYS by another name.
    expect(compareRefundPolicies(always, above(0, 'USD'))).toBe('EQUAL');
    expect(compareRefundPolicies(above(5000, 'BDT'), above(0, 'USD'))).toBe('STRICTER');
  });

  it('agrees with the refunds each policy holds, for any two policies', () => {
    fc.assert(
      fc.property(policyArb, policyArb, (current, proposed) => {
        expect(compareRefundPolicies(current, proposed)).toBe(byTheRefundsHeld(current, proposed));
      }),
      { numRuns: 2000 },
    );
  });

  it('is EQUAL with itself, and what tightens one way loosens the other', () => {
    fc.assert(
      fc.property(policyArb, policyArb, (a, b) => {
        expect(compareRefundPolicies(a, a)).toBe('EQUAL');
        const forth = compareRefundPolicies(a, b);
        const back = compareRefundPolicies(b, a);
        if (forth === 'STRICTER') expect(back).toBe('LOOSER');
        if (forth === 'EQUAL') expect(back).toBe('EQUAL');
        // Two policies neither of which holds all the other holds: loosening both ways.
        if (forth === 'LOOSER') expect(back).not.toBe('EQUAL');
      }),
    );
  });

  it('calls one receipt approver looser than two', () => {
    expect(compareReceiptApprovals(2, 1)).toBe('LOOSER');
    expect(compareReceiptApprovals(1, 2)).toBe('STRICTER');
    expect(compareReceiptApprovals(2, 2)).toBe('EQUAL');
    expect(() =>
      compareControls(
        { kind: 'RECEIPT_APPROVALS', approvals: 2 },
        { kind: 'REFUND_APPROVAL', rules: rulesFromPolicy(never) },
      ),
    ).toThrow();
  });

  it('holds large LIVE refunds by default and none in TEST', () => {
    expect(holds(DEFAULT_APPROVAL_RULES.LIVE, 1_000_001, 'BDT')).toBe(true);
    expect(holds(DEFAULT_APPROVAL_RULES.LIVE, 1_000_000, 'BDT')).toBe(false);
    expect(holds(DEFAULT_APPROVAL_RULES.LIVE, 100, 'USD')).toBe(true);
    expect(holds(DEFAULT_APPROVAL_RULES.TEST, 10 ** 12, 'BDT')).toBe(false);
  });
});

describe('who decides a proposed change', () => {
  const current: ControlValue = { kind: 'RECEIPT_APPROVALS', approvals: 2 };
  const pending = { status: 'PENDING' as const, proposedByOperatorId: 7, currentValue: current };

  it('lets a different operator approve or reject, never the proposer', () => {
    expect(judgeControlDecision(pending, 'APPROVE', 8, current)).toBeNull();
    expect(judgeControlDecision(pending, 'REJECT', 8, current)).toBeNull();
    expect(judgeControlDecision(pending, 'APPROVE', 7, current)).toBe('SELF_APPROVAL_FORBIDDEN');
    expect(judgeControlDecision(pending, 'REJECT', 7, current)).toBe('SELF_APPROVAL_FORBIDDEN');
  });

  it('lets only the proposer withdraw', () => {
    expect(judgeControlDecision(pending, 'WITHDRAW', 7, current)).toBeNull();
    expect(judgeControlDecision(pending, 'WITHDRAW', 8, current)).toBe('FORBIDDEN');
  });

  it('refuses a decided change and an approval the control has moved away from', () => {
    for (const status of ['APPROVED', 'REJECTED', 'WITHDRAWN', 'SUPERSEDED'] as const) {
      expect(judgeControlDecision({ ...pending, status }, 'APPROVE', 8, current)).toBe(
        'CONTROL_CHANGE_NOT_PENDING',
      );
    }
    const moved: ControlValue = { kind: 'RECEIPT_APPROVALS', approvals: 1 };
    expect(judgeControlDecision(pending, 'APPROVE', 8, moved)).toBe('CONTROL_CHANGE_STALE');
    // Rejecting a stale proposal is fine: it changes nothing.
    expect(judgeControlDecision(pending, 'REJECT', 8, moved)).toBeNull();
  });

  it('gives deciding control changes to ADMIN only', () => {
    expect(ROLES.filter((role) => can(role, 'controls.decide'))).toEqual(['ADMIN']);
  });
});
