import type { EntityManager } from '@mikro-orm/postgresql';
import type { BankStatementLineDraft } from '../../domain/reconciliation/bank-statements.js';
import type { Mode } from '../../domain/shared/mode.js';
import type { Currency } from '../../domain/shared/money.js';
import {
  coverageOf,
  type BankCredit,
  type StatementCoverage,
} from '../../domain/reconciliation/payout-matching.js';
import { instant, text, type Row } from '../../platform/orm/row-values.js';
import { uploadedFiles } from '../uploads/uploaded-files.js';

/**
 * Bank statements of the accounts gateways settle to (tables bank_statement_imports and
 * bank_statement_lines): append-only facts of what reached the bank.
 */

export interface BankStatementImportRecord {
  id: number;
  gateway: string;
  mode: Mode;
  accountName: string;
  fileName: string;
  fileSha256: string;
  lineCount: number;
  storedLineCount: number;
  periodFrom: string | null;
  periodTo: string | null;
  importedBy: number | null;
  importedByEmail: string | null;
  createdAt: Date;
}

export interface BankStatementLineRecord extends BankStatementLineDraft {
  id: number;
  importId: number;
}

const IMPORT_COLUMNS = `i.id, i.gateway, i.mode, i.account_name, i.file_name, i.file_sha256, i.line_count,
  i.stored_line_count, to_char(i.period_from, 'YYYY-MM-DD') as period_from,
  to_char(i.period_to, 'YYYY-MM-DD') as period_to, i.imported_by, o.email as imported_by_email, i.created_at`;

function importFromRow(row: Row): BankStatementImportRecord {
  return {
    id: Number(row.id),
    gateway: String(row.gateway),
    mode: row.mode as Mode,
    accountName: String(row.account_name),
    fileName: String(row.file_name),
    fileSha256: String(row.file_sha256),
    lineCount: Number(row.line_count),
    storedLineCount: Number(row.stored_line_count),
    periodFrom: text(row.period_from),
    periodTo: text(row.period_to),
    importedBy: row.imported_by === null ? null : Number(row.imported_by),
    importedByEmail: text(row.imported_by_email),
    createdAt: instant(row.created_at)!,
  };
}

const LINE_COLUMNS = `id, import_id, gateway, mode, to_char(value_date, 'YYYY-MM-DD') as value_date, amount_minor,
  currency, description, bank_reference, payout_batch, line_key`;

function lineFromRow(row: Row): BankStatementLineRecord {
  return {
    id: Number(row.id),
    importId: Number(row.import_id),
    gateway: String(row.gateway),
    mode: row.mode as Mode,
    valueDate: String(row.value_date),
    amountMinor: Number(row.amount_minor),
    currency: row.currency as Currency,
    description: String(row.description),
    bankReference: text(row.bank_reference),
    payoutBatch: text(row.payout_batch),
    lineKey: String(row.line_key),
  };
}

/**
 * Opens an import in the caller's transaction; null when the same statement (by its hash) was
 * imported before for the account. A concurrent upload of it waits on the unique index.
 */
export async function openBankStatementImport(
  tx: EntityManager,
  input: {
    gateway: string;
    mode: Mode;
    accountName: string;
    fileName: string;
    fileSha256: string;
    importedBy: number | null;
  },
): Promise<number | null> {
  const [row] = await tx.execute<Row[]>(
    `insert into bank_statement_imports (gateway, mode, account_name, file_name, file_sha256, imported_by)
     values (?, ?, ?, ?, ?, ?)
     on conflict (gateway, mode, file_sha256) do nothing
     returning id`,
    [input.gateway, input.mode, input.accountName, input.fileName, input.fileSha256, input.importedBy],
  );
  return row ? Number(row.id) : null;
}

export async function closeBankStatementImport(
  tx: EntityManager,
  importId: number,
  totals: { lineCount: number; storedLineCount: number; periodFrom: string | null; periodTo: string | null },
): Promise<void> {
  await tx.execute(
    `update bank_statement_imports set line_count = ?, stored_line_count = ?, period_from = ?::date,
       period_to = ?::date where id = ?`,
    [totals.lineCount, totals.storedLineCount, totals.periodFrom, totals.periodTo, importId],
  );
}

