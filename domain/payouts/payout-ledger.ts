import type { AccountKey, EntryKind, JournalEntryDraft } from '../ledger/ledger.js';
import type { Currency } from '../shared/money.js';
import type { Mode } from '../shared/mode.js';

/**
 * A payout's journal entries, each once per payout (the ledger keys entries by source and kind):
 * PAYOUT as the rail is first asked (the app's payouts owe the beneficiary), PAYOUT_SENT and
 * PAYOUT_FEE when the rail paid (out of its disbursement balance), PAYOUT_REVERSAL when a
 * committed payout ends unpaid, PAYOUT_RETURN when a paid one comes back.
 */
export interface PayoutMoney {
  reference: string;
  appId: number;
  mode: Mode;
  currency: Currency;
  rail: string;
  amountMinor: number;
}

const app = (type: 'APP_PAYOUTS' | 'PAYOUT_PAYABLE', p: PayoutMoney): AccountKey => ({
  type,
  mode: p.mode,
  currency: p.currency,
  appId: String(p.appId),
});
const rail = (type: 'RAIL_DISBURSEMENT' | 'RAIL_FEES', p: PayoutMoney): AccountKey => ({
  type,
  mode: p.mode,
  currency: p.currency,
  gateway: p.rail,
});

function entry(
  kind: EntryKind,
  p: PayoutMoney,
  debit: AccountKey,
  credit: AccountKey,
  amountMinor: number,
): JournalEntryDraft {
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) {
    throw new RangeError(`${kind} of ${p.reference}: ${amountMinor} is not a positive amount in minor units`);
  }
  return {
    kind,
    sourceId: p.reference,
    mode: p.mode,
    currency: p.currency,
    postings: [
      { account: debit, amountMinor },
      { account: credit, amountMinor: -amountMinor },
    ],
  };
}

export const payoutCommittedEntry = (p: PayoutMoney) =>
  entry('PAYOUT', p, app('APP_PAYOUTS', p), app('PAYOUT_PAYABLE', p), p.amountMinor);

/** The rail paid: the payable is settled out of the rail's balance, and its fee, if any, with it. */
export function payoutPaidEntries(p: PayoutMoney, feeMinor: number): JournalEntryDraft[] {
  const sent = entry('PAYOUT_SENT', p, app('PAYOUT_PAYABLE', p), rail('RAIL_DISBURSEMENT', p), p.amountMinor);
  if (feeMinor <= 0) return [sent];
  return [sent, entry('PAYOUT_FEE', p, rail('RAIL_FEES', p), rail('RAIL_DISBURSEMENT', p), feeMinor)];
}

export const payoutReversalEntry = (p: PayoutMoney) =>
  entry('PAYOUT_REVERSAL', p, app('PAYOUT_PAYABLE', p), app('APP_PAYOUTS', p), p.amountMinor);

export const payoutReturnEntry = (p: PayoutMoney) =>
  entry('PAYOUT_RETURN', p, rail('RAIL_DISBURSEMENT', p), app('APP_PAYOUTS', p), p.amountMinor);
