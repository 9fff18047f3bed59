import { toDecimalString } from '../shared/money.js';
import type { PayoutStatus } from '../payouts/payouts.js';
import type { ReconExceptionDraft } from './reconciliation.js';

/**
 * A payout rail's day against our payouts: each line of the rail's statement to one payout by
 * our reference, then its amount and the fee the rail charged checked against what the payout
 * booked. Pure; the activity hands in the day's lines, the payouts they name and those we hold as
 * paid on the day. A clean match posts nothing (the payout booked its transfer and fee when the
 * rail answered); what does not fit is an exception:
 *
 * - RAIL_UNEXPECTED_TRANSFER: a line for no payout of ours, or for one we hold as not sent (failed,
 *   cancelled, never asked); a credit (a return) for a payout we do not hold as returned.
 * - RAIL_DUPLICATE_LINE: a second line sending the same payout (on this statement or an earlier one).
 * - RAIL_AMOUNT_MISMATCH: the line sent another amount than the payout's.
 * - RAIL_FEE_MISMATCH: the rail charged another fee than the payout booked.
 * - RAIL_TRANSFER_MISSING: a payout we hold as paid on the day that no statement shows, once the
 *   day's grace is over; until then it is pending and the day waits.
 */

export interface RailLine {
  id: number;
  lineKey: string;
  direction: 'DEBIT' | 'CREDIT';
  railTransactionId: string;
  reference: string | null;
  amountMinor: number;
  feeMinor: number;
}

export interface RailPayout {
  id: number;
  reference: string;
  status: PayoutStatus;
  amountMinor: number;
  /** The fee the payout booked (null: none). */
  feeMinor: number | null;
}

export interface RailDayInput {
  lines: readonly RailLine[];
  /** Every payout of the rail and mode a line of the day names, by reference. */
  payouts: ReadonlyMap<string, RailPayout>;
  /** Per reference and direction (`DEBIT|po_…`), the id of the first line any statement has for it. */
  firstLineOf: ReadonlyMap<string, number>;
  /** Payouts we hold as paid on the day, and whether any statement of the rail shows them. */
  paidOnDay: ReadonlyArray<{ payout: RailPayout; shown: boolean }>;
  pastGrace: boolean;
}

export interface RailDayResult {
  matched: number;
  exceptions: ReconExceptionDraft[];
  /** Paid payouts no statement shows yet, inside the grace period: the day waits for them. */
  pending: number;
}

/** Statuses in which the rail has been paid for the payout, as far as we know. */
const SENT: ReadonlySet<PayoutStatus> = new Set(['SUCCEEDED', 'RETURNED']);
/** Statuses in which the rail has been asked and its final word may not be in yet. */
const IN_FLIGHT: ReadonlySet<PayoutStatus> = new Set(['SENDING', 'PROCESSING']);

const taka = (minor: number) => `${toDecimalString(minor, 'BDT')} BDT`;

export const firstLineKey = (direction: RailLine['direction'], reference: string) =>
  `${direction}|${reference}`;

function draft(
  kind: ReconExceptionDraft['kind'],
  subject: string,
  line: RailLine | null,
  payout: RailPayout | null,
  expectedMinor: number | null,
  actualMinor: number | null,
  detail: string,
): ReconExceptionDraft {
  return {
    kind,
    subject,
    lineId: null,
    lineKey: line?.lineKey ?? null,
    paymentId: null,
    refundId: null,
    payoutBatch: null,
    payoutId: payout?.id ?? null,
    railLineId: line?.id ?? null,
    currency: 'BDT',
    expectedMinor,
    actualMinor,
    detail,
  };
}

export function matchRailDay(input: RailDayInput): RailDayResult {
  const exceptions: ReconExceptionDraft[] = [];
  let matched = 0;
  const lines = [...input.lines].sort((a, b) => a.id - b.id);
  for (const line of lines) {
    const lineSubject = `rail-line:${line.lineKey}`;
    const payout = line.reference === null ? undefined : input.payouts.get(line.reference);
    const sent = line.direction === 'DEBIT';
    if (!payout) {
      exceptions.push(
        draft(
          'RAIL_UNEXPECTED_TRANSFER',
          lineSubject,
          line,
          null,
          0,
          sent ? line.amountMinor : -line.amountMinor,
          `${sent ? 'Sent' : 'Returned'} ${taka(line.amountMinor)} (rail transaction ${line.railTransactionId}) for ${line.reference ?? 'no reference'}, which is no payout of ours`,
        ),
      );
      continue;
    }
    const first = input.firstLineOf.get(firstLineKey(line.direction, payout.reference));
    if (first !== undefined && first !== line.id) {
      exceptions.push(
        draft(
          'RAIL_DUPLICATE_LINE',
          lineSubject,
          line,
          payout,
          0,
          sent ? line.amountMinor : -line.amountMinor,
          `${payout.reference} ${sent ? 'sent' : 'returned'} again (rail transaction ${line.railTransactionId}, ${taka(line.amountMinor)})`,
        ),
      );
      continue;
    }
    if (IN_FLIGHT.has(payout.status)) {
      // The rail's word on it may still be on its way to us: the daily re-match looks again.
      continue;
    }
    const expectedStatus = sent ? SENT.has(payout.status) : payout.status === 'RETURNED';
    if (!expectedStatus) {
      exceptions.push(
        draft(
          'RAIL_UNEXPECTED_TRANSFER',
          `payout:${payout.reference}:${line.direction}`,
          line,
          payout,
          0,
          sent ? line.amountMinor : -line.amountMinor,
          `The rail ${sent ? 'sent' : 'returned'} ${taka(line.amountMinor)} for ${payout.reference}, which we hold as ${payout.status}`,
        ),
      );
      continue;
    }
    if (line.amountMinor !== payout.amountMinor) {
      exceptions.push(
        draft(
          'RAIL_AMOUNT_MISMATCH',
          `payout:${payout.reference}:${line.direction}`,
          line,
          payout,
          payout.amountMinor,
          line.amountMinor,
          `The rail ${sent ? 'sent' : 'returned'} ${taka(line.amountMinor)} for ${payout.reference} of ${taka(payout.amountMinor)}`,
        ),
      );
      continue;
    }
    const booked = payout.feeMinor ?? 0;
    if (sent && line.feeMinor !== booked) {
      exceptions.push(
        draft(
          'RAIL_FEE_MISMATCH',
          `payout:${payout.reference}`,
          line,
          payout,
          booked,
          line.feeMinor,
          `The rail charged ${taka(line.feeMinor)} for ${payout.reference}; ${taka(booked)} was booked`,
        ),
      );
      continue;
    }
    matched += 1;
  }
  let pending = 0;
  for (const { payout, shown } of input.paidOnDay) {
    if (shown) continue;
    if (!input.pastGrace) {
      pending += 1;
      continue;
    }
    exceptions.push(
      draft(
        'RAIL_TRANSFER_MISSING',
        `payout:${payout.reference}`,
        null,
        payout,
        payout.amountMinor,
        0,
        `${payout.reference} (${taka(payout.amountMinor)}) is paid in our books, and no statement of the rail shows it`,
      ),
    );
  }
  return { matched, exceptions, pending };
}
