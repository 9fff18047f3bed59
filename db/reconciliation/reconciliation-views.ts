import type { EntityManager } from '@mikro-orm/postgresql';
import type { Mode } from '../../domain/shared/mode.js';
import { listAccounts } from '../ledger/ledger-balances.js';
import type { Row } from '../../platform/orm/row-values.js';

/**
 * What finance reads of reconciliation: each settlement day's run with its figures per currency,
 * its exceptions, its lines and what each matched, and each gateway's cash position. Read-only;
 * the figures are computed from the facts (settlement lines, matches, exceptions, postings) at
 * read time, so they are never stale.
 */

/** Per currency, what the gateway says it paid out on the day, and what the ledger expected of it. */
export interface SettlementFigures {
  currency: string;
  lines: number;
  /** Payments and adjustments (positive). */
  grossMinor: number;
  feeMinor: number;
  /** Refunds (negative, as the gateway reports them). */
  refundsMinor: number;
  /** Chargebacks and disputes (negative). */
  disputesMinor: number;
  /** What the gateway says it paid out: gross + refunds + disputes − fees. */
  netMinor: number;
  /**
   * What the ledger expected for the day: each matched line's gross less the fee booked at
   * capture, what a mismatched line's payment or refund should have brought, chargebacks as
   * reported, payments no line settled, and nothing for a line nobody expected.
   */
  expectedNetMinor: number;
}

export interface ReconRunView {
  id: number;
  gateway: string;
  mode: Mode;
  settlementDate: string;
  status: 'OPEN' | 'CLOSED';
  workflowId: string;
  lineCount: number;
  matchedCount: number;
  exceptionCount: number;
  openExceptionCount: number;
  lastMatchedAt: Date | null;
  closedAt: Date | null;
  createdAt: Date;
  /** The payout window the day was matched with; null for a day opened before windows were kept. */
  payoutWindowDays: number | null;
  figures: SettlementFigures[];
}

export interface ReconRunFilters {
  mode: Mode;
  gateway?: string;
  status?: 'OPEN' | 'CLOSED';
  /** Settlement dates, both included (YYYY-MM-DD). */
  from?: string;
  to?: string;
  page: number;
  size: number;
}

const instant = (value: unknown) => (value ? new Date(value as string) : null);

/**
 * Figures per run and currency. A line's expectation: matched → its gross less the fee booked
 * (its net plus the fee difference the match recorded); an amount mismatch → what the exception
 * expected (a net); a fee mismatch → its gross less the fee expected; a chargeback → as reported
 * (the dispute takes it out of the clearing account); unknown or duplicate → nothing. Payments
 * captured for the day (the day after their capture, in Dhaka) that no line settled or named add
 * what they were expected to bring, from the moment they are captured: during the grace period
 * too, before any UNSETTLED_PAYMENT is raised, so the difference shows the money still to come.
 */
