import type { EntityManager } from '@mikro-orm/postgresql';
import type { Mode } from '../../domain/shared/mode.js';
import type { RefundStatus } from '../../domain/refunds/refunds.js';
import type { Payment } from '../../platform/orm/entities.js';
import { PAYMENT_COLUMNS, paymentFromRow } from './payments.js';

export interface AttentionFilters {
  mode: Mode;
  /** OPEN: waiting for finance; RESOLVED: closed, with how. */
  state: 'OPEN' | 'RESOLVED';
  appId?: number;
  page: number;
  size: number;
}

/** Flagged payments of one mode, newest first, with the refunds of their parked money. */
export async function listFlaggedPayments(
  em: EntityManager,
  filters: AttentionFilters,
): Promise<{ items: Array<{ payment: Payment; parkedRefunds: ParkedRefund[] }>; total: number }> {
  const conditions = [
    'mode = ?',
    'attention_reason is not null',
    filters.state === 'OPEN' ? 'attention_resolved_at is null' : 'attention_resolved_at is not null',
  ];
  const params: unknown[] = [filters.mode];
  if (filters.appId !== undefined) {
    conditions.push('app_id = ?');
    params.push(filters.appId);
  }
  const where = conditions.join(' and ');
  const [counted] = await em.execute<Array<{ total: string }>>(
    `select count(*) as total from payments where ${where}`,
    params,
  );
  const rows = await em.execute<Array<Record<string, unknown>>>(
    `select ${PAYMENT_COLUMNS} from payments where ${where} order by created_at desc, id desc limit ? offset ?`,
    [...params, filters.size, (filters.page - 1) * filters.size],
  );
  const payments = rows.map(paymentFromRow);
  const refunds = await parkedRefundsOf(
    em,
    payments.map((p) => p.id),
  );
  return {
    items: payments.map((payment) => ({ payment, parkedRefunds: refunds.get(payment.id) ?? [] })),
    total: Number(counted?.total ?? 0),
  };
}

export interface ParkedRefund {
  reference: string;
  status: RefundStatus;
  amountMinor: number;
  reason: string | null;
  /** The operator who asked for it (an attention refund waits for a different one); null for the service's own. */
  requestedByOperatorId: number | null;
  requestedBy: string | null;
}

/** The refunds taken from each payment's parked money, oldest first. */
export async function parkedRefundsOf(
  em: EntityManager,
  paymentIds: number[],
): Promise<Map<number, ParkedRefund[]>> {
  const byPayment = new Map<number, ParkedRefund[]>();
  if (paymentIds.length === 0) return byPayment;
  const rows = await em.execute<
    Array<{
      payment_id: string;
      reference: string;
      status: RefundStatus;
      amount_minor: string;
      reason: string | null;
      requested_by_operator_id: string | null;
      requested_by: string | null;
    }>
  >(
    `select r.payment_id, r.reference, r.status, r.amount_minor, r.reason, r.requested_by_operator_id,
       o.email as requested_by
       from refunds r left join operators o on o.id = r.requested_by_operator_id
      where r.funds = 'UNAPPLIED' and r.payment_id in (${paymentIds.map(() => '?').join(', ')}) order by r.id`,
    paymentIds,
  );
  for (const row of rows) {
    const list = byPayment.get(Number(row.payment_id)) ?? [];
    list.push({
      reference: row.reference,
      status: row.status,
      amountMinor: Number(row.amount_minor),
      reason: row.reason,
      requestedByOperatorId:
        row.requested_by_operator_id === null ? null : Number(row.requested_by_operator_id),
      requestedBy: row.requested_by,
    });
    byPayment.set(Number(row.payment_id), list);
  }
  return byPayment;
}
