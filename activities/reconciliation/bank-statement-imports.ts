import type { EntityManager } from '@mikro-orm/postgresql';
import type { Readable } from 'node:stream';
import { appendAudit, type AuditActor } from '../../db/operators/audit.js';
import {
  closeBankStatementImport,
  findBankStatementImportByHash,
  insertBankStatementLines,
  openBankStatementImport,
  type BankStatementImportRecord,
} from '../../db/reconciliation/bank-statements.js';
import {
  parseStatementRow,
  resolveStatementHeader,
  StatementLineKeys,
  type BankStatementLineDraft,
} from '../../domain/reconciliation/bank-statements.js';
import { ApiError } from '../../domain/shared/errors.js';
import type { Mode } from '../../domain/shared/mode.js';
import { isBlankRow } from '../../domain/reconciliation/settlement-reports/rows.js';
import { isSettlementGateway } from '../../gateways/settlement-reports.js';
import { isolatedReportRows } from '../uploads/isolated-report-rows.js';
import {
  defaultUploadArea,
  ReportFileProblem,
  sniffContainer,
  type SpooledReport,
  type UploadArea,
} from '../uploads/report-files.js';
import {
  importUploadedFile,
  withSpooledFile,
  type UploadedFileKind,
} from '../uploads/uploaded-file-import.js';

/**
 * A bank statement in: the statement of the bank account a gateway settles to in a mode, read
 * (streamed, a row at a time) and checked row by row, then stored in one transaction. A statement
 * with a problem anywhere leaves nothing behind; the same file again answers the earlier import;
 * an entry an overlapping statement brought is not stored again.
 */

export interface BankStatementInput {
  gateway: string;
  mode: Mode;
  fileName: string;
  importedBy: number | null;
  audit?: AuditActor | undefined;
  /** Where the file is read and within which limits; unset: the system's temporary directory, the default limits. */
  area?: UploadArea | undefined;
  /** Stops reading when aborted (the activity cancelled, the worker shutting down). */
  signal?: AbortSignal | undefined;
}

export interface BankStatementImportResult {
  importId: number;
  created: boolean;
  lines: number;
  storedLines: number;
  record: BankStatementImportRecord;
}

/** Lines per insert, as settlement lines: few round trips, bounded memory. */
const STATEMENT_LINE_BATCH = 1000;

export async function importBankStatement(
  em: EntityManager,
  input: BankStatementInput & { stream: Readable },
): Promise<BankStatementImportResult> {
  return withSpooledFile(
    input.stream,
    (spooled) => importSpooledBankStatement(em, input, spooled),
    input.area,
  );
}

const BANK_STATEMENT: UploadedFileKind<BankStatementImportRecord> = {
  what: 'bank statement',
  auditPrefix: 'bank_statement',
  targetType: 'bank_statement_import',
  byHash: findBankStatementImportByHash,
};

export async function importSpooledBankStatement(
  em: EntityManager,
  input: BankStatementInput,
  spooled: Pick<SpooledReport, 'path' | 'sha256'>,
): Promise<BankStatementImportResult> {
  if (!isSettlementGateway(input.gateway)) {
    throw new ApiError('VALIDATION_ERROR', `No bank statements are imported for ${input.gateway}`);
  }
  const [account] = await em.execute<Array<{ name: string }>>(
    'select name from settlement_bank_accounts where gateway = ? and mode = ?',
    [input.gateway, input.mode],
  );
  if (!account) throw new ApiError('BANK_ACCOUNT_NOT_NAMED');
  const { record, created } = await importUploadedFile(em, BANK_STATEMENT, input, spooled.sha256, (tx) =>
    storeStatement(tx, input, account.name, spooled),
  );
  return resultOf(record, created);
}