/** Stores a batch of lines; a line whose key is stored already is left as it is. Returns how many were new. */
export async function insertBankStatementLines(
  tx: EntityManager,
  importId: number,
  lines: readonly BankStatementLineDraft[],
): Promise<number> {
  if (lines.length === 0) return 0;
  const inserted = await tx.execute<Row[]>(
    `insert into bank_statement_lines (import_id, gateway, mode, value_date, amount_minor, currency, description,
       bank_reference, payout_batch, line_key)
     select ?, x.gateway, x.mode, x.value_date, x.amount_minor, x.currency, x.description, x.bank_reference,
       x.payout_batch, x.line_key
     from rows from (jsonb_to_recordset(?::jsonb) as (gateway text, mode text, value_date date,
       amount_minor bigint, currency text, description text, bank_reference text, payout_batch text,
       line_key text)) with ordinality as x
     order by x.ordinality
     on conflict (line_key) do nothing
     returning id`,
    [
      importId,
      JSON.stringify(
        lines.map((l) => ({
          gateway: l.gateway,
          mode: l.mode,
          value_date: l.valueDate,
          amount_minor: l.amountMinor,
          currency: l.currency,
          description: l.description,
          bank_reference: l.bankReference,
          payout_batch: l.payoutBatch,
          line_key: l.lineKey,
        })),
      ),
    ],
  );
  return inserted.length;
}

const statementFiles = uploadedFiles({
  table: 'bank_statement_imports',
  columns: IMPORT_COLUMNS,
  fromRow: importFromRow,
});
export const findBankStatementImport = statementFiles.byId;
export const findBankStatementImportByHash = statementFiles.byHash;
/** Statements newest first, a page at a time, with how many match in all. */
export const listBankStatementImports = statementFiles.list;

/** The lines an import brought, a page at a time. */
export async function bankStatementLinesOfImport(
  em: EntityManager,
  importId: number,
  page: { afterId: number; limit: number },
): Promise<BankStatementLineRecord[]> {
  const rows = await em.execute<Row[]>(
    `select ${LINE_COLUMNS} from bank_statement_lines where import_id = ? and id > ? order by id limit ?`,
    [importId, page.afterId, page.limit],
  );
  return rows.map(lineFromRow);
}

/** The days the account's statements speak for (each statement's period, merged where they meet). */
export async function statementCoverage(
  em: EntityManager,
  account: { gateway: string; mode: Mode },
): Promise<StatementCoverage | null> {
  const rows = await em.execute<Row[]>(
    `select distinct to_char(period_from, 'YYYY-MM-DD') as from, to_char(period_to, 'YYYY-MM-DD') as to
       from bank_statement_imports
      where gateway = ? and mode = ? and period_from is not null and period_to is not null`,
    [account.gateway, account.mode],
  );
  return coverageOf(rows.map((row) => ({ from: String(row.from), to: String(row.to) })));
}

/** The account's credits with value dates in [from, to] that no payout has claimed, in date order. */
export async function unclaimedCredits(
  em: EntityManager,
  account: { gateway: string; mode: Mode },
  span: { from: string; to: string },
): Promise<BankCredit[]> {
  const rows = await em.execute<Row[]>(
    `select ${LINE_COLUMNS} from bank_statement_lines l
      where l.gateway = ? and l.mode = ? and l.value_date between ?::date and ?::date and l.amount_minor > 0
        and not exists (select 1 from payout_receipts r where r.line_id = l.id)
      order by l.value_date, l.id`,
    [account.gateway, account.mode, span.from, span.to],
  );
  return rows.map((row) => {
    const line = lineFromRow(row);
    return {
      id: line.id,
      lineKey: line.lineKey,
      valueDate: line.valueDate,
      amountMinor: line.amountMinor,
      currency: line.currency,
      description: line.description,
      payoutBatch: line.payoutBatch,
    };
  });
}
