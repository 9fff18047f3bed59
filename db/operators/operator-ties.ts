import type { EntityManager } from '@mikro-orm/postgresql';
import { NO_TIES, tieWindowMs, type TieFacts, type TieKind } from '../../domain/operators/second-person.js';

/**
 * Who had a hand in each operator account (table operator_ties), and the facts the second-person
 * rule (domain/operators/second-person.ts) judges. Every applied change to an account writes its tie in the
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
 * What `first` and `second` did to each other's accounts, in either direction, with the database's
 * clock and the configured window (OPERATOR_TIE_WINDOW_DAYS): read at the moment `second` acts,
 * never carried in a message. An account that created or changed the requester's is as tied to
 * them as one the requester created or changed.
 */
export async function loadTies(em: EntityManager, first: number | null, second: number): Promise<TieFacts> {
  if (first === null || first === second) return NO_TIES;
  const rows = await em.execute<
    Array<{ kind: TieKind; at: Date | string; now: Date | string; reverse: boolean }>
  >(
    `select kind, at, now() as now, (operator_id = ?) as reverse
       from operator_ties
      where (operator_id = ? and by_operator_id = ?) or (operator_id = ? and by_operator_id = ?)`,
    [first, second, first, first, second],
  );
  if (!rows.length) return NO_TIES;
  return {
    tiesFromFirst: rows.map((row) => ({ kind: row.kind, at: new Date(row.at), reverse: row.reverse })),
    now: new Date(rows[0]!.now),
    tieWindowMs: tieWindowMs(process.env.OPERATOR_TIE_WINDOW_DAYS),
  };
}
