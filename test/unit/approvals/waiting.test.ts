import {
  judgeReader,
  placesOf,
  type ReaderFacts,
  type WaitingAct,
} from '../../../domain/approvals/waiting.js';

const DAY = 24 * 3600 * 1000;
const now = new Date('2030-01-10T00:00:00Z');

const act = (overrides: Partial<WaitingAct> = {}): WaitingAct => ({
  kind: 'refund',
  action: 'refund',
  id: 'rf_1',
  about: null,
  appId: 1,
  mode: 'LIVE',
  amountMinor: 2_000_000,
  currency: 'BDT',
  requestedByOperatorId: 10,
  requestedAt: now,
  approvalsRequired: 2,
  approvedBy: [],
  closesAt: null,
  ...overrides,
});

const reader = (overrides: Partial<ReaderFacts> = {}): ReaderFacts => ({
  operatorId: 20,
  role: 'FINANCE',
  ties: [],
  now,
  tieWindowMs: 7 * DAY,
  ...overrides,
});

describe('who may decide a waiting act', () => {
  it('lets an independent approver of an approving role decide', () => {
    expect(judgeReader(act(), reader())).toEqual({ mayDecide: true });
  });

  it('refuses a role the rule book does not name', () => {
    expect(judgeReader(act(), reader({ role: 'DEVELOPER' }))).toMatchObject({ mayDecide: false });
    expect(judgeReader(act({ kind: 'control-change', action: 'control.loosen' }), reader())).toMatchObject({
      mayDecide: false,
    });
  });

  it('refuses the requester and an approver who approved already', () => {
    expect(judgeReader(act({ requestedByOperatorId: 20 }), reader())).toMatchObject({ mayDecide: false });
    expect(judgeReader(act({ approvedBy: [20] }), reader())).toMatchObject({ mayDecide: false });
  });

  it('refuses ties to the requester in either direction, and to an earlier approver', () => {
    const created = { kind: 'CREATE_OPERATOR' as const, at: new Date(now.getTime() - 400 * DAY) };
    // The requester created the reader's account, or the reader created the requester's: both bind for ever.
    expect(judgeReader(act(), reader({ ties: [{ ...created, otherOperatorId: 10 }] }))).toMatchObject({
      mayDecide: false,
      why: expect.stringContaining('requester'),
    });
    expect(
      judgeReader(act({ approvedBy: [30] }), reader({ ties: [{ ...created, otherOperatorId: 30 }] })),
    ).toMatchObject({ mayDecide: false, why: expect.stringContaining('earlier approver') });
  });

  it('lets a reset outside the tie window go, and holds one inside it', () => {
    const reset = (daysAgo: number) => ({
      kind: 'RESET_PASSWORD' as const,
      at: new Date(now.getTime() - daysAgo * DAY),
      otherOperatorId: 10,
    });
    expect(judgeReader(act(), reader({ ties: [reset(8)] }))).toEqual({ mayDecide: true });
    expect(judgeReader(act(), reader({ ties: [reset(6)] }))).toMatchObject({ mayDecide: false });
  });

  it('names where each act is decided', () => {
    expect(placesOf({ kind: 'attention', id: '7', about: 'pay_1' }).approve).toBe(
      '/api/v1/admin/payments/pay_1/attention/requests/7/approve',
    );
    expect(placesOf({ kind: 'refund-confirmation', id: 'rf_1', about: null }).approve).toBe(
      '/api/v1/admin/refunds/rf_1/confirm',
    );
  });
});
