/**
 * The header row of bKash's settlement report as the merchant portal exports it, written out here
 * on its own so that the reader and the simulator are both checked against bKash's columns, not
 * against each other.
 */
export const BKASH_REPORT_COLUMNS = [
  'Transaction ID',
  'Payment ID',
  'Merchant Invoice',
  'Transaction Type',
  'Currency',
  'Amount',
  'Fee',
  'Net Amount',
  'Settlement Date',
  'Batch No',
];
