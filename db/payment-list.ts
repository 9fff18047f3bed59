import type { EntityManager } from '@mikro-orm/postgresql';
import { raw, type ObjectQuery } from '@mikro-orm/core';
import type { PaymentStatus } from '../domain/payment-status.js';
import { PaymentSchema, type Payment } from './entities.js';
import type { AppScope } from './payments.js';

export interface PaymentListFilters {
  customerReference?: string;
  status?: PaymentStatus[];
  gateway?: string;
  orderId?: string;
  paymentMethod?: string;
  from?: Date;
  to?: Date;
  amountMin?: number;
  amountMax?: number;
  /** 1-based page number. */
  page: number;
  size: number;
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
}

/** The filters an app and an operator share, as a MikroORM condition. */
export function paymentFilterWhere(f: Omit<PaymentListFilters, 'page' | 'size'>): ObjectQuery<Payment> {
  const where: ObjectQuery<Payment> & Record<string, unknown> = {};
  if (f.customerReference !== undefined) where.customerReference = f.customerReference;
  if (f.status?.length) where.status = { $in: f.status };
  if (f.gateway !== undefined) where.gateway = f.gateway;
  if (f.orderId !== undefined) where.orderId = f.orderId;
  if (f.paymentMethod !== undefined) where.paymentMethod = f.paymentMethod;
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
  const [items, total] = await em.findAndCount(PaymentSchema, where, {
    orderBy: { createdAt: 'desc', id: 'desc' },
    limit: filters.size,
    offset: (filters.page - 1) * filters.size,
  });
  const rows: Array<{ status: PaymentStatus; count: string; total: string }> = await em
    .createQueryBuilder(PaymentSchema)
    .select(['status', raw('count(*) as count'), raw('coalesce(sum(amount_minor), 0) as total')])
    .where(where)
    .groupBy('status')
    .execute('all', false);
  const summary = rows
    .map((r) => ({ status: r.status, count: Number(r.count), totalMinor: Number(r.total) }))
    .sort((a, b) => a.status.localeCompare(b.status));
  return { items, total, summary };
}
