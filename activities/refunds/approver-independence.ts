import type { EntityManager } from '@mikro-orm/postgresql';
import { loadTies } from '../../db/operators/operator-ties.js';
import { judgeSecondPerson, type SecondPersonRefusal } from '../../domain/operators/second-person.js';

/** The second-person rule (domain/operators/second-person.ts) on the ties PostgreSQL holds now. */
async function secondPersonRefusal(
  em: EntityManager,
  first: number,
  second: number,
): Promise<SecondPersonRefusal | null> {
  return judgeSecondPerson({
    firstOperatorId: first,
    secondOperatorId: second,
    ...(await loadTies(em, first, second)),
  });
}

/**
 * Whether `approver` and the operators who already approved the same act are independent people:
 * a pair where either created the other's account, or changed it within the tie window, counts as
 * one person, so two approvals from such a pair are refused whichever of them came first.
 */
export async function tiedApproverRefusal(
  em: EntityManager,
  earlierApproverIds: readonly number[],
  approver: number,
): Promise<SecondPersonRefusal | null> {
  for (const earlier of earlierApproverIds) {
    if (earlier === approver) continue;
    const tied =
      (await secondPersonRefusal(em, earlier, approver)) ??
      (await secondPersonRefusal(em, approver, earlier));
    if (tied) {
      return {
        code: 'SELF_APPROVAL_FORBIDDEN',
        message:
          'Two approvals come from two independent people: one of you created or recently changed the other’s account',
      };
    }
  }
  return null;
}
