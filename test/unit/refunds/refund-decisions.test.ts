import fc from 'fast-check';
import { ROLES } from '../../../domain/operators/permissions.js';
import { APPROVER_ROLES } from '../../../domain/refunds/refund-approval.js';
import { CONFIRMER_ROLES, judgeConfirmation } from '../../../domain/refunds/refund-confirmation.js';
import {
  DECISION_LIFETIME_MS,
  decisionIdOf,
  judgeDecisionMessage,
  judgeRecordedDecision,
  type DecisionCheck,
  type DecisionStage,
  type DecisionStatus,
  type RecordedDecision,
} from '../../../domain/refunds/refund-decisions.js';

const REFUND_ID = 7;
const VERDICTS = { APPROVAL: ['APPROVE', 'REJECT'], CONFIRMATION: ['SUCCEEDED', 'FAILED'] } as const;

const stage = fc.constantFrom<DecisionStage>('APPROVAL', 'CONFIRMATION');
const check = stage.chain((s) =>
  fc.record<DecisionCheck>({
    decision: fc.option(
      fc.record<RecordedDecision>({
        id: fc.integer({ min: 1, max: 100 }),
        refundId: fc.constantFrom(REFUND_ID, REFUND_ID, 8),
        stage: fc.constantFrom<DecisionStage>(s, s, s === 'APPROVAL' ? 'CONFIRMATION' : 'APPROVAL'),
        verdict: fc.constantFrom(...VERDICTS[s]),
        gatewayRefundId: fc.constant(null),
        comment: fc.constant(null),
        operator: fc.record({
          operatorId: fc.integer({ min: 1, max: 5 }),
          role: fc.constantFrom(...ROLES),
          email: fc.constant('someone@ops.example'),
          ip: fc.constant(null),
        }),
        status: fc.constantFrom<DecisionStatus>('RECORDED', 'RECORDED', 'APPLIED', 'REFUSED'),
        createdAt: fc.constant(new Date(0)),
        ageMs: fc.constantFrom(0, 1_000, DECISION_LIFETIME_MS, DECISION_LIFETIME_MS + 1),
      }),
      { nil: null },
    ),
    refundId: fc.constant(REFUND_ID),
    stage: fc.constant(s),
    verdict: s === 'APPROVAL' ? fc.constantFrom(...VERDICTS.APPROVAL) : fc.constant(null),
    refundWaits: fc.boolean(),
    requestedByOperatorId: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
    earlierApproverIds: s === 'APPROVAL' ? fc.subarray([1, 2, 3, 4, 5]) : fc.constant([]),
    operatorNow: fc.option(
      fc.record({
        status: fc.constantFrom('ACTIVE' as const, 'DISABLED' as const),
        role: fc.constantFrom(...ROLES),
      }),
      { nil: null },
    ),
  }),
);

describe('a recorded refund decision, as the activity that applies it judges it', () => {
  it('takes effect only when it is this refund’s, unused, by an allowed, active operator who did not ask, while the refund waits', () => {
    fc.assert(
      fc.property(check, (c) => {
        const d = c.decision;
        const roles = c.stage === 'APPROVAL' ? APPROVER_ROLES : CONFIRMER_ROLES;
        const allowed =
          d !== null &&
          d.refundId === REFUND_ID &&
          d.stage === c.stage &&
          (c.verdict === null || d.verdict === c.verdict) &&
          d.status === 'RECORDED' &&
          d.ageMs <= DECISION_LIFETIME_MS &&
          roles.has(d.operator.role) &&
          c.operatorNow?.status === 'ACTIVE' &&
          roles.has(c.operatorNow.role) &&
          d.operator.operatorId !== c.requestedByOperatorId &&
          !(c.earlierApproverIds ?? []).includes(d.operator.operatorId) &&
          c.refundWaits;
        expect(judgeRecordedDecision(c) === null).toBe(allowed);
      }),
    );
  });

  it('answers the requester’s own decision with SELF_APPROVAL_FORBIDDEN, at either stage', () => {
    for (const s of ['APPROVAL', 'CONFIRMATION'] as const) {
      const refusal = judgeRecordedDecision({
        decision: {
          id: 1,
          refundId: REFUND_ID,
          stage: s,
          verdict: VERDICTS[s][0],
          gatewayRefundId: null,
          comment: null,
          operator: { operatorId: 3, role: 'ADMIN', email: 'a@ops.example', ip: null },
          status: 'RECORDED',
          createdAt: new Date(0),
          ageMs: 0,
        },
        refundId: REFUND_ID,
        stage: s,
        verdict: s === 'APPROVAL' ? 'APPROVE' : null,
        refundWaits: true,
        requestedByOperatorId: 3,
        operatorNow: { status: 'ACTIVE', role: 'ADMIN' },
      });
      expect(refusal?.code).toBe('SELF_APPROVAL_FORBIDDEN');
    }
  });

  it('answers a second approval by the same operator with APPROVER_ALREADY_APPROVED', () => {
    const refusal = judgeRecordedDecision({
      decision: {
        id: 2,
        refundId: REFUND_ID,
        stage: 'APPROVAL',
        verdict: 'APPROVE',
        gatewayRefundId: null,
        comment: null,
        operator: { operatorId: 4, role: 'FINANCE', email: 'f@ops.example', ip: null },
        status: 'RECORDED',
        createdAt: new Date(0),
        ageMs: 0,
      },
      refundId: REFUND_ID,
      stage: 'APPROVAL',
      verdict: 'APPROVE',
      refundWaits: true,
      requestedByOperatorId: null,
      earlierApproverIds: [4],
      operatorNow: { status: 'ACTIVE', role: 'FINANCE' },
    });
    expect(refusal?.code).toBe('APPROVER_ALREADY_APPROVED');
  });
});

describe('the message an update carries', () => {
  it('names a decision by a positive integer id, and nothing else is one', () => {
    expect(decisionIdOf({ decisionId: 12 })).toBe(12);
    for (const forged of [
      null,
      'x',
      {},
      { decisionId: '12' },
      { decisionId: 0 },
      { decisionId: 1.5 },
      { approver: { operatorId: 1, role: 'ADMIN' }, comment: null },
    ]) {
      expect(decisionIdOf(forged)).toBeNull();
    }
  });

  it('the workflow refuses, before accepting it, a message naming no decision (an approver in the payload is no authority)', () => {
    expect(judgeDecisionMessage(null, { decisionId: 3 })).toBeNull();
    expect(
      judgeDecisionMessage(null, { approver: { operatorId: 1, email: 'x', role: 'ADMIN', ip: null } })?.code,
    ).toBe('FORBIDDEN');
    const notNow = { code: 'REFUND_NOT_PENDING_APPROVAL' as const, message: 'decided' };
    expect(judgeDecisionMessage(notNow, { decisionId: 3 })).toBe(notNow);
  });
});

describe('confirming a refund', () => {
  it('is never done by the operator who asked for the refund', () => {
    const operator = { operatorId: 4, email: 'f@ops.example', role: 'FINANCE' as const, ip: null };
    const input = { operator, outcome: 'SUCCEEDED' as const, gatewayRefundId: null };
    expect(judgeConfirmation('AWAITING', input, 4)?.code).toBe('SELF_APPROVAL_FORBIDDEN');
    expect(judgeConfirmation('AWAITING', input, 5)).toBeNull();
    expect(judgeConfirmation('AWAITING', input, null)).toBeNull();
  });
});
