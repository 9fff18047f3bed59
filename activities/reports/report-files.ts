import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { writeWorkbook, type WorkbookCell } from '../../platform/xlsx/write-workbook.js';
import { CSV_BOM, csvRecord, csvRecords } from '../../domain/shared/csv.js';
import {
  REPORT_CONTENT_TYPES,
  reportFileName,
  type ReportFormat,
} from '../../domain/reports/report-types.js';
import type { ReportRun } from '../../db/reports/report-runs.js';
import type { ReportSource } from './report-sources.js';

/**
 * A run keeps its rows once, as CSV: the CSV file is those bytes, the XLSX file and the API's rows
 * are read from them. So every way a run is fetched gives the same rows, and the same file every
 * time (the XLSX's entries dated by the run).
 */

export interface BuiltReport {
  columns: readonly string[];
  rowCount: number;
  content: Buffer;
  sha256: string;
}

/** Reads the source to its end and writes its CSV (with the BOM spreadsheets need for UTF-8). */
export async function buildReport(source: ReportSource): Promise<BuiltReport> {
  const chunks: string[] = [CSV_BOM + csvRecord(source.columns)];
  let rowCount = 0;
  for await (const batch of source.batches) {
    rowCount += batch.length;
    chunks.push(csvRecords(batch));
  }
  const content = Buffer.from(chunks.join(''), 'utf8');
  return {
    columns: source.columns,
    rowCount,
    content,
    sha256: createHash('sha256').update(content).digest('hex'),
  };
}

/** Columns holding whole numbers: counts, ids and minor units. Everything else stays text (a phone's leading zero). */
const isWholeNumberColumn = (column: string) =>
  column === 'id' ||
  column === 'app_id' ||
  column === 'entry_id' ||
  column === 'posting_id' ||
  column.endsWith('_minor') ||
  column.endsWith('_count');

/** CSV's guard against formulas is a leading apostrophe; a workbook's text is never a formula, so it goes. */
const unguarded = (text: string) => (/^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text);

export type ReportCell = string | number | null;

/** The stored CSV's rows, each cell typed: whole numbers as numbers, empty as null. */
export function reportRows(content: Buffer): { columns: string[]; rows: ReportCell[][] } {
  const records = parse(content.toString('utf8').replace(/^\uFEFF/, ''), {
    relax_column_count: false,
  }) as string[][];
  const [columns = [], ...body] = records;
  const numeric = columns.map(isWholeNumberColumn);
  const rows = body.map((record) =>
    record.map((cell, i): ReportCell => {
      if (cell === '') return null;
      if (numeric[i] && /^-?\d+$/.test(cell)) return Number(cell);
      return unguarded(cell);
    }),
  );
  return { columns, rows };
}

/** The run's file as it is downloaded: its bytes, type and name. */
export function reportFile(
  run: Pick<ReportRun, 'type' | 'mode' | 'from' | 'to' | 'appId' | 'createdAt'>,
  content: Buffer,
  format: ReportFormat,
): { body: Buffer; contentType: string; fileName: string } {
  const fileName = reportFileName(run, format);
  if (format === 'csv') return { body: content, contentType: REPORT_CONTENT_TYPES.csv, fileName };
  const { columns, rows } = reportRows(content);
  const cells: WorkbookCell[][] = [columns, ...rows];
  return {
    body: writeWorkbook(cells, { sheetName: run.type, modified: run.createdAt }),
    contentType: REPORT_CONTENT_TYPES.xlsx,
    fileName,
  };
}
