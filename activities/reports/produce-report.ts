import type { EntityManager } from '@mikro-orm/postgresql';
import { appendAudit, type AuditActor } from '../../db/operators/audit.js';
import { insertReportRun, type DeliveryStatus, type ReportRun } from '../../db/reports/report-runs.js';
import {
  newReportRunReference,
  retainedUntil,
  type ReportFormat,
} from '../../domain/reports/report-types.js';
import { buildReport } from './report-files.js';
import { reportSource, type ReportSpec } from './report-sources.js';

/** One run to make: what it covers, its file's format, who asked and how it is to be delivered. */
export interface ReportRunRequest extends ReportSpec {
  format: ReportFormat;
  scheduleId: number | null;
  idempotencyKey: string | null;
  /** PENDING when a delivery follows (a schedule's), NONE when the asker downloads it. */
  deliveryStatus: DeliveryStatus;
}

/**
 * Reads the report's rows now, stores the run with its file (kept 90 days) and records in the
 * audit log who ran which report of which days. A run that exists already (the schedule's run of
 * the period, the app's run under the same idempotency key) is answered as it is, audited once.
 */
export async function produceReportRun(
  em: EntityManager,
  zone: string,
  request: ReportRunRequest,
  actor: AuditActor,
  now: Date,
): Promise<{ run: ReportRun; created: boolean }> {
  const built = await buildReport(reportSource(em, zone, request));
  return em.transactional(async (tx) => {
    const stored = await insertReportRun(tx as EntityManager, {
      reference: newReportRunReference(),
      type: request.type,
      format: request.format,
      mode: request.mode,
      appId: request.appId,
      filters: request.filters,
      from: request.from,
      to: request.to,
      scheduleId: request.scheduleId,
      requestedBy: actor.label,
      idempotencyKey: request.idempotencyKey,
      rowCount: built.rowCount,
      columns: built.columns,
      content: built.content,
      contentSha256: built.sha256,
      createdAt: now,
      expiresAt: retainedUntil(now),
      deliveryStatus: request.deliveryStatus,
    });
    if (stored.created) {
      await appendAudit(tx as EntityManager, actor, {
        action: 'report.run',
        targetType: 'report_run',
        targetId: stored.run.reference,
        after: {
          type: stored.run.type,
          format: stored.run.format,
          mode: stored.run.mode,
          appId: stored.run.appId,
          from: stored.run.from,
          to: stored.run.to,
          filters: stored.run.filters,
          scheduleId: stored.run.scheduleId,
          rowCount: stored.run.rowCount,
          sha256: stored.run.contentSha256,
        },
      });
    }
    return stored;
  });
}