const FIGURES = `
  with run as (select id, gateway, mode, settlement_date from recon_runs where id = any(?::bigint[])),
  line_exceptions as (
    select distinct on (e.line_id) e.line_id, e.run_id, e.kind, e.expected_minor
      from recon_exceptions e join run on run.id = e.run_id
     where e.line_id is not null
     order by e.line_id, e.id),
  lines as (
    select run.id as run_id, l.*, m.fee_difference_minor, (m.id is not null) as matched,
           x.kind as exception_kind, x.expected_minor as exception_expected
      from run join settlement_lines l
        on l.gateway = run.gateway and l.mode = run.mode and l.settlement_date = run.settlement_date
      left join recon_matches m on m.line_id = l.id
      left join line_exceptions x on x.line_id = l.id and x.run_id = run.id),
  per_line as (
    select run_id, currency, count(*) as lines,
           coalesce(sum(gross_minor) filter (where type in ('PAYMENT', 'ADJUSTMENT')), 0) as gross,
           coalesce(sum(fee_minor), 0) as fee,
           coalesce(sum(gross_minor) filter (where type = 'REFUND'), 0) as refunds,
           coalesce(sum(gross_minor) filter (where type = 'CHARGEBACK'), 0) as disputes,
           coalesce(sum(net_minor), 0) as net,
           coalesce(sum(case
             when matched then net_minor + coalesce(fee_difference_minor, 0)
             when type = 'CHARGEBACK' then net_minor
             when exception_kind = 'AMOUNT_MISMATCH' then coalesce(exception_expected, 0)
             when exception_kind = 'FEE_MISMATCH' then gross_minor - coalesce(exception_expected, fee_minor)
             else 0 end), 0) as expected
      from lines group by run_id, currency),
  -- What the gateway captured, as the capture entry booked it (not the amount asked).
  captured as (
    select distinct run.id as run_id, p.id, p.reference, p.currency,
           (select abs(po.amount_minor) from postings po join ledger_accounts ca on ca.id = po.account_id
             where po.entry_id = cap.id and ca.type = 'GATEWAY_CLEARING' limit 1) as amount_minor
      from run join journal_entries cap
        on cap.source_type = 'payment' and cap.kind in ('CAPTURE', 'UNAPPLIED_CAPTURE') and cap.mode = run.mode
       and cap.created_at >= (run.settlement_date::timestamp at time zone 'UTC') - interval '30 hours'
       and cap.created_at < (run.settlement_date::timestamp at time zone 'UTC') - interval '6 hours'
      join payments p on p.reference = cap.source_id and p.gateway = run.gateway and p.mode = run.mode),
  unsettled_items as (
    select e.run_id, e.currency, e.expected_minor as expected
      from recon_exceptions e join run on run.id = e.run_id
     where e.kind = 'UNSETTLED_PAYMENT'
    union all
    -- Still in the grace period: no exception yet, but the payment is expected all the same.
    select c.run_id, c.currency,
           c.amount_minor - coalesce((select po.amount_minor from journal_entries fe
               join postings po on po.entry_id = fe.id join ledger_accounts fa on fa.id = po.account_id
              where fe.source_type = 'payment' and fe.source_id = c.reference and fe.kind = 'FEE'
                and fa.type = 'GATEWAY_FEES' limit 1), 0)
      from captured c
     where not exists (select 1 from recon_matches m where m.payment_id = c.id)
       and not exists (select 1 from recon_exceptions x
                        where x.payment_id = c.id
                          and ((x.line_id is not null and x.kind in ('AMOUNT_MISMATCH', 'FEE_MISMATCH'))
                            or (x.kind = 'UNSETTLED_PAYMENT' and x.run_id = c.run_id)))),
  unsettled as (
    select run_id, currency, coalesce(sum(expected), 0) as expected
      from unsettled_items group by run_id, currency)
  select coalesce(l.run_id, u.run_id) as run_id, coalesce(l.currency, u.currency) as currency,
         coalesce(l.lines, 0) as lines, coalesce(l.gross, 0) as gross, coalesce(l.fee, 0) as fee,
         coalesce(l.refunds, 0) as refunds, coalesce(l.disputes, 0) as disputes, coalesce(l.net, 0) as net,
         coalesce(l.expected, 0) + coalesce(u.expected, 0) as expected
    from per_line l full join unsettled u on u.run_id = l.run_id and u.currency = l.currency
   order by 1, 2`;

async function figuresOf(em: EntityManager, runIds: number[]): Promise<Map<number, SettlementFigures[]>> {
  const byRun = new Map<number, SettlementFigures[]>();
  if (!runIds.length) return byRun;
  const rows = await em.execute<Row[]>(FIGURES, [`{${runIds.join(',')}}`]);
  for (const row of rows) {
    const runId = Number(row.run_id);
    const list = byRun.get(runId) ?? [];
    list.push({
      currency: String(row.currency),
      lines: Number(row.lines),
      grossMinor: Number(row.gross),
      feeMinor: Number(row.fee),
      refundsMinor: Number(row.refunds),
      disputesMinor: Number(row.disputes),
      netMinor: Number(row.net),
      expectedNetMinor: Number(row.expected),
    });
    byRun.set(runId, list);
  }
  return byRun;
}

