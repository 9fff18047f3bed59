import type { EntityManager } from '@mikro-orm/postgresql';
import { newEventId } from '../../domain/shared/ids.js';
import type { Mode } from '../../domain/shared/mode.js';
import type { EndpointDeliveryStatus } from '../../domain/webhooks/webhook-endpoints.js';
import { OutboxEventSchema, type OutboxEvent } from '../../platform/orm/entities.js';
import { executePrepared } from '../../platform/orm/prepared-sql.js';

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
  // The event and its deliveries are one statement: it goes to the endpoints that take its type
  // as it is written, whatever changes at the endpoints later.
  const inserted = await executePrepared<{ id: string }>(
    tx,
    `with inserted as (
       insert into events (id, app_id, mode, type, source_type, source_id, payload, created_at)
       values (?, ?, ?, ?, ?, ?, ?::jsonb, ?::timestamptz) on conflict (source_type, source_id, type) do nothing returning id
     ), deliveries as (
       insert into webhook_deliveries (event_id, endpoint_id)
       select i.id, w.id from inserted i join webhook_endpoints w
           on w.app_id = ? and w.mode = ? and w.disabled_at is null
          and (cardinality(w.enabled_events) = 0 or ? = any (w.enabled_events))
     )
     select id from inserted`,
    [
      id,
      input.appId,
      input.mode,
      input.type,
      input.sourceType,
      input.sourceId,
      JSON.stringify(payload),
      createdAt,
      input.appId,
      input.mode,
      input.type,
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
 * Records one delivery attempt to one endpoint. A step of the retry schedule that had to send
 * again (its activity was retried after a crash) adds a row with the next `deliveryTry`: every
 * delivery a receiver got is counted, none overwritten. With `settles`, that endpoint's delivery
 * is settled in the same statement: the attempt that ends it and the status it ends in are one
 * write. The event's own status follows with refreshEventDeliveryStatus, except with
 * `onlyDelivery` (the event went to this one endpoint): a settled delivery then sets the event's
 * status in the same statement too, as long as it is still the event's only one. Answers whether
 * the event's status was written.
 */
export async function recordWebhookAttempt(
  em: EntityManager,
  attempt: {
    eventId: string;
    endpointId: number;
    attempt: number;
    deliveryTry: number;
    url: string;
    statusCode: number | null;
    failureReason: string | null;
    error: string | null;
    responseExcerpt: string | null;
    durationMs: number;
  },
  settles?: EndpointDeliveryStatus,
  onlyDelivery = false,
): Promise<boolean> {
  const values = [
    attempt.eventId,
    attempt.endpointId,
    attempt.attempt,
    attempt.deliveryTry,
    attempt.url,
    attempt.statusCode,
    attempt.failureReason,
    attempt.error,
    attempt.responseExcerpt,
    attempt.durationMs,
    new Date(),
  ];
  const insert = `insert into webhook_attempts
       (event_id, endpoint_id, attempt, delivery_try, url, status_code, failure_reason, error, response_excerpt,
        duration_ms, created_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing`;
  if (!settles) {
    await executePrepared(em, insert, values);
    return false;
  }
  if (!onlyDelivery) {
    await executePrepared(
      em,
      `with recorded as (${insert})
       update webhook_deliveries set status = ?, updated_at = now() where event_id = ? and endpoint_id = ?`,
      [...values, settles, attempt.eventId, attempt.endpointId],
    );
    return false;
  }
  // One delivery settled is its event settled the same way (refreshEventsDeliveryStatus's rule).
  const written = await executePrepared<{ id: string }>(
    em,
    `with recorded as (${insert}), settled as (
       update webhook_deliveries set status = ?, updated_at = now() where event_id = ? and endpoint_id = ?
       returning status
     )
     update events e set delivery_status = settled.status from settled
      where e.id = ? and (select count(*) from webhook_deliveries d where d.event_id = e.id) = 1
     returning e.id`,
    [...values, settles, attempt.eventId, attempt.endpointId, attempt.eventId],
  );
  return written.length > 0;
}

/**
 * The event's delivery status from its deliveries: PENDING while any endpoint's is, FAILED when
 * any endpoint did not take it, DELIVERED when every one did, NO_ENDPOINT when it was meant for none.
 */
export async function refreshEventDeliveryStatus(em: EntityManager, eventId: string): Promise<void> {
  await refreshEventsDeliveryStatus(em, [eventId]);
}

export async function refreshEventsDeliveryStatus(em: EntityManager, eventIds: string[]): Promise<void> {
  if (!eventIds.length) return;
  await em.execute(
    `update events e set delivery_status = coalesce(
       (select case when bool_or(d.status = 'PENDING') then 'PENDING'
                    when bool_or(d.status = 'FAILED') then 'FAILED'
                    else 'DELIVERED' end
          from webhook_deliveries d where d.event_id = e.id having count(*) > 0),
       'NO_ENDPOINT')
      where e.id in (select jsonb_array_elements_text(?::jsonb))`,
    [JSON.stringify(eventIds)],
  );
}

/** One endpoint's delivery of an event still under way, with what sending it needs. */
export interface PendingDelivery {
  endpointId: number;
  url: string;
  /** Switched off since the event was written: it is settled as FAILED, not sent. */
  disabled: boolean;
  publicId: string;
  sealedPerEndpoint: boolean;
  secretSealed: string;
  previousSecretSealed: string | null;
  previousSecretExpiresAt: Date | null;
}

/** An event with its deliveries still under way (all of them, or the one to `endpointId`). */
export interface EventForDelivery {
  event: Pick<OutboxEvent, 'id' | 'appId' | 'mode' | 'payload'>;
  /** How many endpoints the event was meant for, settled or not. */
  endpointCount: number;
  pending: PendingDelivery[];
}

/** One round trip for a delivery attempt's reads: the event and its pending deliveries. */
export async function findEventForDelivery(
  em: EntityManager,
  eventId: string,
  endpointId?: number,
): Promise<EventForDelivery | null> {
  const rows = await executePrepared(
    em,
    `select e.id, e.app_id, e.mode, e.payload,
            (select count(*) from webhook_deliveries c where c.event_id = e.id) as endpoint_count,
            w.id as endpoint_id, w.url, w.disabled_at, w.public_id, w.secrets_sealed_per_endpoint,
            w.secret_sealed, w.previous_secret_sealed,
            w.previous_secret_expires_at
       from events e
       left join webhook_deliveries d on d.event_id = e.id and d.status = 'PENDING'
             and (?::bigint is null or d.endpoint_id = ?::bigint)
       left join webhook_endpoints w on w.id = d.endpoint_id
      where e.id = ?
      order by w.id`,
    [endpointId ?? null, endpointId ?? null, eventId],
  );
  const [first] = rows;
  if (!first) return null;
  return {
    event: {
      id: String(first.id),
      appId: Number(first.app_id),
      mode: first.mode as Mode,
      payload: (typeof first.payload === 'string' ? JSON.parse(first.payload) : first.payload) as Record<
        string,
        unknown
      >,
    },
    endpointCount: Number(first.endpoint_count),
    pending: rows
      .filter((row) => row.endpoint_id !== null && row.endpoint_id !== undefined)
      .map((row) => ({
        endpointId: Number(row.endpoint_id),
        url: String(row.url),
        disabled: row.disabled_at !== null,
        publicId: String(row.public_id),
        sealedPerEndpoint: row.secrets_sealed_per_endpoint === true,
        secretSealed: String(row.secret_sealed),
        previousSecretSealed: row.previous_secret_sealed === null ? null : String(row.previous_secret_sealed),
        previousSecretExpiresAt:
          row.previous_secret_expires_at === null ? null : new Date(row.previous_secret_expires_at as string),
      })),
  };
}

/** Ends the deliveries of an event still under way (all, or the one to `endpointId`) as FAILED. */
export async function failPendingDeliveries(
  em: EntityManager,
  eventId: string,
  endpointId?: number,
): Promise<void> {
  await em.execute(
    `update webhook_deliveries set status = 'FAILED', updated_at = now()
      where event_id = ? and status = 'PENDING' and (?::bigint is null or endpoint_id = ?::bigint)`,
    [eventId, endpointId ?? null, endpointId ?? null],
  );
  await refreshEventDeliveryStatus(em, eventId);
}

/**
 * Makes an event due again at every endpoint that takes it now (an operator's resend): each
 * delivery starts over as PENDING, one to an endpoint added since is added.
 */
export async function redeliverEvent(
  tx: EntityManager,
  event: Pick<OutboxEvent, 'id' | 'appId' | 'mode' | 'type'>,
): Promise<void> {
  await tx.execute(
    `insert into webhook_deliveries (event_id, endpoint_id)
     select ?, w.id from webhook_endpoints w
      where w.app_id = ? and w.mode = ? and w.disabled_at is null
        and (cardinality(w.enabled_events) = 0 or ? = any (w.enabled_events))
     on conflict (event_id, endpoint_id) do update set status = 'PENDING', updated_at = now()`,
    [event.id, event.appId, event.mode, event.type],
  );
  await tx.execute(`update events set delivery_status = 'PENDING' where id = ?`, [event.id]);
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
