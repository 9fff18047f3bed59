import type { EntityManager } from '@mikro-orm/postgresql';
import { importSpooledReport } from '../../../activities/settlement-imports.js';
import type { SpooledReport } from '../../../activities/settlement-report-files.js';
import type { AuditActor } from '../../../db/audit.js';
import {
  findSettlementImport,
  listSettlementImports,
  type SettlementImportRecord,
} from '../../../db/settlement-imports.js';
import { settlementLinesOfImport } from '../../../db/settlement-lines.js';
import { ApiError } from '../../../domain/errors.js';
import { toDecimalString, type Currency } from '../../../domain/money.js';
import type { ReportFileGateway } from '../../../domain/settlements.js';
import type { RouteDeps } from '../../deps.js';
import { uploadAreaOf } from './upload.js';
import { reconcileImportedDays } from '../../settlement-reconciliation.js';
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
 * Imports an uploaded report as the operator, then starts (or wakes) the reconciliation of each
 * settlement date it brought. A report imported before answers that import (created: false) and
 * wakes its days again, which finishes what a failed start left undone.
 */
export async function importUploadedReport(
  deps: RouteDeps,
  operator: { id: number },
  actor: AuditActor,
  fields: ImportReportFields,
  file: { fileName: string; spooled: SpooledReport },
): Promise<{ created: boolean; import: SettlementImportView; reconciliations: string[] }> {
  const result = await importSpooledReport(
    em(deps),
    {
      gateway: fields.gateway,
      mode: fields.mode,
      fileName: file.fileName,
      importedBy: operator.id,
      layout: fields.format,
      columns: deps.config.SETTLEMENT_REPORT_COLUMNS?.[fields.gateway as ReportFileGateway],
      area: uploadAreaOf(deps.config),
      audit: actor,
    },
    file.spooled,
  );
  let reconciliations: string[];
  try {
    reconciliations = await reconcileImportedDays(deps.orchestrator, result);
  } catch (error) {
    deps.logger.warn({ err: error, importId: result.importId }, 'reconciliation not started after an import');
    throw error;
  }
  return { created: result.created, import: importView(result.record), reconciliations };
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
