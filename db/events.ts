import type { EntityManager } from '@mikro-orm/postgresql';
import { newEventId } from '../domain/ids.js';
import type { Mode } from '../domain/mode.js';
import { OutboxEventSchema, type OutboxEvent } from './entities.js';

/**
 * Writes an event in the caller's transaction (the outbox): it exists exactly when the change it
 * reports committed. One event per (source, type); a retry returns the existing one.
 */
export async function recordEvent(
  tx: EntityManager,
  input: {
    appId: number;
    mode: Mode;
    type: string;
    sourceType: string;
    sourceId: string;
    data: Record<string, unknown>;
  },
): Promise<{ eventId: string; created: boolean }> {
  const id = newEventId();
  const createdAt = new Date();
  const payload = { type: input.type, timestamp: createdAt.toISOString(), data: input.data };
  const inserted = await tx.execute<Array<{ id: string }>>(
    `insert into events (id, app_id, mode, type, source_type, source_id, payload, created_at)
     values (?, ?, ?, ?, ?, ?, ?::jsonb, ?) on conflict (source_type, source_id, type) do nothing returning id`,
    [
      id,
      input.appId,
      input.mode,
      input.type,
      input.sourceType,
      input.sourceId,
      JSON.stringify(payload),
      createdAt,
    ],
  );
  if (inserted.length) return { eventId: id, created: true };
  const existing = await tx.findOneOrFail(OutboxEventSchema, {
    sourceType: input.sourceType,
    sourceId: input.sourceId,
    type: input.type,
  });
  return { eventId: existing.id, created: false };
}

/** The event of `type` recorded for a source, if any (one per source and type). */
export async function findEventFor(
  em: EntityManager,
  sourceType: string,
  sourceId: string,
  type: string,
): Promise<OutboxEvent | null> {
  return em.findOne(OutboxEventSchema, { sourceType, sourceId, type }, { disableIdentityMap: true });
}

export async function findEvent(em: EntityManager, eventId: string): Promise<OutboxEvent | null> {
  return em.findOne(OutboxEventSchema, { id: eventId });
}

export async function eventsForSource(
  em: EntityManager,
  sourceType: string,
  sourceId: string,
): Promise<OutboxEvent[]> {
  return em.find(OutboxEventSchema, { sourceType, sourceId }, { orderBy: { createdAt: 'asc' } });
}

/**
 * Records one delivery. A step of the retry schedule that had to send again (its activity was
 * retried after a crash) adds a row with the next `deliveryTry`: every delivery a receiver got is
 * counted, none overwritten. With `settles`, the event's delivery status is set in the same
 * statement: the attempt that ends a delivery and the status it ends in are one write.
 */
export async function recordWebhookAttempt(
  em: EntityManager,
  attempt: {
    eventId: string;
    attempt: number;
    deliveryTry: number;
    url: string;
    statusCode: number | null;
    error: string | null;
    durationMs: number;
  },
  settles?: OutboxEvent['deliveryStatus'],
): Promise<void> {
  const values = [
    attempt.eventId,
    attempt.attempt,
    attempt.deliveryTry,
    attempt.url,
    attempt.statusCode,
    attempt.error,
    attempt.durationMs,
    new Date(),
  ];
  const insert = `insert into webhook_attempts (event_id, attempt, delivery_try, url, status_code, error, duration_ms, created_at)
     values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing`;
  if (!settles) {
    await em.execute(insert, values);
    return;
  }
  await em.execute(`with recorded as (${insert}) update events set delivery_status = ? where id = ?`, [
    ...values,
    settles,
    attempt.eventId,
  ]);
}

/** An event with what its delivery needs of the app's endpoint for its mode (none: null). */
export interface EventForDelivery {
  event: Pick<OutboxEvent, 'id' | 'appId' | 'mode' | 'payload'>;
  endpoint: {
    url: string;
    secretSealed: string;
    previousSecretSealed: string | null;
    previousSecretExpiresAt: Date | null;
  } | null;
}

/** One round trip for a delivery attempt's reads: the event and its endpoint. */
export async function findEventForDelivery(
  em: EntityManager,
  eventId: string,
): Promise<EventForDelivery | null> {
  const [row] = await em.execute<Array<Record<string, unknown>>>(
    `select e.id, e.app_id, e.mode, e.payload, w.url, w.secret_sealed, w.previous_secret_sealed,
            w.previous_secret_expires_at
       from events e left join webhook_endpoints w on w.app_id = e.app_id and w.mode = e.mode
      where e.id = ?`,
    [eventId],
  );
  if (!row) return null;
  return {
    event: {
      id: String(row.id),
      appId: Number(row.app_id),
      mode: row.mode as Mode,
      payload: (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as Record<
        string,
        unknown
      >,
    },
    endpoint:
      row.url === null || row.url === undefined
        ? null
        : {
            url: String(row.url),
            secretSealed: String(row.secret_sealed),
            previousSecretSealed:
              row.previous_secret_sealed === null ? null : String(row.previous_secret_sealed),
            previousSecretExpiresAt:
              row.previous_secret_expires_at === null
                ? null
                : new Date(row.previous_secret_expires_at as string),
          },
  };
}

export async function setEventDeliveryStatus(
  em: EntityManager,
  eventId: string,
  status: OutboxEvent['deliveryStatus'],
): Promise<void> {
  await em.execute('update events set delivery_status = ? where id = ?', [status, eventId]);
}

export type DeliveryProgress = 'NOT_BEGUN' | 'IN_PROGRESS' | 'SETTLED';

/**
 * How far an event's delivery has got: settled (delivered, given up, no endpoint), in progress (an
 * attempt on record), or not begun. A second callback confirming the same outcome must not send
 * it again.
 */
export async function eventDeliveryProgress(em: EntityManager, eventId: string): Promise<DeliveryProgress> {
  const [row] = await em.execute<Array<{ status: string; attempted: boolean }>>(
    `select e.delivery_status as status,
            exists (select 1 from webhook_attempts a where a.event_id = e.id) as attempted
       from events e where e.id = ?`,
    [eventId],
  );
  if (!row) return 'SETTLED';
  if (row.status !== 'PENDING') return 'SETTLED';
  return row.attempted ? 'IN_PROGRESS' : 'NOT_BEGUN';
}
