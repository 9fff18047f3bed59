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
 * counted, none overwritten.
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
): Promise<void> {
  await em.execute(
    `insert into webhook_attempts (event_id, attempt, delivery_try, url, status_code, error, duration_ms, created_at)
     values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing`,
    [
      attempt.eventId,
      attempt.attempt,
      attempt.deliveryTry,
      attempt.url,
      attempt.statusCode,
      attempt.error,
      attempt.durationMs,
      new Date(),
    ],
  );
}

export async function setEventDeliveryStatus(
  em: EntityManager,
  eventId: string,
  status: OutboxEvent['deliveryStatus'],
): Promise<void> {
  await em.nativeUpdate(OutboxEventSchema, { id: eventId }, { deliveryStatus: status });
}
