import type { EntityManager } from '@mikro-orm/postgresql';
import { movePayout, selectPayouts } from '../../db/payouts/payouts.js';
import { failRefundOfReturnedPayout } from '../refunds/refund-returns.js';
import { bookOutcome } from './payout-bookkeeping.js';

/**
 * A paid payout the rail sent back (a bank return file names it by our reference): RETURNED, the
 * money back in the rail's disbursement balance, `payout.returned` recorded, in one transaction.
 * A payout that paid a refund back fails its refund in the same transaction (the customer was not
 * paid; see failRefundOfReturnedPayout). Idempotent: a return read twice changes nothing the
 * second time. Answers the events to deliver (`payout.returned` first), or null when the payout
 * was not SUCCEEDED (unknown, already returned, or never paid).
 */
export async function applyPayoutReturn(
  em: EntityManager,
  input: { reference: string; reasonCode: string; reason: string | null },
): Promise<{ eventIds: string[] } | null> {
  return em.transactional(async (db) => {
    const tx = db as EntityManager;
    const [payout] = await selectPayouts(tx, 'where reference = ? for update', [input.reference]);
    if (!payout || payout.status !== 'SUCCEEDED') return null;
    const returned = (await movePayout(tx, payout.id, 'RETURNED', {
      failureCode: input.reasonCode,
      failureReason: input.reason,
    }))!;
    const eventId = await bookOutcome(tx, returned);
    return { eventIds: [eventId!, ...(await failRefundOfReturnedPayout(tx, returned))] };
  });
}
