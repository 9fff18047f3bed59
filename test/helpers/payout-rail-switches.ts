import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Suites of one Jest worker share a database, and a rail's switch is the whole service's: a suite
 * that switches rails starts, and leaves, every rail on (no row is on) with no proposal pending,
 * so a suite that stops half-way does not refuse the next suite's payouts.
 */
export async function switchEveryRailOn(em: EntityManager): Promise<void> {
  await em.execute('delete from payout_rail_switches');
  await em.execute(
    `update payout_rail_switch_changes set status = 'WITHDRAWN', decided_at = now() where status = 'PENDING'`,
  );
}

/** The last audit entry's id: entries a suite counts are those after it, not earlier suites'. */
export async function lastAuditId(em: EntityManager): Promise<number> {
  const [row] = await em.execute<Array<{ id: string | null }>>('select max(id) as id from audit_log');
  return Number(row?.id ?? 0);
}
