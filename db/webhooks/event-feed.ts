import type { EntityManager } from '@mikro-orm/postgresql';
import type { Mode } from '../../domain/shared/mode.js';
import { instant, json, type Row } from '../../platform/orm/row-values.js';

/** An event as a follower of the outbox reads it (`npm run cli -- listen`). */
export interface FedEvent {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  createdAt: Date;
}

/**
 * An app's events in one mode written at or after `from`, oldest first, leaving out those already
 * seen: read again and again over a window that reaches back, this also finds an event whose
 * transaction committed after younger ones were read. Read-only: deliveries are not touched.
 */
export async function eventsSince(
  em: EntityManager,
  input: { appId: number; mode: Mode; from: Date; seen: string[]; types?: string[]; limit: number },
): Promise<FedEvent[]> {
  const clauses = ['app_id = ?', 'mode = ?', 'created_at >= ?'];
  const params: unknown[] = [input.appId, input.mode, input.from];
  // Lists travel as one JSON value: any text is safe in it, and the statement keeps one shape.
  if (input.seen.length) {
    clauses.push('id not in (select jsonb_array_elements_text(?::jsonb))');
    params.push(JSON.stringify(input.seen));
  }
  if (input.types?.length) {
    clauses.push('type in (select jsonb_array_elements_text(?::jsonb))');
    params.push(JSON.stringify(input.types));
  }
  const rows = await em.execute<Row[]>(
    `select id, type, payload, created_at from events where ${clauses.join(' and ')}
      order by created_at, id limit ?`,
    [...params, input.limit],
  );
  return rows.map((row) => ({
    id: String(row.id),
    type: String(row.type),
    payload: json<Record<string, unknown>>(row.payload),
    createdAt: instant(row.created_at)!,
  }));
}
