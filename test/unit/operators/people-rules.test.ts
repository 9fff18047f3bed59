import { afterWrongCode } from '../../../domain/operators/code-ceiling.js';
import {
  groupsOf,
  parseRoleGroups,
  providerSecondFactor,
  roleFromGroups,
} from '../../../domain/operators/oidc.js';
import {
  commandLineCreationRefusal,
  judgePeopleDecision,
  roleChangeGrants,
} from '../../../domain/operators/people-changes.js';
import { judgeSecondPerson, NO_TIES, tieWindowMs } from '../../../domain/operators/second-person.js';

const DAY = 24 * 60 * 60 * 1000;
const now = new Date('2027-01-10T12:00:00Z');
const ago = (days: number) => new Date(now.getTime() - days * DAY);

describe('the second-person rule', () => {
  const judge = (ties: Parameters<typeof judgeSecondPerson>[0]['tiesFromFirst'], first: number | null = 1) =>
    judgeSecondPerson({
      firstOperatorId: first,
      secondOperatorId: 2,
      tiesFromFirst: ties,
      now,
      tieWindowMs: 7 * DAY,
    });

  it('refuses the same operator, and lets anyone follow an app', () => {
    expect(judgeSecondPerson({ firstOperatorId: 2, secondOperatorId: 2, ...NO_TIES })?.code).toBe(
      'SELF_APPROVAL_FORBIDDEN',
    );
    expect(judge([], null)).toBeNull();
    expect(judge([])).toBeNull();
  });

  it('refuses an account the first operator created, however long ago', () => {
    expect(judge([{ kind: 'CREATE_OPERATOR', at: ago(400) }])?.message).toMatch(/created this account/);
  });

  it('refuses an account the first operator changed within the window, not after it', () => {
    for (const kind of ['GRANT_ROLE', 'RESET_PASSWORD', 'RESET_SECOND_FACTOR', 'ENABLE_OPERATOR'] as const) {
      expect(judge([{ kind, at: ago(6) }])?.code).toBe('SELF_APPROVAL_FORBIDDEN');
      expect(judge([{ kind, at: ago(8) }])).toBeNull();
    }
  });

  it('reads the window in whole days and refuses nonsense', () => {
    expect(tieWindowMs(undefined)).toBe(7 * DAY);
    expect(tieWindowMs('30')).toBe(30 * DAY);
    expect(() => tieWindowMs('0')).toThrow(/OPERATOR_TIE_WINDOW_DAYS/);
  });
});

describe('changes to people', () => {
  it('a role change grants when the new role may do anything the old one could not', () => {
    expect(roleChangeGrants('VIEWER', 'FINANCE')).toBe(true);
    expect(roleChangeGrants('FINANCE', 'DEVELOPER')).toBe(true);
    expect(roleChangeGrants('ADMIN', 'VIEWER')).toBe(false);
    expect(roleChangeGrants('FINANCE', 'VIEWER')).toBe(false);
  });

  it('is decided by an independent ADMIN, not the proposer nor the account it changes', () => {
    const change = {
      status: 'PENDING' as const,
      proposedByOperatorId: 1,
      targetOperatorId: 3,
      details: {
        kind: 'GRANT_ROLE' as const,
        email: 'c@x',
        fromRole: 'VIEWER' as const,
        role: 'ADMIN' as const,
      },
    };
    const target = { role: 'VIEWER' as const, status: 'ACTIVE' as const };
    expect(judgePeopleDecision(change, 'APPROVE', 1, target)).toBe('SELF_APPROVAL_FORBIDDEN');
    expect(judgePeopleDecision(change, 'APPROVE', 3, target)).toBe('SELF_APPROVAL_FORBIDDEN');
    expect(judgePeopleDecision(change, 'APPROVE', 2, target)).toBeNull();
    expect(judgePeopleDecision(change, 'APPROVE', 2, { ...target, role: 'SUPPORT' })).toBe(
      'PEOPLE_CHANGE_STALE',
    );
    expect(judgePeopleDecision(change, 'WITHDRAW', 2, target)).toBe('FORBIDDEN');
    expect(
      judgePeopleDecision(change, 'APPROVE', 2, target, {
        tiesFromFirst: [{ kind: 'CREATE_OPERATOR', at: ago(100) }],
        now,
        tieWindowMs: 7 * DAY,
      }),
    ).toBe('SELF_APPROVAL_FORBIDDEN');
  });

  it('the command line bootstraps only the first two ADMINs the deployment ever had', () => {
    expect(commandLineCreationRefusal(0, 'ADMIN')).toBeNull();
    expect(commandLineCreationRefusal(1, 'ADMIN')).toBeNull();
    // Counted over every ADMIN ever (disabled and demoted ones too): once two, closed for good.
    const closed = commandLineCreationRefusal(2, 'ADMIN');
    expect(closed).toMatch(/bootstrap is closed for good/);
    expect(closed).toContain('POST /api/v1/admin/operators');
    expect(closed).toContain('/api/v1/admin/people-changes/{id}/approve');
    expect(commandLineCreationRefusal(5, 'ADMIN')).toBe(closed);
    expect(commandLineCreationRefusal(0, 'FINANCE')).toMatch(/only the first two ADMINs/);
  });
});

describe('identity-provider claims', () => {
  const mapping = parseRoleGroups('ADMIN=admins|root,FINANCE=finance,VIEWER=everyone');

  it('maps groups to the most capable role, Keycloak paths included', () => {
    expect(roleFromGroups(['everyone', 'finance'], mapping)).toBe('FINANCE');
    expect(roleFromGroups(['/root'], mapping)).toBe('ADMIN');
    expect(roleFromGroups(['strangers'], mapping)).toBeNull();
    expect(groupsOf('finance')).toEqual(['finance']);
    expect(groupsOf({ not: 'a list' })).toEqual([]);
    expect(() => parseRoleGroups('OWNER=x')).toThrow(/OIDC_ROLE_GROUPS/);
  });

  it('accepts the provider’s second factor only from configured amr or acr values', () => {
    const accepted = { amr: 'mfa,otp', acr: 'gold' };
    expect(providerSecondFactor({ amr: ['pwd', 'mfa'] }, accepted)).toBe(true);
    expect(providerSecondFactor({ amr: ['pwd'] }, accepted)).toBe(false);
    expect(providerSecondFactor({ acr: 'gold' }, accepted)).toBe(true);
    expect(providerSecondFactor({ acr: 'silver', amr: 'mfa' }, accepted)).toBe(false);
  });
});

describe('the wrong-code ceiling', () => {
  it('locks at the ceiling and starts the count afresh', () => {
    const ceiling = { maxFailures: 3, lockMs: 60_000 };
    expect(afterWrongCode(0, ceiling)).toEqual({ failures: 1, locks: false });
    expect(afterWrongCode(1, ceiling)).toEqual({ failures: 2, locks: false });
    expect(afterWrongCode(2, ceiling)).toEqual({ failures: 0, locks: true });
  });
});
