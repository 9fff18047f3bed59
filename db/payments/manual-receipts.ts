import type { EntityManager } from '@mikro-orm/postgresql';
import type {
  ReceiptBook,
  ReceiptMethod,
  ReceiptStatus,
  RecordedReceipt,
} from '../../domain/payments/manual-receipts.js';
import type { Orm } from '../../platform/orm/orm.js';
import { instant, text, type Row } from '../../platform/orm/row-values.js';

/** Receipts of money paid outside any gateway (table manual_receipts), as finance records them. */

/** A receipt as operators see it: everything but the proof's bytes. */
export interface ReceiptRecord extends RecordedReceipt {
  note: string | null;
  proof: { fileName: string; contentType: string } | null;
  recordedAt: Date;
  decidedAt: Date | null;
  decisionComment: string | null;
  callbackId: number | null;
}

export interface ReceiptProof {
  fileName: string;
  contentType: string;
  bytes: Buffer;
}

/** The columns a receipt is read from (never the proof's bytes), of table alias `r` when given. */
function receiptColumns(alias = ''): string {
  const a = alias ? `${alias}.` : '';
  return `${a}id, ${a}payment_id, ${a}reference, ${a}amount_minor, ${a}currency,
    to_char(${a}received_on, 'YYYY-MM-DD') as received_on, ${a}method, ${a}bank_reference, ${a}note,
    ${a}proof_file_name, ${a}proof_content_type, ${a}status, ${a}recorded_by, ${a}recorded_at,
    ${a}decided_by, ${a}decided_at, ${a}decision_comment, ${a}callback_id`;
}
const COLUMNS = receiptColumns();

function receiptFromRow(row: Row): ReceiptRecord {
  return {
    id: Number(row.id),
    paymentId: Number(row.payment_id),
    reference: String(row.reference),
    amountMinor: Number(row.amount_minor),
    currency: String(row.currency),
    receivedOn: String(row.received_on),
    method: row.method as ReceiptMethod,
    bankReference: String(row.bank_reference),
    note: text(row.note),
    proof: row.proof_file_name
      ? { fileName: String(row.proof_file_name), contentType: String(row.proof_content_type) }
      : null,
    status: row.status as ReceiptStatus,
    recordedByOperatorId: Number(row.recorded_by),
    recordedAt: instant(row.recorded_at)!,
    decidedByOperatorId: row.decided_by === null ? null : Number(row.decided_by),
    decidedAt: instant(row.decided_at),
    decisionComment: text(row.decision_comment),
    callbackId: row.callback_id === null ? null : Number(row.callback_id),
  };
}

export interface NewReceipt {
  paymentId: number;
  reference: string;
  amountMinor: number;
  currency: string;
  receivedOn: string;
  method: ReceiptMethod;
  bankReference: string;
  note: string | null;
  proof: ReceiptProof | null;
  status: ReceiptStatus;
  recordedBy: number;
}

/**
 * Records a receipt; null when another already stands for the payment (the partial unique index
 * decides a race between two operators: one wins, the other is refused).
 */
export async function insertReceipt(tx: EntityManager, receipt: NewReceipt): Promise<ReceiptRecord | null> {
  const [row] = await tx.execute<Row[]>(
    `insert into manual_receipts (payment_id, reference, amount_minor, currency, received_on, method,
       bank_reference, note, proof_file_name, proof_content_type, proof, status, recorded_by)
     values (?, ?, ?, ?, ?::date, ?, ?, ?, ?, ?, ?, ?, ?)
     on conflict (payment_id) where status <> 'REJECTED' do nothing
     returning ${COLUMNS}`,
    [
      receipt.paymentId,
      receipt.reference,
      receipt.amountMinor,
      receipt.currency,
      receipt.receivedOn,
      receipt.method,
      receipt.bankReference,
      receipt.note,
      receipt.proof?.fileName ?? null,
      receipt.proof?.contentType ?? null,
      receipt.proof?.bytes ?? null,
      receipt.status,
      receipt.recordedBy,
    ],
  );
  return row ? receiptFromRow(row) : null;
}

export async function findReceipt(em: EntityManager, id: number): Promise<ReceiptRecord | null> {
  const [row] = await em.execute<Row[]>(`select ${COLUMNS} from manual_receipts where id = ?`, [id]);
  return row ? receiptFromRow(row) : null;
}

/** The receipt, locked for a decision on it. */
export async function lockReceipt(tx: EntityManager, id: number): Promise<ReceiptRecord | null> {
  const [row] = await tx.execute<Row[]>(`select ${COLUMNS} from manual_receipts where id = ? for update`, [
    id,
  ]);
  return row ? receiptFromRow(row) : null;
}

