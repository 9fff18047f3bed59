import type { EntityManager } from '@mikro-orm/postgresql';
import {
  cashPositions,
  findReconRun,
  listReconRuns,
  listRunExceptions,
  listRunLines,
  runExceptionBatches,
  runLineBatches,
  type ReconExceptionView,
  type ReconLineView,
  type ReconRunView,
  type SettlementFigures,
} from '../../../db/reconciliation/reconciliation-views.js';
import { statementCoverage } from '../../../db/reconciliation/bank-statements.js';
import { expectedPayouts, payoutReceipts } from '../../../db/reconciliation/payout-receipts.js';
import { ApiError } from '../../../domain/shared/errors.js';
import {
  holdsDayOpen,
  payoutKey,
  payoutStatus,
  receivedByPayout,
} from '../../../domain/reconciliation/payout-matching.js';
import { graceEndsAt } from '../../../domain/reconciliation/reconciliation.js';
import type { Mode } from '../../../domain/shared/mode.js';
import type { Currency } from '../../../domain/shared/money.js';
import type { RouteDeps } from '../../deps.js';
import { decimal, exportFileName, isoTime, type CsvExport } from '../exports/csv-export.js';
import { temporalWorkflowUrl } from '../payments/service.js';
import { runIdParam, type ExceptionsQuery, type LinesQuery, type RunsQuery } from './schemas.js';

/** What the JSON API, the dashboard pages and the CSV exports read of reconciliation: one place each. */

const em = (deps: Pick<RouteDeps, 'orm'>) => deps.orm.em.fork() as EntityManager;

function figuresView(f: SettlementFigures) {
  return {
    ...f,
    differenceMinor: f.netMinor - f.expectedNetMinor,
    netFormatted: decimal(f.netMinor, f.currency),
    expectedNetFormatted: decimal(f.expectedNetMinor, f.currency),
  };
}

export function runView(deps: RouteDeps, run: ReconRunView) {
  return {
    id: run.id,
    gateway: run.gateway,
    mode: run.mode,
    settlementDate: run.settlementDate,
    status: run.status,
    lineCount: run.lineCount,
    matchedCount: run.matchedCount,
    exceptionCount: run.exceptionCount,
    openExceptionCount: run.openExceptionCount,
    figures: run.figures.map(figuresView),
    lastMatchedAt: isoTime(run.lastMatchedAt),
    closedAt: isoTime(run.closedAt),
    workflowId: run.workflowId,
    temporalUrl: temporalWorkflowUrl(deps, run.workflowId),
  };
}
export type RunView = ReturnType<typeof runView>;

export function exceptionView(e: ReconExceptionView) {
  return {
    ...e,
    escalatedAt: isoTime(e.escalatedAt),
    resolvedAt: isoTime(e.resolvedAt),
    createdAt: isoTime(e.createdAt)!,
  };
}
export type ExceptionView = ReturnType<typeof exceptionView>;

export type LineView = ReconLineView;

export async function runList(deps: RouteDeps, query: RunsQuery) {
  const result = await listReconRuns(em(deps), query);
  return { items: result.items.map((run) => runView(deps, run)), total: result.total };
}

export async function runOr404(deps: RouteDeps, rawId: string): Promise<ReconRunView> {
  const id = runIdParam.safeParse(rawId);
  const run = id.success ? await findReconRun(em(deps), Number(id.data)) : null;
  if (!run) throw new ApiError('RECON_RUN_NOT_FOUND');
  return run;
}

export async function runDetail(deps: RouteDeps, rawId: string) {
  const run = await runOr404(deps, rawId);
  return { ...runView(deps, run), payouts: await runPayouts(deps, run) };
}

/**
 * The day's cash view: each payout batch its lines add up to, against the credits that brought it
 * to the bank (received, short or over, missing once the statements cover its window, else
 * pending), read with the payout window the day is matched with.
 */
export async function runPayouts(deps: RouteDeps, run: ReconRunView) {
  const account = { gateway: run.gateway, mode: run.mode };
  const day = { from: run.settlementDate, to: run.settlementDate };
  const [payouts, receipts, coverage] = await Promise.all([
    expectedPayouts(em(deps), account, day),
    payoutReceipts(em(deps), account, day),
    statementCoverage(em(deps), account),
  ]);
  const windowDays = run.payoutWindowDays ?? deps.orchestrator.payoutWindowDays(run.gateway);
  const received = receivedByPayout(receipts);
  return payouts
    .filter((p) => p.amountMinor > 0)
    .map((p) => {
      const receivedMinor = received.get(payoutKey(p)) ?? null;
      return {
        payoutBatch: p.payoutBatch,
        currency: p.currency,
        expectedMinor: p.amountMinor,
        expectedFormatted: decimal(p.amountMinor, p.currency),
        receivedMinor,
        receivedFormatted: receivedMinor === null ? null : decimal(receivedMinor, p.currency),
        credits: receipts
          .filter((r) => payoutKey(r) === payoutKey(p))
          .map((r) => ({
            valueDate: r.valueDate,
            amountMinor: r.receivedMinor,
            amountFormatted: decimal(r.receivedMinor, p.currency),
            bankReference: r.bankReference,
            description: r.description,
            matchedBy: r.matchedBy,
          })),
        status: payoutStatus(p, receivedMinor, coverage, windowDays),
      };
    });
}
export type RunPayoutView = Awaited<ReturnType<typeof runPayouts>>[number];

