import type { EntityManager } from '@mikro-orm/postgresql';
import { raw, type ObjectQuery } from '@mikro-orm/core';
import type { PaymentMethodType } from '../../domain/payments/payment-method-type.js';
import type { PaymentStatus } from '../../domain/payments/payment-status.js';
import { PaymentSchema, type Payment } from '../../platform/orm/entities.js';
import type { AppScope } from './payments.js';

export interface PaymentListFilters {
  customerReference?: string;
  status?: PaymentStatus[];
  gateway?: string;
  orderId?: string;
  paymentMethod?: string;
  paymentMethodType?: PaymentMethodType;
  from?: Date;
  to?: Date;
  amountMin?: number;
  amountMax?: number;
  /** 1-based page number. */
  page: number;
  size: number;
  /** Continue after this payment (a cursor's row id) instead of paging by number. */
  after?: number;
}

export interface StatusSummary {
  status: PaymentStatus;
  count: number;
  totalMinor: number;
}

export interface PaymentListResult {
  items: Payment[];
  total: number;
  summary: StatusSummary[];
  /** The last item's id when a next page may follow (the page was full), else null. */
  lastId: number | null;
}

/** The filters an app and an operator share, as a MikroORM condition. */
export function paymentFilterWhere(
  f: Omit<PaymentListFilters, 'page' | 'size' | 'after'>,
): ObjectQuery<Payment> {
  const where: ObjectQuery<Payment> & Record<string, unknown> = {};
  if (f.customerReference !== undefined) where.customerReference = f.customerReference;
  if (f.status?.length) where.status = { $in: f.status };
  if (f.gateway !== undefined) where.gateway = f.gateway;
  if (f.orderId !== undefined) where.orderId = f.orderId;
  if (f.paymentMethod !== undefined) where.paymentMethod = f.paymentMethod;
  if (f.paymentMethodType !== undefined) where.paymentMethodType = f.paymentMethodType;
  if (f.from || f.to) where.createdAt = { ...(f.from && { $gte: f.from }), ...(f.to && { $lt: f.to }) };
  if (f.amountMin !== undefined || f.amountMax !== undefined) {
    where.amountMinor = {
      ...(f.amountMin !== undefined && { $gte: f.amountMin }),
      ...(f.amountMax !== undefined && { $lte: f.amountMax }),
    };
  }
  return where;
}

function whereFor(scope: AppScope, f: PaymentListFilters): ObjectQuery<Payment> {
  return { ...paymentFilterWhere(f), appId: scope.appId, mode: scope.mode };
}

/** Newest first, with a count and total per status for the whole filtered set. */
export async function listPayments(
  em: EntityManager,
  scope: AppScope,
  filters: PaymentListFilters,
): Promise<PaymentListResult> {
  const where = whereFor(scope, filters);
  const total = await em.count(PaymentSchema, where);
  const page = em
    .createQueryBuilder(PaymentSchema)
    .select('*')
    .where(where)
    .orderBy({ createdAt: 'desc', id: 'desc' })
    .limit(filters.size);
  if (filters.after !== undefined) {
    // Keyset: the rows strictly before the cursor's, read from payments_list_idx at any depth.
    // The cursor's row is looked up in the same app and mode, so a cursor names nothing elsewhere.
    page.andWhere(
      `(created_at, id) < (select c.created_at, c.id from payments c where c.id = ? and c.app_id = ? and c.mode = ?)`,
      [filters.after, scope.appId, scope.mode],
    );
  } else {
    page.offset((filters.page - 1) * filters.size);
  }
  const items = await page.getResultList();
  const rows: Array<{ status: PaymentStatus; count: string; total: string }> = await em
    .createQueryBuilder(PaymentSchema)
    .select(['status', raw('count(*) as count'), raw('coalesce(sum(amount_minor), 0) as total')])
    .where(where)
    .groupBy('status')
    .execute('all', false);
  const summary = rows
    .map((r) => ({ status: r.status, count: Number(r.count), totalMinor: Number(r.total) }))
    .sort((a, b) => a.status.localeCompare(b.status));
  const last = items.at(-1);
  return { items, total, summary, lastId: last && items.length === filters.size ? last.id : null };
}
