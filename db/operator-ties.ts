import type { EntityManager } from '@mikro-orm/postgresql';
import {
  NO_TIES,
  judgeSecondPerson,
  tieWindowMs,
  type SecondPersonRefusal,
  type TieFacts,
  type TieKind,
} from '../domain/second-person.js';

/**
 * Who had a hand in each operator account (table operator_ties), and the facts the second-person
 * rule (domain/second-person.ts) judges. Every applied change to an account writes its tie in the
 * same transaction as the change.
 */

export async function recordTie(
  em: EntityManager,
  tie: {
    operatorId: number;
    byOperatorId: number | null;
    kind: TieKind;
    peopleChangeId?: number | null;
    at: Date;
  },
): Promise<void> {
  await em.execute(
    'insert into operator_ties (operator_id, by_operator_id, kind, people_change_id, at) values (?, ?, ?, ?, ?)',
    [tie.operatorId, tie.byOperatorId, tie.kind, tie.peopleChangeId ?? null, tie.at],
  );
}

/**
 * What `first` did to `second`'s account, with the database's clock and the configured window
 * (OPERATOR_TIE_WINDOW_DAYS): read at the moment `second` acts, never carried in a message.
 */
export async function loadTies(em: EntityManager, first: number | null, second: number): Promise<TieFacts> {
  if (first === null || first === second) return NO_TIES;
  const rows = await em.execute<Array<{ kind: TieKind; at: Date | string; now: Date | string }>>(
    `select kind, at, now() as now from operator_ties where operator_id = ? and by_operator_id = ?`,
    [second, first],
  );
  if (!rows.length) return NO_TIES;
  return {
    tiesFromFirst: rows.map((row) => ({ kind: row.kind, at: new Date(row.at) })),
    now: new Date(rows[0]!.now),
    tieWindowMs: tieWindowMs(process.env.OPERATOR_TIE_WINDOW_DAYS),
  };
}

/** The rule answered from PostgreSQL: null when `second` may be the second person on `first`'s act. */
export async function secondPersonRefusal(
  em: EntityManager,
  first: number | null,
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
