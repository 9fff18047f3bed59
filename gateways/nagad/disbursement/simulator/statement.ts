import { toDecimalString } from '../../../../domain/shared/money.js';
import { csvRow, dhakaTime, type StatementEntry } from '../../../simulator-kit/statements.js';
import type { DisbursementState } from './state.js';

/**
 * Nagad's disbursement statement of a day, as the merchant panel exports it (CSV): one row per
 * completed transfer, with Nagad's issuer transaction id, our order id (the payout reference
 * without its underscore), the amount disbursed and the service charge.
 */
export const NAGAD_STATEMENT_HEADER = [
  'Issuer Txn ID',
  'Order ID',
  'Account No',
  'Disbursed Amount',
  'Service Charge',
  'Txn Date',
  'Status',
];

export function nagadStatementEntries(state: DisbursementState): StatementEntry[] {
  return [...state.transfers.values()].map((t) => ({
    transactionId: t.issuerTxnId,
    reference: t.orderId,
    atMs: t.paidAtMs,
    amountMinor: t.amountMinor,
    feeMinor: t.feeMinor ?? 0,
    direction: 'DEBIT' as const,
    counterparty: t.accountNo,
  }));
}

export function renderNagadStatement(entries: readonly StatementEntry[]): string {
  let text = csvRow(NAGAD_STATEMENT_HEADER);
  for (const e of entries) {
    text += csvRow([
      e.transactionId,
      e.reference,
      e.counterparty,
      toDecimalString(e.amountMinor, 'BDT'),
      toDecimalString(e.feeMinor, 'BDT'),
      dhakaTime(e.atMs),
      'COMPLETED',
    ]);
  }
  return text;
}
