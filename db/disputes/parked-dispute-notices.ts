import type { EntityManager } from '@mikro-orm/postgresql';
import type { Mode } from '../../domain/shared/mode.js';

/**
 * Dispute notices about a transaction no payment of ours names (yet), kept until one does
 * (table parked_dispute_notices). A notice is kept only once one of our accounts' webhook secrets
 * verified it; what it says is shown to finance, and the gateway's API is asked again when a
 * payment takes its transaction.
 */

/** What a notice says, as it is parked. */
export interface ParkInput {
  gateway: string;
  mode: Mode;
  /** The account whose webhook secret signed it (a digest; never the secret). */
  accountKey: string;
  gatewayDisputeId: string;
  gatewayTransactionId: string;
  eventId: string | null;
  eventType: string;
  amountMinor: number | null;
  currency: string | null;
  reason: string | null;
  gatewayStatus: string | null;
}

export interface ParkedDisputeNotice extends ParkInput {
  id: number;
  noticeCount: number;
  receivedAt: Date;
  lastReceivedAt: Date;
  checkedAt: Date | null;
  appliedAt: Date | null;
  /** The dispute it became, once a payment took its transaction. */
  disputeReference: string | null;
}

type Row = Record<string, unknown>;

const COLUMNS = `n.id, n.gateway, n.mode, n.account_key, n.gateway_dispute_id, n.gateway_transaction_id, n.event_id,
  n.event_type, n.amount_minor, n.currency, n.reason, n.gateway_status, n.notice_count, n.received_at,
  n.last_received_at, n.checked_at, n.applied_at, d.reference as dispute_reference`;

const date = (value: unknown) => (value === null ? null : new Date(value as string));
const text = (value: unknown) => (value === null ? null : String(value));

function fromRow(row: Row): ParkedDisputeNotice {
  return {
    id: Number(row.id),
    gateway: String(row.gateway),
    mode: row.mode as Mode,
    accountKey: String(row.account_key),
    gatewayDisputeId: String(row.gateway_dispute_id),
    gatewayTransactionId: String(row.gateway_transaction_id),
    eventId: text(row.event_id),
    eventType: String(row.event_type),
    amountMinor: row.amount_minor === null ? null : Number(row.amount_minor),
    currency: text(row.currency),
    reason: text(row.reason),
    gatewayStatus: text(row.gateway_status),
    noticeCount: Number(row.notice_count),
    receivedAt: new Date(row.received_at as string),
    lastReceivedAt: new Date(row.last_received_at as string),
    checkedAt: date(row.checked_at),
    appliedAt: date(row.applied_at),
    disputeReference: text(row.dispute_reference),
  };
}

/**
 * Keeps a notice (committed when this returns): the first of its dispute is a new row, a later
 * one (the same event again, the dispute's next event) brings the row up to date and is counted.
 */
export async function parkDisputeNotice(em: EntityManager, input: ParkInput): Promise<ParkedDisputeNotice> {
  const [row] = await em.execute<Array<{ id: string }>>(
    `insert into parked_dispute_notices (gateway, mode, account_key, gateway_dispute_id, gateway_transaction_id,
                                         event_id, event_type, amount_minor, currency, reason, gateway_status)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     on conflict (gateway, gateway_dispute_id) do update set
       notice_count = parked_dispute_notices.notice_count + 1,
       last_received_at = now(),
       event_id = excluded.event_id,
       event_type = excluded.event_type,
       amount_minor = coalesce(excluded.amount_minor, parked_dispute_notices.amount_minor),
       currency = coalesce(excluded.currency, parked_dispute_notices.currency),
       reason = coalesce(excluded.reason, parked_dispute_notices.reason),
       gateway_status = coalesce(excluded.gateway_status, parked_dispute_notices.gateway_status)
     returning id`,
    [
      input.gateway,
      input.mode,
      input.accountKey,
      input.gatewayDisputeId,
      input.gatewayTransactionId,
      input.eventId,
      input.eventType,
      input.amountMinor,
      input.currency,
      input.reason,
      input.gatewayStatus,
    ],
  );
  return (await findParkedDisputeNotice(em, Number(row!.id)))!;
}

export async function findParkedDisputeNotice(
  em: EntityManager,
  id: number,
): Promise<ParkedDisputeNotice | null> {
  const [row] = await em.execute<Row[]>(
    `select ${COLUMNS} from parked_dispute_notices n left join disputes d on d.id = n.dispute_id where n.id = ?`,
    [id],
  );
  return row ? fromRow(row) : null;
}

/** Notices still waiting for a payment, by id after `afterId`. */
export async function waitingDisputeNoticeIds(
  em: EntityManager,
  input: { afterId: number; limit: number },
): Promise<number[]> {
  const rows = await em.execute<Array<{ id: string }>>(
    `select id from parked_dispute_notices where applied_at is null and id > ? order by id limit ?`,
    [input.afterId, input.limit],
  );
  return rows.map((row) => Number(row.id));
}

/** Notices for finance, newest first: those still waiting, or all. */
export async function listParkedDisputeNotices(
  em: EntityManager,
  input: { waitingOnly: boolean; limit: number; offset: number },
): Promise<{ notices: ParkedDisputeNotice[]; total: number }> {
  const where = input.waitingOnly ? 'where n.applied_at is null' : '';
  const [counted] = await em.execute<Array<{ total: string }>>(
    `select count(*) as total from parked_dispute_notices n ${where}`,
  );
  const rows = await em.execute<Row[]>(
    `select ${COLUMNS} from parked_dispute_notices n left join disputes d on d.id = n.dispute_id
      ${where} order by n.id desc limit ? offset ?`,
    [input.limit, input.offset],
  );
  return { notices: rows.map(fromRow), total: Number(counted?.total ?? 0) };
}

/** A payment was looked for and none has the transaction yet. */
export async function markDisputeNoticeChecked(em: EntityManager, id: number): Promise<void> {
  await em.execute(`update parked_dispute_notices set checked_at = now() where id = ?`, [id]);
}

/** The notice became a dispute (in the caller's transaction, with the dispute's recording). */
export async function markDisputeNoticeApplied(
  tx: EntityManager,
  id: number,
  disputeId: number,
): Promise<void> {
  await tx.execute(
    `update parked_dispute_notices set applied_at = now(), checked_at = now(), dispute_id = ?
      where id = ? and applied_at is null`,
    [disputeId, id],
  );
}
