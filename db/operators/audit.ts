import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditEntrySchema, type AuditEntry } from '../../platform/orm/entities.js';

export interface AuditActor {
  type: AuditEntry['actorType'];
  id: string | null;
  label: string;
  ip: string | null;
}

export interface AuditRecord {
  action: string;
  targetType?: string | null;
  targetId?: string | number | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** The service itself as the actor of an entry (a workflow's step), named by what acted. */
export const systemActor = (label: string): AuditActor => ({ type: 'SYSTEM', id: null, label, ip: null });

/** Keys whose values never enter the audit trail, however a caller builds its summary. */
const SECRET_KEYS = /secret|password|hash|token|sealed/i;

function redact(summary: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  if (!summary) return null;
  return Object.fromEntries(
    Object.entries(summary).map(([k, v]) => [k, SECRET_KEYS.test(k) ? '[redacted]' : v]),
  );
}

/** Appends one entry to the audit trail, in the caller's transaction when given one. */
export async function appendAudit(em: EntityManager, actor: AuditActor, record: AuditRecord): Promise<void> {
  await em.insert(AuditEntrySchema, {
    occurredAt: new Date(),
    actorType: actor.type,
    actorId: actor.id,
    actorLabel: actor.label,
    action: record.action,
    targetType: record.targetType ?? null,
    targetId: record.targetId === undefined || record.targetId === null ? null : String(record.targetId),
    ip: actor.ip,
    before: redact(record.before),
    after: redact(record.after),
  });
}

export interface AuditFilters {
  action?: string;
  actor?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
  page: number;
  size: number;
  /** Continue after this entry (a cursor's row id) instead of paging by number. */
  after?: number;
}

/** The audit filters as a MikroORM condition: the list page and its export share them. */
export function auditWhere(f: Omit<AuditFilters, 'page' | 'size' | 'after'>): Record<string, unknown> {
  const where: Record<string, unknown> = {};
  if (f.action) where.action = { $like: `${f.action}%` };
  if (f.actor) where.actorLabel = { $ilike: `%${f.actor}%` };
  if (f.targetType) where.targetType = f.targetType;
  if (f.targetId) where.targetId = f.targetId;
  if (f.from || f.to) where.occurredAt = { ...(f.from && { $gte: f.from }), ...(f.to && { $lt: f.to }) };
  return where;
}

/** Newest first; `lastId` names the last entry when a next page may follow (the page was full). */
export async function listAudit(
  em: EntityManager,
  f: AuditFilters,
): Promise<{ items: AuditEntry[]; total: number; lastId: number | null }> {
  const where = auditWhere(f);
  const total = await em.count(AuditEntrySchema, where);
  const page = em
    .createQueryBuilder(AuditEntrySchema)
    .select('*')
    .where(where)
    .orderBy({ occurredAt: 'desc', id: 'desc' })
    .limit(f.size);
  if (f.after !== undefined) {
    // Keyset: the entries strictly before the cursor's, read from audit_log_time_idx at any depth.
    page.andWhere('(occurred_at, id) < (select c.occurred_at, c.id from audit_log c where c.id = ?)', [
      f.after,
    ]);
  } else {
    page.offset((f.page - 1) * f.size);
  }
  const items = await page.getResultList();
  const last = items.at(-1);
  return { items, total, lastId: last && items.length === f.size ? last.id : null };
}
