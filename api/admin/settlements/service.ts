import type { EntityManager } from '@mikro-orm/postgresql';
import type { SpooledReport } from '../../../activities/uploads/report-files.js';
import type { AuditActor } from '../../../db/operators/audit.js';
import {
  findSettlementImport,
  listSettlementImports,
  type SettlementImportRecord,
} from '../../../db/reconciliation/settlement-imports.js';
import { settlementLinesOfImport } from '../../../db/reconciliation/settlement-lines.js';
import { ApiError } from '../../../domain/shared/errors.js';
import { toDecimalString, type Currency } from '../../../domain/shared/money.js';
import type { RouteDeps } from '../../deps.js';
import type { FileUploadRecord } from '../../../db/uploads/file-uploads.js';
import { receiveUpload, uploadView, type UploadView } from '../../uploads/file-upload-service.js';
import {
  reconcileImportedDays,
  reconcileUploadOnce,
} from '../../reconciliation/settlement-reconciliation.js';
import type { ImportReportFields, SettlementImportsQuery } from './schemas.js';

const em = (deps: RouteDeps) => deps.orm.em.fork() as EntityManager;

/** An import as the API shows it. */
export function importView(record: SettlementImportRecord) {
  return {
    id: record.id,
    gateway: record.gateway,
    mode: record.mode,
    fileName: record.fileName,
    fileSha256: record.fileSha256,
    format: record.format,
    lineCount: record.lineCount,
    storedLineCount: record.storedLineCount,
    settlementDates: record.settlementDates,
    importedBy: record.importedBy === null ? null : { id: record.importedBy, email: record.importedByEmail },
    createdAt: record.createdAt.toISOString(),
  };
}
export type SettlementImportView = ReturnType<typeof importView>;

/**
 * An uploaded report, read by the worker as the operator, then the reconciliation of each
 * settlement date it brought started (or woken). A report imported before answers that import
 * (created: false) and wakes its days again, which finishes what a failed start left undone. A
 * report still being read when the wait ends answers where to look (`reading`).
 */
export async function importUploadedReport(
  deps: RouteDeps,
  operator: { id: number },
  actor: AuditActor,
  fields: ImportReportFields,
  file: { fileName: string; spooled: SpooledReport },
): Promise<
  { created: boolean; import: SettlementImportView; reconciliations: string[] } | { reading: UploadView }
> {
  const received = await receiveUpload(deps, {
    kind: 'settlement_report',
    gateway: fields.gateway,
    mode: fields.mode,
    layout: fields.format,
    operator,
    actor,
    file,
  });
  if (received.state === 'reading') return { reading: uploadView(received.upload) };
  return importedReport(deps, received.upload);
}

/** An upload the worker imported as a report: the import, its days started once. */
export async function importedReport(deps: RouteDeps, upload: FileUploadRecord & { importId: number }) {
  const record = await findSettlementImport(em(deps), upload.importId);
  if (!record) throw new Error(`upload ${upload.id}: its settlement import ${upload.importId} is missing`);
  let reconciliations: string[];
  try {
    reconciliations = await reconcileUploadOnce(deps, upload, () =>
      reconcileImportedDays(deps.orchestrator, { settlementDates: record.settlementDates, record }),
    );
  } catch (error) {
    deps.logger.warn({ err: error, importId: record.id }, 'reconciliation not started after an import');
    throw error;
  }
  return { created: upload.importCreated ?? false, import: importView(record), reconciliations };
}

export async function settlementImportList(deps: RouteDeps, query: SettlementImportsQuery) {
  const result = await listSettlementImports(
    em(deps),
    { gateway: query.gateway, mode: query.mode },
    { offset: (query.page - 1) * query.size, limit: query.size },
  );
  return { items: result.items.map(importView), total: result.total };
}

/** How many of an import's lines its detail shows; the rest are in the reconciliation's exports. */
export const DETAIL_LINES = 200;

export async function settlementImportDetail(deps: RouteDeps, idText: string) {
  const id = /^[1-9]\d{0,14}$/.test(idText) ? Number(idText) : null;
  const record = id === null ? null : await findSettlementImport(em(deps), id);
  if (!record) throw new ApiError('SETTLEMENT_IMPORT_NOT_FOUND');
  const lines = await settlementLinesOfImport(em(deps), record.id, { afterId: 0, limit: DETAIL_LINES });
  return {
    ...importView(record),
    lines: lines.map((line) => ({
      id: line.id,
      gatewayTransactionId: line.gatewayTransactionId,
      reference: line.reference,
      type: line.type,
      currency: line.currency,
      grossMinor: line.grossMinor,
      feeMinor: line.feeMinor,
      netMinor: line.netMinor,
      gross: toDecimalString(line.grossMinor, line.currency as Currency),
      fee: toDecimalString(line.feeMinor, line.currency as Currency),
      net: toDecimalString(line.netMinor, line.currency as Currency),
      settlementDate: line.settlementDate,
      payoutBatch: line.payoutBatch,
      lineKey: line.lineKey,
    })),
    linesShown: lines.length,
  };
}
export type SettlementImportDetail = Awaited<ReturnType<typeof settlementImportDetail>>;
