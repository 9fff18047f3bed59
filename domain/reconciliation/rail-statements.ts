import { createHash } from 'node:crypto';
import type { Mode } from '../shared/mode.js';
import type { CellValue, SettlementFileProblem } from '../uploads/report-files.js';
import { cellText, decimalAmount, settlementDate } from './settlement-reports/values.js';

/**
 * A payout rail's statement of a day, in the rail's own layout: bKash's B2C transaction statement,
 * Nagad's disbursement statement, the bank's account statement (debits for the BEFTN/NPSB
 * transfers, credits for their returns). Each row becomes one line: the rail's transaction id, our
 * payout reference, the amount and the fee the rail charged. Pure.
 */

export const PAYOUT_RAILS_WITH_STATEMENTS = ['bkash', 'nagad', 'bank'] as const;
export type StatementRail = (typeof PAYOUT_RAILS_WITH_STATEMENTS)[number];

export function isStatementRail(value: string): value is StatementRail {
  return (PAYOUT_RAILS_WITH_STATEMENTS as readonly string[]).includes(value);
}

export interface RailStatementLineDraft {
  rail: StatementRail;
  mode: Mode;
  valueDate: string;
  /** DEBIT: money sent; CREDIT: money that came back (a returned bank transfer). */
  direction: 'DEBIT' | 'CREDIT';
  railTransactionId: string;
  /** Our payout reference (po_…), as the rail carried it back; null when the line names none. */
  reference: string | null;
  amountMinor: number;
  feeMinor: number;
  currency: 'BDT';
  lineKey: string;
}

export type ParsedRailLine = Omit<RailStatementLineDraft, 'lineKey'>;

type Field = 'transactionId' | 'reference' | 'date' | 'amount' | 'fee' | 'status' | 'credit';

/** Each rail's column names. `status`: only rows whose status is completed are money moved. */
export const RAIL_STATEMENT_COLUMNS: Record<StatementRail, Partial<Record<Field, string>>> = {
  bkash: {
    transactionId: 'Transaction ID',
    reference: 'Merchant Invoice Number',
    date: 'Transaction Date',
    amount: 'Amount',
    fee: 'Fee',
    status: 'Status',
  },
  nagad: {
    transactionId: 'Issuer Txn ID',
    reference: 'Order ID',
    date: 'Txn Date',
    amount: 'Disbursed Amount',
    fee: 'Service Charge',
    status: 'Status',
  },
  // The bank's debit column carries the transfers, its credit column the returns.
  bank: {
    transactionId: 'Bank Reference',
    reference: 'End To End Reference',
    date: 'Value Date',
    amount: 'Debit',
    credit: 'Credit',
    fee: 'Charges',
  },
};

const OPTIONAL: ReadonlySet<Field> = new Set(['status', 'credit']);
const COMPLETED = new Set(['completed', 'success', 'successful']);

const normalized = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

export type RailHeaders = Partial<Record<Field, string>>;

export function resolveRailStatementHeader(
  rail: StatementRail,
  header: readonly string[],
): { ok: true; headers: RailHeaders } | { ok: false; problem: SettlementFileProblem } {
  const byName = new Map<string, string>();
  for (const name of header) {
    const key = normalized(name);
    if (key && !byName.has(key)) byName.set(key, name);
  }
  const headers: RailHeaders = {};
  for (const [field, wanted] of Object.entries(RAIL_STATEMENT_COLUMNS[rail]) as Array<[Field, string]>) {
    const found = byName.get(normalized(wanted));
    if (found !== undefined) headers[field] = found;
    else if (!OPTIONAL.has(field)) {
      return {
        ok: false,
        problem: { row: 1, column: wanted, problem: `the header has no "${wanted}" column` },
      };
    }
  }
  return { ok: true, headers };
}

/**
 * Our payout reference as the rail wrote it back: Nagad's order id drops the underscore
 * (`po_abc…` is sent as `poabc…`).
 */
export function referenceFromRail(rail: StatementRail, text: string): string | null {
  const value = text.trim();
  if (value === '') return null;
  if (rail === 'nagad' && /^po[0-9a-z]+$/i.test(value) && !value.includes('_')) return `po_${value.slice(2)}`;
  return value;
}

export type RailRowResult =
  { ok: true; line: ParsedRailLine | null } | { ok: false; problem: SettlementFileProblem };

/**
 * One row into a line, null for a row that moved no money (a status other than completed, a bank
 * row with neither debit nor credit), or its first problem. Every line must be of `statementDate`.
 */
