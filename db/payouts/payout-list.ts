import type { EntityManager } from '@mikro-orm/postgresql';
import type { PayoutStatus } from '../../domain/payouts/payouts.js';
import type { Row } from '../../platform/orm/row-values.js';
import { selectPayouts, type AppScope, type Payout } from './payouts.js';

export interface PayoutListFilters {
  status?: PayoutStatus[];
  rail?: string;
  from?: Date;
  to?: Date;
  page: number;
  size: number;
  /** Continue after this payout (a cursor's row id) instead of paging by number. */
  after?: number;
}

export interface PayoutStatusSummary {
  status: PayoutStatus;
  count: number;
  totalMinor: number;
}

export interface PayoutListResult {
  items: Payout[];
  total: number;
  summary: PayoutStatusSummary[];
  /** The last item's id when a next page may follow (the page was full), else null. */
  lastId: number | null;
}

function whereFor(scope: AppScope, filters: PayoutListFilters): { sql: string; params: unknown[] } {
  const conditions = ['app_id = ?', 'mode = ?'];
  const params: unknown[] = [scope.appId, scope.mode];
  if (filters.status?.length) {
    conditions.push(`status in (${filters.status.map(() => '?').join(', ')})`);
    params.push(...filters.status);
  }
  if (filters.rail !== undefined) {
    conditions.push('rail = ?');
    params.push(filters.rail);
  }
  if (filters.from) {
    conditions.push('created_at >= ?');
    params.push(filters.from);
  }
  if (filters.to) {
    conditions.push('created_at < ?');
    params.push(filters.to);
  }
  return { sql: conditions.join(' and '), params };
}

/** Newest first (by id, which follows creation), with a count and total per status for the whole filtered set. */
export async function listPayouts(
  em: EntityManager,
  scope: AppScope,
  filters: PayoutListFilters,
): Promise<PayoutListResult> {
  const where = whereFor(scope, filters);
  const keyset = filters.after !== undefined ? ' and id < ?' : '';
  const offset = filters.after !== undefined ? 0 : (filters.page - 1) * filters.size;
  const items = await selectPayouts(em, `where ${where.sql}${keyset} order by id desc limit ? offset ?`, [
    ...where.params,
    ...(filters.after !== undefined ? [filters.after] : []),
    filters.size,
    offset,
  ]);
  const rows = await em.execute<Row[]>(
    `select status, count(*) as count, coalesce(sum(amount_minor), 0) as total from payouts
      where ${where.sql} group by status order by status`,
    where.params,
  );
  const summary = rows.map((row) => ({
    status: row.status as PayoutStatus,
    count: Number(row.count),
    totalMinor: Number(row.total),
  }));
  return {
    items,
    total: summary.reduce((sum, entry) => sum + entry.count, 0),
    summary,
    lastId: items.length === filters.size ? items[items.length - 1]!.id : null,
  };
}

/** Every payout waiting for approvers, oldest first (operators). */
export async function payoutsWaitingForApproval(em: EntityManager, mode?: string): Promise<Payout[]> {
  return mode
    ? selectPayouts(em, "where status = 'WAITING_APPROVAL' and mode = ? order by id limit 500", [mode])
    : selectPayouts(em, "where status = 'WAITING_APPROVAL' order by id limit 500", []);
}