export async function receiptsOfPayment(em: EntityManager, paymentId: number): Promise<ReceiptRecord[]> {
  const rows = await em.execute<Row[]>(
    `select ${COLUMNS} from manual_receipts where payment_id = ? order by id desc`,
    [paymentId],
  );
  return rows.map(receiptFromRow);
}

export async function receiptProof(em: EntityManager, id: number): Promise<ReceiptProof | null> {
  const [row] = await em.execute<Row[]>(
    `select proof_file_name, proof_content_type, proof from manual_receipts where id = ? and proof is not null`,
    [id],
  );
  if (!row) return null;
  return {
    fileName: String(row.proof_file_name),
    contentType: String(row.proof_content_type),
    bytes: row.proof as Buffer,
  };
}

/** The second operator's word on a waiting receipt. */
export async function decideReceipt(
  tx: EntityManager,
  id: number,
  decision: { status: 'CONFIRMED' | 'REJECTED'; operatorId: number; comment: string | null },
): Promise<ReceiptRecord | null> {
  const [row] = await tx.execute<Row[]>(
    `update manual_receipts set status = ?, decided_by = ?, decided_at = now(), decision_comment = ?
      where id = ? and status = 'AWAITING_APPROVAL'
     returning ${COLUMNS}`,
    [decision.status, decision.operatorId, decision.comment, id],
  );
  return row ? receiptFromRow(row) : null;
}

/**
 * A confirmed receipt as a callback for the payment's workflow (kind RECEIPT), stored in the same
 * transaction that confirms it: a crash after the commit leaves a stored callback that the
 * sweeper hands over, never a confirmed receipt nobody acts on.
 */
export async function storeReceiptCallback(
  tx: EntityManager,
  receipt: ReceiptRecord,
  gateway: string,
): Promise<number> {
  const [row] = await tx.execute<Array<{ id: string }>>(
    `insert into gateway_callbacks (payment_id, reference, gateway, kind, gateway_status, validation_id,
       signature_valid, payload, received_at, dedupe_key, handed_over_at)
     values (?, ?, ?, 'RECEIPT', 'CONFIRMED', ?, true, ?::jsonb, now(), ?, now())
     on conflict (dedupe_key) where dedupe_key is not null
       do update set handed_over_at = gateway_callbacks.handed_over_at
     returning id`,
    [
      receipt.paymentId,
      receipt.reference,
      gateway,
      String(receipt.id),
      JSON.stringify({ receiptId: String(receipt.id) }),
      `${receipt.paymentId}:receipt-${receipt.id}:CONFIRMED`,
    ],
  );
  const callbackId = Number(row!.id);
  await tx.execute(`update manual_receipts set callback_id = ? where id = ?`, [callbackId, receipt.id]);
  return callbackId;
}

/** The receipts as the manual gateway reads them, outside any request's transaction. */
export function receiptBook(orm: Orm): ReceiptBook {
  const em = () => orm.em.fork() as EntityManager;
  return {
    byId: (id) => findReceipt(em(), id),
    async standingFor(reference) {
      const [row] = await em().execute<Row[]>(
        `select ${COLUMNS} from manual_receipts where reference = ? and status <> 'REJECTED'`,
        [reference],
      );
      return row ? receiptFromRow(row) : null;
    },
  };
}

/** Attaches a proof to a receipt that has none; false when it already has one (or does not exist). */
export async function attachProof(em: EntityManager, id: number, proof: ReceiptProof): Promise<boolean> {
  const rows = await em.execute<Row[]>(
    `update manual_receipts set proof_file_name = ?, proof_content_type = ?, proof = ?
      where id = ? and proof is null returning id`,
    [proof.fileName, proof.contentType, proof.bytes, id],
  );
  return rows.length > 0;
}

/** Receipts across apps, newest first: what a second operator looks for, and what was recorded. */
export async function listReceipts(
  em: EntityManager,
  filter: { status?: ReceiptStatus | undefined; mode: string; limit: number; offset: number },
): Promise<{ items: Array<ReceiptRecord & { appId: number }>; total: number }> {
  const where = ['p.mode = ?'];
  const values: unknown[] = [filter.mode];
  if (filter.status) {
    where.push('r.status = ?');
    values.push(filter.status);
  }
  const rows = await em.execute<Row[]>(
    `select ${receiptColumns('r')}, p.app_id, count(*) over () as total
       from manual_receipts r join payments p on p.id = r.payment_id
      where ${where.join(' and ')}
      order by r.id desc limit ? offset ?`,
    [...values, filter.limit, filter.offset],
  );
  return {
    items: rows.map((row) => ({ ...receiptFromRow(row), appId: Number(row.app_id) })),
    total: rows[0] ? Number(rows[0].total) : 0,
  };
}
