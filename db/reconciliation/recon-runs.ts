import type { EntityManager } from '@mikro-orm/postgresql';
import { randomToken } from '../../domain/shared/ids.js';
import type { Mode } from '../../domain/shared/mode.js';
import type { Currency } from '../../domain/shared/money.js';
import type {
  ReconAction,
  ReconExceptionDraft,
  ReconExceptionKind,
  ReconMatch,
  ReconTotals,
} from '../../domain/reconciliation/reconciliation.js';
import { appendAudit, systemActor } from '../operators/audit.js';
import { executeBound } from '../../platform/orm/bound-sql.js';
import { instant, json, text, type Row } from '../../platform/orm/row-values.js';

/** Reconciliation's own records: a run per settlement day, its matches and its exceptions. */

export interface ReconDay {
  gateway: string;
  mode: Mode;
  settlementDate: string;
}

export interface ReconRun extends ReconDay {
  id: number;
  status: 'OPEN' | 'CLOSED';
  workflowId: string;
  lineCount: number;
  matchedCount: number;
  exceptionCount: number;
  openExceptionCount: number;
  totals: Record<string, ReconTotals & { expectedNetMinor?: number }>;
  lastMatchedAt: Date | null;
  closedAt: Date | null;
  /** The payout window the day is matched with (null for a day opened before windows were kept). */
  payoutWindowDays: number | null;
}

const RUN_COLUMNS = `id, gateway, mode, to_char(settlement_date, 'YYYY-MM-DD') as settlement_date, status,
  workflow_id, line_count, matched_count, exception_count, open_exception_count, totals, last_matched_at,
  closed_at, payout_window_days`;

function runFromRow(row: Row): ReconRun {
  return {
    id: Number(row.id),
    gateway: String(row.gateway),
    mode: row.mode as Mode,
    settlementDate: String(row.settlement_date),
    status: row.status as ReconRun['status'],
    workflowId: String(row.workflow_id),
    lineCount: Number(row.line_count),
    matchedCount: Number(row.matched_count),
    exceptionCount: Number(row.exception_count),
    openExceptionCount: Number(row.open_exception_count),
    totals: json(row.totals),
    lastMatchedAt: instant(row.last_matched_at),
    closedAt: instant(row.closed_at),
    payoutWindowDays: row.payout_window_days === null ? null : Number(row.payout_window_days),
  };
}

/**
 * The day's run, opened on first use; a closed day that gets work again opens again. It keeps the
 * payout window its workflow matches with.
 */
export async function openRun(
  em: EntityManager,
  day: ReconDay,
  workflowId: string,
  payoutWindowDays: number,
): Promise<ReconRun> {
  const [row] = await em.execute<Row[]>(
    `insert into recon_runs (gateway, mode, settlement_date, workflow_id, payout_window_days)
     values (?, ?, ?::date, ?, ?)
     on conflict (gateway, mode, settlement_date)
       do update set updated_at = now(), payout_window_days = excluded.payout_window_days
     returning ${RUN_COLUMNS}`,
    [day.gateway, day.mode, day.settlementDate, workflowId, payoutWindowDays],
  );
  return runFromRow(row!);
}

export async function findRun(em: EntityManager, day: ReconDay): Promise<ReconRun | null> {
  const [row] = await em.execute<Row[]>(
    `select ${RUN_COLUMNS} from recon_runs where gateway = ? and mode = ? and settlement_date = ?::date`,
    [day.gateway, day.mode, day.settlementDate],
  );
  return row ? runFromRow(row) : null;
}

export async function findRunById(em: EntityManager, id: number): Promise<ReconRun | null> {
  const [row] = await em.execute<Row[]>(`select ${RUN_COLUMNS} from recon_runs where id = ?`, [id]);
  return row ? runFromRow(row) : null;
}

/**
 * Records a batch's matches with the entries that posted them (a line already matched is left as
 * it is) and returns the lines that are new.
 */
