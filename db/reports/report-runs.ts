import type { EntityManager } from '@mikro-orm/postgresql';
import type { ReportFormat, ReportType } from '../../domain/reports/report-types.js';
import type { Mode } from '../../domain/shared/mode.js';
import { instant, json, text, type Row } from '../../platform/orm/row-values.js';

/** Report runs (report_runs): each run's file (as CSV, the rows' one record) and its delivery. */

export type DeliveryStatus = 'NONE' | 'PENDING' | 'DELIVERED' | 'FAILED';

export interface ReportRun {
  id: number;
  reference: string;
  type: ReportType;
  format: ReportFormat;
  mode: Mode;
  appId: number | null;
  filters: Record<string, unknown>;
  from: string;
  to: string;
  scheduleId: number | null;
  requestedBy: string;
  rowCount: number;
  columns: string[];
  contentSha256: string;
  byteCount: number;
  createdAt: Date;
  expiresAt: Date;
  deliveryStatus: DeliveryStatus;
  deliveredAt: Date | null;
  deliveryDetail: string | null;
}

export interface NewReportRun {
  reference: string;
  type: ReportType;
  format: ReportFormat;
  mode: Mode;
  appId: number | null;
  filters: Record<string, unknown>;
  from: string;
  to: string;
  scheduleId: number | null;
  requestedBy: string;
  idempotencyKey: string | null;
  rowCount: number;
  columns: readonly string[];
  /** The rows as CSV (UTF-8, with its BOM). */
  content: Buffer;
  contentSha256: string;
  createdAt: Date;
  expiresAt: Date;
  deliveryStatus: DeliveryStatus;
}

const COLUMNS = `id, reference, type, format, mode, app_id, filters, to_char(period_from, 'YYYY-MM-DD') as period_from,
  to_char(period_to, 'YYYY-MM-DD') as period_to, schedule_id, requested_by, row_count, columns, content_sha256,
  octet_length(content) as byte_count, created_at, expires_at, delivery_status, delivered_at, delivery_detail`;

function runOf(row: Row): ReportRun {
  return {
    id: Number(row.id),
    reference: String(row.reference),
    type: row.type as ReportType,
    format: row.format as ReportFormat,
    mode: row.mode as Mode,
    appId: row.app_id === null ? null : Number(row.app_id),
    filters: json<Record<string, unknown>>(row.filters),
    from: String(row.period_from),
    to: String(row.period_to),
    scheduleId: row.schedule_id === null ? null : Number(row.schedule_id),
    requestedBy: String(row.requested_by),
    rowCount: Number(row.row_count),
    columns: json<string[]>(row.columns),
    contentSha256: String(row.content_sha256),
    byteCount: Number(row.byte_count),
    createdAt: instant(row.created_at)!,
    expiresAt: instant(row.expires_at)!,
    deliveryStatus: row.delivery_status as DeliveryStatus,
    deliveredAt: instant(row.delivered_at),
    deliveryDetail: text(row.delivery_detail),
  };
}

/**
 * Stores a run, once: a schedule's run of a period, or an app's run under an idempotency key,
 * that exists already is answered as it is (`created: false`) and the new file is dropped.
 */
export async function insertReportRun(
  em: EntityManager,
  run: NewReportRun,
): Promise<{ run: ReportRun; created: boolean }> {
  const rows = await em.execute<Row[]>(
    `insert into report_runs (reference, type, format, mode, app_id, filters, period_from, period_to, schedule_id,
       requested_by, idempotency_key, row_count, columns, content, content_sha256, created_at, expires_at, delivery_status)
     values (?, ?, ?, ?, ?, ?::jsonb, ?::date, ?::date, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)
     on conflict do nothing
     returning ${COLUMNS}`,
    [
      run.reference,
      run.type,
      run.format,
      run.mode,
      run.appId,
      JSON.stringify(run.filters),
      run.from,
      run.to,
      run.scheduleId,
      run.requestedBy,
      run.idempotencyKey,
      run.rowCount,
      JSON.stringify(run.columns),
      run.content,
      run.contentSha256,
      run.createdAt,
      run.expiresAt,
      run.deliveryStatus,
    ],
  );
  if (rows[0]) return { run: runOf(rows[0]), created: true };
  const existing =
    run.scheduleId !== null
      ? await em.execute<Row[]>(
          `select ${COLUMNS} from report_runs where schedule_id = ? and period_from = ?::date and period_to = ?::date`,
          [run.scheduleId, run.from, run.to],
        )
      : await em.execute<Row[]>(
          `select ${COLUMNS} from report_runs where app_id is not distinct from ? and mode = ? and idempotency_key = ?`,
          [run.appId, run.mode, run.idempotencyKey],
        );
  if (!existing[0]) throw new Error(`report run ${run.reference} conflicted with a run that cannot be found`);
  return { run: runOf(existing[0]), created: false };
}

