import type { LayoutDefinition } from '../../domain/reconciliation/settlement-reports/layouts.js';

/** The settlement report SSLCOMMERZ's merchant panel exports: amounts in taka, its own column names. */
export const SSLCOMMERZ_REPORT_LAYOUT: LayoutDefinition = {
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
};