export async function insertMatches(
  tx: EntityManager,
  runId: number,
  matches: ReadonlyArray<
    ReconMatch & { settlementEntryId: number | null; feeAdjustmentEntryId: number | null }
  >,
): Promise<Set<number>> {
  if (matches.length === 0) return new Set();
  const rows = await executeBound(
    tx,
    `insert into recon_matches (run_id, line_id, payment_id, refund_id, fee_difference_minor, settlement_entry_id,
       fee_adjustment_entry_id)
     select ?::bigint, x.line_id, x.payment_id, x.refund_id, x.fee_difference_minor, x.settlement_entry_id,
       x.fee_adjustment_entry_id
       from jsonb_to_recordset(?::jsonb) as x(line_id bigint, payment_id bigint, refund_id bigint,
         fee_difference_minor bigint, settlement_entry_id bigint, fee_adjustment_entry_id bigint)
     order by x.line_id
     on conflict (line_id) do nothing
     returning line_id`,
    [
      runId,
      JSON.stringify(
        matches.map((m) => ({
          line_id: m.lineId,
          payment_id: m.target.type === 'payment' ? m.target.id : null,
          refund_id: m.target.type === 'refund' ? m.target.id : null,
          fee_difference_minor: m.feeDifferenceMinor,
          settlement_entry_id: m.settlementEntryId,
          fee_adjustment_entry_id: m.feeAdjustmentEntryId,
        })),
      ),
    ],
  );
  return new Set(rows.map((r) => Number(r.line_id)));
}

export const newExceptionReference = () => `rex_${randomToken(20)}`;

/**
 * Records exceptions found by a match, once per (run, kind, subject): found again, it is left as
 * it is, except that one a re-match had resolved by itself opens again.
 */
export async function upsertExceptions(
  tx: EntityManager,
  runId: number,
  exceptions: readonly ReconExceptionDraft[],
): Promise<void> {
  if (exceptions.length === 0) return;
  await executeBound(
    tx,
    `insert into recon_exceptions (reference, run_id, kind, subject, line_id, payment_id, refund_id, payout_batch,
       payout_id, rail_line_id, currency, expected_minor, actual_minor, detail)
     select x.reference, ?::bigint, x.kind, x.subject, x.line_id, x.payment_id, x.refund_id, x.payout_batch,
       x.payout_id, x.rail_line_id, x.currency, x.expected_minor, x.actual_minor, x.detail
       from jsonb_to_recordset(?::jsonb) as x(reference text, kind text, subject text, line_id bigint,
         payment_id bigint, refund_id bigint, payout_batch text, payout_id bigint, rail_line_id bigint,
         currency text, expected_minor bigint, actual_minor bigint, detail text)
     order by x.kind, x.subject
     on conflict (run_id, kind, subject) do update
       set status = 'OPEN', action = null, resolved_at = null, updated_at = now(),
           expected_minor = excluded.expected_minor, actual_minor = excluded.actual_minor, detail = excluded.detail
       where recon_exceptions.status = 'RESOLVED' and recon_exceptions.action = 'AUTO'`,
    [
      runId,
      JSON.stringify(
        exceptions.map((e) => ({
          reference: newExceptionReference(),
          kind: e.kind,
          subject: e.subject,
          line_id: e.lineId,
          payment_id: e.paymentId,
          refund_id: e.refundId,
          payout_batch: e.payoutBatch,
          payout_id: e.payoutId ?? null,
          rail_line_id: e.railLineId ?? null,
          currency: e.currency,
          expected_minor: e.expectedMinor,
          actual_minor: e.actualMinor,
          detail: e.detail,
        })),
      ),
    ],
  );
}

/** The note an exception resolved by itself carries when no operator wrote one. */
export const AUTO_RESOLVED_NOTE = 'No longer found when the day was matched again';

/**
 * Resolves by itself every open exception of the run that the latest full match no longer found
 * (a late line, a late payment, the rest of a short payout arrived). `found` holds `kind|subject`
 * of what it found. An exception is never deleted: it stays, RESOLVED as AUTO, with what finance
 * wrote on it (an escalation's note and time), and one finance had acted on is audited as closed.
 */
export async function resolveVanishedExceptions(
  tx: EntityManager,
  runId: number,
  found: ReadonlySet<string>,
): Promise<number> {
  const open = await tx.execute<Row[]>(
    `select id, reference, kind, subject, note, escalated_at from recon_exceptions
      where run_id = ? and status = 'OPEN'`,
    [runId],
  );
  const vanished = open.filter((r) => !found.has(`${String(r.kind)}|${String(r.subject)}`));
  if (vanished.length === 0) return 0;
  await tx.execute(
    `update recon_exceptions set status = 'RESOLVED', action = 'AUTO', resolved_at = now(), updated_at = now(),
       note = coalesce(note, ?)
      where id in (select jsonb_array_elements_text(?::jsonb)::bigint) and status = 'OPEN'`,
    [AUTO_RESOLVED_NOTE, JSON.stringify(vanished.map((r) => Number(r.id)))],
  );
  for (const row of vanished.filter((r) => r.note !== null || r.escalated_at !== null)) {
    await appendAudit(tx, systemActor('reconciliation workflow'), {
      action: 'reconciliation.exception_resolved',
      targetType: 'recon_exception',
      targetId: String(row.reference),
      before: {
        status: 'OPEN',
        kind: String(row.kind),
        note: text(row.note),
        escalatedAt: row.escalated_at,
      },
      after: { status: 'RESOLVED', action: 'AUTO', reason: AUTO_RESOLVED_NOTE },
    });
  }
  return vanished.length;
}

