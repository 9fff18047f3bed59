import type { EntityManager } from '@mikro-orm/postgresql';
import {
  batchStatusesBefore,
  type BatchStatusCount,
  type PayoutBatchStatus,
} from '../../domain/payouts/payout-batches.js';
import type { PayoutStatus } from '../../domain/payouts/payouts.js';
import type { Mode } from '../../domain/shared/mode.js';
import { COMPANY_MIDNIGHT_SQL } from '../../platform/orm/company-day-sql.js';
import { instant, json, text, type Row } from '../../platform/orm/row-values.js';
import type { AppScope, Payout } from './payouts.js';

/** The beneficiary as a payout holds it. */
type Beneficiary = Payout['beneficiary'];

/** The payout batches and their lines, in plain SQL: the insert an Idempotency-Key makes once, guarded moves, progress. */

export interface PayoutBatch {
  id: number;
  reference: string;
  appId: number;
  mode: Mode;
  status: PayoutBatchStatus;
  source: 'API' | 'UPLOAD';
  uploadedBy: number | null;
  fileName: string | null;
  currency: string;
  lineCount: number;
  totalMinor: number;
  idempotencyKey: string | null;
  approvalsRequired: number;
  approvalExpiresAt: Date | null;
  /** The end of the cancel window: no line's payout is made before it. */
  sendAfter: Date | null;
  cancelledBy: string | null;
  summary: BatchStatusCount[] | null;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
}

export interface NewBatchLine {
  lineReference: string;
  rail: string;
  amountMinor: number;
  currency: string;
  beneficiary: Beneficiary;
  narrative: string | null;
  metadata: Record<string, unknown>;
}

export interface BatchLine extends NewBatchLine {
  batchId: number;
  lineNumber: number;
  payoutId: number | null;
  payoutReference: string | null;
  payoutStatus: PayoutStatus | null;
}

function batchFromRow(row: Row): PayoutBatch {
  return {
    id: Number(row.id),
    reference: String(row.reference),
    appId: Number(row.app_id),
    mode: row.mode as Mode,
    status: row.status as PayoutBatchStatus,
    source: row.source as 'API' | 'UPLOAD',
    uploadedBy: row.uploaded_by == null ? null : Number(row.uploaded_by),
    fileName: text(row.file_name),
    currency: String(row.currency),
    lineCount: Number(row.line_count),
    totalMinor: Number(row.total_minor),
    idempotencyKey: text(row.idempotency_key),
    approvalsRequired: Number(row.approvals_required),
    approvalExpiresAt: instant(row.approval_expires_at),
    sendAfter: instant(row.send_after),
    cancelledBy: text(row.cancelled_by),
    summary: row.summary == null ? null : json<BatchStatusCount[]>(row.summary),
    createdAt: new Date(row.created_at as string),
    updatedAt: new Date(row.updated_at as string),
    completedAt: instant(row.completed_at),
  };
}

function lineFromRow(row: Row): BatchLine {
  return {
    batchId: Number(row.batch_id),
    lineNumber: Number(row.line_number),
    lineReference: String(row.line_reference),
    rail: String(row.rail),
    amountMinor: Number(row.amount_minor),
    currency: String(row.currency),
    beneficiary: json<Beneficiary>(row.beneficiary),
    narrative: text(row.narrative),
    metadata: json<Record<string, unknown>>(row.metadata),
    payoutId: row.payout_id == null ? null : Number(row.payout_id),
    payoutReference: text(row.payout_reference),
    payoutStatus: (text(row.payout_status) as PayoutStatus | null) ?? null,
  };
}

async function selectBatches(em: EntityManager, where: string, params: unknown[]): Promise<PayoutBatch[]> {
  return (await em.execute<Row[]>(`select * from payout_batches ${where}`, params)).map(batchFromRow);
}

export async function findBatchById(em: EntityManager, id: number): Promise<PayoutBatch | null> {
  return (await selectBatches(em, 'where id = ?', [id]))[0] ?? null;
}

