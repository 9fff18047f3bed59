import type { ReportRun } from '../../db/reports/report-runs.js';
import { reportFileName } from '../../domain/reports/report-types.js';

/** A run as the API answers it: what it covers, its rows' shape, its file and how it was delivered. */
export function reportRunView(run: ReportRun) {
  return {
    id: run.reference,
    type: run.type,
    format: run.format,
    mode: run.mode,
    appId: run.appId,
    from: run.from,
    to: run.to,
    filters: run.filters,
    rowCount: run.rowCount,
    columns: run.columns,
    fileName: reportFileName(run, run.format),
    sha256: run.contentSha256,
    requestedBy: run.requestedBy,
    scheduleId: run.scheduleId,
    delivery: { status: run.deliveryStatus, deliveredAt: run.deliveredAt, detail: run.deliveryDetail },
    createdAt: run.createdAt,
    expiresAt: run.expiresAt,
  };
}
