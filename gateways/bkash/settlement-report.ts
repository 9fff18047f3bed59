import type { LayoutDefinition } from '../../domain/reconciliation/settlement-reports/layouts.js';

/** The settlement report bKash's merchant panel exports: amounts in taka, its own column names. */
export const BKASH_REPORT_LAYOUT: LayoutDefinition = {
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
};