export async function lockBatch(tx: EntityManager, id: number): Promise<PayoutBatch | null> {
  return (await selectBatches(tx, 'where id = ? for update', [id]))[0] ?? null;
}

const byIdOrReference = (idOrReference: string) =>
  /^\d{1,15}$/.test(idOrReference)
    ? { clause: 'id = ?', value: Number(idOrReference) }
    : { clause: 'reference = ?', value: idOrReference };

/** An app's batch by numeric id or reference, in its own mode only. */
export async function findScopedBatch(em: EntityManager, scope: AppScope, idOrReference: string) {
  const { clause, value } = byIdOrReference(idOrReference);
  return (
    (
      await selectBatches(em, `where ${clause} and app_id = ? and mode = ?`, [value, scope.appId, scope.mode])
    )[0] ?? null
  );
}

/** Any batch by numeric id or reference (operators). */
export async function findBatchForOperators(em: EntityManager, idOrReference: string) {
  const { clause, value } = byIdOrReference(idOrReference);
  return (await selectBatches(em, `where ${clause}`, [value]))[0] ?? null;
}

export async function findBatchByIdempotencyKey(em: EntityManager, scope: AppScope, key: string) {
  return (
    (
      await selectBatches(em, 'where app_id = ? and mode = ? and idempotency_key = ?', [
        scope.appId,
        scope.mode,
        key,
      ])
    )[0] ?? null
  );
}

/** Batches for the operators' page, newest first. */
export async function recentBatches(em: EntityManager, limit = 50): Promise<PayoutBatch[]> {
  return selectBatches(em, 'order by id desc limit ?', [limit]);
}

export interface NewBatch {
  reference: string;
  appId: number;
  mode: Mode;
  status: PayoutBatchStatus;
  source: 'API' | 'UPLOAD';
  uploadedBy: number | null;
  fileName: string | null;
  currency: string;
  idempotencyKey: string | null;
  approvalsRequired: number;
  approvalExpiresAt: Date | null;
  sendAfter: Date | null;
  lines: readonly NewBatchLine[];
}

/**
 * Inserts a batch with all its lines; with an Idempotency-Key the app already used in this mode
 * the batch it made answers instead (`created` false) and nothing is inserted.
 */
export async function insertBatch(
  tx: EntityManager,
  input: NewBatch,
): Promise<{ batch: PayoutBatch; created: boolean }> {
  const total = input.lines.reduce((sum, line) => sum + line.amountMinor, 0);
  const rows = await tx.execute<Row[]>(
    `insert into payout_batches (reference, app_id, mode, status, source, uploaded_by, file_name, currency,
       line_count, total_minor, idempotency_key, approvals_required, approval_expires_at, send_after,
       workflow_started)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     on conflict on constraint payout_batches_idempotency_unique do nothing
     returning *`,
    [
      input.reference,
      input.appId,
      input.mode,
      input.status,
      input.source,
      input.uploadedBy,
      input.fileName,
      input.currency,
      input.lines.length,
      total,
      input.idempotencyKey,
      input.approvalsRequired,
      input.approvalExpiresAt,
      input.sendAfter,
      // The API starts an API batch's workflow after the commit (the sweeper, if it could not); an
      // upload's workflow starts the batch's itself.
      input.source !== 'API',
    ],
  );
  if (!rows[0])
    return { batch: (await findBatchByIdempotencyKey(tx, input, input.idempotencyKey!))!, created: false };
  const batch = batchFromRow(rows[0]);
  // One statement per 500 lines: 5,000 lines insert in ten round trips.
  for (let start = 0; start < input.lines.length; start += 500) {
    const chunk = input.lines.slice(start, start + 500);
    // One JSON parameter per chunk: the driver would spread a plain array into many parameters.
    const rows = chunk.map((line, i) => ({
      n: start + i + 1,
      r: line.lineReference,
      rail: line.rail,
      amt: line.amountMinor,
      cur: line.currency,
      b: line.beneficiary,
      nar: line.narrative,
      m: line.metadata,
    }));
    await tx.execute(
      `insert into payout_batch_lines (batch_id, line_number, line_reference, rail, amount_minor, currency,
         beneficiary, narrative, metadata)
       select ?, n, r, rail, amt, cur, b, nar, m
         from jsonb_to_recordset(?::jsonb) as t(n int, r text, rail text, amt bigint, cur text, b jsonb, nar text, m jsonb)`,
      [batch.id, JSON.stringify(rows)],
    );
  }
  return { batch, created: true };
}

