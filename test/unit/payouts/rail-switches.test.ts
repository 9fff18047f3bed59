import { compareRailSwitch, judgeRailSwitchDecision } from '../../../domain/payouts/rail-switches.js';

describe('payout rail switches', () => {
  it('off is stricter in either mode; back on is looser only in LIVE', () => {
    expect(compareRailSwitch('LIVE', true, false)).toBe('STRICTER');
    expect(compareRailSwitch('TEST', true, false)).toBe('STRICTER');
    expect(compareRailSwitch('LIVE', false, true)).toBe('LOOSER');
    expect(compareRailSwitch('TEST', false, true)).toBe('STRICTER');
    expect(compareRailSwitch('LIVE', false, false)).toBe('EQUAL');
    expect(compareRailSwitch('LIVE', true, true)).toBe('EQUAL');
  });

  const pending = { status: 'PENDING' as const, proposedByOperatorId: 7, proposedOn: true };

  it('a proposal to switch back on is decided by someone else, while it waits and the rail is still off', () => {
    expect(judgeRailSwitchDecision(pending, 'APPROVE', 8, false)).toBeNull();
    expect(judgeRailSwitchDecision(pending, 'REJECT', 8, false)).toBeNull();
    expect(judgeRailSwitchDecision(pending, 'APPROVE', 7, false)).toBe('SELF_APPROVAL_FORBIDDEN');
    expect(judgeRailSwitchDecision(pending, 'APPROVE', 8, true)).toBe('CONTROL_CHANGE_STALE');
    expect(judgeRailSwitchDecision({ ...pending, status: 'APPROVED' }, 'APPROVE', 8, false)).toBe(
      'CONTROL_CHANGE_NOT_PENDING',
    );
  });

  it('only its proposer withdraws it', () => {
    expect(judgeRailSwitchDecision(pending, 'WITHDRAW', 7, false)).toBeNull();
    expect(judgeRailSwitchDecision(pending, 'WITHDRAW', 8, false)).toBe('FORBIDDEN');
  });
});