const RUN_SELECT = `select r.id, r.gateway, r.mode, to_char(r.settlement_date, 'YYYY-MM-DD') as settlement_date,
  r.status, r.workflow_id, r.last_matched_at, r.closed_at, r.created_at, r.payout_window_days,
  (select count(*) from settlement_lines l
    where l.gateway = r.gateway and l.mode = r.mode and l.settlement_date = r.settlement_date) as line_count,
  (select count(*) from recon_matches m where m.run_id = r.id) as matched_count,
  (select count(*) from recon_exceptions e where e.run_id = r.id) as exception_count,
  (select count(*) from recon_exceptions e where e.run_id = r.id and e.status = 'OPEN') as open_exception_count
  from recon_runs r`;

async function runsWithFigures(em: EntityManager, rows: Row[]): Promise<ReconRunView[]> {
  const figures = await figuresOf(
    em,
    rows.map((r) => Number(r.id)),
  );
  return rows.map((row) => ({
    id: Number(row.id),
    gateway: String(row.gateway),
    mode: row.mode as Mode,
    settlementDate: String(row.settlement_date),
    status: row.status as ReconRunView['status'],
    workflowId: String(row.workflow_id),
    lineCount: Number(row.line_count),
    matchedCount: Number(row.matched_count),
    exceptionCount: Number(row.exception_count),
    openExceptionCount: Number(row.open_exception_count),
    lastMatchedAt: instant(row.last_matched_at),
    closedAt: instant(row.closed_at),
    createdAt: new Date(row.created_at as string),
    payoutWindowDays: row.payout_window_days === null ? null : Number(row.payout_window_days),
    figures: figures.get(Number(row.id)) ?? [],
  }));
}

/** Settlement days, newest first, then by gateway. */
export async function listReconRuns(
  em: EntityManager,
  f: ReconRunFilters,
): Promise<{ items: ReconRunView[]; total: number }> {
  const conditions = ['r.mode = ?'];
  const params: unknown[] = [f.mode];
  if (f.gateway) {
    conditions.push('r.gateway = ?');
    params.push(f.gateway);
  }
  if (f.status) {
    conditions.push('r.status = ?');
    params.push(f.status);
  }
  if (f.from) {
    conditions.push('r.settlement_date >= ?::date');
    params.push(f.from);
  }
  if (f.to) {
    conditions.push('r.settlement_date <= ?::date');
    params.push(f.to);
  }
  const where = conditions.join(' and ');
  const [counted] = await em.execute<Array<{ total: string }>>(
    `select count(*) as total from recon_runs r where ${where}`,
    params,
  );
  const rows = await em.execute<Row[]>(
    `${RUN_SELECT} where ${where} order by r.settlement_date desc, r.gateway, r.id desc limit ? offset ?`,
    [...params, f.size, (f.page - 1) * f.size],
  );
  return { items: await runsWithFigures(em, rows), total: Number(counted?.total ?? 0) };
}

export async function findReconRun(em: EntityManager, id: number): Promise<ReconRunView | null> {
  const rows = await em.execute<Row[]>(`${RUN_SELECT} where r.id = ?`, [id]);
  return rows.length ? (await runsWithFigures(em, rows))[0]! : null;
}

export interface ReconExceptionView {
  id: number;
  reference: string;
  kind: string;
  subject: string;
  status: 'OPEN' | 'RESOLVED';
  currency: string;
  expectedMinor: number | null;
  actualMinor: number | null;
  detail: string;
  paymentReference: string | null;
  refundReference: string | null;
  gatewayTransactionId: string | null;
  lineType: string | null;
  payoutBatch: string | null;
  action: string | null;
  note: string | null;
  escalatedAt: Date | null;
  resolvedBy: string | null;
  resolvedAt: Date | null;
  journalEntryId: number | null;
  /** The refund finance asked for on the exception (REFUND), and where it stands. */
  resolvingRefundReference: string | null;
  resolvingRefundStatus: string | null;
  /** An adjustment proposed on the exception, waiting for a second operator's approval. */
  proposal: { action: string; postingMinor: number | null; proposedBy: string } | null;
  /** The second operator who approved the adjustment that resolved it, when one was needed. */
  approvedBy: string | null;
  createdAt: Date;
}