export interface BatchChanges {
  approvalExpiresAt?: Date | null;
  sendAfter?: Date | null;
  cancelledBy?: string;
  summary?: BatchStatusCount[];
  completed?: boolean;
}

/** Moves a batch to `to` only from a status the rules allow: of two racing moves exactly one wins. */
export async function moveBatch(
  tx: EntityManager,
  id: number,
  to: PayoutBatchStatus,
  changes: BatchChanges = {},
): Promise<PayoutBatch | null> {
  const from = batchStatusesBefore(to);
  const sets = ['status = ?', 'updated_at = now()'];
  const params: unknown[] = [to];
  const set = (column: string, value: unknown) => {
    sets.push(column);
    params.push(value);
  };
  if ('approvalExpiresAt' in changes) set('approval_expires_at = ?', changes.approvalExpiresAt);
  if ('sendAfter' in changes) set('send_after = ?', changes.sendAfter);
  if ('cancelledBy' in changes) set('cancelled_by = ?', changes.cancelledBy);
  if ('summary' in changes) set('summary = ?::jsonb', JSON.stringify(changes.summary));
  if (changes.completed) sets.push('completed_at = now()');
  const rows = await tx.execute<Row[]>(
    `update payout_batches set ${sets.join(', ')} where id = ? and status in (${from.map(() => '?').join(', ')}) returning *`,
    [...params, id, ...from],
  );
  return rows[0] ? batchFromRow(rows[0]) : null;
}

const LINE_SELECT = `select l.*, p.reference as payout_reference, p.status as payout_status
  from payout_batch_lines l left join payouts p on p.id = l.payout_id`;

/** A page of a batch's lines in line order, each with its payout's reference and status once made. */
export async function batchLines(
  em: EntityManager,
  batchId: number,
  page: { offset: number; limit: number },
) {
  const rows = await em.execute<Row[]>(
    `${LINE_SELECT} where l.batch_id = ? order by l.line_number offset ? limit ?`,
    [batchId, page.offset, page.limit],
  );
  return rows.map(lineFromRow);
}

/** The lines from `fromLine` on whose payouts are not made yet, at most `limit`, locked for the caller's transaction. */
export async function lockLinesWithoutPayout(
  tx: EntityManager,
  batchId: number,
  fromLine: number,
  limit: number,
) {
  const rows = await tx.execute<Row[]>(
    `select l.*, null as payout_reference, null as payout_status from payout_batch_lines l
      where l.batch_id = ? and l.line_number >= ? and l.payout_id is null
      order by l.line_number limit ? for update`,
    [batchId, fromLine, limit],
  );
  return rows.map(lineFromRow);
}

/**
 * What PostgreSQL says of a batch's lines being made: how many lines it holds, how many still have
 * no payout, and the first of those (null when every line has its payout).
 */
export async function lineMaking(
  em: EntityManager,
  batchId: number,
): Promise<{ lines: number; unmade: number; firstUnmade: number | null }> {
  const [row] = await em.execute<Row[]>(
    `select count(*) as lines, count(*) filter (where payout_id is null) as unmade,
            min(line_number) filter (where payout_id is null) as first_unmade
       from payout_batch_lines where batch_id = ?`,
    [batchId],
  );
  return {
    lines: Number(row?.lines ?? 0),
    unmade: Number(row?.unmade ?? 0),
    firstUnmade: row?.first_unmade == null ? null : Number(row.first_unmade),
  };
}

