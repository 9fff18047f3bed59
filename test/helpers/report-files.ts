import { unzipSync } from 'fflate';
import { parse } from 'csv-parse/sync';
import { readSheetRows, type SheetCell } from '../../activities/uploads/xlsx-reader.js';

/** A delivered XLSX's one sheet, row by row, read back with the service's own XLSX reader. */
export async function workbookRows(content: Buffer | Uint8Array): Promise<SheetCell[][]> {
  const files = unzipSync(new Uint8Array(content));
  const sheet = files['xl/worksheets/sheet1.xml'];
  if (!sheet) throw new Error('the workbook has no first sheet');
  const rows: SheetCell[][] = [];
  for await (const row of readSheetRows([Buffer.from(sheet)], [])) rows.push(row.values);
  return rows;
}

/** A CSV report's records (its BOM taken off), header first. */
export function csvRows(content: Buffer | string): string[][] {
  const text = typeof content === 'string' ? content : content.toString('utf8');
  return parse(text.replace(/^\uFEFF/, '')) as string[][];
}
