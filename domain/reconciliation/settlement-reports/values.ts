import { fromDecimalString, type Currency } from '../../shared/money.js';
import { isCalendarDate } from '../settlements.js';
import type { CellValue } from '../../uploads/report-files.js';

/**
 * A report's cell values into ours. Cells come as text from CSV, and as text, numbers or dates
 * from a spreadsheet (CellValue, as the upload reader hands them over). Each reader answers a
 * value or the problem an operator is told.
 */

export type Read<T> = { ok: true; value: T } | { ok: false; problem: string };

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const refused = <T>(problem: string): Read<T> => ({ ok: false, problem });

/** A cell as trimmed text; '' for an empty one. */
export function cellText(cell: CellValue): string {
  if (cell === null) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString();
  return String(cell).trim();
}

/** "1,234.50" → "1234.50"; only well-placed thousands separators are taken away. */
function withoutGrouping(text: string): string {
  return /^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text) ? text.replace(/,/g, '') : text;
}

/**
 * An amount written in the currency's unit ("1000.00", "-50", a spreadsheet's number), into minor
 * units without floating-point arithmetic: a number cell is read through its shortest decimal
 * text, and more precision than the currency has is refused rather than rounded.
 */
export function decimalAmount(cell: CellValue, currency: Currency): Read<number> {
  if (cell instanceof Date) return refused('is a date, not an amount');
  if (typeof cell === 'number' && !Number.isFinite(cell)) return refused('is not a finite amount');
  const text = withoutGrouping(cellText(cell));
  if (text === '') return refused('is empty');
  if (!/^-?\d+(\.\d+)?$/.test(text)) return refused(`"${text}" is not a decimal amount`);
  try {
    return ok(fromDecimalString(text, currency));
  } catch (error) {
    return refused((error as Error).message);
  }
}

/** An amount in integer minor units ("100000", "-500"). */
export function minorAmount(cell: CellValue): Read<number> {
  if (cell instanceof Date) return refused('is a date, not an amount');
  const text = cellText(cell);
  if (text === '') return refused('is empty');
  if (!/^-?\d+$/.test(text)) return refused(`"${text}" is not a whole number of minor units`);
  const value = Number(text);
  if (!Number.isSafeInteger(value)) return refused(`${text} is too large`);
  return ok(value === 0 ? 0 : value);
}

/**
 * A settlement date: ISO `YYYY-MM-DD` (a time after it, as SSLCOMMERZ writes, is left aside),
 * `DD/MM/YYYY` as bKash writes, or a spreadsheet's date cell (its calendar day as shown).
 */
export function settlementDate(cell: CellValue): Read<string> {
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return refused('is not a date');
    return ok(cell.toISOString().slice(0, 10));
  }
  if (typeof cell === 'number') return refused(`${cell} is a number, not a date`);
  const text = cellText(cell);
  if (text === '') return refused('is empty');
  const iso = /^(\d{4}-\d{2}-\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(
    text,
  );
  const dayFirst = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const date = iso
    ? iso[1]!
    : dayFirst
      ? `${dayFirst[3]}-${dayFirst[2]!.padStart(2, '0')}-${dayFirst[1]!.padStart(2, '0')}`
      : null;
  if (date === null) return refused(`"${text}" is not a date (YYYY-MM-DD or DD/MM/YYYY)`);
  if (!isCalendarDate(date)) return refused(`"${text}" is not a day of the calendar`);
  return ok(date);
}