/** Lines `fromLine`..`toLine` as they stand (their payouts, once made). */
export async function linesBetween(em: EntityManager, batchId: number, fromLine: number, toLine: number) {
  const rows = await em.execute<Row[]>(
    `${LINE_SELECT} where l.batch_id = ? and l.line_number between ? and ? order by l.line_number`,
    [batchId, fromLine, toLine],
  );
  return rows.map(lineFromRow);
}

export async function setLinePayout(
  tx: EntityManager,
  batchId: number,
  lineNumber: number,
  payoutId: number,
) {
  await tx.execute(
    'update payout_batch_lines set payout_id = ? where batch_id = ? and line_number = ? and payout_id is null',
    [payoutId, batchId, lineNumber],
  );
}

/** Counts and amounts per payout status (NOT_CREATED for a line whose payout is not made). */
export async function batchProgress(em: EntityManager, batchId: number): Promise<BatchStatusCount[]> {
  const rows = await em.execute<Row[]>(
    `select coalesce(p.status, 'NOT_CREATED') as status, count(*) as n, coalesce(sum(l.amount_minor), 0) as total
       from payout_batch_lines l left join payouts p on p.id = l.payout_id
      where l.batch_id = ? group by 1 order by 1`,
    [batchId],
  );
  return rows.map((row) => ({
    status: row.status as BatchStatusCount['status'],
    count: Number(row.n),
    totalMinor: Number(row.total),
  }));
}

/** How many of the batch's lines have a payout in a status it leaves only by a return: read from PostgreSQL, never from messages. */
export async function terminalLineCount(em: EntityManager, batchId: number): Promise<number> {
  const [row] = await em.execute<Row[]>(
    `select count(*) as n from payout_batch_lines l join payouts p on p.id = l.payout_id
      where l.batch_id = ? and p.status in ('SUCCEEDED', 'FAILED', 'CANCELLED', 'RETURNED')`,
    [batchId],
  );
  return Number(row?.n ?? 0);
}

/**
 * What the app has committed today (the company's day, from midnight in `companyTimeZone`) besides single payouts: the lines of its other open batches
 * whose payouts are not made yet (once made they are payouts and counted as such).
 */
export async function unmadeBatchLinesTodayMinor(
  em: EntityManager,
  scope: AppScope,
  currency: string,
  exceptBatchId: number | null,
  companyTimeZone: string,
): Promise<number> {
  const [row] = await em.execute<Row[]>(
    `select coalesce(sum(l.amount_minor), 0) as total
       from payout_batches b join payout_batch_lines l on l.batch_id = b.id and l.payout_id is null
      where b.app_id = ? and b.mode = ? and b.currency = ? and b.id <> ?
        and b.status in ('WAITING_APPROVAL', 'SCHEDULED', 'CREATING')
        and b.created_at >= ${COMPANY_MIDNIGHT_SQL}`,
    [scope.appId, scope.mode, currency, exceptBatchId ?? 0, companyTimeZone],
  );
  return Number(row?.total ?? 0);
}

export interface BatchDecision {
  operatorId: number;
  operatorEmail: string;
  verdict: 'APPROVE' | 'REJECT';
  comment: string | null;
  createdAt: Date;
}

export async function batchDecisionsOf(em: EntityManager, batchId: number): Promise<BatchDecision[]> {
  const rows = await em.execute<Row[]>(
    'select * from payout_batch_decisions where batch_id = ? order by id',
    [batchId],
  );
  return rows.map((row) => ({
    operatorId: Number(row.operator_id),
    operatorEmail: String(row.operator_email),
    verdict: row.verdict as 'APPROVE' | 'REJECT',
    comment: text(row.comment),
    createdAt: new Date(row.created_at as string),
  }));
}

