import { judgeSecondPerson } from '../../../domain/operators/second-person.js';

const DAY = 24 * 3600 * 1000;
const now = new Date('2030-03-01T00:00:00Z');
const facts = (tiesFromFirst: Parameters<typeof judgeSecondPerson>[0]['tiesFromFirst']) => ({
  firstOperatorId: 1,
  secondOperatorId: 2,
  tiesFromFirst,
  now,
  tieWindowMs: 7 * DAY,
});

describe('the second person on an act', () => {
  it('is never the operator who started it', () => {
    expect(judgeSecondPerson({ ...facts([]), secondOperatorId: 1 })?.code).toBe('SELF_APPROVAL_FORBIDDEN');
  });

  it('is not an account the first created, ever, nor one that created the first’s', () => {
    const old = new Date(now.getTime() - 900 * DAY);
    expect(judgeSecondPerson(facts([{ kind: 'CREATE_OPERATOR', at: old }]))?.message).toContain(
      'The operator who started this created this account',
    );
    expect(
      judgeSecondPerson(facts([{ kind: 'CREATE_OPERATOR', at: old, reverse: true }]))?.message,
    ).toContain('This account created the account of the operator who started this');
  });

  it('binds a reset either way within the tie window and lets it go after', () => {
    const inside = new Date(now.getTime() - 6 * DAY);
    const outside = new Date(now.getTime() - 8 * DAY);
    expect(
      judgeSecondPerson(facts([{ kind: 'RESET_PASSWORD', at: inside, reverse: true }]))?.message,
    ).toContain('reset the password of the operator who started this recently');
    expect(judgeSecondPerson(facts([{ kind: 'GRANT_ROLE', at: outside, reverse: true }]))).toBeNull();
    expect(judgeSecondPerson(facts([]))).toBeNull();
  });
});
