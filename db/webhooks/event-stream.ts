import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppScope } from '../payments/payments.js';
import { instant, json, type Row } from '../../platform/orm/row-values.js';

/**
 * Reads an app's events in stream order (GET /api/v1/events/stream): by the transaction that
 * wrote each (`xact_id`, see Migration20270115020000_event_stream_positions) and then its id, and
 * only below the oldest transaction still running, so no event can later appear behind a position
 * already read. A reader that goes on from the last event it took therefore misses none.
 */

/** Where a reader stands: after this event (null: before every event that has a position). */
export interface StreamPosition {
  xactId: string;
  eventId: string;
}

export interface StreamedEvent {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  createdAt: Date;
  position: StreamPosition;
}

/** The settled part of the stream: transactions below the snapshot's xmin have all ended. */
const SETTLED = 'e.xact_id < pg_snapshot_xmin(pg_current_snapshot())';

/**
 * The position of one of the app's events in its mode and retention window, or null when there is
 * no such event. One written before positions existed stands before every positioned event.
 */
export async function positionOfEvent(
  em: EntityManager,
  scope: AppScope,
  eventId: string,
  visibleFrom: Date,
): Promise<StreamPosition | null> {
  const [row] = await em.execute<Row[]>(
    `select e.id, e.xact_id::text as xact_id from events e
      where e.id = ? and e.app_id = ? and e.mode = ? and e.created_at >= ?`,
    [eventId, scope.appId, scope.mode, visibleFrom],
  );
  if (!row) return null;
  return { xactId: row.xact_id === null ? '0' : String(row.xact_id), eventId: String(row.id) };
}

/**
 * The position of the app's newest settled event: a stream opened now starts after it, so an
 * event still being written when the stream opens is sent. Null when the app has none.
 */
export async function newestSettledPosition(
  em: EntityManager,
  scope: AppScope,
): Promise<StreamPosition | null> {
  const [row] = await em.execute<Row[]>(
    `select e.id, e.xact_id::text as xact_id from events e
      where e.app_id = ? and e.mode = ? and e.xact_id is not null and ${SETTLED}
      order by e.xact_id desc, e.id desc limit 1`,
    [scope.appId, scope.mode],
  );
  return row ? { xactId: String(row.xact_id), eventId: String(row.id) } : null;
}

/** The app's settled events after `after`, oldest position first, at most `limit`. */
export async function eventsAfter(
  em: EntityManager,
  scope: AppScope,
  input: { after: StreamPosition | null; visibleFrom: Date; types?: string[]; limit: number },
): Promise<StreamedEvent[]> {
  const clauses = ['e.app_id = ?', 'e.mode = ?', 'e.xact_id is not null', SETTLED, 'e.created_at >= ?'];
  const params: unknown[] = [scope.appId, scope.mode, input.visibleFrom];
  if (input.after) {
    clauses.push('(e.xact_id, e.id) > (?::xid8, ?)');
    params.push(input.after.xactId, input.after.eventId);
  }
  // Lists travel as one JSON value: any text is safe in it, and the statement keeps one shape.
  if (input.types?.length) {
    clauses.push('e.type in (select jsonb_array_elements_text(?::jsonb))');
    params.push(JSON.stringify(input.types));
  }
  const rows = await em.execute<Row[]>(
    `select e.id, e.type, e.payload, e.created_at, e.xact_id::text as xact_id from events e
      where ${clauses.join(' and ')} order by e.xact_id, e.id limit ?`,
    [...params, input.limit],
  );
  return rows.map((row) => ({
    id: String(row.id),
    type: String(row.type),
    payload: json<Record<string, unknown>>(row.payload),
    createdAt: instant(row.created_at)!,
    position: { xactId: String(row.xact_id), eventId: String(row.id) },
  }));
}
