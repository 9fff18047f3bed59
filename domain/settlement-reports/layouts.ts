import { PAYMENT_REFERENCE_PATTERN } from '../ids.js';
import type { ReportFileGateway, ReportLayout } from '../settlements.js';

/**
 * The column layouts settlement reports come in: each gateway's own export, and one canonical
 * layout any gateway's lines can be written in. Column names are the defaults; a deployment names
 * others per gateway (SETTLEMENT_REPORT_COLUMNS), since merchant panels rename their columns.
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

export const LAYOUTS: Record<ReportFileGateway | 'canonical', LayoutDefinition> = {
  sslcommerz: {
    amounts: 'decimal',
    columns: {
      transactionId: 'Bank Transaction ID',
      reference: 'Transaction ID',
      type: 'Type',
      currency: 'Currency',
      gross: 'Amount',
      fee: 'Charge',
      net: 'Store Amount',
      settlementDate: 'Settlement Date',
      payoutBatch: 'Settlement ID',
    },
  },
  bkash: {
    amounts: 'decimal',
    columns: {
      transactionId: 'Transaction ID',
      reference: 'Merchant Invoice',
      type: 'Transaction Type',
      currency: 'Currency',
      gross: 'Amount',
      fee: 'Fee',
      net: 'Net Amount',
      settlementDate: 'Settlement Date',
      payoutBatch: 'Batch No',
    },
  },
  nagad: {
    amounts: 'decimal',
    columns: {
      transactionId: 'Issuer Payment Ref',
      reference: 'Order ID',
      type: 'Txn Type',
      currency: 'Currency',
      gross: 'Txn Amount',
      fee: 'Service Charge',
      net: 'Net Amount',
      settlementDate: 'Settlement Date',
      payoutBatch: 'Payout Reference',
    },
    // Nagad takes letters and digits only: our `pay_…` reference goes to it as its orderId without
    // the underscore (gateways/nagad/mapping.ts), and comes back here with it.
    referenceOf: (orderId) => {
      const ours = `pay_${orderId.slice(3)}`;
      return orderId.startsWith('pay') && PAYMENT_REFERENCE_PATTERN.test(ours) ? ours : orderId;
    },
  },
  canonical: {
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
  },
};

/** Column names a deployment gives per gateway, field by field; unnamed fields keep the defaults. */
export type ColumnOverrides = Partial<Record<ReportFileGateway, Partial<ReportColumns>>>;

/** The layout a report is read with: its gateway's own (with the deployment's names) or the canonical one. */
export function layoutFor(
  gateway: string,
  layout: ReportLayout,
  overrides: Partial<ReportColumns> | undefined,
): LayoutDefinition | null {
  if (layout === 'canonical') return LAYOUTS.canonical;
  const own = (LAYOUTS as Record<string, LayoutDefinition | undefined>)[gateway];
  if (!own || gateway === 'canonical') return null;
  return { ...own, columns: { ...own.columns, ...overrides } };
}
