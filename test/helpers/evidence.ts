import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Moves a suite's own evidence back in time (a tie, a recorded decision), to stand for a row
 * written long ago. The rows are append-only for every role by their triggers
 * (Migration20270312000000_decided_evidence); as the schema's owner, a test lifts the table's
 * triggers for this one statement, in one transaction, and sets them again.
 */
export async function backdateEvidence(
  em: EntityManager,
  table: 'operator_ties' | 'refund_decisions',
  sql: string,
  params: unknown[],
): Promise<void> {
  await em.transactional(async (tx) => {
    await tx.execute(`alter table ${table} disable trigger user`);
    await tx.execute(sql, params);
    await tx.execute(`alter table ${table} enable trigger user`);
  });
}
