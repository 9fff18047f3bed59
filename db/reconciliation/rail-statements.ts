import type { EntityManager } from '@mikro-orm/postgresql';
import type { RailStatementLineDraft, StatementRail } from '../../domain/reconciliation/rail-statements.js';
import type { RailLine, RailPayout } from '../../domain/reconciliation/rail-statement-matching.js';
import type { PayoutStatus } from '../../domain/payouts/payouts.js';
import type { Mode } from '../../domain/shared/mode.js';
import { instant, text, type Row } from '../../platform/orm/row-values.js';
import { uploadedFiles } from '../uploads/uploaded-files.js';

/**
 * Payout rails' statements (tables rail_statement_imports and rail_statement_lines): append-only
 * facts of what each rail says it sent, and what a day's match reads of them.
 */

export interface RailStatementImportRecord {
  id: number;
  rail: StatementRail;
  mode: Mode;
  statementDate: string;
  fileName: string;
  fileSha256: string;
  lineCount: number;
  storedLineCount: number;
  importedBy: number | null;
  importedByEmail: string | null;
  createdAt: Date;
}

export interface RailStatementLineRecord extends RailStatementLineDraft {
  id: number;
  importId: number;
}

const IMPORT_COLUMNS = `i.id, i.rail, i.mode, to_char(i.statement_date, 'YYYY-MM-DD') as statement_date, i.file_name,
  i.file_sha256, i.line_count, i.stored_line_count, i.imported_by, o.email as imported_by_email, i.created_at`;

function importFromRow(row: Row): RailStatementImportRecord {
  return {
    id: Number(row.id),
    rail: row.rail as StatementRail,
    mode: row.mode as Mode,
    statementDate: String(row.statement_date),
    fileName: String(row.file_name),
    fileSha256: String(row.file_sha256),
    lineCount: Number(row.line_count),
    storedLineCount: Number(row.stored_line_count),
    importedBy: row.imported_by === null ? null : Number(row.imported_by),
    importedByEmail: text(row.imported_by_email),
    createdAt: instant(row.created_at)!,
  };
}

const LINE_COLUMNS = `id, import_id, rail, mode, to_char(value_date, 'YYYY-MM-DD') as value_date, direction,
  rail_transaction_id, reference, amount_minor, fee_minor, currency, line_key`;

function lineFromRow(row: Row): RailStatementLineRecord {
  return {
    id: Number(row.id),
    importId: Number(row.import_id),
    rail: row.rail as StatementRail,
    mode: row.mode as Mode,
    valueDate: String(row.value_date),
    direction: row.direction as RailStatementLineRecord['direction'],
    railTransactionId: String(row.rail_transaction_id),
    reference: text(row.reference),
    amountMinor: Number(row.amount_minor),
    feeMinor: Number(row.fee_minor),
    currency: 'BDT',
    lineKey: String(row.line_key),
  };
}

/** Opens an import in the caller's transaction; null when the same file was imported before. */
export async function openRailStatementImport(
  tx: EntityManager,
  input: {
    rail: StatementRail;
    mode: Mode;
    statementDate: string;
    fileName: string;
    fileSha256: string;
    importedBy: number | null;
  },
): Promise<number | null> {
  const [row] = await tx.execute<Row[]>(
    `insert into rail_statement_imports (rail, mode, statement_date, file_name, file_sha256, imported_by)
     values (?, ?, ?::date, ?, ?, ?)
     on conflict (rail, mode, file_sha256) do nothing
     returning id`,
    [input.rail, input.mode, input.statementDate, input.fileName, input.fileSha256, input.importedBy],
  );
  return row ? Number(row.id) : null;
}

export async function closeRailStatementImport(
  tx: EntityManager,
  importId: number,
  totals: { lineCount: number; storedLineCount: number },
): Promise<void> {
  await tx.execute('update rail_statement_imports set line_count = ?, stored_line_count = ? where id = ?', [
    totals.lineCount,
    totals.storedLineCount,
    importId,
  ]);
}

/** Stores a batch of lines; a line whose key is stored already is left as it is. Returns how many were new. */
export async function insertRailStatementLines(
  tx: EntityManager,
  importId: number,
  lines: readonly RailStatementLineDraft[],
): Promise<number> {
  if (lines.length === 0) return 0;
  const inserted = await tx.execute<Row[]>(
    `insert into rail_statement_lines (import_id, rail, mode, value_date, direction, rail_transaction_id, reference,
       amount_minor, fee_minor, currency, line_key)
     select ?, x.rail, x.mode, x.value_date, x.direction, x.rail_transaction_id, x.reference, x.amount_minor,
       x.fee_minor, x.currency, x.line_key
     from rows from (jsonb_to_recordset(?::jsonb) as (rail text, mode text, value_date date, direction text,
       rail_transaction_id text, reference text, amount_minor bigint, fee_minor bigint, currency text,
       line_key text)) with ordinality as x
     order by x.ordinality
     on conflict (line_key) do nothing
     returning id`,
    [
      importId,
      JSON.stringify(
        lines.map((l) => ({
          rail: l.rail,
          mode: l.mode,
          value_date: l.valueDate,
          direction: l.direction,
          rail_transaction_id: l.railTransactionId,
          reference: l.reference,
          amount_minor: l.amountMinor,
          fee_minor: l.feeMinor,
          currency: l.currency,
          line_key: l.lineKey,
        })),
      ),
    ],
  );
  return inserted.length;
}

