import { fromDecimalString } from '../../domain/shared/money.js';
import { CURRENCY } from './protocol.js';
import type { RefundEntry } from './protocol.js';

/**
 * Which refund of bKash's refund status list is ours. The list names every refund of the
 * transaction, by bKash's refundTrxId; our refund reference (sent as `sku`) is not documented in
 * it. Pure, no I/O.
 */

/** The refund bKash knows by this refundTrxId, or null when the list does not name it. */
export function refundById(entries: readonly RefundEntry[], refundTrxId: string): RefundEntry | null {
  return entries.find((entry) => entry.refundTrxId === refundTrxId) ?? null;
}

export type LostRefundSearch =
  | { kind: 'FOUND'; entry: RefundEntry }
  | { kind: 'NONE' }
  /** More than one refund could be ours: none is taken, a person must say which. */
  | { kind: 'AMBIGUOUS'; candidates: number };

function amountMinorOf(entry: RefundEntry): number | null {
  try {
    return fromDecimalString(entry.refundAmount, CURRENCY);
  } catch {
    return null;
  }
}

/**
 * Our refund whose answer was lost, once bKash has said it holds it (a repeat refused as a
 * duplicate). When bKash's entries carry `sku`, only the one with our refund reference is ours,
 * and an entry under another reference never is. Without it, the amount is all that tells: ours
 * is taken only when it is the one refund of the transaction with that amount. Two of that amount
 * (ours and another of ours, or one made in bKash's merchant panel) cannot be told apart, and
 * guessing could mark a refund done whose money never moved.
 */
export function lostRefundIn(
  entries: readonly RefundEntry[],
  ours: { sku: string; amountMinor: number },
): LostRefundSearch {
  const sameAmount = (entry: RefundEntry) => amountMinorOf(entry) === ours.amountMinor;
  const pick = (candidates: RefundEntry[]): LostRefundSearch => {
    const [only] = candidates;
    if (only === undefined) return { kind: 'NONE' };
    return candidates.length === 1
      ? { kind: 'FOUND', entry: only }
      : { kind: 'AMBIGUOUS', candidates: candidates.length };
  };
  if (entries.some((entry) => entry.sku !== undefined && entry.sku !== '')) {
    return pick(entries.filter((entry) => entry.sku === ours.sku && sameAmount(entry)));
  }
  return pick(entries.filter(sameAmount));
}
