import type { EntityManager } from '@mikro-orm/postgresql';
import type { StatusFilter } from '../../domain/apps/request-log.js';
import type { Mode } from '../../domain/shared/mode.js';
import { instant, text, type Row } from '../../platform/orm/row-values.js';

/**
 * The request log's table: entries written in batches (the API's request-log writer), read back
 * by the app (GET /api/v1/request-log) and by operators (the dashboard), and pruned past the week.
 * Bodies arrive already redacted and bounded (domain/apps/request-log-redaction.ts).
 */

export interface RequestLogEntryDraft {
  appId: number;
  mode: Mode;
  requestId: string;
  idempotencyKey: string | null;
  method: string;
  /** The route's template (/api/v1/payments/:id), null when no route matched. */
  route: string | null;
  path: string;
  query: string | null;
  status: number;
  errorCode: string | null;
  durationMs: number;
  requestBody: unknown;
  responseBody: unknown;
  at: Date;
}

export interface RequestLogEntry extends Omit<RequestLogEntryDraft, 'at'> {
  id: number;
  createdAt: Date;
}

export interface RequestLogFilters {
  /** One app's entries; every app's when absent (operators only). */
  appId?: number;
  mode?: Mode;
  status?: StatusFilter;
  method?: string;
  /** Entries whose concrete path starts with this. */
  pathPrefix?: string;
  requestId?: string;
  idempotencyKey?: string;
  since?: Date;
  until?: Date;
  page: number;
  size: number;
  /** Continue after this entry (a cursor's entry id) instead of paging by number. */
  after?: number;
}

/** Rows per insert statement: a full buffer goes in a few statements. */
const INSERT_CHUNK = 200;

/** A body as it goes into the chunk's JSON; undefined (nothing to keep) as null, SQL null in the row. */
const jsonb = (value: unknown) => (value === undefined ? null : value);

/** Inserts a batch of entries; one statement per chunk, all or nothing per chunk. */
export async function insertRequestLogEntries(
  em: EntityManager,
  drafts: RequestLogEntryDraft[],
): Promise<void> {
  for (let start = 0; start < drafts.length; start += INSERT_CHUNK) {
    const chunk = drafts.slice(start, start + INSERT_CHUNK);
    // One JSON array for the whole chunk: the statement keeps one shape whatever its size. Bodies
    // ride in it as JSON values, serialised once with the rest, never as JSON text inside JSON.
    const rows = chunk.map((d) => ({
      app_id: d.appId,
      mode: d.mode,
      request_id: d.requestId,
      idempotency_key: d.idempotencyKey,
      method: d.method,
      route: d.route,
      path: d.path,
      query: d.query,
      status: d.status,
      error_code: d.errorCode,
      duration_ms: d.durationMs,
      request_body: jsonb(d.requestBody),
      response_body: jsonb(d.responseBody),
      created_at: d.at.toISOString(),
    }));
    await em.execute(
      `insert into request_log (app_id, mode, request_id, idempotency_key, method, route, path, query,
                                status, error_code, duration_ms, request_body, response_body, created_at)
       select r.app_id, r.mode, r.request_id, r.idempotency_key, r.method, r.route, r.path, r.query,
              r.status, r.error_code, r.duration_ms, r.request_body, r.response_body, r.created_at
         from jsonb_to_recordset(?::jsonb) as r(
           app_id bigint, mode text, request_id text, idempotency_key text, method text, route text,
           path text, query text, status smallint, error_code text, duration_ms integer,
           request_body jsonb, response_body jsonb, created_at timestamptz)`,
      [JSON.stringify(rows)],
    );
  }
}

// Bodies are read as text and parsed here: a body kept as a JSON string (a truncated one) would
// otherwise come back already unwrapped from one driver and still quoted from another.
const COLUMNS = `l.id, l.app_id, l.mode, l.request_id, l.idempotency_key, l.method, l.route, l.path,
  l.query, l.status, l.error_code, l.duration_ms, l.request_body::text as request_body,
  l.response_body::text as response_body, l.created_at`;

const parsed = (value: unknown) => (value === null || value === undefined ? null : JSON.parse(String(value)));

function entryFromRow(row: Row): RequestLogEntry {
  return {
    id: Number(row.id),
    appId: Number(row.app_id),
    mode: row.mode as Mode,
    requestId: String(row.request_id),
    idempotencyKey: text(row.idempotency_key),
    method: String(row.method),
    route: text(row.route),
    path: String(row.path),
    query: text(row.query),
    status: Number(row.status),
    errorCode: text(row.error_code),
    durationMs: Number(row.duration_ms),
    requestBody: parsed(row.request_body),
    responseBody: parsed(row.response_body),
    createdAt: instant(row.created_at)!,
  };
}

