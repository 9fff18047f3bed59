import { judgeIndependence, judgeSoleApprover } from '../../../domain/approvals/independence.js';
import { NO_TIES, type TieFacts } from '../../../domain/operators/second-person.js';

const now = new Date('2027-03-01T12:00:00Z');
const week = 7 * 24 * 60 * 60 * 1000;
const created: TieFacts = {
  tiesFromFirst: [{ kind: 'CREATE_OPERATOR', at: new Date(0) }],
  now,
  tieWindowMs: week,
};
const createdTheFirst: TieFacts = {
  tiesFromFirst: [{ kind: 'CREATE_OPERATOR', at: new Date(0), reverse: true }],
  now,
  tieWindowMs: week,
};
const oldReset: TieFacts = {
  tiesFromFirst: [{ kind: 'RESET_PASSWORD', at: new Date(now.getTime() - 2 * week) }],
  now,
  tieWindowMs: week,
};

describe('approver independence: the one rule every approval door asks', () => {
  it('lets an independent approver approve an act an app asked for', () => {
    expect(
      judgeIndependence({
        requesterId: null,
        approverId: 7,
        tiesWithRequester: NO_TIES,
        earlierApprovers: [],
      }),
    ).toBeNull();
  });

  it('refuses the requester as their own approver', () => {
    expect(judgeSoleApprover(7, 7, NO_TIES)?.code).toBe('SELF_APPROVAL_FORBIDDEN');
  });

  it('refuses an approver tied to the requester in either direction, and lets a stale change pass', () => {
    expect(judgeSoleApprover(1, 2, created)?.code).toBe('SELF_APPROVAL_FORBIDDEN');
    expect(judgeSoleApprover(1, 2, createdTheFirst)?.code).toBe('SELF_APPROVAL_FORBIDDEN');
    expect(judgeSoleApprover(1, 2, oldReset)).toBeNull();
  });

  it('refuses a second approval by an approver the act already holds', () => {
    const refusal = judgeIndependence({
      requesterId: 1,
      approverId: 3,
      tiesWithRequester: NO_TIES,
      earlierApprovers: [{ operatorId: 3, ties: NO_TIES }],
    });
    expect(refusal?.code).toBe('APPROVER_ALREADY_APPROVED');
  });

  it('counts two tied approvers as one person, whichever of them created the other', () => {
    for (const ties of [created, createdTheFirst]) {
      const refusal = judgeIndependence({
        requesterId: null,
        approverId: 4,
        tiesWithRequester: NO_TIES,
        earlierApprovers: [{ operatorId: 3, ties }],
      });
      expect(refusal?.code).toBe('SELF_APPROVAL_FORBIDDEN');
    }
  });

  it('lets two untied approvers approve the same act', () => {
    expect(
      judgeIndependence({
        requesterId: 1,
        approverId: 4,
        tiesWithRequester: oldReset,
        earlierApprovers: [{ operatorId: 3, ties: oldReset }],
      }),
    ).toBeNull();
  });
});
