import type { EntityManager } from '@mikro-orm/postgresql';
import type { SpooledReport } from '../../../activities/uploads/report-files.js';
import type { AuditActor } from '../../../db/operators/audit.js';
import {
  bankStatementLinesOfImport,
  findBankStatementImport,
  listBankStatementImports,
  type BankStatementImportRecord,
} from '../../../db/reconciliation/bank-statements.js';
import { ApiError } from '../../../domain/shared/errors.js';
import { toDecimalString } from '../../../domain/shared/money.js';
import {
  reconcileStatementDays,
  reconcileUploadOnce,
} from '../../reconciliation/settlement-reconciliation.js';
import type { RouteDeps } from '../../deps.js';
import type { FileUploadRecord } from '../../../db/uploads/file-uploads.js';
import { receiveUpload, uploadView, type UploadView } from '../../uploads/file-upload-service.js';
import type { BankStatementFields, SettlementImportsQuery } from './schemas.js';

const em = (deps: RouteDeps) => deps.orm.em.fork() as EntityManager;

/** A bank statement import as the API shows it. */
export function statementView(record: BankStatementImportRecord) {
  return {
    id: record.id,
    gateway: record.gateway,
    mode: record.mode,
    accountName: record.accountName,
    fileName: record.fileName,
    fileSha256: record.fileSha256,
    lineCount: record.lineCount,
    storedLineCount: record.storedLineCount,
    periodFrom: record.periodFrom,
    periodTo: record.periodTo,
    importedBy: record.importedBy === null ? null : { id: record.importedBy, email: record.importedByEmail },
    createdAt: record.createdAt.toISOString(),
  };
}
export type BankStatementView = ReturnType<typeof statementView>;

/**
 * An uploaded bank statement, read by the worker as the operator, then each settlement day it
 * may change matched again; one still being read when the wait ends answers where to look.
 */
export async function importUploadedStatement(
  deps: RouteDeps,
  operator: { id: number },
  actor: AuditActor,
  fields: BankStatementFields,
  file: { fileName: string; spooled: SpooledReport },
): Promise<
  { created: boolean; statement: BankStatementView; reconciliations: string[] } | { reading: UploadView }
> {
  const received = await receiveUpload(deps, {
    kind: 'bank_statement',
    gateway: fields.gateway,
    mode: fields.mode,
    operator,
    actor,
    file,
  });
  if (received.state === 'reading') return { reading: uploadView(received.upload) };
  return importedStatement(deps, received.upload);
}

/** An upload the worker imported as a statement: the import, its days matched again once. */
export async function importedStatement(deps: RouteDeps, upload: FileUploadRecord & { importId: number }) {
  const record = await findBankStatementImport(em(deps), upload.importId);
  if (!record)
    throw new Error(`upload ${upload.id}: its bank statement import ${upload.importId} is missing`);
  const reconciliations = await reconcileUploadOnce(deps, upload, () =>
    reconcileStatementDays(deps.orchestrator, em(deps), { record }),
  );
  return { created: upload.importCreated ?? false, statement: statementView(record), reconciliations };
}

export async function bankStatementList(deps: RouteDeps, query: SettlementImportsQuery) {
  const result = await listBankStatementImports(
    em(deps),
    { gateway: query.gateway, mode: query.mode },
    { offset: (query.page - 1) * query.size, limit: query.size },
  );
  return { items: result.items.map(statementView), total: result.total };
}

/** How many of a statement's lines its detail shows. */
export const STATEMENT_DETAIL_LINES = 200;

export async function bankStatementDetail(deps: RouteDeps, idText: string) {
  const id = /^[1-9]\d{0,14}$/.test(idText) ? Number(idText) : null;
  const record = id === null ? null : await findBankStatementImport(em(deps), id);
  if (!record) throw new ApiError('BANK_STATEMENT_NOT_FOUND');
  const lines = await bankStatementLinesOfImport(em(deps), record.id, {
    afterId: 0,
    limit: STATEMENT_DETAIL_LINES,
  });
  return {
    ...statementView(record),
    lines: lines.map((line) => ({
      id: line.id,
      valueDate: line.valueDate,
      amountMinor: line.amountMinor,
      amount: toDecimalString(line.amountMinor, line.currency),
      currency: line.currency,
      description: line.description,
      bankReference: line.bankReference,
      payoutBatch: line.payoutBatch,
      lineKey: line.lineKey,
    })),
    linesShown: lines.length,
  };
}
export type BankStatementDetail = Awaited<ReturnType<typeof bankStatementDetail>>;