/** `like` with the caller's text taken literally. */
const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The filter shared by the page and its count, as SQL with its values. */
function filterSql(f: RequestLogFilters, visibleFrom: Date): { where: string; params: unknown[] } {
  const since = f.since && f.since > visibleFrom ? f.since : visibleFrom;
  const clauses = ['l.created_at >= ?'];
  const params: unknown[] = [since];
  const add = (clause: string, ...values: unknown[]) => {
    clauses.push(clause);
    params.push(...values);
  };
  if (f.appId !== undefined) add('l.app_id = ?', f.appId);
  if (f.mode !== undefined) add('l.mode = ?', f.mode);
  if (f.until) add('l.created_at < ?', f.until);
  if (f.status && 'status' in f.status) add('l.status = ?', f.status.status);
  if (f.status && 'from' in f.status) add('l.status >= ? and l.status < ?', f.status.from, f.status.below);
  if (f.method !== undefined) add('l.method = ?', f.method);
  if (f.pathPrefix !== undefined) add("l.path like ? escape '\\'", likePrefix(f.pathPrefix));
  if (f.requestId !== undefined) add('l.request_id = ?', f.requestId);
  if (f.idempotencyKey !== undefined) add('l.idempotency_key = ?', f.idempotencyKey);
  return { where: clauses.join(' and '), params };
}

/**
 * A page of entries, newest first, written at or after `visibleFrom` (the retention window,
 * whether or not the sweeper has pruned the older ones yet); `lastId` names the last one when a
 * next page may follow.
 */
export async function listRequestLog(
  em: EntityManager,
  f: RequestLogFilters,
  visibleFrom: Date,
): Promise<{ items: RequestLogEntry[]; total: number; lastId: number | null }> {
  const { where, params } = filterSql(f, visibleFrom);
  const [counted] = await em.execute<Array<{ total: string }>>(
    `select count(*) as total from request_log l where ${where}`,
    params,
  );
  // Keyset after a cursor: the entries strictly before the cursor's, found in the same app and
  // mode filter, so a cursor names nothing elsewhere.
  const page =
    f.after !== undefined
      ? {
          sql: `and (l.created_at, l.id) < (select c.created_at, c.id from request_log c
                 where c.id = ? ${f.appId !== undefined ? 'and c.app_id = ?' : ''} ${f.mode !== undefined ? 'and c.mode = ?' : ''})
                order by l.created_at desc, l.id desc limit ?`,
          params: [
            f.after,
            ...(f.appId !== undefined ? [f.appId] : []),
            ...(f.mode !== undefined ? [f.mode] : []),
            f.size,
          ],
        }
      : {
          sql: 'order by l.created_at desc, l.id desc limit ? offset ?',
          params: [f.size, (f.page - 1) * f.size],
        };
  const rows = await em.execute<Row[]>(`select ${COLUMNS} from request_log l where ${where} ${page.sql}`, [
    ...params,
    ...page.params,
  ]);
  const items = rows.map(entryFromRow);
  const last = items.at(-1);
  return {
    items,
    total: Number(counted?.total ?? 0),
    lastId: last && items.length === f.size ? last.id : null,
  };
}

/** The newest entry of an app and mode with this request id, within the window, or null. */
export async function findRequestLogEntry(
  em: EntityManager,
  scope: { appId: number; mode: Mode },
  requestId: string,
  visibleFrom: Date,
): Promise<RequestLogEntry | null> {
  const [row] = await em.execute<Row[]>(
    `select ${COLUMNS} from request_log l
      where l.app_id = ? and l.mode = ? and l.request_id = ? and l.created_at >= ?
      order by l.created_at desc, l.id desc limit 1`,
    [scope.appId, scope.mode, requestId, visibleFrom],
  );
  return row ? entryFromRow(row) : null;
}

/** One entry by its own id, for operators, within the window, or null. */
export async function findRequestLogEntryById(
  em: EntityManager,
  id: number,
  visibleFrom: Date,
): Promise<RequestLogEntry | null> {
  const [row] = await em.execute<Row[]>(
    `select ${COLUMNS} from request_log l where l.id = ? and l.created_at >= ?`,
    [id, visibleFrom],
  );
  return row ? entryFromRow(row) : null;
}

/** Entries written before `before`, oldest first, a bounded batch per call (the sweeper's). */
export async function pruneRequestLog(
  em: EntityManager,
  input: { before: Date; limit: number },
): Promise<number> {
  const rows = await em.execute<Array<{ id: string }>>(
    `delete from request_log where id in (
       select id from request_log where created_at < ? order by created_at limit ?
     ) returning id`,
    [input.before, input.limit],
  );
  return rows.length;
}

/** The names of the apps whose ids are given, for lists that show entries of several apps. */
export async function appNamesOf(em: EntityManager, appIds: number[]): Promise<Map<number, string>> {
  if (appIds.length === 0) return new Map();
  const rows = await em.execute<Array<{ id: string; name: string }>>(
    'select id, name from apps where id in (select jsonb_array_elements_text(?::jsonb)::bigint)',
    [JSON.stringify([...new Set(appIds)])],
  );
  return new Map(rows.map((row) => [Number(row.id), row.name]));
}