export function parseRailStatementRow(
  rail: StatementRail,
  headers: RailHeaders,
  row: Readonly<Record<string, CellValue>>,
  at: { row: number; mode: Mode; statementDate: string },
): RailRowResult {
  const cell = (field: Field): CellValue => (headers[field] ? (row[headers[field]] ?? null) : null);
  const problem = (field: Field, text: string): RailRowResult => ({
    ok: false,
    problem: {
      row: at.row,
      column: headers[field] ?? RAIL_STATEMENT_COLUMNS[rail][field] ?? field,
      problem: text,
    },
  });
  if (headers.status && !COMPLETED.has(cellText(cell('status')).toLowerCase()))
    return { ok: true, line: null };
  const transactionId = cellText(cell('transactionId'));
  if (transactionId === '') return problem('transactionId', 'is empty');
  if (transactionId.length > 200) return problem('transactionId', 'is longer than 200 characters');
  const reference = referenceFromRail(rail, cellText(cell('reference')));
  if (reference !== null && reference.length > 200)
    return problem('reference', 'is longer than 200 characters');
  const date = settlementDate(cell('date'));
  if (!date.ok) return problem('date', date.problem);
  if (date.value !== at.statementDate) {
    return problem('date', `${date.value} is not the statement's day (${at.statementDate})`);
  }
  const amountOf = (field: Field) => {
    const text = cellText(cell(field));
    return text === '' ? ({ ok: true, value: 0 } as const) : decimalAmount(cell(field), 'BDT');
  };
  const debit = amountOf('amount');
  if (!debit.ok) return problem('amount', debit.problem);
  const credit = headers.credit ? amountOf('credit') : ({ ok: true, value: 0 } as const);
  if (!credit.ok) return problem('credit', credit.problem);
  if (debit.value < 0 || credit.value < 0)
    return problem(debit.value < 0 ? 'amount' : 'credit', 'is negative');
  if (debit.value > 0 && credit.value > 0) return problem('credit', 'a row is a debit or a credit, not both');
  if (debit.value === 0 && credit.value === 0) {
    if (rail === 'bank') return { ok: true, line: null };
    return problem('amount', 'is zero');
  }
  const fee = amountOf('fee');
  if (!fee.ok) return problem('fee', fee.problem);
  if (fee.value < 0) return problem('fee', 'is negative');
  return {
    ok: true,
    line: {
      rail,
      mode: at.mode,
      valueDate: date.value,
      direction: debit.value > 0 ? 'DEBIT' : 'CREDIT',
      railTransactionId: transactionId,
      reference,
      amountMinor: debit.value > 0 ? debit.value : credit.value,
      feeMinor: fee.value,
      currency: 'BDT',
    },
  };
}

/**
 * A line's identity: the same line in two statements (the same file again, or a statement exported
 * twice) is stored once; a line a statement lists twice is the rail's duplicate and is kept, its
 * second occurrence under a key of its own.
 */
export function railStatementLineKey(line: ParsedRailLine, occurrence = 1): string {
  const parts = [
    'rail',
    line.rail,
    line.mode,
    line.valueDate,
    line.direction,
    line.railTransactionId,
    line.reference ?? '',
    String(line.amountMinor),
    String(line.feeMinor),
  ];
  if (occurrence > 1) parts.push(String(occurrence));
  return createHash('sha256').update(parts.join('|')).digest('hex');
}

export class RailLineKeys {
  private readonly seen = new Map<string, number>();

  keyed(line: ParsedRailLine): RailStatementLineDraft {
    const first = railStatementLineKey(line);
    const occurrence = (this.seen.get(first) ?? 0) + 1;
    this.seen.set(first, occurrence);
    return { ...line, lineKey: occurrence === 1 ? first : railStatementLineKey(line, occurrence) };
  }
}

/** The Bangladesh calendar day (UTC+6, no daylight saving) of an instant: the day rails' statements speak for. */
export const bangladeshDayOf = (ms: number) => new Date(ms + 6 * 3_600_000).toISOString().slice(0, 10);

/**
 * A rail's statement days are reconciled as settlement days are, under a name of their own
 * (`payout-<rail>`): the day's workflow is `recon-payout-<rail>-<mode>-<date>`.
 */
export const RAIL_RECON_PREFIX = 'payout-';

export const railReconGateway = (rail: StatementRail) => `${RAIL_RECON_PREFIX}${rail}`;

export function railOfReconGateway(gateway: string): StatementRail | null {
  if (!gateway.startsWith(RAIL_RECON_PREFIX)) return null;
  const rail = gateway.slice(RAIL_RECON_PREFIX.length);
  return isStatementRail(rail) ? rail : null;
}
