import type { EntityManager } from '@mikro-orm/postgresql';
import type { Row } from '../../platform/orm/row-values.js';

/**
 * refund_payouts: the one payout made for a refund its gateway could not make, keyed by the
 * refund (its primary key), with the refund's approval it went out under.
 */
export interface RefundPayout {
  refundId: number;
  payoutId: number;
  rail: string;
  approvedBy: string;
  approvedAt: Date;
}

const fromRow = (row: Row): RefundPayout => ({
  refundId: Number(row.refund_id),
  payoutId: Number(row.payout_id),
  rail: String(row.rail),
  approvedBy: String(row.approved_by),
  approvedAt: new Date(row.approved_at as string),
});

export async function findRefundPayout(em: EntityManager, refundId: number): Promise<RefundPayout | null> {
  const [row] = await em.execute<Row[]>('select * from refund_payouts where refund_id = ?', [refundId]);
  return row ? fromRow(row) : null;
}

/** The refund a payout pays back, when it pays one back. */
export async function findRefundPayoutOf(em: EntityManager, payoutId: number): Promise<RefundPayout | null> {
  const [row] = await em.execute<Row[]>('select * from refund_payouts where payout_id = ?', [payoutId]);
  return row ? fromRow(row) : null;
}

export async function hasRefundPayout(em: EntityManager, refundId: number): Promise<boolean> {
  return (await findRefundPayout(em, refundId)) !== null;
}

/** Links a refund to its payout, in the transaction that made the payout (the refund's row locked). */
export async function insertRefundPayout(tx: EntityManager, link: RefundPayout): Promise<void> {
  await tx.execute(
    'insert into refund_payouts (refund_id, payout_id, rail, approved_by, approved_at) values (?, ?, ?, ?, ?)',
    [link.refundId, link.payoutId, link.rail, link.approvedBy, link.approvedAt],
  );
}
