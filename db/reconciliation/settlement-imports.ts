import type { EntityManager } from '@mikro-orm/postgresql';
import type { Mode } from '../../domain/shared/mode.js';
import { instant, type Row } from '../../platform/orm/row-values.js';
import { uploadedFiles, type UploadedFileFilter } from '../uploads/uploaded-files.js';

/** Settlement report imports (table settlement_imports): one per distinct report per gateway and mode. */

export interface SettlementImportRecord {
  id: number;
  gateway: string;
  mode: Mode;
  fileName: string;
  fileSha256: string;
  /** `<layout>-<container>`: 'bkash-xlsx', 'canonical-csv', … */
  format: string;
  /** Lines the report holds. */
  lineCount: number;
  /** Of those, lines no earlier report had brought. */
  storedLineCount: number;
  settlementDates: string[];
  /** The operator who uploaded it; null when the service fetched it itself. */
  importedBy: number | null;
  importedByEmail: string | null;
  createdAt: Date;
}

const COLUMNS = `i.id, i.gateway, i.mode, i.file_name, i.file_sha256, i.format, i.line_count, i.stored_line_count,
  array(select to_char(d, 'YYYY-MM-DD') from unnest(i.settlement_dates) d order by d) as settlement_dates,
  i.imported_by, o.email as imported_by_email, i.created_at`;

function importFromRow(row: Row): SettlementImportRecord {
  return {
    id: Number(row.id),
    gateway: String(row.gateway),
    mode: row.mode as Mode,
    fileName: String(row.file_name),
    fileSha256: String(row.file_sha256),
    format: String(row.format),
    lineCount: Number(row.line_count),
    storedLineCount: Number(row.stored_line_count),
    settlementDates: (row.settlement_dates as string[] | null) ?? [],
    importedBy: row.imported_by === null ? null : Number(row.imported_by),
    importedByEmail: row.imported_by_email === null ? null : String(row.imported_by_email),
    createdAt: instant(row.created_at)!,
  };
}

export interface NewSettlementImport {
  gateway: string;
  mode: Mode;
  fileName: string;
  fileSha256: string;
  format: string;
  importedBy: number | null;
}

/**
 * Opens an import for a report, in the caller's transaction; null when the same report (by its
 * hash) was imported before for the gateway and mode. A concurrent upload of the same report waits
 * here on the unique index until the first commits or rolls back.
 */
export async function openSettlementImport(
  tx: EntityManager,
  input: NewSettlementImport,
): Promise<number | null> {
  const [row] = await tx.execute<Row[]>(
    `insert into settlement_imports (gateway, mode, file_name, file_sha256, format, line_count, stored_line_count,
       imported_by)
     values (?, ?, ?, ?, ?, 0, 0, ?)
     on conflict (gateway, mode, file_sha256) do nothing
     returning id`,
    [input.gateway, input.mode, input.fileName, input.fileSha256, input.format, input.importedBy],
  );
  return row ? Number(row.id) : null;
}

/** Records what an import held, once all its lines are stored. */
export async function closeSettlementImport(
  tx: EntityManager,
  importId: number,
  totals: { lineCount: number; storedLineCount: number; settlementDates: readonly string[] },
): Promise<void> {
  await tx.execute(
    `update settlement_imports set line_count = ?, stored_line_count = ?,
       settlement_dates = array(select jsonb_array_elements_text(?::jsonb)::date)
     where id = ?`,
    [totals.lineCount, totals.storedLineCount, JSON.stringify([...totals.settlementDates].sort()), importId],
  );
}

const reportFiles = uploadedFiles({
  table: 'settlement_imports',
  columns: COLUMNS,
  fromRow: importFromRow,
});
export const findSettlementImport = reportFiles.byId;
export const findSettlementImportByHash = reportFiles.byHash;
export type SettlementImportFilter = UploadedFileFilter;
/** Imports newest first, a page at a time, with how many match in all. */
export const listSettlementImports = reportFiles.list;
