import type { EntityManager } from '@mikro-orm/postgresql';
import type { Mode } from '../domain/mode.js';
import { admitRefund, type RefundAdmission, type RefundStatus } from '../domain/refunds.js';
import { recordEvent } from './events.js';
import { lockPayment, type AppScope } from './payments.js';
import type { Payment } from './entities.js';

export interface Refund {
  id: number;
  reference: string;
  paymentId: number;
  paymentReference: string;
  appId: number;
  mode: Mode;
  status: RefundStatus;
  amountMinor: number;
  currency: string;
  reason: string | null;
  metadata: Record<string, unknown>;
  idempotencyKey: string | null;
  gatewayRefundId: string | null;
  failureReason: string | null;
  createdAt: Date;
  updatedAt: Date;
  settledAt: Date | null;
}

type Row = Record<string, unknown>;
const text = (value: unknown) => (value === null || value === undefined ? null : String(value));

/** Every read of a refund goes through this: the refund and its payment's reference. */
const SELECT_REFUND = `select r.id, r.reference, r.payment_id, p.reference as payment_reference, r.app_id,
  r.mode, r.status, r.amount_minor, r.currency, r.reason, r.metadata, r.idempotency_key,
  r.gateway_refund_id, r.failure_reason, r.created_at, r.updated_at, r.settled_at
  from refunds r join payments p on p.id = r.payment_id`;

function refundFromRow(row: Row): Refund {
  return {
    id: Number(row.id),
    reference: String(row.reference),
    paymentId: Number(row.payment_id),
    paymentReference: String(row.payment_reference),
    appId: Number(row.app_id),
    mode: row.mode as Mode,
    status: row.status as RefundStatus,
    amountMinor: Number(row.amount_minor),
    currency: String(row.currency),
    reason: text(row.reason),
    metadata: (typeof row.metadata === 'string' ? JSON.parse(row.metadata) : row.metadata) as Record<
      string,
      unknown
    >,
    idempotencyKey: text(row.idempotency_key),
    gatewayRefundId: text(row.gateway_refund_id),
    failureReason: text(row.failure_reason),
    createdAt: new Date(row.created_at as string),
    updatedAt: new Date(row.updated_at as string),
    settledAt: row.settled_at ? new Date(row.settled_at as string) : null,
  };
}

async function selectRefunds(em: EntityManager, where: string, params: unknown[]): Promise<Refund[]> {
  const rows = await em.execute<Row[]>(`${SELECT_REFUND} where ${where}`, params);
  return rows.map(refundFromRow);
}

export async function findRefundById(em: EntityManager, id: number): Promise<Refund | null> {
  return (await selectRefunds(em, 'r.id = ?', [id]))[0] ?? null;
}

/** A refund of the app's own mode, by numeric id or reference. */
export async function findScopedRefund(
  em: EntityManager,
  scope: AppScope,
  idOrReference: string,
): Promise<Refund | null> {
  const byId = /^\d{1,15}$/.test(idOrReference);
  const [refund] = await selectRefunds(
    em,
    `${byId ? 'r.id = ?' : 'r.reference = ?'} and r.app_id = ? and r.mode = ?`,
    [byId ? Number(idOrReference) : idOrReference, scope.appId, scope.mode],
  );
  return refund ?? null;
}

export function refundsOfPayment(em: EntityManager, paymentId: number): Promise<Refund[]> {
  return selectRefunds(em, 'r.payment_id = ? order by r.id', [paymentId]);
}

export async function findRefundByIdempotencyKey(
  em: EntityManager,
  scope: AppScope,
  idempotencyKey: string,
): Promise<Refund | null> {
  const [refund] = await selectRefunds(em, 'r.app_id = ? and r.mode = ? and r.idempotency_key = ?', [
    scope.appId,
    scope.mode,
    idempotencyKey,
  ]);
  return refund ?? null;
}

export interface RefundRequest {
  reference: string;
  amountMinor?: number;
  reason: string | null;
  metadata: Record<string, unknown>;
  idempotencyKey: string | null;
}

/**
 * Takes a refund request in one transaction: the payment's row is locked, so concurrent requests
 * for one payment are decided one after another against the refunds already taken, and their
 * total never exceeds the capture. An admitted refund is stored PROCESSING with its
 * `refund.created` event (the outbox); a refused one changes nothing.
 */
