import type { AuditEntry } from '../../../platform/orm/entities.js';

/** The audit entry as the admin API returns it (summaries were redacted when written). */
export function auditView(entry: AuditEntry) {
  return {
    id: entry.id,
    occurredAt: entry.occurredAt.toISOString(),
    actorType: entry.actorType,
    actorId: entry.actorId,
    actorLabel: entry.actorLabel,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    ip: entry.ip,
    before: entry.before,
    after: entry.after,
  };
}

export type AuditView = ReturnType<typeof auditView>;
