import {
  judgeAttentionAction,
  judgeAttentionDecision,
  type AttentionRequest,
  type ParkedNow,
} from '../../../domain/payments/attention.js';

/** Four eyes on parked money: who may decide a request to apply it, and when it has gone stale. */
describe('judgeAttentionDecision', () => {
  const request: AttentionRequest = {
    id: 1,
    paymentId: 7,
    kind: 'APPLY',
    amountMinor: 9900,
    currency: 'BDT',
    note: 'customer confirmed',
    status: 'PENDING',
    proposedByOperatorId: 10,
    proposedByEmail: 'a@example.com',
    proposedAt: new Date(0),
    decidedByOperatorId: null,
    decidedByEmail: null,
    decidedAt: null,
    comment: null,
  };
  const parked: ParkedNow = {
    attentionReason: 'AMOUNT_MISMATCH: expected 10000, gateway captured 9900',
    attentionResolvedAt: null,
    unappliedMinor: 9900,
    unappliedCurrency: 'BDT',
  };

  it('lets another operator approve or reject, and only the proposer withdraw', () => {
    expect(judgeAttentionDecision(request, 'APPROVE', 11, parked, [])).toBeNull();
    expect(judgeAttentionDecision(request, 'REJECT', 11, parked, [])).toBeNull();
    expect(judgeAttentionDecision(request, 'WITHDRAW', 10, parked, [])).toBeNull();
    expect(judgeAttentionDecision(request, 'APPROVE', 10, parked, [])).toBe('SELF_APPROVAL_FORBIDDEN');
    expect(judgeAttentionDecision(request, 'REJECT', 10, parked, [])).toBe('SELF_APPROVAL_FORBIDDEN');
    expect(judgeAttentionDecision(request, 'WITHDRAW', 11, parked, [])).toBe('FORBIDDEN');
  });

  it('decides a request once', () => {
    for (const status of ['APPROVED', 'REJECTED', 'WITHDRAWN', 'SUPERSEDED'] as const) {
      expect(judgeAttentionDecision({ ...request, status }, 'APPROVE', 11, parked, [])).toBe(
        'ATTENTION_REQUEST_NOT_PENDING',
      );
    }
  });

  it('refuses to approve once the flag or its parked money changed, but still lets it be rejected', () => {
    const changes: ParkedNow[] = [
      { ...parked, attentionResolvedAt: new Date() },
      { ...parked, attentionReason: null },
      { ...parked, unappliedMinor: 10000 },
      { ...parked, unappliedMinor: 0 },
      { ...parked, unappliedCurrency: 'USD' },
    ];
    for (const now of changes) {
      expect(judgeAttentionDecision(request, 'APPROVE', 11, now, [])).toBe('ATTENTION_REQUEST_STALE');
      expect(judgeAttentionDecision(request, 'REJECT', 11, now, [])).toBeNull();
    }
  });

  it('refuses to apply money a refund holds, even one still waiting for its approver', () => {
    for (const status of ['PENDING_APPROVAL', 'PROCESSING', 'SUCCEEDED'] as const) {
      const refunds = [{ status, amountMinor: 9900 }];
      expect(judgeAttentionDecision(request, 'APPROVE', 11, parked, refunds)).toBe(
        'ATTENTION_REFUND_IN_FLIGHT',
      );
      expect(judgeAttentionAction(parked, refunds, 'APPLY')).toEqual({
        allowed: false,
        code: 'ATTENTION_REFUND_IN_FLIGHT',
      });
    }
    const released = [
      { status: 'REJECTED' as const, amountMinor: 9900 },
      { status: 'EXPIRED' as const, amountMinor: 9900 },
      { status: 'FAILED' as const, amountMinor: 9900 },
    ];
    expect(judgeAttentionDecision(request, 'APPROVE', 11, parked, released)).toBeNull();
  });
});
