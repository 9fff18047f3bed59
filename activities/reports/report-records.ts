import type {
  JournalExportPosting,
  PaymentExportRow,
  RefundExportRow,
} from '../../db/ledger/export-batches.js';
import type { PayoutReportRow, SettlementDayRow, StatementRow } from '../../db/reports/report-rows.js';
import { companyDate, decimal, isoTime } from '../../domain/reports/report-values.js';
import type { CsvValue } from '../../domain/shared/csv.js';

/**
 * Each report's and export's columns and how a row reads in them: the one place a column is
 * named, so the dashboard's CSV, a scheduled file and an app's report agree. Amounts come twice:
 * integer minor units (exact) and the currency's decimal (what a person reads).
 */

export const JOURNAL_COLUMNS = [
  'entry_id',
  'posted_at',
  'posted_date',
  'kind',
  'source_type',
  'source_id',
  'mode',
  'currency',
  'posting_id',
  'account_code',
  'account_type',
  'amount_minor',
  'amount',
  'debit',
  'credit',
] as const;

/** One posting of the journal, its day in the company's zone. */
export const journalRecord = (p: JournalExportPosting, zone: string): CsvValue[] => [
  p.entryId,
  isoTime(p.postedAt),
  companyDate(p.postedAt, zone),
  p.kind,
  p.sourceType,
  p.sourceId,
  p.mode,
  p.currency,
  p.postingId,
  p.accountCode,
  p.accountType,
  p.amountMinor,
  decimal(p.amountMinor, p.currency),
  p.amountMinor > 0 ? decimal(p.amountMinor, p.currency) : null,
  p.amountMinor < 0 ? decimal(-p.amountMinor, p.currency) : null,
];

export const PAYMENT_COLUMNS = [
  'id',
  'reference',
  'app_id',
  'app_name',
  'mode',
  'status',
  'currency',
  'amount_minor',
  'amount',
  'refunded_minor',
  'refunded',
  'gateway',
  'payment_method',
  'payment_method_type',
  'gateway_transaction_id',
  'order_id',
  'customer_reference',
  'customer_name',
  'product_name',
  'failure_reason',
  'created_at',
  'settled_at',
] as const;

export const paymentRecord = (p: PaymentExportRow): CsvValue[] => [
  p.id,
  p.reference,
  p.appId,
  p.appName,
  p.mode,
  p.status,
  p.currency,
  p.amountMinor,
  decimal(p.amountMinor, p.currency),
  p.refundedMinor,
  decimal(p.refundedMinor, p.currency),
  p.gateway,
  p.paymentMethod,
  p.paymentMethodType,
  p.gatewayTransactionId,
  p.orderId,
  p.customerReference,
  p.customerName,
  p.productName,
  p.failureReason,
  isoTime(p.createdAt),
  isoTime(p.settledAt),
];

export const REFUND_COLUMNS = [
  'id',
  'reference',
  'payment_reference',
  'app_id',
  'app_name',
  'mode',
  'status',
  'currency',
  'amount_minor',
  'amount',
  'funds',
  'reason',
  'gateway_refund_id',
  'failure_reason',
  'decided_by',
  'created_at',
  'settled_at',
] as const;

export const refundRecord = (r: RefundExportRow): CsvValue[] => [
  r.id,
  r.reference,
  r.paymentReference,
  r.appId,
  r.appName,
  r.mode,
  r.status,
  r.currency,
  r.amountMinor,
  decimal(r.amountMinor, r.currency),
  r.funds,
  r.reason,
  r.gatewayRefundId,
  r.failureReason,
  r.decision?.by ?? null,
  isoTime(r.createdAt),
  isoTime(r.settledAt),
];

export const PAYOUT_COLUMNS = [
  'id',
  'reference',
  'app_id',
  'app_name',
  'mode',
  'status',
  'rail',
  'currency',
  'amount_minor',
  'amount',
  'fee_minor',
  'beneficiary_type',
  'narrative',
  'rail_transfer_id',
  'failure_reason',
  'created_at',
  'settled_at',
] as const;

export const payoutRecord = (p: PayoutReportRow): CsvValue[] => [
  p.id,
  p.reference,
  p.appId,
  p.appName,
  p.mode,
  p.status,
  p.rail,
  p.currency,
  p.amountMinor,
  decimal(p.amountMinor, p.currency),
  p.feeMinor,
  p.beneficiaryType,
  p.narrative,
  p.railTransferId,
  p.failureReason,
  isoTime(p.createdAt),
  isoTime(p.settledAt),
];

export const SETTLEMENT_DAY_COLUMNS = [
  'settlement_date',
  'gateway',
  'mode',
  'status',
  'currency',
  'line_count',
  'matched_count',
  'exception_count',
  'open_exception_count',
  'gross_minor',
  'fee_minor',
  'refunds_minor',
  'chargebacks_minor',
  'net_minor',
  'expected_net_minor',
  'net',
  'closed_at',
] as const;

export const settlementDayRecord = (d: SettlementDayRow): CsvValue[] => [
  d.settlementDate,
  d.gateway,
  d.mode,
  d.status,
  d.currency,
  d.lines,
  d.matched,
  d.exceptions,
  d.openExceptions,
  d.grossMinor,
  d.feeMinor,
  d.refundsMinor,
  d.chargebacksMinor,
  d.netMinor,
  d.expectedNetMinor,
  d.netMinor === null || d.currency === null ? null : decimal(d.netMinor, d.currency),
  isoTime(d.closedAt),
];

export const STATEMENT_COLUMNS = [
  'date',
  'kind',
  'reference',
  'payment_reference',
  'gateway',
  'currency',
  'gross_minor',
  'fee_minor',
  'net_minor',
  'gross',
  'fee',
  'net',
  'at',
] as const;

/** One movement of an app's statement; its day in the company's zone. */
export const statementRecord = (s: StatementRow, zone: string): CsvValue[] => [
  companyDate(s.at, zone),
  s.kind,
  s.reference,
  s.paymentReference,
  s.gateway,
  s.currency,
  s.grossMinor,
  s.feeMinor,
  s.grossMinor - s.feeMinor,
  decimal(s.grossMinor, s.currency),
  decimal(s.feeMinor, s.currency),
  decimal(s.grossMinor - s.feeMinor, s.currency),
  isoTime(s.at),
];

/**
 * The statement's closing rows: per currency, the count and sums of each kind and the total, so
 * the file answers "what did we take, what did it cost, what is left" without a spreadsheet formula.
 */
export function statementTotals(
  rows: readonly StatementRow[],
  period: { from: string; to: string },
): CsvValue[][] {
  const sums = new Map<string, { gross: number; fee: number }>();
  for (const row of rows) {
    for (const key of [`${row.currency}|${row.kind}`, `${row.currency}|TOTAL`]) {
      const sum = sums.get(key) ?? { gross: 0, fee: 0 };
      sum.gross += row.grossMinor;
      sum.fee += row.feeMinor;
      sums.set(key, sum);
    }
  }
  return [...sums.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, sum]) => {
      const [currency, kind] = key.split('|') as [string, string];
      return [
        period.to,
        kind === 'TOTAL' ? 'TOTAL' : `TOTAL_${kind}`,
        null,
        null,
        null,
        currency,
        sum.gross,
        sum.fee,
        sum.gross - sum.fee,
        decimal(sum.gross, currency),
        decimal(sum.fee, currency),
        decimal(sum.gross - sum.fee, currency),
        null,
      ];
    });
}