export async function recordBatchDecision(
  tx: EntityManager,
  input: {
    batchId: number;
    operatorId: number;
    operatorEmail: string;
    verdict: 'APPROVE' | 'REJECT';
    comment: string | null;
  },
): Promise<void> {
  await tx.execute(
    `insert into payout_batch_decisions (batch_id, operator_id, operator_email, verdict, comment)
     values (?, ?, ?, ?, ?) on conflict on constraint payout_batch_decisions_once do nothing`,
    [input.batchId, input.operatorId, input.operatorEmail, input.verdict, input.comment],
  );
}

/** Batches the API committed but whose workflow it could not start, taken before `takenBefore`. */
export async function batchesAwaitingWorkflow(
  em: EntityManager,
  takenBefore: Date,
  limit: number,
): Promise<Array<{ id: number; reference: string; appId: number; mode: Mode }>> {
  const rows = await em.execute<
    Array<{ id: string | number; reference: string; app_id: string | number; mode: Mode }>
  >(
    `select id, reference, app_id, mode from payout_batches
      where not workflow_started and created_at < ? order by created_at, id limit ?`,
    [takenBefore, limit],
  );
  return rows.map((row) => ({
    id: Number(row.id),
    reference: row.reference,
    appId: Number(row.app_id),
    mode: row.mode,
  }));
}

/** Remembers that the batch's workflow runs (or ran), so the sweeper leaves it alone. */
export async function markBatchWorkflowStarted(em: EntityManager, batchId: number): Promise<void> {
  await em.execute(
    'update payout_batches set workflow_started = true where id = ? and not workflow_started',
    [batchId],
  );
}

/** A line's payout as the workflow that carries its chunk needs it: null fields for a line not yet made. */
export interface LinePayoutRow {
  lineNumber: number;
  payoutId: number | null;
  status: PayoutStatus | null;
  sendAfter: Date | null;
  /** Every event the payout owes its app so far, oldest first. */
  eventIds: string[];
}

/**
 * Lines `fromLine`..`toLine` with their payouts' status and events, in two statements whatever the
 * chunk's size: what a chunk's workflow reads each turn, never one row at a time.
 */
export async function linePayoutsBetween(
  em: EntityManager,
  batchId: number,
  fromLine: number,
  toLine: number,
): Promise<LinePayoutRow[]> {
  const rows = await em.execute<Row[]>(
    `select l.line_number, p.id as payout_id, p.reference, p.status, p.send_after,
            coalesce((select array_agg(e.id order by e.created_at, e.id) from events e
                       where e.source_type = 'payout' and e.source_id = p.reference), '{}') as event_ids
       from payout_batch_lines l left join payouts p on p.id = l.payout_id
      where l.batch_id = ? and l.line_number between ? and ?
      order by l.line_number`,
    [batchId, fromLine, toLine],
  );
  return rows.map((row) => ({
    lineNumber: Number(row.line_number),
    payoutId: row.payout_id == null ? null : Number(row.payout_id),
    status: text(row.status) as PayoutStatus | null,
    sendAfter: instant(row.send_after),
    eventIds: (row.event_ids as string[] | null) ?? [],
  }));
}

/** The batches' lines whose payouts wait in a rail's queue, as (batch reference, line number). */
export async function queuedBatchLines(
  em: EntityManager,
  rail: string,
  mode: Mode,
): Promise<Array<{ batchReference: string; lineNumber: number }>> {
  const rows = await em.execute<Row[]>(
    `select b.reference, l.line_number
       from payouts p join payout_batch_lines l on l.payout_id = p.id join payout_batches b on b.id = l.batch_id
      where p.status = 'QUEUED' and p.rail = ? and p.mode = ? order by b.id, l.line_number`,
    [rail, mode],
  );
  return rows.map((row) => ({ batchReference: String(row.reference), lineNumber: Number(row.line_number) }));
}