/** Recounts a run from its lines, matches and exceptions, with its totals per currency. */
export async function refreshRunFigures(tx: EntityManager, runId: number): Promise<ReconRun> {
  const [row] = await tx.execute<Row[]>(
    `with run as (select * from recon_runs where id = ?),
     lines as (
       select l.* from settlement_lines l, run
        where l.gateway = run.gateway and l.mode = run.mode and l.settlement_date = run.settlement_date),
     per_currency as (
       select l.currency,
              coalesce(sum(l.gross_minor) filter (where l.type in ('PAYMENT', 'ADJUSTMENT')), 0) as gross,
              coalesce(sum(l.gross_minor) filter (where l.type = 'REFUND'), 0) as refunds,
              coalesce(sum(l.gross_minor) filter (where l.type = 'CHARGEBACK'), 0) as chargebacks,
              coalesce(sum(l.fee_minor), 0) as fee, coalesce(sum(l.net_minor), 0) as net, count(*) as lines,
              coalesce(sum(l.net_minor) filter (where m.id is not null), 0) as matched_net
         from lines l left join recon_matches m on m.line_id = l.id
        group by l.currency)
     update recon_runs r set
       line_count = (select count(*) from lines),
       matched_count = (select count(*) from lines l join recon_matches m on m.line_id = l.id),
       exception_count = (select count(*) from recon_exceptions e where e.run_id = r.id),
       open_exception_count = (select count(*) from recon_exceptions e where e.run_id = r.id and e.status = 'OPEN'),
       totals = coalesce((select jsonb_object_agg(currency, jsonb_build_object('grossMinor', gross,
                  'refundsMinor', refunds, 'chargebacksMinor', chargebacks, 'feeMinor', fee, 'netMinor', net,
                  'matchedNetMinor', matched_net, 'lines', lines)) from per_currency), '{}'),
       last_matched_at = now(), updated_at = now()
      where r.id = ?
     returning ${RUN_COLUMNS}`,
    [runId, runId],
  );
  return runFromRow(row!);
}

export async function setRunStatus(
  em: EntityManager,
  runId: number,
  status: 'OPEN' | 'CLOSED',
): Promise<void> {
  await em.execute(
    `update recon_runs set status = ?, closed_at = case when ? = 'CLOSED' then now() else null end,
       updated_at = now() where id = ?`,
    [status, status, runId],
  );
}

export async function openExceptionCount(em: EntityManager, runId: number): Promise<number> {
  const [row] = await em.execute<Row[]>(
    `select count(*) as n from recon_exceptions where run_id = ? and status = 'OPEN'`,
    [runId],
  );
  return Number(row!.n);
}

export interface ReconException {
  id: number;
  reference: string;
  runId: number;
  kind: ReconExceptionKind;
  subject: string;
  lineId: number | null;
  paymentId: number | null;
  refundId: number | null;
  payoutBatch: string | null;
  /** Rail kinds: the payout, and the rail statement line, the exception is about. */
  payoutId: number | null;
  railLineId: number | null;
  currency: Currency;
  expectedMinor: number | null;
  actualMinor: number | null;
  detail: string;
  status: 'OPEN' | 'RESOLVED';
  action: ReconAction | 'AUTO' | null;
  note: string | null;
  escalatedAt: Date | null;
  resolvedBy: number | null;
  resolvedAt: Date | null;
  journalEntryId: number | null;
  /** The refund finance asked for (REFUND): the exception resolves when it succeeds. */
  resolvingRefundId: number | null;
}

const EXCEPTION_COLUMNS = `id, reference, run_id, kind, subject, line_id, payment_id, refund_id, payout_batch,
  payout_id, rail_line_id, currency, expected_minor, actual_minor, detail, status, action, note, escalated_at, resolved_by, resolved_at,
  journal_entry_id, resolving_refund_id`;

const nullableNumber = (value: unknown) => (value === null || value === undefined ? null : Number(value));

