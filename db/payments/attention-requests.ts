import { closeIfLapsed } from '../approvals/approval-windows.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AttentionRequest, AttentionRequestStatus } from '../../domain/payments/attention.js';
import { instant, text, type Row } from '../../platform/orm/row-values.js';

/** Requests to apply a flagged payment's parked money (table attention_requests): one PENDING per payment. */

const COLUMNS = `r.id, r.payment_id, r.kind, r.amount_minor, r.currency, r.note, r.status, r.proposed_by,
  r.proposed_at, r.decided_by, r.decided_at, r.comment,
  (select email from operators where id = r.proposed_by) as proposed_by_email,
  (select email from operators where id = r.decided_by) as decided_by_email`;

function toRequest(row: Row): AttentionRequest {
  return {
    id: Number(row.id),
    paymentId: Number(row.payment_id),
    kind: 'APPLY',
    amountMinor: Number(row.amount_minor),
    currency: String(row.currency),
    note: String(row.note),
    status: row.status as AttentionRequestStatus,
    proposedByOperatorId: Number(row.proposed_by),
    proposedByEmail: text(row.proposed_by_email),
    proposedAt: new Date(row.proposed_at as string),
    decidedByOperatorId: row.decided_by === null ? null : Number(row.decided_by),
    decidedByEmail: text(row.decided_by_email),
    decidedAt: instant(row.decided_at),
    comment: text(row.comment),
  };
}

/** A request by id, its row locked for the caller's transaction when asked. */
export async function findAttentionRequest(
  em: EntityManager,
  id: number,
  lock = false,
): Promise<AttentionRequest | null> {
  // Read to be decided: one past its window is closed first, so it is refused as decided.
  if (lock) await closeIfLapsed(em, 'attention', id);
  const [row] = await em.execute<Row[]>(
    `select ${COLUMNS} from attention_requests r where r.id = ?${lock ? ' for update of r' : ''}`,
    [id],
  );
  return row ? toRequest(row) : null;
}

/** Each payment's latest request (pending or decided), for the queue and the payment's page. */
export async function latestAttentionRequests(
  em: EntityManager,
  paymentIds: number[],
): Promise<Map<number, AttentionRequest>> {
  const byPayment = new Map<number, AttentionRequest>();
  if (paymentIds.length === 0) return byPayment;
  const rows = await em.execute<Row[]>(
    `select distinct on (r.payment_id) ${COLUMNS} from attention_requests r
      where r.payment_id in (${paymentIds.map(() => '?').join(', ')})
      order by r.payment_id, r.proposed_at desc, r.id desc`,
    paymentIds,
  );
  for (const row of rows) byPayment.set(Number(row.payment_id), toRequest(row));
  return byPayment;
}

export async function insertAttentionRequest(
  tx: EntityManager,
  request: Pick<AttentionRequest, 'paymentId' | 'amountMinor' | 'currency' | 'note' | 'proposedByOperatorId'>,
): Promise<AttentionRequest> {
  const [row] = await tx.execute<Array<{ id: string }>>(
    `insert into attention_requests (payment_id, kind, amount_minor, currency, note, status, proposed_by)
     values (?, 'APPLY', ?, ?, ?, 'PENDING', ?) returning id`,
    [request.paymentId, request.amountMinor, request.currency, request.note, request.proposedByOperatorId],
  );
  return (await findAttentionRequest(tx, Number(row!.id)))!;
}

/** Closes a pending request; null when it was no longer pending (a racing decision won). */
export async function closeAttentionRequest(
  tx: EntityManager,
  id: number,
  outcome: {
    status: Exclude<AttentionRequestStatus, 'PENDING'>;
    operatorId: number;
    comment: string | null;
  },
): Promise<AttentionRequest | null> {
  const [row] = await tx.execute<Array<{ id: string }>>(
    `update attention_requests set status = ?, decided_by = ?, decided_at = now(), comment = ?
      where id = ? and status = 'PENDING' returning id`,
    [outcome.status, outcome.operatorId, outcome.comment, id],
  );
  return row ? findAttentionRequest(tx, id) : null;
}
