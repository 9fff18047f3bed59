import type { EntityManager } from '@mikro-orm/postgresql';
import { formatMoney, isCurrency } from '../../domain/shared/money.js';
import { json, type Row } from '../../platform/orm/row-values.js';

/** What operators read about a refund beyond its row: who asked, and everything that happened to it. */

/** Operators' emails by id (how the dashboard names a person). */
export async function operatorEmails(em: EntityManager, ids: number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await em.execute<Row[]>(
    `select id, email from operators where id in (${unique.map(() => '?').join(', ')})`,
    unique,
  );
  return new Map(rows.map((row) => [Number(row.id), String(row.email)]));
}

/**
 * Who asked for each refund an app asked for, as its audit entry names it (the app and the API key
 * it used), by refund reference. Refunds asked for before apps' requests were audited have none.
 */
export async function appRequesters(em: EntityManager, references: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(references)];
  if (!unique.length) return new Map();
  const rows = await em.execute<Row[]>(
    `select target_id, actor_label from audit_log
      where action = 'refund.requested' and actor_type = 'APP' and target_type = 'refund'
        and target_id in (${unique.map(() => '?').join(', ')})`,
    unique,
  );
  return new Map(rows.map((row) => [String(row.target_id), String(row.actor_label)]));
}

export interface RefundHistoryEntry {
  at: string;
  /** `refund.created`, `refund.approved`, … (an event the app heard, or an audit entry). */
  what: string;
  /** Who did it: an operator's email, or the service / the app. */
  who: string;
  detail: string | null;
}

/**
 * A refund's history, oldest first: the events the app was sent about it (its status changes)
 * and the audit entries naming it (who asked, decided, confirmed, and why).
 */
export async function refundHistory(
  em: EntityManager,
  reference: string,
  currency: string,
): Promise<RefundHistoryEntry[]> {
  const [events, audit] = await Promise.all([
    em.fork().execute<Row[]>(
      `select type, created_at, payload->'data'->>'status' as status from events
        where source_type = 'refund' and source_id = ? order by created_at, id`,
      [reference],
    ),
    em.fork().execute<Row[]>(
      `select action, actor_label, occurred_at, after from audit_log
        where target_type = 'refund' and target_id = ? order by occurred_at, id`,
      [reference],
    ),
  ]);
  const entries: RefundHistoryEntry[] = [
    ...events.map((row) => ({
      at: new Date(row.created_at as string).toISOString(),
      what: String(row.type),
      who: 'Sent to the app',
      detail: row.status ? `status ${String(row.status)}` : null,
    })),
    ...audit.map((row) => ({
      at: new Date(row.occurred_at as string).toISOString(),
      what: String(row.action),
      who: String(row.actor_label),
      detail: summary(json<Record<string, unknown> | null>(row.after), currency),
    })),
  ];
  return entries.sort((a, b) => a.at.localeCompare(b.at));
}

/** An audit entry's `after` in one line; amounts (`…Minor`) in the currency's major unit. */
function summary(after: Record<string, unknown> | null, currency: string): string | null {
  if (!after) return null;
  const parts = Object.entries(after)
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([key, value]) => {
      if (/Minor$/.test(key) && typeof value === 'number' && isCurrency(currency)) {
        return `${key.replace(/Minor$/, '')}: ${formatMoney(value, currency)}`;
      }
      return `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`;
    });
  return parts.length ? parts.join(', ') : null;
}