function exceptionFromRow(row: Row): ReconException {
  return {
    id: Number(row.id),
    reference: String(row.reference),
    runId: Number(row.run_id),
    kind: row.kind as ReconExceptionKind,
    subject: String(row.subject),
    lineId: nullableNumber(row.line_id),
    paymentId: nullableNumber(row.payment_id),
    refundId: nullableNumber(row.refund_id),
    payoutBatch: text(row.payout_batch),
    payoutId: nullableNumber(row.payout_id),
    railLineId: nullableNumber(row.rail_line_id),
    currency: row.currency as Currency,
    expectedMinor: nullableNumber(row.expected_minor),
    actualMinor: nullableNumber(row.actual_minor),
    detail: String(row.detail),
    status: row.status as ReconException['status'],
    action: text(row.action) as ReconException['action'],
    note: text(row.note),
    escalatedAt: instant(row.escalated_at),
    resolvedBy: nullableNumber(row.resolved_by),
    resolvedAt: instant(row.resolved_at),
    journalEntryId: nullableNumber(row.journal_entry_id),
    resolvingRefundId: nullableNumber(row.resolving_refund_id),
  };
}

export async function findException(em: EntityManager, reference: string): Promise<ReconException | null> {
  const [row] = await em.execute<Row[]>(
    `select ${EXCEPTION_COLUMNS} from recon_exceptions where reference = ?`,
    [reference],
  );
  return row ? exceptionFromRow(row) : null;
}

/** The exception's row locked for the caller's transaction: resolved once. */
export async function lockException(tx: EntityManager, id: number): Promise<ReconException | null> {
  const [row] = await tx.execute<Row[]>(
    `select ${EXCEPTION_COLUMNS} from recon_exceptions where id = ? for update`,
    [id],
  );
  return row ? exceptionFromRow(row) : null;
}

export async function exceptionsOfRun(
  em: EntityManager,
  runId: number,
  status?: 'OPEN' | 'RESOLVED',
): Promise<ReconException[]> {
  const rows = await em.execute<Row[]>(
    `select ${EXCEPTION_COLUMNS} from recon_exceptions where run_id = ? ${status ? 'and status = ?' : ''}
      order by id`,
    status ? [runId, status] : [runId],
  );
  return rows.map(exceptionFromRow);
}

/** The refund finance asked for on an open exception: it resolves the exception once it succeeds. */
export async function setResolvingRefund(tx: EntityManager, id: number, refundId: number): Promise<void> {
  await tx.execute(
    `update recon_exceptions set resolving_refund_id = ?, updated_at = now() where id = ? and status = 'OPEN'`,
    [refundId, id],
  );
}

/** Open exceptions waiting for this refund, locked for the caller's transaction. */
export async function lockExceptionsAwaitingRefund(
  tx: EntityManager,
  refundId: number,
): Promise<ReconException[]> {
  const rows = await tx.execute<Row[]>(
    `select ${EXCEPTION_COLUMNS} from recon_exceptions where resolving_refund_id = ? and status = 'OPEN'
      order by id for update`,
    [refundId],
  );
  return rows.map(exceptionFromRow);
}

/** An operator's action applied: what it posted, who, and the exception's new state. */
export async function applyExceptionAction(
  tx: EntityManager,
  id: number,
  applied: {
    action: ReconAction;
    note: string;
    operatorId: number | null;
    journalEntryId: number | null;
  },
): Promise<void> {
  if (applied.action === 'ESCALATE') {
    await tx.execute(
      `update recon_exceptions set action = 'ESCALATE', note = ?, escalated_at = now(), updated_at = now()
        where id = ?`,
      [applied.note, id],
    );
    return;
  }
  await tx.execute(
    `update recon_exceptions set status = 'RESOLVED', action = ?, note = ?, resolved_by = ?, resolved_at = now(),
       journal_entry_id = ?, updated_at = now()
      where id = ? and status = 'OPEN'`,
    [applied.action, applied.note, applied.operatorId, applied.journalEntryId, id],
  );
}

/** A line an operator's action settled: recorded as the line's match, with the entries that posted it. */
export async function insertResolutionMatch(
  tx: EntityManager,
  match: {
    runId: number;
    lineId: number;
    paymentId: number | null;
    refundId: number | null;
    feeDifferenceMinor: number;
    settlementEntryId: number | null;
    feeAdjustmentEntryId: number | null;
    adjustmentEntryId: number | null;
    exceptionId: number;
  },
): Promise<void> {
  await tx.execute(
    `insert into recon_matches (run_id, line_id, payment_id, refund_id, fee_difference_minor, settlement_entry_id,
       fee_adjustment_entry_id, adjustment_entry_id, resolved_exception_id)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?)
     on conflict (line_id) do nothing`,
    [
      match.runId,
      match.lineId,
      match.paymentId,
      match.refundId,
      match.feeDifferenceMinor,
      match.settlementEntryId,
      match.feeAdjustmentEntryId,
      match.adjustmentEntryId,
      match.exceptionId,
    ],
  );
}
