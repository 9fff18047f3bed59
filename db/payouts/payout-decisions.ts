import type { EntityManager } from '@mikro-orm/postgresql';
import { text, type Row } from '../../platform/orm/row-values.js';
import type { PayoutVerdict } from '../../domain/payouts/payout-approval.js';

/** Approvers' decisions on payouts: one approval and one rejection per operator and payout at most. */

export interface PayoutDecision {
  id: number;
  payoutId: number;
  operatorId: number;
  operatorEmail: string;
  verdict: PayoutVerdict;
  comment: string | null;
  createdAt: Date;
}

export async function decisionsOf(em: EntityManager, payoutId: number): Promise<PayoutDecision[]> {
  const rows = await em.execute<Row[]>('select * from payout_decisions where payout_id = ? order by id', [
    payoutId,
  ]);
  return rows.map((row) => ({
    id: Number(row.id),
    payoutId: Number(row.payout_id),
    operatorId: Number(row.operator_id),
    operatorEmail: String(row.operator_email),
    verdict: row.verdict as PayoutVerdict,
    comment: text(row.comment),
    createdAt: new Date(row.created_at as string),
  }));
}

/** Records a decision in the caller's transaction; a repeat of the same decision records nothing. */
export async function recordPayoutDecision(
  tx: EntityManager,
  input: {
    payoutId: number;
    operatorId: number;
    operatorEmail: string;
    verdict: PayoutVerdict;
    comment: string | null;
  },
): Promise<void> {
  await tx.execute(
    `insert into payout_decisions (payout_id, operator_id, operator_email, verdict, comment)
     values (?, ?, ?, ?, ?) on conflict on constraint payout_decisions_once do nothing`,
    [input.payoutId, input.operatorId, input.operatorEmail, input.verdict, input.comment],
  );
}