async function storeStatement(
  tx: EntityManager,
  input: BankStatementInput,
  accountName: string,
  spooled: Pick<SpooledReport, 'path' | 'sha256'>,
): Promise<number | null> {
  const container = await sniffContainer(spooled.path);
  const rows = isolatedReportRows(spooled.path, container, input.area ?? defaultUploadArea(), input.signal);
  try {
    const first = await rows.next();
    if (first.done || first.value.kind !== 'header') {
      throw new ReportFileProblem({ row: 1, column: null, problem: 'the file has no header row' });
    }
    const header = resolveStatementHeader(first.value.names);
    if (!header.ok) throw new ReportFileProblem({ ...header.problem, row: first.value.row });
    const opened = await openBankStatementImport(tx, {
      gateway: input.gateway,
      mode: input.mode,
      accountName,
      fileName: input.fileName.slice(0, 255),
      fileSha256: spooled.sha256,
      importedBy: input.importedBy,
    });
    // Another upload of the same statement committed first: the caller answers with it.
    if (opened === null) return null;
    const keys = new StatementLineKeys();
    let batch: BankStatementLineDraft[] = [];
    let lineCount = 0;
    let storedLineCount = 0;
    let periodFrom: string | null = null;
    let periodTo: string | null = null;
    for await (const entry of rows) {
      if (entry.kind !== 'row' || isBlankRow(entry.cells)) continue;
      const parsed = parseStatementRow(header.headers, entry.cells, {
        row: entry.row,
        gateway: input.gateway,
        mode: input.mode,
      });
      if (!parsed.ok) throw new ReportFileProblem(parsed.problem);
      const line = keys.keyed(parsed.line);
      if (periodFrom === null || line.valueDate < periodFrom) periodFrom = line.valueDate;
      if (periodTo === null || line.valueDate > periodTo) periodTo = line.valueDate;
      batch.push(line);
      lineCount += 1;
      if (batch.length >= STATEMENT_LINE_BATCH) {
        storedLineCount += await insertBankStatementLines(tx, opened, batch);
        batch = [];
      }
    }
    storedLineCount += await insertBankStatementLines(tx, opened, batch);
    await closeBankStatementImport(tx, opened, { lineCount, storedLineCount, periodFrom, periodTo });
    if (input.audit) {
      await appendAudit(tx, input.audit, {
        action: 'bank_statement.import',
        targetType: 'bank_statement_import',
        targetId: opened,
        after: {
          gateway: input.gateway,
          mode: input.mode,
          accountName,
          fileName: input.fileName,
          fileSha256: spooled.sha256,
          lineCount,
          storedLineCount,
          periodFrom,
          periodTo,
        },
      });
    }
    return opened;
  } finally {
    await rows.return(undefined);
  }
}

function resultOf(record: BankStatementImportRecord, created: boolean): BankStatementImportResult {
  return {
    importId: record.id,
    created,
    lines: record.lineCount,
    storedLines: record.storedLineCount,
    record,
  };
}

/**
 * The settlement days a statement may change: each day whose payout window the statement's
 * period reaches (a credit may be its payout, or the statement now shows it never came), and each
 * day a credit of the statement is dated (a credit no payout explains is that day's exception).
 * A day already reconciled reaches as far as its own window, which an operator may since have
 * changed; a day not yet reconciled, as far as `payoutWindowDays` (today's setting).
 */
export async function daysTouchedByStatement(
  em: EntityManager,
  record: Pick<BankStatementImportRecord, 'id' | 'gateway' | 'mode' | 'periodFrom' | 'periodTo'>,
  payoutWindowDays: number,
): Promise<string[]> {
  if (record.periodFrom === null || record.periodTo === null) return [];
  const rows = await em.execute<Array<{ day: string }>>(
    `with reach as (
       select greatest(?::int, coalesce(max(payout_window_days), 0)) as days
         from recon_runs where gateway = ? and mode = ?),
     days as (
       select distinct l.settlement_date from settlement_lines l, reach
        where l.gateway = ? and l.mode = ? and l.settlement_date between ?::date - reach.days and ?::date)
     select to_char(d.settlement_date, 'YYYY-MM-DD') as day from days d
       left join recon_runs r on r.gateway = ? and r.mode = ? and r.settlement_date = d.settlement_date
      where d.settlement_date + coalesce(r.payout_window_days, ?::int) >= ?::date
     union
     select distinct to_char(value_date, 'YYYY-MM-DD') from bank_statement_lines
      where import_id = ? and amount_minor > 0
     order by 1`,
    [
      payoutWindowDays,
      record.gateway,
      record.mode,
      record.gateway,
      record.mode,
      record.periodFrom,
      record.periodTo,
      record.gateway,
      record.mode,
      payoutWindowDays,
      record.periodFrom,
      record.id,
    ],
  );
  return rows.map((r) => r.day);
}
