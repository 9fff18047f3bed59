import { Readable } from 'node:stream';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from 'koa';
import { appendAudit, type AuditActor } from '../../../db/operators/audit.js';
import { CSV_BOM, csvRecord, csvRecords, type CsvValue } from '../../../domain/shared/csv.js';
export { companyDate, decimal, isoTime } from '../../../domain/reports/report-values.js';
import type { RouteDeps } from '../../deps.js';

/** One CSV export, ready to stream: its file name, its header and its records batch by batch. */
export interface CsvExport {
  /** What is exported; the audit action is `export.<what>`. */
  what: string;
  fileName: string;
  /** The filters it was asked with, for the audit trail. */
  filters: Record<string, unknown>;
  header: readonly string[];
  batches: AsyncIterable<CsvValue[][]>;
}

/** A name safe in Content-Disposition and on any file system: letters, digits, dot, dash, underscore. */
export function exportFileName(...parts: string[]): string {
  return `${parts.map((p) => p.replace(/[^A-Za-z0-9._-]+/g, '_')).join('-')}.csv`;
}

const day = (at: Date) => at.toISOString().slice(0, 10);

/** A filter's instant range as a file name's part: `2026-11-01-to-2026-11-30`, open ends named. */
export function rangeLabel(from: Date | undefined, to: Date | undefined, now: Date): string {
  return `${from ? day(from) : 'start'}-to-${day(to ?? now)}`;
}

async function* csvChunks(file: CsvExport): AsyncGenerator<string> {
  yield CSV_BOM + csvRecord(file.header);
  for await (const batch of file.batches) yield csvRecords(batch);
}

/**
 * Answers with the export as a CSV attachment, streamed batch by batch (memory holds one batch),
 * after recording in the audit log who exported what with which filters. A failure mid-stream
 * cuts the connection, so a client never mistakes a truncated file for a whole one.
 */
export async function sendCsvExport(
  ctx: Context,
  deps: RouteDeps,
  actor: AuditActor,
  file: CsvExport,
): Promise<void> {
  await appendAudit(deps.orm.em.fork() as EntityManager, actor, {
    action: `export.${file.what}`,
    targetType: 'export',
    targetId: file.fileName,
    after: { fileName: file.fileName, filters: file.filters },
  });
  const body = Readable.from(csvChunks(file));
  body.on('error', (error) => {
    deps.logger.error({ err: error, requestId: ctx.state.requestId, export: file.fileName }, 'export failed');
    ctx.res.destroy(error);
  });
  ctx.status = 200;
  ctx.type = 'text/csv; charset=utf-8';
  ctx.set('Content-Disposition', `attachment; filename="${file.fileName}"`);
  // It names customers and amounts: no shared cache keeps it.
  ctx.set('Cache-Control', 'private, no-store');
  ctx.body = body;
}
