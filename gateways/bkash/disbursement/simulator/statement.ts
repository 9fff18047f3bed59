import { toDecimalString } from '../../../../domain/shared/money.js';
import { csvRow, dhakaTime, type StatementEntry } from '../../../simulator-kit/statements.js';
import type { DisbursementState } from './state.js';

/**
 * bKash's B2C transaction statement of a day, as the merchant portal exports it (CSV): one row per
 * completed disbursement, with bKash's trxID, our merchantInvoiceNumber, the amount and the fee.
 */
export const BKASH_STATEMENT_HEADER = [
  'Transaction ID',
  'Transaction Date',
  'Transaction Type',
  'Receiver MSISDN',
  'Merchant Invoice Number',
  'Amount',
  'Fee',
  'Currency',
  'Status',
];

export function bkashStatementEntries(state: DisbursementState): StatementEntry[] {
  return [...state.transfers.values()].map((t) => ({
    transactionId: t.trxID,
    reference: t.merchantInvoiceNumber,
    atMs: t.completedAtMs,
    amountMinor: t.amountMinor,
    feeMinor: t.feeMinor,
    direction: 'DEBIT' as const,
    counterparty: t.receiverMSISDN,
  }));
}

export function renderBkashStatement(entries: readonly StatementEntry[]): string {
  let text = csvRow(BKASH_STATEMENT_HEADER);
  for (const e of entries) {
    text += csvRow([
      e.transactionId,
      dhakaTime(e.atMs),
      'B2C Payment',
      e.counterparty,
      e.reference,
      toDecimalString(e.amountMinor, 'BDT'),
      toDecimalString(e.feeMinor, 'BDT'),
      'BDT',
      'Completed',
    ]);
  }
  return text;
}
