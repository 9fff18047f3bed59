import type { EntityManager } from '@mikro-orm/postgresql';
import type { OutboxEvent } from '../../platform/orm/entities.js';
import { findScopedPayment, type AppScope } from '../payments/payments.js';
import { instant, json, type Row } from '../../platform/orm/row-values.js';

/**
 * The events an app was sent, as the app reads them back (GET /api/v1/events): its own app and
 * mode only, and only those written at or after `visibleFrom` (the retention window), whether or
 * not the sweeper has pruned the older ones yet.
 */

export interface AppEventFilters {
  types?: string[];
  since?: Date;
  until?: Date;
  /** A payment's id or reference: only the events about it. */
  payment?: string;
  page: number;
  size: number;
  /** Continue after this event (a cursor's event id) instead of paging by number. */
  after?: string;
}

export interface AppEvent {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  deliveryStatus: OutboxEvent['deliveryStatus'];
  createdAt: Date;
}

const COLUMNS = 'e.id, e.type, e.payload, e.delivery_status, e.created_at';

function appEventFromRow(row: Row): AppEvent {
  return {
    id: String(row.id),
    type: String(row.type),
    payload: json<Record<string, unknown>>(row.payload),
    deliveryStatus: row.delivery_status as AppEvent['deliveryStatus'],
    createdAt: instant(row.created_at)!,
  };
}

/**
 * The (source_type, source_id) pairs of the events about a payment: its own, its invoice payment
 * events, and those of its refunds and disputes (each event names the row it reports as its
 * source). Null when the app has no such payment in this mode.
 */
async function paymentSources(
  em: EntityManager,
  scope: AppScope,
  idOrReference: string,
): Promise<Array<[string, string]> | null> {
  const payment = await findScopedPayment(em, scope, idOrReference);
  if (!payment) return null;
  const rows = await em.execute<Array<{ source_type: string; reference: string }>>(
    `select 'refund' as source_type, reference from refunds where payment_id = ?
     union all
     select 'dispute', reference from disputes where payment_id = ?`,
    [payment.id, payment.id],
  );
  return [
    ['payment', payment.reference],
    ['invoice_payment', payment.reference],
    ...rows.map((row): [string, string] => [row.source_type, row.reference]),
  ];
}

/** The filter shared by the page and its count, as SQL with its values. */
function filterSql(
  scope: AppScope,
  f: Omit<AppEventFilters, 'payment' | 'page' | 'size' | 'after'>,
  visibleFrom: Date,
  sources: Array<[string, string]> | undefined,
): { where: string; params: unknown[] } {
  const since = f.since && f.since > visibleFrom ? f.since : visibleFrom;
  const clauses = ['e.app_id = ?', 'e.mode = ?', 'e.created_at >= ?'];
  const params: unknown[] = [scope.appId, scope.mode, since];
  if (f.until) {
    clauses.push('e.created_at < ?');
    params.push(f.until);
  }
  // Lists travel as one JSON value: any text is safe in it, and the statement keeps one shape.
  if (f.types?.length) {
    clauses.push('e.type in (select jsonb_array_elements_text(?::jsonb))');
    params.push(JSON.stringify(f.types));
  }
  if (sources) {
    clauses.push(
      '(e.source_type, e.source_id) in (select s->>0, s->>1 from jsonb_array_elements(?::jsonb) s)',
    );
    params.push(JSON.stringify(sources));
  }
  return { where: clauses.join(' and '), params };
}

/** A page of the app's events, newest first; `lastId` names the last one when a next page may follow. */
export async function listAppEvents(
  em: EntityManager,
  scope: AppScope,
  f: AppEventFilters,
  visibleFrom: Date,
): Promise<{ items: AppEvent[]; total: number; lastId: string | null }> {
  let sources: Array<[string, string]> | undefined;
  if (f.payment !== undefined) {
    const found = await paymentSources(em, scope, f.payment);
    // Another app's payment, or none: its events are none of this app's.
    if (!found) return { items: [], total: 0, lastId: null };
    sources = found;
  }
  const { where, params } = filterSql(scope, f, visibleFrom, sources);
  const [counted] = await em.execute<Array<{ total: string }>>(
    `select count(*) as total from events e where ${where}`,
    params,
  );
  let page: { sql: string; params: unknown[] };
  if (f.after !== undefined) {
    // Keyset: the events strictly before the cursor's, read from events_app_list_idx at any
    // depth. The cursor's event is looked up in the same app and mode, so a cursor names nothing
    // elsewhere.
    page = {
      sql: `and (e.created_at, e.id) < (select c.created_at, c.id from events c where c.id = ? and c.app_id = ? and c.mode = ?)
            order by e.created_at desc, e.id desc limit ?`,
      params: [f.after, scope.appId, scope.mode, f.size],
    };
  } else {
    page = {
      sql: 'order by e.created_at desc, e.id desc limit ? offset ?',
      params: [f.size, (f.page - 1) * f.size],
    };
  }
  const rows = await em.execute<Row[]>(`select ${COLUMNS} from events e where ${where} ${page.sql}`, [
    ...params,
    ...page.params,
  ]);
  const items = rows.map(appEventFromRow);
  const last = items.at(-1);
  return {
    items,
    total: Number(counted?.total ?? 0),
    lastId: last && items.length === f.size ? last.id : null,
  };
}

/** One of the app's events in its mode and retention window, or null. */
export async function findAppEvent(
  em: EntityManager,
  scope: AppScope,
  eventId: string,
  visibleFrom: Date,
): Promise<AppEvent | null> {
  const [row] = await em.execute<Row[]>(
    `select ${COLUMNS} from events e where e.id = ? and e.app_id = ? and e.mode = ? and e.created_at >= ?`,
    [eventId, scope.appId, scope.mode, visibleFrom],
  );
  return row ? appEventFromRow(row) : null;
}
