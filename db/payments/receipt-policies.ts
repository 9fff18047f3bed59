import type { EntityManager } from '@mikro-orm/postgresql';
import type { ReceiptApprovals } from '../../domain/payments/manual-receipts.js';
import type { Mode } from '../../domain/shared/mode.js';

/** How many operators confirm an app's manual receipts in a mode, if an operator set it. */
export async function storedReceiptApprovals(
  em: EntityManager,
  appId: number,
  mode: Mode,
): Promise<ReceiptApprovals | null> {
  const [row] = await em.execute<Array<{ approvals: number }>>(
    'select approvals from receipt_approval_policies where app_id = ? and mode = ?',
    [appId, mode],
  );
  return row ? (row.approvals === 2 ? 2 : 1) : null;
}

export async function setReceiptApprovals(
  em: EntityManager,
  appId: number,
  mode: Mode,
  approvals: ReceiptApprovals,
): Promise<void> {
  await em.execute(
    `insert into receipt_approval_policies (app_id, mode, approvals) values (?, ?, ?)
     on conflict (app_id, mode) do update set approvals = excluded.approvals, updated_at = now()`,
    [appId, mode, approvals],
  );
}