export async function takeRefund(
  em: EntityManager,
  payment: Pick<Payment, 'id'>,
  request: RefundRequest,
  view: (refund: Refund) => Record<string, unknown>,
): Promise<{ refund: Refund; eventId: string } | Extract<RefundAdmission, { admitted: false }>> {
  return em.transactional(async (tx) => {
    const locked = await lockPayment(tx, payment.id);
    if (!locked) throw new Error(`payment ${payment.id} vanished`);
    const taken = await tx.execute<Array<{ status: RefundStatus; amount_minor: string }>>(
      'select status, amount_minor from refunds where payment_id = ?',
      [locked.id],
    );
    const admission = admitRefund(
      locked,
      taken.map((row) => ({ status: row.status, amountMinor: Number(row.amount_minor) })),
      request.amountMinor,
    );
    if (!admission.admitted) return admission;
    const [row] = await tx.execute<Array<{ id: string }>>(
      `insert into refunds (reference, payment_id, app_id, mode, status, amount_minor, currency, reason,
         metadata, idempotency_key)
       values (?, ?, ?, ?, 'PROCESSING', ?, ?, ?, ?::jsonb, ?) returning id`,
      [
        request.reference,
        locked.id,
        locked.appId,
        locked.mode,
        admission.amountMinor,
        locked.currency,
        request.reason,
        JSON.stringify(request.metadata),
        request.idempotencyKey,
      ],
    );
    const refund = (await findRefundById(tx, Number(row!.id)))!;
    const { eventId } = await recordEvent(tx, {
      appId: refund.appId,
      mode: refund.mode,
      type: 'refund.created',
      sourceType: 'refund',
      sourceId: refund.reference,
      data: view(refund),
    });
    return { refund, eventId };
  });
}

/** The refund's workflow is running: the sweeper need not start it. */
export async function markRefundWorkflowStarted(em: EntityManager, refundId: number): Promise<void> {
  await em.execute('update refunds set workflow_started = true where id = ? and not workflow_started', [
    refundId,
  ]);
}

/** Refunds whose workflow may never have started (the API stopped between commit and start). */
export async function refundsAwaitingWorkflow(
  em: EntityManager,
  takenBefore: Date,
  limit: number,
): Promise<Refund[]> {
  return selectRefunds(
    em,
    'not r.workflow_started and r.created_at < ? order by r.created_at, r.id limit ?',
    [takenBefore, limit],
  );
}

/** Remembers the gateway's id for the refund, once: a retried submission keeps the first. */
export async function recordGatewayRefundId(
  em: EntityManager,
  refundId: number,
  gatewayRefundId: string,
): Promise<void> {
  await em.execute(
    'update refunds set gateway_refund_id = ?, updated_at = now() where id = ? and gateway_refund_id is null',
    [gatewayRefundId, refundId],
  );
}

/**
 * Moves a PROCESSING refund to its final status inside the caller's transaction, locking its row.
 * Returns the refund as moved, or null when it was no longer PROCESSING (a retry: already done).
 */
export async function finishRefund(
  tx: EntityManager,
  refundId: number,
  status: 'SUCCEEDED' | 'FAILED',
  failureReason: string | null,
): Promise<Refund | null> {
  const moved = await tx.execute<Array<{ id: string }>>(
    `update refunds set status = ?, failure_reason = ?, updated_at = now(),
       settled_at = case when ? = 'SUCCEEDED' then now() else settled_at end
     where id = ? and status = 'PROCESSING' returning id`,
    [status, failureReason, status, refundId],
  );
  return moved.length ? findRefundById(tx, refundId) : null;
}

export interface RefundListFilters {
  status?: RefundStatus[];
  /** The payment's reference. */
  payment?: string;
  from?: Date;
  to?: Date;
  /** 1-based page number. */
  page: number;
  size: number;
}

/** An app's refunds of its own mode, newest first, with the total count for the filters. */
export async function listRefunds(
  em: EntityManager,
  scope: AppScope,
  filters: RefundListFilters,
): Promise<{ items: Refund[]; total: number }> {
  const conditions = ['r.app_id = ?', 'r.mode = ?'];
  const params: unknown[] = [scope.appId, scope.mode];
  if (filters.status?.length) {
    conditions.push(`r.status in (${filters.status.map(() => '?').join(', ')})`);
    params.push(...filters.status);
  }
  if (filters.payment !== undefined) {
    conditions.push('p.reference = ?');
    params.push(filters.payment);
  }
  if (filters.from) {
    conditions.push('r.created_at >= ?');
    params.push(filters.from);
  }
  if (filters.to) {
    conditions.push('r.created_at < ?');
    params.push(filters.to);
  }
  const where = conditions.join(' and ');
  const [counted] = await em.execute<Array<{ total: string }>>(
    `select count(*) as total from refunds r join payments p on p.id = r.payment_id where ${where}`,
    params,
  );
  const items = await selectRefunds(em, `${where} order by r.created_at desc, r.id desc limit ? offset ?`, [
    ...params,
    filters.size,
    (filters.page - 1) * filters.size,
  ]);
  return { items, total: Number(counted?.total ?? 0) };
}