const EXCEPTION_SELECT = `select e.id, e.reference, e.kind, e.subject, e.status, e.currency, e.expected_minor,
  e.actual_minor, e.detail, p.reference as payment_reference, rf.reference as refund_reference,
  l.gateway_transaction_id, l.type as line_type, coalesce(e.payout_batch, l.payout_batch) as payout_batch,
  e.action, e.note, e.escalated_at, o.email as resolved_by, e.resolved_at, e.journal_entry_id, e.created_at,
  rr.reference as resolving_refund_reference, rr.status as resolving_refund_status,
  pr.action as proposal_action, pr.posting_minor as proposal_posting_minor, pr.operator_email as proposal_by,
  ap.operator_email as approved_by
  from recon_exceptions e
  left join recon_decisions pr on pr.exception_id = e.id and pr.status = 'PROPOSED'
  left join lateral (
    select a.operator_email from recon_decisions d join recon_decision_approvals a on a.decision_id = d.id
     where d.exception_id = e.id and d.status = 'APPLIED' order by d.id desc limit 1) ap on true
  left join payments p on p.id = e.payment_id
  left join refunds rf on rf.id = e.refund_id
  left join refunds rr on rr.id = e.resolving_refund_id
  left join settlement_lines l on l.id = e.line_id
  left join operators o on o.id = e.resolved_by`;

function exceptionFromRow(row: Row): ReconExceptionView {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    id: Number(row.id),
    reference: String(row.reference),
    kind: String(row.kind),
    subject: String(row.subject),
    status: row.status as ReconExceptionView['status'],
    currency: String(row.currency),
    expectedMinor: num(row.expected_minor),
    actualMinor: num(row.actual_minor),
    detail: String(row.detail ?? ''),
    paymentReference: str(row.payment_reference),
    refundReference: str(row.refund_reference),
    gatewayTransactionId: str(row.gateway_transaction_id),
    lineType: str(row.line_type),
    payoutBatch: str(row.payout_batch),
    action: str(row.action),
    note: str(row.note),
    escalatedAt: instant(row.escalated_at),
    resolvedBy: str(row.resolved_by),
    resolvedAt: instant(row.resolved_at),
    journalEntryId: num(row.journal_entry_id),
    resolvingRefundReference: str(row.resolving_refund_reference),
    resolvingRefundStatus: str(row.resolving_refund_status),
    proposal:
      row.proposal_action === null || row.proposal_action === undefined
        ? null
        : {
            action: String(row.proposal_action),
            postingMinor: num(row.proposal_posting_minor),
            proposedBy: String(row.proposal_by),
          },
    approvedBy: str(row.approved_by),
    createdAt: new Date(row.created_at as string),
  };
}

export interface ExceptionFilters {
  status?: 'OPEN' | 'RESOLVED';
  page: number;
  size: number;
}

/** A run's exceptions: open first, then in the order they were found. */
export async function listRunExceptions(
  em: EntityManager,
  runId: number,
  f: ExceptionFilters,
): Promise<{ items: ReconExceptionView[]; total: number }> {
  // Every exception ever raised, those that resolved by themselves (AUTO) too: none is hidden.
  const conditions = [`e.run_id = ?`];
  const params: unknown[] = [runId];
  if (f.status) {
    conditions.push('e.status = ?');
    params.push(f.status);
  }
  const where = conditions.join(' and ');
  const [counted] = await em.execute<Array<{ total: string }>>(
    `select count(*) as total from recon_exceptions e where ${where}`,
    params,
  );
  const rows = await em.execute<Row[]>(
    `${EXCEPTION_SELECT} where ${where} order by (e.status = 'OPEN') desc, e.id limit ? offset ?`,
    [...params, f.size, (f.page - 1) * f.size],
  );
  return { items: rows.map(exceptionFromRow), total: Number(counted?.total ?? 0) };
}

/** A run's exceptions in keyset batches by id, for its CSV export. */
export async function* runExceptionBatches(
  em: EntityManager,
  runId: number,
  batchSize = 1000,
): AsyncGenerator<ReconExceptionView[]> {
  let after = 0;
  for (;;) {
    const rows = await em
      .fork()
      .execute<Row[]>(`${EXCEPTION_SELECT} where e.run_id = ? and e.id > ? order by e.id limit ?`, [
        runId,
        after,
        batchSize,
      ]);
    if (rows.length) yield rows.map(exceptionFromRow);
    if (rows.length < batchSize) return;
    after = Number(rows.at(-1)!.id);
  }
}

