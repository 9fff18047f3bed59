import { createHash } from 'node:crypto';
import type { Mode } from '../shared/mode.js';
import { isCurrency, type Currency } from '../shared/money.js';
import type { CellValue, SettlementFileProblem } from '../uploads/report-files.js';
import { cellText, decimalAmount, settlementDate } from './settlement-reports/values.js';

/**
 * A bank's statement of the account a gateway settles to in a mode: what actually reached the
 * bank. One canonical CSV layout, since every bank exports something different and a spreadsheet
 * turns any of them into this:
 *
 *   date,amount,currency,description,bank_reference,payout_batch
 *   2026-11-21,10450.00,BDT,SSLCOMMERZ SETTLEMENT 4471,FT2632511,SSL-B-4471
 *
 * - `date`: the value date, YYYY-MM-DD or DD/MM/YYYY.
 * - `amount`: a decimal in the currency's major unit, as banks write it ("10450.00", "1,250.5");
 *   credits positive, debits negative. Read into minor units without floating point; more
 *   decimals than the currency has are refused rather than rounded.
 * - `currency`: ISO code.
 * - `description`: the bank's narrative (may be empty); a payout batch id written in it is found.
 * - `bank_reference` (optional): the bank's own id of the entry; part of the line's identity.
 * - `payout_batch` (optional): the gateway's payout batch id, when the bank or finance wrote it.
 */

export const STATEMENT_FIELDS = [
  'date',
  'amount',
  'currency',
  'description',
  'bankReference',
  'payoutBatch',
] as const;
export type StatementField = (typeof STATEMENT_FIELDS)[number];

/** Field → its column in the canonical layout. */
export const STATEMENT_COLUMNS: Record<StatementField, string> = {
  date: 'date',
  amount: 'amount',
  currency: 'currency',
  description: 'description',
  bankReference: 'bank_reference',
  payoutBatch: 'payout_batch',
};

const OPTIONAL: ReadonlySet<StatementField> = new Set<StatementField>(['bankReference', 'payoutBatch']);

/** One statement line as stored; money in integer minor units. */
export interface BankStatementLineDraft {
  /** The account's gateway and mode (from the import, never the file). */
  gateway: string;
  mode: Mode;
  valueDate: string;
  /** Signed: credits positive, debits negative. */
  amountMinor: number;
  currency: Currency;
  description: string;
  bankReference: string | null;
  payoutBatch: string | null;
  /** The line's identity (bankStatementLineKey()). */
  lineKey: string;
}

export type ParsedStatementLine = Omit<BankStatementLineDraft, 'lineKey'>;

export type StatementHeaders = Partial<Record<StatementField, string>>;

const normalized = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

/** Each field's column in the header row (case and spacing aside); a required one missing is row 1's problem. */
export function resolveStatementHeader(
  header: readonly string[],
): { ok: true; headers: StatementHeaders } | { ok: false; problem: SettlementFileProblem } {
  const byName = new Map<string, string>();
  for (const name of header) {
    const key = normalized(name);
    if (key && !byName.has(key)) byName.set(key, name);
  }
  const headers: StatementHeaders = {};
  for (const field of STATEMENT_FIELDS) {
    const found = byName.get(STATEMENT_COLUMNS[field]);
    if (found !== undefined) headers[field] = found;
    else if (!OPTIONAL.has(field)) {
      const wanted = STATEMENT_COLUMNS[field];
      return {
        ok: false,
        problem: { row: 1, column: wanted, problem: `the header has no "${wanted}" column` },
      };
    }
  }
  return { ok: true, headers };
}

export type StatementRowResult =
  { ok: true; line: ParsedStatementLine } | { ok: false; problem: SettlementFileProblem };

/** One statement row into a line, or its first problem; `row` is the file's 1-based row. */
export function parseStatementRow(
  headers: StatementHeaders,
  row: Readonly<Record<string, CellValue>>,
  at: { row: number; gateway: string; mode: Mode },
): StatementRowResult {
  const cell = (field: StatementField): CellValue => {
    const header = headers[field];
    return header === undefined ? null : (row[header] ?? null);
  };
  const fail = (field: StatementField, problem: string): StatementRowResult => ({
    ok: false,
    problem: { row: at.row, column: headers[field] ?? STATEMENT_COLUMNS[field], problem },
  });
  const date = settlementDate(cell('date'));
  if (!date.ok) return fail('date', date.problem);
  const currencyText = cellText(cell('currency')).toUpperCase();
  if (currencyText === '') return fail('currency', 'is empty');
  if (!isCurrency(currencyText)) return fail('currency', `"${currencyText}" is not a currency we know`);
  const amount = decimalAmount(cell('amount'), currencyText);
  if (!amount.ok) return fail('amount', amount.problem);
  if (amount.value === 0) return fail('amount', 'is zero: a statement line moves money');
  const description = cellText(cell('description'));
  if (description.length > 500) return fail('description', 'is longer than 500 characters');
  const bankReference = cellText(cell('bankReference'));
  if (bankReference.length > 200) return fail('bankReference', 'is longer than 200 characters');
  const payoutBatch = cellText(cell('payoutBatch'));
  if (payoutBatch.length > 200) return fail('payoutBatch', 'is longer than 200 characters');
  return {
    ok: true,
    line: {
      gateway: at.gateway,
      mode: at.mode,
      valueDate: date.value,
      amountMinor: amount.value,
      currency: currencyText,
      description,
      bankReference: bankReference === '' ? null : bankReference,
      payoutBatch: payoutBatch === '' ? null : payoutBatch,
    },
  };
}

/**
 * A statement line's identity: the same entry in two statements that overlap (or the same file
 * again) is stored once. Two identical entries in one statement are two credits, so the second
 * gets its own key (`occurrence`), as settlement lines do.
 */
export function bankStatementLineKey(line: ParsedStatementLine, occurrence = 1): string {
  const parts = [
    'bank',
    line.gateway,
    line.mode,
    line.valueDate,
    String(line.amountMinor),
    line.currency,
    line.bankReference ?? '',
    line.description,
    line.payoutBatch ?? '',
  ];
  if (occurrence > 1) parts.push(String(occurrence));
  return createHash('sha256').update(parts.join('|')).digest('hex');
}

/** Gives each line of one statement its key (see bankStatementLineKey). */
export class StatementLineKeys {
  private readonly seen = new Map<string, number>();

  keyed(line: ParsedStatementLine): BankStatementLineDraft {
    const first = bankStatementLineKey(line);
    const occurrence = (this.seen.get(first) ?? 0) + 1;
    this.seen.set(first, occurrence);
    return { ...line, lineKey: occurrence === 1 ? first : bankStatementLineKey(line, occurrence) };
  }
}