const railFiles = uploadedFiles({
  table: 'rail_statement_imports',
  columns: IMPORT_COLUMNS,
  fromRow: importFromRow,
  ownerColumn: 'rail',
});
export const findRailStatementImport = railFiles.byId;
export const findRailStatementImportByHash = railFiles.byHash;
export const listRailStatementImports = railFiles.list;

export async function railStatementLinesOfImport(
  em: EntityManager,
  importId: number,
  page: { afterId: number; limit: number },
): Promise<RailStatementLineRecord[]> {
  const rows = await em.execute<Row[]>(
    `select ${LINE_COLUMNS} from rail_statement_lines where import_id = ? and id > ? order by id limit ?`,
    [importId, page.afterId, page.limit],
  );
  return rows.map(lineFromRow);
}

export interface RailDay {
  rail: StatementRail;
  mode: Mode;
  date: string;
}

/** The day's lines of every statement of the rail. */
export async function railLinesOfDay(em: EntityManager, day: RailDay): Promise<RailLine[]> {
  const rows = await em.execute<Row[]>(
    `select ${LINE_COLUMNS} from rail_statement_lines where rail = ? and mode = ? and value_date = ?::date order by id`,
    [day.rail, day.mode, day.date],
  );
  return rows.map(lineFromRow);
}

/** Per reference and direction, the first line any statement of the rail has for it (by day, then id). */
export async function firstRailLines(
  em: EntityManager,
  day: Pick<RailDay, 'rail' | 'mode'>,
  references: readonly string[],
): Promise<Map<string, number>> {
  if (references.length === 0) return new Map();
  const rows = await em.execute<Row[]>(
    `select distinct on (reference, direction) reference, direction, id from rail_statement_lines
      where rail = ? and mode = ? and reference in (select jsonb_array_elements_text(?::jsonb))
      order by reference, direction, value_date, id`,
    [day.rail, day.mode, JSON.stringify(references)],
  );
  return new Map(rows.map((r) => [`${String(r.direction)}|${String(r.reference)}`, Number(r.id)]));
}

const payoutFromRow = (row: Row): RailPayout => ({
  id: Number(row.id),
  reference: String(row.reference),
  status: row.status as PayoutStatus,
  amountMinor: Number(row.amount_minor),
  feeMinor: row.fee_minor === null ? null : Number(row.fee_minor),
});

/** The rail's payouts in the mode with these references. */
export async function railPayoutsByReference(
  em: EntityManager,
  day: Pick<RailDay, 'rail' | 'mode'>,
  references: readonly string[],
): Promise<Map<string, RailPayout>> {
  if (references.length === 0) return new Map();
  const rows = await em.execute<Row[]>(
    `select id, reference, status, amount_minor, fee_minor from payouts
      where rail = ? and mode = ? and reference in (select jsonb_array_elements_text(?::jsonb))`,
    [day.rail, day.mode, JSON.stringify(references)],
  );
  return new Map(rows.map((r) => [String(r.reference), payoutFromRow(r)]));
}

/**
 * The rail's payouts in the mode we hold as paid on the day (settled that Bangladesh day, still
 * SUCCEEDED or since RETURNED), each with whether any statement of the rail shows it sent.
 */
export async function payoutsPaidOnDay(
  em: EntityManager,
  day: RailDay,
): Promise<Array<{ payout: RailPayout; shown: boolean }>> {
  const rows = await em.execute<Row[]>(
    `select p.id, p.reference, p.status, p.amount_minor, p.fee_minor,
            exists (select 1 from rail_statement_lines l where l.rail = p.rail and l.mode = p.mode
                     and l.reference = p.reference and l.direction = 'DEBIT') as shown
       from payouts p
      where p.rail = ? and p.mode = ? and p.status in ('SUCCEEDED', 'RETURNED') and p.settled_at is not null
        and (p.settled_at at time zone 'Asia/Dhaka')::date = ?::date
      order by p.id`,
    [day.rail, day.mode, day.date],
  );
  return rows.map((r) => ({ payout: payoutFromRow(r), shown: Boolean(r.shown) }));
}

/** Who imported the statement a rail line came from; null when the service fetched it. */
export async function uploaderOfRailLine(
  em: EntityManager,
  railLineId: number | null,
): Promise<number | null> {
  if (railLineId === null) return null;
  const [row] = await em.execute<Row[]>(
    `select i.imported_by from rail_statement_lines l join rail_statement_imports i on i.id = l.import_id
      where l.id = ?`,
    [railLineId],
  );
  return row?.imported_by === null || row?.imported_by === undefined ? null : Number(row.imported_by);
}

export async function railLineById(em: EntityManager, id: number): Promise<RailStatementLineRecord | null> {
  const [row] = await em.execute<Row[]>(`select ${LINE_COLUMNS} from rail_statement_lines where id = ?`, [
    id,
  ]);
  return row ? lineFromRow(row) : null;
}
