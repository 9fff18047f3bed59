import type { EntityManager } from '@mikro-orm/postgresql';
import { appendAudit, type AuditActor } from '../../db/operators/audit.js';
import { startReconciliations, type ReconciliationTemporal } from './reconciliation-starts.js';
import type { Readable } from 'node:stream';
import {
  closeSettlementImport,
  findSettlementImportByHash,
  openSettlementImport,
  type SettlementImportRecord,
} from '../../db/reconciliation/settlement-imports.js';
import { insertSettlementLines, SETTLEMENT_LINE_BATCH } from '../../db/reconciliation/settlement-lines.js';
import { ApiError } from '../../domain/shared/errors.js';
import type { Mode } from '../../domain/shared/mode.js';
import type { ReportColumns } from '../../domain/reconciliation/settlement-reports/layouts.js';
import type { ReportLayout, SettlementLineDraft } from '../../domain/reconciliation/settlements.js';
import { isSettlementGateway } from '../../gateways/settlement-reports.js';
import type { SpooledReport, UploadArea } from '../uploads/report-files.js';
import {
  importUploadedFile,
  withSpooledFile,
  type UploadedFileKind,
} from '../uploads/uploaded-file-import.js';
import { openReport, type OpenedReport } from './settlement-report-lines.js';

/**
 * A settlement report in: read, checked row by row and stored in one transaction, a batch of lines
 * at a time. A report with a problem anywhere leaves nothing behind; the same report again (by its
 * bytes) answers the earlier import; a line an earlier report brought is not stored again.
 */

export interface SettlementReportInput {
  gateway: string;
  mode: Mode;
  fileName: string;
  stream: Readable;
  /** The operator who uploaded it; null when the service fetched the report itself. */
  importedBy: number | null;
  /** Column names for this report, over the deployment's and the defaults. */
  columns?: Partial<ReportColumns> | undefined;
  /** Where the file is read and within which limits; unset: the system's temporary directory, the default limits. */
  area?: UploadArea | undefined;
  /** Stops reading when aborted (the activity cancelled, the worker shutting down). */
  signal?: AbortSignal | undefined;
  /** Which layout the file follows; unset: the canonical one when its header is canonical, else the gateway's. */
  layout?: ReportLayout | undefined;
  /** Who imports it, for the audit trail: the import (or its refusal) is audited when given. */
  audit?: AuditActor | undefined;
  /**
   * Where reconciliation workflows run: when given, the reconciliation of each settlement date the
   * report carries is started or woken once its lines are stored (also for a report imported before).
   */
  temporal?: ReconciliationTemporal | undefined;
}

export interface SettlementImportResult {
  importId: number;
  /** The reconciliation workflows started or woken (when `temporal` was given). */
  reconciliations?: string[];
  /** False when the same report had been imported before: this is that import. */
  created: boolean;
  /** Lines the report holds. */
  lines: number;
  /** Of those, lines no earlier report had brought. */
  storedLines: number;
  settlementDates: string[];
  record: SettlementImportRecord;
}

/** Imports a report from a stream (an upload, a file on disk): spooled to a temporary file first. */
export async function importSettlementReport(
  em: EntityManager,
  input: SettlementReportInput,
): Promise<SettlementImportResult> {
  return withSpooledFile(input.stream, (spooled) => importSpooledReport(em, input, spooled), input.area);
}

/** Imports a report already spooled to disk with its hash taken, then reconciles its days when asked. */
export async function importSpooledReport(
  em: EntityManager,
  input: Omit<SettlementReportInput, 'stream'>,
  spooled: Pick<SpooledReport, 'path' | 'sha256'>,
): Promise<SettlementImportResult> {
  const result = await storeSpooledReport(em, input, spooled);
  if (!input.temporal || result.settlementDates.length === 0) return result;
  const reconciliations = await startReconciliations(input.temporal, {
    gateway: result.record.gateway,
    mode: result.record.mode,
    dates: result.settlementDates,
  });
  return { ...result, reconciliations };
}

const SETTLEMENT_REPORT: UploadedFileKind<SettlementImportRecord> = {
  what: 'settlement report',
  auditPrefix: 'settlement',
  targetType: 'settlement_import',
  byHash: findSettlementImportByHash,
};

async function storeSpooledReport(
  em: EntityManager,
  input: Omit<SettlementReportInput, 'stream'>,
  spooled: Pick<SpooledReport, 'path' | 'sha256'>,
): Promise<SettlementImportResult> {
  if (!isSettlementGateway(input.gateway)) {
    throw new ApiError('VALIDATION_ERROR', `Settlement reports are not imported for ${input.gateway}`);
  }
  const { record, created } = await importUploadedFile(
    em,
    SETTLEMENT_REPORT,
    input,
    spooled.sha256,
    async (tx) => {
      const report = await openReport(spooled.path, input);
      try {
        return await storeLines(tx, input, spooled.sha256, report);
      } finally {
        await report.close();
      }
    },
  );
  return resultOf(record, created);
}

/** Stores a report's lines under a new import; null when the same report's upload won a race. */
async function storeLines(
  tx: EntityManager,
  input: Omit<SettlementReportInput, 'stream'>,
  sha256: string,
  report: OpenedReport,
): Promise<number | null> {
  const opened = await openSettlementImport(tx, {
    gateway: input.gateway,
    mode: input.mode,
    fileName: input.fileName.slice(0, 255),
    fileSha256: sha256,
    format: report.format,
    importedBy: input.importedBy,
  });
  // Another upload of the same report committed first: the caller answers with it.
  if (opened === null) return null;
  const dates = new Set<string>();
  let batch: SettlementLineDraft[] = [];
  let lineCount = 0;
  let storedLineCount = 0;
  const flush = async () => {
    storedLineCount += await insertSettlementLines(tx, opened, batch);
    batch = [];
  };
  for await (const line of report.lines) {
    batch.push(line);
    dates.add(line.settlementDate);
    lineCount += 1;
    if (batch.length >= SETTLEMENT_LINE_BATCH) await flush();
  }
  await flush();
  const settlementDates = [...dates].sort();
  await closeSettlementImport(tx, opened, { lineCount, storedLineCount, settlementDates });
  if (input.audit) {
    await appendAudit(tx, input.audit, {
      action: 'settlement.import',
      targetType: 'settlement_import',
      targetId: opened,
      after: {
        gateway: input.gateway,
        mode: input.mode,
        fileName: input.fileName,
        fileSha256: sha256,
        format: report.format,
        lineCount,
        storedLineCount,
        settlementDates,
      },
    });
  }
  return opened;
}

function resultOf(record: SettlementImportRecord, created: boolean): SettlementImportResult {
  return {
    importId: record.id,
    created,
    lines: record.lineCount,
    storedLines: record.storedLineCount,
    settlementDates: record.settlementDates,
    record,
  };
}