export interface ReconLineView {
  id: number;
  gatewayTransactionId: string;
  reference: string | null;
  type: string;
  currency: string;
  grossMinor: number;
  feeMinor: number;
  netMinor: number;
  settlementDate: string;
  payoutBatch: string | null;
  /** MATCHED (posted), EXCEPTION (waiting for finance or resolved), or PENDING (not matched yet). */
  outcome: 'MATCHED' | 'EXCEPTION' | 'PENDING';
  paymentReference: string | null;
  refundReference: string | null;
  feeDifferenceMinor: number | null;
  settlementEntryId: number | null;
  exceptionReference: string | null;
  exceptionKind: string | null;
}

const LINE_SELECT = `select l.id, l.gateway_transaction_id, l.reference, l.type, l.currency, l.gross_minor,
  l.fee_minor, l.net_minor, to_char(l.settlement_date, 'YYYY-MM-DD') as settlement_date, l.payout_batch,
  m.id as match_id, p.reference as payment_reference, rf.reference as refund_reference,
  m.fee_difference_minor, m.settlement_entry_id, x.reference as exception_reference, x.kind as exception_kind
  from recon_runs run
  join settlement_lines l on l.gateway = run.gateway and l.mode = run.mode and l.settlement_date = run.settlement_date
  left join recon_matches m on m.line_id = l.id
  left join payments p on p.id = m.payment_id
  left join refunds rf on rf.id = m.refund_id
  left join lateral (select e.reference, e.kind from recon_exceptions e
                      where e.line_id = l.id and e.run_id = run.id and e.action is distinct from 'AUTO'
                      order by e.id limit 1) x on true`;

function lineFromRow(row: Row): ReconLineView {
  return {
    id: Number(row.id),
    gatewayTransactionId: String(row.gateway_transaction_id),
    reference: row.reference === null ? null : String(row.reference),
    type: String(row.type),
    currency: String(row.currency),
    grossMinor: Number(row.gross_minor),
    feeMinor: Number(row.fee_minor),
    netMinor: Number(row.net_minor),
    settlementDate: String(row.settlement_date),
    payoutBatch: row.payout_batch === null ? null : String(row.payout_batch),
    outcome: row.match_id !== null ? 'MATCHED' : row.exception_reference !== null ? 'EXCEPTION' : 'PENDING',
    paymentReference: row.payment_reference === null ? null : String(row.payment_reference),
    refundReference: row.refund_reference === null ? null : String(row.refund_reference),
    feeDifferenceMinor: row.fee_difference_minor === null ? null : Number(row.fee_difference_minor),
    settlementEntryId: row.settlement_entry_id === null ? null : Number(row.settlement_entry_id),
    exceptionReference: row.exception_reference === null ? null : String(row.exception_reference),
    exceptionKind: row.exception_kind === null ? null : String(row.exception_kind),
  };
}

export const LINE_OUTCOMES = ['MATCHED', 'EXCEPTION', 'PENDING'] as const;

/** The lines of a run's day, in the order they were stored, each with what matching made of it. */
export async function listRunLines(
  em: EntityManager,
  runId: number,
  f: { outcome?: ReconLineView['outcome']; page: number; size: number },
): Promise<{ items: ReconLineView[]; total: number }> {
  const outcome =
    f.outcome === 'MATCHED'
      ? 'm.id is not null'
      : f.outcome === 'EXCEPTION'
        ? 'm.id is null and x.reference is not null'
        : f.outcome === 'PENDING'
          ? 'm.id is null and x.reference is null'
          : 'true';
  const where = `run.id = ? and ${outcome}`;
  const [counted] = await em.execute<Array<{ total: string }>>(
    `select count(*) as total from (${LINE_SELECT} where ${where}) counted`,
    [runId],
  );
  const rows = await em.execute<Row[]>(`${LINE_SELECT} where ${where} order by l.id limit ? offset ?`, [
    runId,
    f.size,
    (f.page - 1) * f.size,
  ]);
  return { items: rows.map(lineFromRow), total: Number(counted?.total ?? 0) };
}

