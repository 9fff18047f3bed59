import { fromDecimalString, isCurrency } from '../../domain/shared/money.js';
import type { GatewayTransaction } from '../types.js';
import { TRANSACTION_STATUS } from './protocol.js';

/**
 * The gateway's answers in our terms, pure functions only: its status words into an outcome, its
 * decimal amounts into integer minor units. A word the gateway's documentation does not list is
 * UNKNOWN, never a guess: the payment core then asks again rather than move money on it.
 */

export type WireAnswer = Record<string, unknown>;

const text = (answer: WireAnswer, field: string): string | null => {
  const value = answer[field];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
};

/** The gateway's status word as our outcome. */
export function outcomeOf(status: string | null): GatewayTransaction['outcome'] {
  switch (status) {
    case TRANSACTION_STATUS.PAID:
      return 'SUCCEEDED';
    case TRANSACTION_STATUS.FAILED:
      return 'FAILED';
    case TRANSACTION_STATUS.CANCELLED:
      return 'CANCELLED';
    case TRANSACTION_STATUS.PENDING:
      return 'PENDING';
    default:
      return 'UNKNOWN';
  }
}

/** A transaction as the gateway's query API reports it. */
export function toTransaction(reference: string, answer: WireAnswer): GatewayTransaction {
  const status = text(answer, 'status');
  const currency = text(answer, 'currency');
  const amount = text(answer, 'amount');
  return {
    outcome: outcomeOf(status),
    gatewayStatus: status ?? '',
    reference,
    // An amount in a currency we do not know is no amount: the payment core refuses to match it.
    amountMinor:
      currency !== null && isCurrency(currency) && amount !== null
        ? fromDecimalString(amount, currency)
        : null,
    currency,
    validationId: null,
    gatewayTransactionId: text(answer, 'transactionId'),
    paymentMethod: text(answer, 'method'),
    riskLevel: null,
    feeMinor: null,
    raw: answer,
  };
}
