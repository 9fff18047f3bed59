import type { EntityManager } from '@mikro-orm/postgresql';
import type { SpooledReport } from '../../../activities/uploads/report-files.js';
import type { AuditActor } from '../../../db/operators/audit.js';
import type { FileUploadRecord } from '../../../db/uploads/file-uploads.js';
import {
  findRailStatementImport,
  listRailStatementImports,
  railStatementLinesOfImport,
  type RailStatementImportRecord,
} from '../../../db/reconciliation/rail-statements.js';
import { railReconGateway } from '../../../domain/reconciliation/rail-statements.js';
import { ApiError } from '../../../domain/shared/errors.js';
import { toDecimalString } from '../../../domain/shared/money.js';
import type { RouteDeps } from '../../deps.js';
import { reconcileUploadOnce } from '../../reconciliation/settlement-reconciliation.js';
import { receiveUpload, uploadView, type UploadView } from '../../uploads/file-upload-service.js';
import type { RailStatementFields, RailStatementsQuery } from './schemas.js';

/**
 * A payout rail's statement of a day, uploaded by finance: received by the API, read by the
 * worker, then the rail's day (`recon-payout-<rail>-<mode>-<date>`) matched against our payouts.
 */

const em = (deps: RouteDeps) => deps.orm.em.fork() as EntityManager;

export function railStatementView(record: RailStatementImportRecord) {
  return {
    id: record.id,
    rail: record.rail,
    mode: record.mode,
    statementDate: record.statementDate,
    fileName: record.fileName,
    fileSha256: record.fileSha256,
    lineCount: record.lineCount,
    storedLineCount: record.storedLineCount,
    importedBy: record.importedBy === null ? null : { id: record.importedBy, email: record.importedByEmail },
    createdAt: record.createdAt.toISOString(),
  };
}
export type RailStatementView = ReturnType<typeof railStatementView>;

export async function importUploadedRailStatement(
  deps: RouteDeps,
  operator: { id: number },
  actor: AuditActor,
  fields: RailStatementFields,
  file: { fileName: string; spooled: SpooledReport },
): Promise<
  { created: boolean; statement: RailStatementView; reconciliations: string[] } | { reading: UploadView }
> {
  const received = await receiveUpload(deps, {
    kind: 'rail_statement',
    gateway: fields.rail,
    mode: fields.mode,
    // The upload's row keeps the statement's day where a report keeps its layout.
    layout: fields.statementDate,
    operator,
    actor,
    file,
  });
  if (received.state === 'reading') return { reading: uploadView(received.upload) };
  return importedRailStatement(deps, received.upload);
}

/** An upload the worker imported as a rail statement: the import, its day matched once. */
export async function importedRailStatement(
  deps: RouteDeps,
  upload: FileUploadRecord & { importId: number },
) {
  const record = await findRailStatementImport(em(deps), upload.importId);
  if (!record)
    throw new Error(`upload ${upload.id}: its rail statement import ${upload.importId} is missing`);
  const reconciliations = await reconcileUploadOnce(deps, upload, () =>
    reconcileRailStatementDay(deps, record),
  );
  return { created: upload.importCreated ?? false, statement: railStatementView(record), reconciliations };
}

/** Starts (or wakes) the rail's day the statement speaks for. */
export async function reconcileRailStatementDay(
  deps: Pick<RouteDeps, 'orchestrator'>,
  record: Pick<RailStatementImportRecord, 'rail' | 'mode' | 'statementDate'>,
): Promise<string[]> {
  try {
    return await deps.orchestrator.startReconciliations({
      gateway: railReconGateway(record.rail),
      mode: record.mode,
      dates: [record.statementDate],
      reason: 'rail statement imported',
    });
  } catch {
    throw new ApiError(
      'SERVICE_UNAVAILABLE',
      "The statement is stored, but the rail's day could not be matched: import the same file again",
    );
  }
}

export async function railStatementList(deps: RouteDeps, query: RailStatementsQuery) {
  const result = await listRailStatementImports(
    em(deps),
    { gateway: query.rail, mode: query.mode },
    { offset: (query.page - 1) * query.size, limit: query.size },
  );
  return { items: result.items.map(railStatementView), total: result.total };
}

export const RAIL_STATEMENT_DETAIL_LINES = 200;

export async function railStatementDetail(deps: RouteDeps, idText: string) {
  const id = /^[1-9]\d{0,14}$/.test(idText) ? Number(idText) : null;
  const record = id === null ? null : await findRailStatementImport(em(deps), id);
  if (!record) throw new ApiError('RAIL_STATEMENT_NOT_FOUND');
  const lines = await railStatementLinesOfImport(em(deps), record.id, {
    afterId: 0,
    limit: RAIL_STATEMENT_DETAIL_LINES,
  });
  return {
    ...railStatementView(record),
    lines: lines.map((line) => ({
      id: line.id,
      valueDate: line.valueDate,
      direction: line.direction,
      railTransactionId: line.railTransactionId,
      reference: line.reference,
      amountMinor: line.amountMinor,
      amount: toDecimalString(line.amountMinor, line.currency),
      feeMinor: line.feeMinor,
      currency: line.currency,
      lineKey: line.lineKey,
    })),
    linesShown: lines.length,
  };
}
