import type { ReportLayout } from '../settlements.js';

/**
 * The column layouts settlement reports come in: each gateway's own export (its module's
 * `settlementReport`), and one canonical layout any gateway's lines can be written in. Column
 * names are the defaults; a deployment names others per gateway (SETTLEMENT_REPORT_COLUMNS), since
 * merchant panels rename their columns.
 */

/** What a report says of each line, whatever its columns are called. */
export const REPORT_FIELDS = [
  'transactionId',
  'reference',
  'type',
  'currency',
  'gross',
  'fee',
  'net',
  'settlementDate',
  'payoutBatch',
] as const;
export type ReportField = (typeof REPORT_FIELDS)[number];

export function isReportField(value: string): value is ReportField {
  return (REPORT_FIELDS as readonly string[]).includes(value);
}

/** Fields a report may leave out: not every gateway names our reference or a payout batch. */
export const OPTIONAL_FIELDS: ReadonlySet<ReportField> = new Set<ReportField>(['reference', 'payoutBatch']);

/** Field → the column (header text) that holds it. */
export type ReportColumns = Record<ReportField, string>;

/** How a layout writes its values. */
export interface LayoutDefinition {
  /** 'decimal': "1000.00" in the currency's unit; 'minor': integer minor units. */
  amounts: 'decimal' | 'minor';
  columns: ReportColumns;
  /** Our reference as the report writes it, turned back into ours (Nagad drops the underscore). */
  referenceOf?: (written: string) => string;
}

/**
 * The canonical layout any gateway's lines can be written in (and the only one for a gateway
 * without a report file of its own). Each gateway's own layout lives in its folder
 * (gateways/<name>/settlement-report.ts) and reaches the reader through its module.
 */
export const CANONICAL_LAYOUT: LayoutDefinition = {
  amounts: 'minor',
  columns: {
    transactionId: 'gateway_transaction_id',
    reference: 'reference',
    type: 'type',
    currency: 'currency',
    gross: 'gross_minor',
    fee: 'fee_minor',
    net: 'net_minor',
    settlementDate: 'settlement_date',
    payoutBatch: 'payout_batch',
  },
};

/**
 * Column names a deployment gives per gateway (one with a report file of its own), field by
 * field; unnamed fields keep the defaults.
 */
export type ColumnOverrides = Partial<Record<string, Partial<ReportColumns>>>;

/**
 * The layout a report is read with: its gateway's own (`own`, with the deployment's names) or the
 * canonical one; null when the gateway has no layout of its own.
 */
export function layoutFor(
  own: LayoutDefinition | null | undefined,
  layout: ReportLayout,
  overrides: Partial<ReportColumns> | undefined,
): LayoutDefinition | null {
  if (layout === 'canonical') return CANONICAL_LAYOUT;
  if (!own) return null;
  return { ...own, columns: { ...own.columns, ...overrides } };
}
