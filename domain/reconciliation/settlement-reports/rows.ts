import type { Mode } from '../../shared/mode.js';
import { isCurrency, type Currency } from '../../shared/money.js';
import type { CellValue, SettlementFileProblem } from '../../uploads/report-files.js';
import { isSettlementLineType, type SettlementLineDraft, type SettlementLineType } from '../settlements.js';
import { OPTIONAL_FIELDS, REPORT_FIELDS, type LayoutDefinition, type ReportField } from './layouts.js';
import { cellText, decimalAmount, minorAmount, settlementDate, type Read } from './values.js';

/**
 * One report row into one settlement line, or the first problem of the row. Pure: the file is read
 * elsewhere, a row at a time, as header → cell.
 */

/** A line before its identity is given (that depends on the lines before it: line-keys.ts). */
export type ParsedLine = Omit<SettlementLineDraft, 'lineKey'>;

export type RowResult = { ok: true; line: ParsedLine } | { ok: false; problem: SettlementFileProblem };

/** Which header holds each field, as the file spells it. */
export type HeaderMap = Partial<Record<ReportField, string>>;

const normalized = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Finds each field's column in the header row (case and spacing aside); the first required one
 * missing is the file's problem, on row 1.
 */
export function resolveHeader(
  layout: LayoutDefinition,
  header: readonly string[],
): { ok: true; headers: HeaderMap } | { ok: false; problem: SettlementFileProblem } {
  const byName = new Map<string, string>();
  for (const name of header) {
    const key = normalized(name);
    if (key && !byName.has(key)) byName.set(key, name);
  }
  const headers: HeaderMap = {};
  for (const field of REPORT_FIELDS) {
    const wanted = layout.columns[field];
    const found = byName.get(normalized(wanted));
    if (found !== undefined) headers[field] = found;
    else if (!OPTIONAL_FIELDS.has(field)) {
      return {
        ok: false,
        problem: { row: 1, column: wanted, problem: `the header has no "${wanted}" column` },
      };
    }
  }
  return { ok: true, headers };
}

/** Whether a header row is the canonical layout's (its required columns all present). */
export function looksCanonical(canonical: LayoutDefinition, header: readonly string[]): boolean {
  return resolveHeader(canonical, header).ok;
}

/** A row with nothing in any cell: spreadsheets and exports end with such rows; they are passed over. */
export function isBlankRow(row: Readonly<Record<string, CellValue>>): boolean {
  return Object.values(row).every((cell) => cellText(cell ?? null) === '');
}

/** The type as a report writes it ("Payment", "REFUND", "chargeback") into ours. */
function lineType(cell: CellValue): Read<SettlementLineType> {
  const text = cellText(cell).toUpperCase();
  if (text === '') return { ok: false, problem: 'is empty' };
  return isSettlementLineType(text)
    ? { ok: true, value: text }
    : {
        ok: false,
        problem: `"${cellText(cell)}" is not a known type (Payment, Refund, Chargeback, Adjustment)`,
      };
}

/** Where a line's money must point: what a payment brings in, a refund or chargeback takes out. */
function signProblem(type: SettlementLineType, grossMinor: number): string | null {
  if (type === 'PAYMENT' && grossMinor <= 0) return 'a payment line settles a positive amount';
  if ((type === 'REFUND' || type === 'CHARGEBACK') && grossMinor >= 0)
    return `a ${type.toLowerCase()} line settles a negative amount`;
  return null;
}

/**
 * One row into a line. `row` is the 1-based row of the file (the header is row 1); the gateway and
 * mode are the import's, never the file's.
 */
export function parseReportRow(
  layout: LayoutDefinition,
  headers: HeaderMap,
  row: Readonly<Record<string, CellValue>>,
  at: { row: number; gateway: string; mode: Mode },
): RowResult {
  const cell = (field: ReportField): CellValue => {
    const header = headers[field];
    return header === undefined ? null : (row[header] ?? null);
  };
  const fail = (field: ReportField, problem: string): RowResult => ({
    ok: false,
    problem: { row: at.row, column: headers[field] ?? layout.columns[field], problem },
  });

  const transactionId = cellText(cell('transactionId'));
  if (transactionId === '') return fail('transactionId', 'is empty');
  if (transactionId.length > 200) return fail('transactionId', 'is longer than 200 characters');
  const writtenReference = cellText(cell('reference'));
  if (writtenReference.length > 200) return fail('reference', 'is longer than 200 characters');
  const type = lineType(cell('type'));
  if (!type.ok) return fail('type', type.problem);
  const currencyText = cellText(cell('currency')).toUpperCase();
  if (currencyText === '') return fail('currency', 'is empty');
  if (!isCurrency(currencyText)) return fail('currency', `"${currencyText}" is not a currency we know`);
  const currency: Currency = currencyText;

  const amount = (field: ReportField): Read<number> =>
    layout.amounts === 'minor' ? minorAmount(cell(field)) : decimalAmount(cell(field), currency);
  const gross = amount('gross');
  if (!gross.ok) return fail('gross', gross.problem);
  const fee = amount('fee');
  if (!fee.ok) return fail('fee', fee.problem);
  const net = amount('net');
  if (!net.ok) return fail('net', net.problem);
  const sign = signProblem(type.value, gross.value);
  if (sign) return fail('gross', sign);
  if (net.value !== gross.value - fee.value) {
    return fail(
      'net',
      `is not ${headers.gross ?? layout.columns.gross} minus ${headers.fee ?? layout.columns.fee}`,
    );
  }
  const date = settlementDate(cell('settlementDate'));
  if (!date.ok) return fail('settlementDate', date.problem);
  const batch = cellText(cell('payoutBatch'));
  if (batch.length > 200) return fail('payoutBatch', 'is longer than 200 characters');

  return {
    ok: true,
    line: {
      gateway: at.gateway,
      mode: at.mode,
      gatewayTransactionId: transactionId,
      reference:
        writtenReference === '' ? null : (layout.referenceOf?.(writtenReference) ?? writtenReference),
      type: type.value,
      currency,
      grossMinor: gross.value,
      feeMinor: fee.value === 0 ? 0 : fee.value,
      netMinor: net.value,
      settlementDate: date.value,
      payoutBatch: batch === '' ? null : batch,
    },
  };
}
