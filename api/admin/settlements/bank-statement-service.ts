import type { EntityManager } from '@mikro-orm/postgresql';
import { importSpooledBankStatement } from '../../../activities/bank-statement-imports.js';
import type { SpooledReport } from '../../../activities/settlement-report-files.js';
import type { AuditActor } from '../../../db/audit.js';
import {
  bankStatementLinesOfImport,
  findBankStatementImport,
  listBankStatementImports,
  type BankStatementImportRecord,
} from '../../../db/bank-statements.js';
import { ApiError } from '../../../domain/errors.js';
import { toDecimalString } from '../../../domain/money.js';
import { reconcileStatementDays } from '../../settlement-reconciliation.js';
import type { RouteDeps } from '../../deps.js';
import { uploadAreaOf } from './upload.js';
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

export async function importUploadedStatement(
  deps: RouteDeps,
  operator: { id: number },
  actor: AuditActor,
  fields: BankStatementFields,
  file: { fileName: string; spooled: SpooledReport },
): Promise<{ created: boolean; statement: BankStatementView; reconciliations: string[] }> {
  const result = await importSpooledBankStatement(
    em(deps),
    {
      gateway: fields.gateway,
      mode: fields.mode,
      fileName: file.fileName,
      importedBy: operator.id,
      area: uploadAreaOf(deps.config),
      audit: actor,
    },
    file.spooled,
  );
  const reconciliations = await reconcileStatementDays(deps.orchestrator, em(deps), result);
  return { created: result.created, statement: statementView(result.record), reconciliations };
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
