import { toDecimalString } from '../../../domain/shared/money.js';
import { csvRow, dhakaDayOf, type StatementEntry } from '../../simulator-kit/statements.js';
import type { BankBook } from './book.js';

/**
 * The company account's statement of a day, as the bank's corporate portal exports it (CSV): a
 * debit for each BEFTN or NPSB transfer it took (with the charges it took beside it), a credit for
 * each one a receiving bank sent back. The end-to-end reference is our payout reference.
 */
export const BANK_STATEMENT_HEADER = [
  'Value Date',
  'Bank Reference',
  'Narrative',
  'End To End Reference',
  'Debit',
  'Credit',
  'Charges',
];

export function bankStatementEntries(book: BankBook): StatementEntry[] {
  const entries: StatementEntry[] = [];
  for (const file of book.files.values()) {
    for (const line of file.lines) {
      if (line.debitedAtMs === null || line.bankTransactionId === null) continue;
      const counterparty = `${line.method} ${line.routingNumber} ${line.accountNumber}`;
      entries.push({
        transactionId: line.bankTransactionId,
        reference: line.reference,
        atMs: line.debitedAtMs,
        amountMinor: line.amountMinor,
        feeMinor: line.chargeMinor ?? 0,
        direction: 'DEBIT',
        counterparty,
      });
      if (line.state === 'RETURNED') {
        entries.push({
          transactionId: `R${line.bankTransactionId}`,
          reference: line.reference,
          atMs: line.returnedAtMs ?? line.debitedAtMs,
          amountMinor: line.amountMinor,
          feeMinor: 0,
          direction: 'CREDIT',
          counterparty: `RETURN ${line.returnCode ?? ''} ${counterparty}`,
        });
      }
    }
  }
  return entries;
}

export function renderBankStatement(entries: readonly StatementEntry[]): string {
  let text = csvRow(BANK_STATEMENT_HEADER);
  for (const e of entries) {
    const amount = toDecimalString(e.amountMinor, 'BDT');
    text += csvRow([
      dhakaDayOf(e.atMs),
      e.transactionId,
      e.counterparty,
      e.reference,
      e.direction === 'DEBIT' ? amount : '',
      e.direction === 'CREDIT' ? amount : '',
      e.direction === 'DEBIT' ? toDecimalString(e.feeMinor, 'BDT') : '',
    ]);
  }
  return text;
}
