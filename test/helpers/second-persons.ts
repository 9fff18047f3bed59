import type { Role } from '../../domain/operators/permissions.js';
import type { Stack } from './stack.js';

/**
 * The people of a four-eyes check, for the suites that try the rule book's actions on a real
 * stack: a requester, the accounts tied to them (one they created, the one that created theirs),
 * and an approver independent of them, each signed in with a fresh step-up.
 */

export type Session = Awaited<ReturnType<Stack['adminLogin']>>;
export type Operator = { id: number; email: string; password: string; role: Role; session: Session };

export interface SecondPersons {
  requester: Operator;
  /** The requester alone, an account the requester created, the account that created the requester's. */
  tied: [Operator, Operator, Operator];
  independent: Operator;
}

/** Operators on a stack started later (`stack` is read when they are made). */
export function operatorsOn(stack: () => Stack) {
  async function signedIn(role: Role): Promise<Operator> {
    const operator = await stack().createOperator(role);
    const session = await stack().adminLogin(operator.email, operator.password);
    expect((await session.stepUp()).status).toBe(200);
    return { ...operator, role, session };
  }

  /** `by` created `of`'s account: what operator_ties records when an account is created. */
  async function created(by: Operator, of: Operator): Promise<void> {
    await stack()
      .em()
      .execute(
        `insert into operator_ties (operator_id, by_operator_id, kind, at) values (?, ?, 'CREATE_OPERATOR', now())`,
        [of.id, by.id],
      );
  }

  /**
   * The requester, then one approver after another: the requester alone, an account the requester
   * created, the account that created the requester's, and last an independent one.
   */
  async function secondPersons(requesterRole: Role, approverRole: Role): Promise<SecondPersons> {
    const requester = await signedIn(requesterRole);
    const createdByRequester = await signedIn(approverRole);
    const creatorOfRequester = await signedIn(approverRole);
    const independent = await signedIn(approverRole);
    await created(requester, createdByRequester);
    await created(creatorOfRequester, requester);
    return { requester, tied: [requester, createdByRequester, creatorOfRequester], independent };
  }

  return { signedIn, created, secondPersons };
}

/**
 * Each tied account is refused (403 SELF_APPROVAL_FORBIDDEN unless the act answers with a code of
 * its own), and the independent approver decides.
 */
export async function expectOnlyIndependentDecides(
  people: SecondPersons,
  decide: (session: Session) => Promise<{ status: number; body: any }>,
  refusedWith = 'SELF_APPROVAL_FORBIDDEN',
) {
  for (const [who, tied] of [
    ['the requester alone', people.tied[0]],
    ['an account the requester created', people.tied[1]],
    ['the account that created the requester’s', people.tied[2]],
  ] as const) {
    const answer = await decide(tied.session);
    expect({ who, status: answer.status, code: answer.body?.meta?.errorCode }).toEqual({
      who,
      status: 403,
      code: refusedWith,
    });
  }
  const answer = await decide(people.independent.session);
  expect({ status: answer.status, code: answer.body?.meta?.errorCode }).toEqual({
    status: 200,
    code: undefined,
  });
}