/** A run's lines in keyset batches by id, for its CSV export. */
export async function* runLineBatches(
  em: EntityManager,
  runId: number,
  batchSize = 1000,
): AsyncGenerator<ReconLineView[]> {
  let after = 0;
  for (;;) {
    const rows = await em
      .fork()
      .execute<Row[]>(`${LINE_SELECT} where run.id = ? and l.id > ? order by l.id limit ?`, [
        runId,
        after,
        batchSize,
      ]);
    if (rows.length) yield rows.map(lineFromRow);
    if (rows.length < batchSize) return;
    after = Number(rows.at(-1)!.id);
  }
}

/** Per gateway and currency: what the gateway should still hold, and what reached the bank. */
export interface CashPosition {
  gateway: string;
  currency: string;
  /** The clearing account's balance: captured, less refunds, fees and settlements posted. */
  clearingMinor: number;
  /** The gateway's bank account: every settlement posted. */
  settledMinor: number;
  /** Every settlement line's net the gateway reported, posted or not. */
  reportedNetMinor: number;
  /** Reported lines not posted yet (waiting for matching or for finance). */
  unpostedNetMinor: number;
  openExceptions: number;
  /** The newest settlement date the gateway reported. */
  lastSettlementDate: string | null;
}

export async function cashPositions(em: EntityManager, mode: Mode): Promise<CashPosition[]> {
  // Balances through the ledger's snapshots: one indexed sum per account, however many postings.
  const accounts = (await listAccounts(em, { mode })).filter(
    (a) => a.gateway !== null && (a.type === 'GATEWAY_CLEARING' || a.type === 'BANK'),
  );
  const rows = await em.execute<Row[]>(
    `with reported as (
       select l.gateway, l.currency, coalesce(sum(l.net_minor), 0) as reported,
              coalesce(sum(l.net_minor) filter (where m.id is null), 0) as unposted,
              to_char(max(l.settlement_date), 'YYYY-MM-DD') as last_date
         from settlement_lines l left join recon_matches m on m.line_id = l.id
        where l.mode = ? group by l.gateway, l.currency),
     open_exceptions as (
       select r.gateway, e.currency, count(*) as open
         from recon_exceptions e join recon_runs r on r.id = e.run_id
        where r.mode = ? and e.status = 'OPEN' group by r.gateway, e.currency)
     select coalesce(r.gateway, o.gateway) as gateway, coalesce(r.currency, o.currency) as currency,
            coalesce(r.reported, 0) as reported, coalesce(r.unposted, 0) as unposted, r.last_date,
            coalesce(o.open, 0) as open
       from reported r full join open_exceptions o on o.gateway = r.gateway and o.currency = r.currency`,
    [mode, mode],
  );
  const positions = new Map<string, CashPosition>();
  const at = (gateway: string, currency: string) => {
    const key = `${gateway}\u0000${currency}`;
    let position = positions.get(key);
    if (!position) {
      position = {
        gateway,
        currency,
        clearingMinor: 0,
        settledMinor: 0,
        reportedNetMinor: 0,
        unpostedNetMinor: 0,
        openExceptions: 0,
        lastSettlementDate: null,
      };
      positions.set(key, position);
    }
    return position;
  };
  for (const account of accounts) {
    const position = at(account.gateway!, account.currency);
    if (account.type === 'GATEWAY_CLEARING') position.clearingMinor += account.signedBalanceMinor;
    else position.settledMinor += account.signedBalanceMinor;
  }
  for (const row of rows) {
    const position = at(String(row.gateway), String(row.currency));
    position.reportedNetMinor = Number(row.reported);
    position.unpostedNetMinor = Number(row.unposted);
    position.openExceptions = Number(row.open);
    position.lastSettlementDate = row.last_date ? String(row.last_date) : null;
  }
  return [...positions.values()].sort(
    (a, b) => a.gateway.localeCompare(b.gateway) || a.currency.localeCompare(b.currency),
  );
}