/**
 * Besides its open exceptions, what a day still waits for before it may close: the end of its
 * grace period, and payouts the bank's statements do not show yet while they are being imported.
 */
export async function dayWaitsFor(deps: RouteDeps, run: ReconRunView, payouts: readonly RunPayoutView[]) {
  const graceEnds = new Date(graceEndsAt(run.settlementDate, deps.orchestrator.reconGraceDays(run.gateway)));
  const coverage = await statementCoverage(em(deps), { gateway: run.gateway, mode: run.mode });
  const day = { settlementDate: run.settlementDate };
  return {
    graceEndsAt: graceEnds.getTime() > Date.now() ? graceEnds.toISOString() : null,
    pendingPayouts: payouts.filter(
      (p) =>
        p.status === 'PENDING' &&
        holdsDayOpen(
          { ...day, ...p, currency: p.currency as Currency, amountMinor: p.expectedMinor },
          coverage,
        ),
    ),
  };
}

export async function runExceptions(deps: RouteDeps, rawId: string, query: ExceptionsQuery) {
  const run = await runOr404(deps, rawId);
  const result = await listRunExceptions(em(deps), run.id, query);
  return { run, items: result.items.map(exceptionView), total: result.total };
}

export async function runLines(deps: RouteDeps, rawId: string, query: LinesQuery) {
  const run = await runOr404(deps, rawId);
  const result = await listRunLines(em(deps), run.id, query);
  return { run, items: result.items, total: result.total };
}

export async function cash(deps: RouteDeps, mode: Mode) {
  return (await cashPositions(em(deps), mode)).map((p) => ({
    ...p,
    /** What the gateway should still pay out beyond what it reported and we have not posted. */
    clearingFormatted: decimal(p.clearingMinor, p.currency),
    settledFormatted: decimal(p.settledMinor, p.currency),
  }));
}

const runName = (run: ReconRunView) => [run.gateway, run.mode, run.settlementDate];

/** A run's settlement lines as CSV: what the gateway reported and what matching made of each. */
export function runLinesExport(deps: RouteDeps, run: ReconRunView): CsvExport {
  return {
    what: 'reconciliation_lines',
    fileName: exportFileName('settlement-lines', ...runName(run)),
    filters: { runId: run.id, gateway: run.gateway, mode: run.mode, settlementDate: run.settlementDate },
    header: [
      'line_id',
      'settlement_date',
      'gateway_transaction_id',
      'reference',
      'type',
      'currency',
      'gross_minor',
      'fee_minor',
      'net_minor',
      'gross',
      'fee',
      'net',
      'payout_batch',
      'outcome',
      'payment_reference',
      'refund_reference',
      'fee_difference_minor',
      'settlement_entry_id',
      'exception_reference',
      'exception_kind',
    ],
    batches: (async function* () {
      for await (const batch of runLineBatches(em(deps), run.id)) {
        yield batch.map((l) => [
          l.id,
          l.settlementDate,
          l.gatewayTransactionId,
          l.reference,
          l.type,
          l.currency,
          l.grossMinor,
          l.feeMinor,
          l.netMinor,
          decimal(l.grossMinor, l.currency),
          decimal(l.feeMinor, l.currency),
          decimal(l.netMinor, l.currency),
          l.payoutBatch,
          l.outcome,
          l.paymentReference,
          l.refundReference,
          l.feeDifferenceMinor,
          l.settlementEntryId,
          l.exceptionReference,
          l.exceptionKind,
        ]);
      }
    })(),
  };
}

/** A run's exceptions as CSV, with how each was resolved. */
export function runExceptionsExport(deps: RouteDeps, run: ReconRunView): CsvExport {
  return {
    what: 'reconciliation_exceptions',
    fileName: exportFileName('settlement-exceptions', ...runName(run)),
    filters: { runId: run.id, gateway: run.gateway, mode: run.mode, settlementDate: run.settlementDate },
    header: [
      'reference',
      'kind',
      'status',
      'currency',
      'expected_minor',
      'actual_minor',
      'expected',
      'actual',
      'payment_reference',
      'refund_reference',
      'gateway_transaction_id',
      'line_type',
      'payout_batch',
      'detail',
      'action',
      'note',
      'resolved_by',
      'resolved_at',
      'journal_entry_id',
      'found_at',
    ],
    batches: (async function* () {
      for await (const batch of runExceptionBatches(em(deps), run.id)) {
        yield batch.map((e) => [
          e.reference,
          e.kind,
          e.status,
          e.currency,
          e.expectedMinor,
          e.actualMinor,
          e.expectedMinor === null ? null : decimal(e.expectedMinor, e.currency),
          e.actualMinor === null ? null : decimal(e.actualMinor, e.currency),
          e.paymentReference,
          e.refundReference,
          e.gatewayTransactionId,
          e.lineType,
          e.payoutBatch,
          e.detail,
          e.action,
          e.note,
          e.resolvedBy,
          isoTime(e.resolvedAt),
          e.journalEntryId,
          isoTime(e.createdAt),
        ]);
      }
    })(),
  };
}
