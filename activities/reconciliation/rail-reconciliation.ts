import type { EntityManager } from '@mikro-orm/postgresql';
import { postJournalEntry } from '../../db/ledger/ledger.js';
import {
  firstRailLines,
  payoutsPaidOnDay,
  railLineById,
  railLinesOfDay,
  railPayoutsByReference,
} from '../../db/reconciliation/rail-statements.js';
import {
  refreshRunFigures,
  resolveVanishedExceptions,
  upsertExceptions,
  type ReconException,
  type ReconRun,
} from '../../db/reconciliation/recon-runs.js';
import { railAdjustmentEntry, railFeeAdjustmentEntry } from '../../domain/ledger/ledger.js';
import { matchRailDay } from '../../domain/reconciliation/rail-statement-matching.js';
import { railOfReconGateway, type StatementRail } from '../../domain/reconciliation/rail-statements.js';

/**
 * A payout rail's day (`payout-<rail>`) matched against its statements, and what finance's
 * actions on its exceptions post. A clean match posts nothing: the payout booked its transfer and
 * fee when the rail answered. The exceptions are recorded on the day's run as any other day's are,
 * so resolving them follows the same rules (a second operator beyond the rounding tolerance, never
 * the statement's uploader).
 */

export interface MatchedRailDay {
  lines: number;
  matched: number;
  openExceptions: number;
  pendingPayouts: number;
}

export async function matchRailReconDay(
  fork: () => EntityManager,
  day: { gateway: string; mode: ReconRun['mode']; settlementDate: string; pastGrace: boolean },
  runId: number,
): Promise<MatchedRailDay> {
  const rail = railOfReconGateway(day.gateway)!;
  const railDay = { rail, mode: day.mode, date: day.settlementDate };
  const lines = await railLinesOfDay(fork(), railDay);
  const references = [...new Set(lines.flatMap((l) => (l.reference ? [l.reference] : [])))];
  const [payouts, firstLineOf, paidOnDay] = await Promise.all([
    railPayoutsByReference(fork(), railDay, references),
    firstRailLines(fork(), railDay, references),
    payoutsPaidOnDay(fork(), railDay),
  ]);
  const result = matchRailDay({ lines, payouts, firstLineOf, paidOnDay, pastGrace: day.pastGrace });
  const found = new Set(result.exceptions.map((e) => `${e.kind}|${e.subject}`));
  const run = await fork().transactional(async (tx) => {
    await upsertExceptions(tx, runId, result.exceptions);
    await resolveVanishedExceptions(tx, runId, found);
    await refreshRunFigures(tx, runId);
    // The day's lines are the rail's, not settlement lines: its counts say so.
    await tx.execute('update recon_runs set line_count = ?, matched_count = ? where id = ?', [
      lines.length,
      result.matched,
      runId,
    ]);
    const [row] = await tx.execute<Array<{ open_exception_count: number }>>(
      'select open_exception_count from recon_runs where id = ?',
      [runId],
    );
    return { openExceptions: Number(row?.open_exception_count ?? 0) };
  });
  return {
    lines: lines.length,
    matched: result.matched,
    openExceptions: run.openExceptions,
    pendingPayouts: result.pending,
  };
}

/** What settling a rail exception would post: the adjustment to the rail's balance, or the fee difference. */
export interface RailResolutionPlan {
  rail: StatementRail;
  /** RAIL_FEE_MISMATCH accepted: the statement's fee less the fee booked. */
  feeDifferenceMinor: number | null;
  /** What the rail's disbursement balance gains (negative: loses) by the adjustment. */
  adjustmentMinor: number | null;
  postingMinor: number;
}

export async function planRailResolution(
  em: EntityManager,
  run: Pick<ReconRun, 'gateway'>,
  exception: ReconException,
  action: 'POST_ADJUSTMENT' | 'ACCEPT_FEE_DIFFERENCE' | 'REFUND',
): Promise<RailResolutionPlan> {
  const rail = railOfReconGateway(run.gateway)!;
  const line = exception.railLineId === null ? null : await railLineById(em, exception.railLineId);
  if (action === 'ACCEPT_FEE_DIFFERENCE') {
    const difference = (exception.actualMinor ?? 0) - (exception.expectedMinor ?? 0);
    return { rail, feeDifferenceMinor: difference, adjustmentMinor: null, postingMinor: difference };
  }
  // Money the ledger does not know left the rail's balance (a debit: the amount and its fee) or
  // came back to it (a credit); an amount mismatch moved the difference.
  let adjustmentMinor = 0;
  if (line) {
    const moved = line.direction === 'DEBIT' ? -(line.amountMinor + line.feeMinor) : line.amountMinor;
    if (exception.kind === 'RAIL_AMOUNT_MISMATCH') {
      const expected = exception.expectedMinor ?? 0;
      adjustmentMinor =
        line.direction === 'DEBIT' ? -(line.amountMinor - expected) : line.amountMinor - expected;
    } else {
      adjustmentMinor = moved;
    }
  }
  return { rail, feeDifferenceMinor: null, adjustmentMinor, postingMinor: adjustmentMinor };
}

/** Posts a rail exception's resolution once (entries are keyed by the exception); the entry's id. */
export async function postRailResolution(
  tx: EntityManager,
  run: ReconRun,
  exception: ReconException,
  action: 'POST_ADJUSTMENT' | 'ACCEPT_FEE_DIFFERENCE' | 'REFUND',
): Promise<number | null> {
  const plan = await planRailResolution(tx, run, exception, action);
  const money = {
    gateway: plan.rail,
    mode: run.mode,
    currency: exception.currency,
    exceptionReference: exception.reference,
  };
  const draft =
    plan.feeDifferenceMinor !== null
      ? railFeeAdjustmentEntry({ ...money, differenceMinor: plan.feeDifferenceMinor })
      : railAdjustmentEntry({ ...money, amountMinor: plan.adjustmentMinor ?? 0 });
  return draft ? (await postJournalEntry(tx, draft)).entryId : null;
}
