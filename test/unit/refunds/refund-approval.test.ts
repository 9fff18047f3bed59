import fc from 'fast-check';
import { ROLES } from '../../../domain/operators/permissions.js';
import { can } from '../../../domain/operators/permissions.js';
import {
  APPROVER_ROLES,
  decisionNeedsStepUp,
  judgeDecision,
  type ApprovalPolicy,
  type ApprovalStage,
} from '../../../domain/refunds/refund-approval.js';
import { approversFor, rulesFromPolicy } from '../../../domain/refunds/refund-approval-rules.js';

/** Whether a refund waits under a one-line policy: as its rules, the refund's one rule, say. */
const refundNeedsApproval = (policy: ApprovalPolicy, amountMinor: number, currency: string) =>
  approversFor(rulesFromPolicy(policy), {
    amountMinor,
    currency,
    gateway: null,
    paymentMethod: null,
    requester: 'APP',
  }) > 0;

const STAGES: ApprovalStage[] = ['WAITING', 'DECIDING', 'DECIDED', 'EXPIRED', 'NOT_REQUIRED'];

describe('refund approval policy', () => {
  it('NEVER lets every refund through and ALWAYS holds every one', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 ** 12 }),
        fc.constantFrom('BDT', 'USD'),
        (amount, currency) => {
          expect(
            refundNeedsApproval({ rule: 'NEVER', thresholdMinor: null, currency: null }, amount, currency),
          ).toBe(false);
          expect(
            refundNeedsApproval({ rule: 'ALWAYS', thresholdMinor: null, currency: null }, amount, currency),
          ).toBe(true);
        },
      ),
    );
  });

  it('ABOVE_AMOUNT holds exactly the refunds above the threshold, and any refund in another currency', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 ** 9 }),
        fc.integer({ min: 1, max: 10 ** 9 }),
        fc.constantFrom('BDT', 'USD'),
        (threshold, amount, currency) => {
          const policy = { rule: 'ABOVE_AMOUNT' as const, thresholdMinor: threshold, currency: 'BDT' };
          expect(refundNeedsApproval(policy, amount, currency)).toBe(
            currency !== 'BDT' || amount > threshold,
          );
        },
      ),
    );
  });
});

describe('who may decide a refund', () => {
  const decider = fc.record({ operatorId: fc.integer({ min: 1, max: 50 }), role: fc.constantFrom(...ROLES) });

  it('accepts a decision only while waiting, from an approver role, by someone other than the requester', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...STAGES),
        decider,
        fc.option(fc.integer({ min: 1, max: 50 }), { nil: null }),
        (stage, approver, requester) => {
          const refusal = judgeDecision(stage, approver, requester);
          const allowed =
            stage === 'WAITING' && APPROVER_ROLES.has(approver.role) && approver.operatorId !== requester;
          expect(refusal === null).toBe(allowed);
          if (stage !== 'WAITING') expect(refusal?.code).toBe('REFUND_NOT_PENDING_APPROVAL');
        },
      ),
    );
  });

  it('names the reason: self-approval and a non-approver role are told apart', () => {
    expect(judgeDecision('WAITING', { operatorId: 7, role: 'FINANCE' }, 7)?.code).toBe(
      'SELF_APPROVAL_FORBIDDEN',
    );
    expect(judgeDecision('WAITING', { operatorId: 7, role: 'SUPPORT' }, 8)?.code).toBe('FORBIDDEN');
    expect(judgeDecision('WAITING', { operatorId: 7, role: 'ADMIN' }, null)).toBeNull();
  });

  it('approver roles are the roles the permission table lets approve refunds', () => {
    expect(ROLES.filter((role) => can(role, 'refunds.approve'))).toEqual(
      ROLES.filter((r) => APPROVER_ROLES.has(r)),
    );
  });

  it('only approving above the step-up amount needs a fresh password; rejecting never does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 ** 9 }),
        fc.integer({ min: 0, max: 10 ** 9 }),
        (amount, limit) => {
          expect(decisionNeedsStepUp('APPROVE', amount, limit)).toBe(amount > limit);
          expect(decisionNeedsStepUp('REJECT', amount, limit)).toBe(false);
        },
      ),
    );
  });
});
