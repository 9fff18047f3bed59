import type { EntityManager } from '@mikro-orm/postgresql';
import { postJournalEntries, postJournalEntry } from '../../db/ledger/ledger.js';
import { payoutView } from '../../db/payouts/payout-view.js';
import type { Payout } from '../../db/payouts/payouts.js';
import { recordEvent } from '../../db/webhooks/events.js';
import {
  payoutCommittedEntry,
  payoutPaidEntries,
  payoutReturnEntry,
  payoutReversalEntry,
  type PayoutMoney,
} from '../../domain/payouts/payout-ledger.js';
import { eventForStatus, type PayoutEventType } from '../../domain/payouts/payouts.js';
import type { Currency } from '../../domain/shared/money.js';

/**
 * What a payout's change writes beside its row, in the same transaction: its journal entries and
 * the event it owes the app. Each is keyed by the payout (the ledger by source and kind, events by
 * source and type), so a retried step writes nothing twice.
 */

export const moneyOf = (payout: Payout): PayoutMoney => ({
  reference: payout.reference,
  appId: payout.appId,
  mode: payout.mode,
  currency: payout.currency as Currency,
  rail: payout.rail,
  amountMinor: payout.amountMinor,
});

export async function recordPayoutEvent(
  tx: EntityManager,
  payout: Payout,
  type: PayoutEventType,
): Promise<string> {
  const { eventId } = await recordEvent(tx, {
    appId: payout.appId,
    mode: payout.mode,
    type,
    sourceType: 'payout',
    sourceId: payout.reference,
    data: payoutView(payout),
  });
  return eventId;
}

/** Whether the payout was committed in the ledger (it reached SENDING at least once). */
async function wasCommitted(tx: EntityManager, reference: string): Promise<boolean> {
  const rows = await tx.execute<Array<{ n: string }>>(
    `select count(*) as n from journal_entries where source_type = 'payout' and source_id = ? and kind = 'PAYOUT'`,
    [reference],
  );
  return Number(rows[0]?.n ?? 0) > 0;
}

/**
 * Whether the payout pays a refund back (refund_payouts): the refund books the amount itself (out
 * of the rail's disbursement balance, as it succeeds), so its payout posts only the rail's fee.
 */
async function paysRefund(tx: EntityManager, payout: Payout): Promise<boolean> {
  const rows = await tx.execute<Array<{ n: string }>>(
    'select count(*) as n from refund_payouts where payout_id = ?',
    [payout.id],
  );
  return Number(rows[0]?.n ?? 0) > 0;
}

/** The payout is about to be asked of the rail: committed to its beneficiary. */
export async function bookCommitted(tx: EntityManager, payout: Payout): Promise<void> {
  if (await paysRefund(tx, payout)) return;
  await postJournalEntry(tx, payoutCommittedEntry(moneyOf(payout)));
}

/**
 * The books of a payout that reached `payout.status`, and the event it owes (null when none):
 * paid (committed if an older step had not, then paid out of the rail's balance), ended unpaid
 * after being committed (reversed), or returned.
 */
export async function bookOutcome(tx: EntityManager, payout: Payout): Promise<string | null> {
  const money = moneyOf(payout);
  if (await paysRefund(tx, payout)) {
    // The refund's own entry books the amount; only what the rail charged is the payout's.
    if (payout.status === 'SUCCEEDED') {
      const fees = payoutPaidEntries(money, payout.feeMinor ?? 0).filter(
        (entry) => entry.kind === 'PAYOUT_FEE',
      );
      if (fees.length > 0) await postJournalEntries(tx, fees);
    }
    const refundType = eventForStatus(payout.status);
    return refundType ? recordPayoutEvent(tx, payout, refundType) : null;
  }
  switch (payout.status) {
    case 'SUCCEEDED':
      await postJournalEntries(tx, [
        payoutCommittedEntry(money),
        ...payoutPaidEntries(money, payout.feeMinor ?? 0),
      ]);
      break;
    case 'FAILED':
    case 'CANCELLED':
      if (await wasCommitted(tx, payout.reference)) await postJournalEntry(tx, payoutReversalEntry(money));
      break;
    case 'RETURNED':
      await postJournalEntry(tx, payoutReturnEntry(money));
      break;
    default:
      break;
  }
  const type = eventForStatus(payout.status);
  return type ? recordPayoutEvent(tx, payout, type) : null;
}