/** A run by its reference; within one app's mode when `scope` is given (an app sees only its own). */
export async function findReportRun(
  em: EntityManager,
  reference: string,
  scope?: { appId: number; mode: Mode },
): Promise<ReportRun | null> {
  const [row] = scope
    ? await em.execute<Row[]>(
        `select ${COLUMNS} from report_runs where reference = ? and app_id = ? and mode = ?`,
        [reference, scope.appId, scope.mode],
      )
    : await em.execute<Row[]>(`select ${COLUMNS} from report_runs where reference = ?`, [reference]);
  return row ? runOf(row) : null;
}

export async function findReportRunById(em: EntityManager, id: number): Promise<ReportRun | null> {
  const [row] = await em.execute<Row[]>(`select ${COLUMNS} from report_runs where id = ?`, [id]);
  return row ? runOf(row) : null;
}

/** A run of one app's mode by its idempotency key: a repeated request is answered with the first run. */
export async function findReportRunByIdempotencyKey(
  em: EntityManager,
  scope: { appId: number; mode: Mode },
  key: string,
): Promise<ReportRun | null> {
  const [row] = await em.execute<Row[]>(
    `select ${COLUMNS} from report_runs where app_id = ? and mode = ? and idempotency_key = ?`,
    [scope.appId, scope.mode, key],
  );
  return row ? runOf(row) : null;
}

/** The run's CSV, while it is kept. */
export async function reportRunContent(em: EntityManager, id: number): Promise<Buffer | null> {
  const [row] = await em.execute<Array<{ content: Buffer }>>(
    'select content from report_runs where id = ? and expires_at > now()',
    [id],
  );
  return row ? Buffer.from(row.content) : null;
}

export interface ReportRunFilters {
  appId?: number;
  mode?: Mode;
  scheduleId?: number;
  type?: ReportType;
  /** Runs older than this run (its id): the next page. */
  beforeId?: number;
  limit: number;
}

function runWhere(f: Omit<ReportRunFilters, 'limit'>): { where: string[]; params: unknown[] } {
  const where = ['expires_at > now()'];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    where.push(sql);
    params.push(value);
  };
  if (f.appId !== undefined) add('app_id = ?', f.appId);
  if (f.mode !== undefined) add('mode = ?', f.mode);
  if (f.scheduleId !== undefined) add('schedule_id = ?', f.scheduleId);
  if (f.type !== undefined) add('type = ?', f.type);
  if (f.beforeId !== undefined) add('id < ?', f.beforeId);
  return { where, params };
}

/** Kept runs, newest first, without their files. */
export async function listReportRuns(em: EntityManager, f: ReportRunFilters): Promise<ReportRun[]> {
  const { where, params } = runWhere(f);
  const rows = await em.execute<Row[]>(
    `select ${COLUMNS} from report_runs where ${where.join(' and ')} order by id desc limit ?`,
    [...params, f.limit],
  );
  return rows.map(runOf);
}

/**
 * A page of kept runs, newest first: those before the run `after` names (the previous page's
 * last), and the cursor of the next page. Null when `after` names no kept run.
 */
export async function reportRunsPage(
  em: EntityManager,
  filters: Omit<ReportRunFilters, 'limit' | 'beforeId'>,
  page: { size: number; after?: string | undefined },
): Promise<{ items: ReportRun[]; nextCursor: string | null } | null> {
  const before = page.after ? await findReportRun(em, page.after) : null;
  // A cursor outside the filters' app or mode is as unknown as one never made.
  const outside =
    before &&
    ((filters.appId !== undefined && before.appId !== filters.appId) ||
      (filters.mode !== undefined && before.mode !== filters.mode));
  if (page.after && (!before || outside)) return null;
  const runs = await listReportRuns(em, {
    ...filters,
    ...(before && { beforeId: before.id }),
    limit: page.size + 1,
  });
  const items = runs.slice(0, page.size);
  return { items, nextCursor: runs.length > page.size ? items.at(-1)!.reference : null };
}

/** How many kept runs the filters select (paging ignored). */
export async function countReportRuns(
  em: EntityManager,
  f: Omit<ReportRunFilters, 'limit' | 'beforeId'>,
): Promise<number> {
  const { where, params } = runWhere(f);
  const [row] = await em.execute<Array<{ count: string }>>(
    `select count(*) as count from report_runs where ${where.join(' and ')}`,
    params,
  );
  return Number(row?.count ?? 0);
}

/** Records how the delivery went; a DELIVERED run stays delivered (a late failure report changes nothing). */
export async function recordDelivery(
  em: EntityManager,
  id: number,
  outcome: { status: 'DELIVERED' | 'FAILED'; detail: string },
): Promise<void> {
  await em.execute(
    `update report_runs set delivery_status = ?, delivery_detail = ?,
       delivered_at = case when ? = 'DELIVERED' then now() else delivered_at end
     where id = ? and delivery_status <> 'DELIVERED'`,
    [outcome.status, outcome.detail, outcome.status, id],
  );
}

/** Removes up to `limit` runs past their 90 days (their links go with them); answers how many. */
export async function deleteExpiredReportRuns(em: EntityManager, limit: number): Promise<number> {
  const rows = await em.execute<Row[]>(
    `delete from report_runs where id in (select id from report_runs where expires_at <= now() order by id limit ?)
     returning id`,
    [limit],
  );
  return rows.length;
}
