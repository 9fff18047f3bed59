import { judgeSoleApprover } from '../approvals/independence.js';
import { NO_TIES, type TieFacts } from '../operators/second-person.js';
import { transactionWithoutMoney, type GatewayTransaction } from './gateway-transaction.js';
import type { Mode } from '../shared/mode.js';
import { defaultApprovers } from '../approvals/rule-book.js';

/**
 * Money a customer paid outside any gateway (bank transfer, cash, cheque), as a finance operator
 * records it. A recorded receipt is the only authority for such a payment: it is what the manual
 * gateway reports when the payment's workflow asks it, exactly as another gateway's API would.
 */

export const RECEIPT_METHODS = ['BANK_TRANSFER', 'CASH', 'CHEQUE'] as const;
export type ReceiptMethod = (typeof RECEIPT_METHODS)[number];

export const RECEIPT_STATUSES = ['AWAITING_APPROVAL', 'CONFIRMED', 'REJECTED'] as const;
export type ReceiptStatus = (typeof RECEIPT_STATUSES)[number];

/** How many operators must agree before a receipt pays a payment: the app's choice. */
export type ReceiptApprovals = 1 | 2;

/** What an app tells its customers who pay offline: its manual gateway's setting. */
export interface OfflineInstructions {
  /** Where and how to pay (account numbers, branch, what to write on the slip). */
  instructions: string;
}

/** What an app tells its customers who pay offline, and how their money is accepted. */
export interface OfflineTerms extends OfflineInstructions {
  /** 2: maker-checker, a second operator confirms what the first recorded (a control of the app). */
  approvals: ReceiptApprovals;
}

/**
 * How many operators confirm a receipt until an operator sets it: the one who records it and the
 * rule book's approvers for `receipt.manual` (none in TEST, one in LIVE).
 */
const bookReceiptApprovals = (mode: Mode): ReceiptApprovals =>
  defaultApprovers('receipt.manual', mode) > 0 ? 2 : 1;
export const DEFAULT_RECEIPT_APPROVALS: Readonly<Record<Mode, ReceiptApprovals>> = {
  TEST: bookReceiptApprovals('TEST'),
  LIVE: bookReceiptApprovals('LIVE'),
};

/**
 * The default of a mode, which the service-wide MANUAL_<MODE>_APPROVALS may raise to two but
 * never lower: a deployment setting is no way round the second operator in LIVE.
 */
export function defaultReceiptApprovals(mode: Mode, serviceSetting: string | null): ReceiptApprovals {
  return serviceSetting === '2' ? 2 : DEFAULT_RECEIPT_APPROVALS[mode];
}

export interface RecordedReceipt {
  id: number;
  paymentId: number;
  reference: string;
  amountMinor: number;
  currency: string;
  /** The day the money reached the merchant (YYYY-MM-DD), as the bank statement or cash book says. */
  receivedOn: string;
  method: ReceiptMethod;
  /** The bank's transaction id, the cash book's entry, or the cheque number. */
  bankReference: string;
  status: ReceiptStatus;
  recordedByOperatorId: number;
  decidedByOperatorId: number | null;
}

/** What the operator says was received, before it is checked against the payment. */
export interface ReceiptClaim {
  amountMinor: number;
  currency: string;
  receivedOn: string;
}

export interface PaymentAwaitingReceipt {
  status: string;
  amountMinor: number;
  currency: string;
}

export type ReceiptRefusal =
  | 'PAYMENT_NOT_AWAITING_RECEIPT'
  | 'RECEIPT_AMOUNT_MISMATCH'
  | 'RECEIPT_DATE_IN_FUTURE'
  | 'RECEIPT_ALREADY_RECORDED';

/**
 * Whether a receipt may be recorded for a payment: only while it waits for the money (PENDING),
 * only for exactly what it asks (a payment is paid in full or not at all; part-payments are what
 * invoices' installments are for), never dated after today, and once: a second receipt while one
 * waits for approval or has paid the payment is refused.
 */
export function judgeReceiptClaim(
  payment: PaymentAwaitingReceipt,
  claim: ReceiptClaim,
  today: string,
  existing: readonly ReceiptStatus[],
): ReceiptRefusal | null {
  if (payment.status !== 'PENDING') return 'PAYMENT_NOT_AWAITING_RECEIPT';
  if (existing.some((status) => status !== 'REJECTED')) return 'RECEIPT_ALREADY_RECORDED';
  if (claim.currency !== payment.currency || claim.amountMinor !== payment.amountMinor) {
    return 'RECEIPT_AMOUNT_MISMATCH';
  }
  if (claim.receivedOn > today) return 'RECEIPT_DATE_IN_FUTURE';
  return null;
}

/** A receipt recorded under maker-checker waits for a second operator; otherwise it stands at once. */
export function statusOnRecording(approvals: ReceiptApprovals): ReceiptStatus {
  return approvals === 2 ? 'AWAITING_APPROVAL' : 'CONFIRMED';
}

export type ReceiptDecisionRefusal = 'RECEIPT_NOT_AWAITING_APPROVAL' | 'SELF_APPROVAL_FORBIDDEN';

/** A waiting receipt is approved or rejected by an operator other than the one who recorded it. */
export function judgeReceiptDecision(
  receipt: Pick<RecordedReceipt, 'status' | 'recordedByOperatorId'>,
  operatorId: number,
  ties: TieFacts = NO_TIES,
): ReceiptDecisionRefusal | null {
  if (receipt.status !== 'AWAITING_APPROVAL') return 'RECEIPT_NOT_AWAITING_APPROVAL';
  const tied = judgeSoleApprover(receipt.recordedByOperatorId, operatorId, ties);
  return tied ? tied.code : null;
}

/** Recording or approving a receipt larger than the limit needs the operator's password again. */
export function receiptNeedsStepUp(amountMinor: number, limitMinor: number): boolean {
  return amountMinor > limitMinor;
}

/**
 * The payment as its receipts report it: captured once a receipt is confirmed; still waiting while
 * none is (the customer may not have paid yet, or a receipt waits for its second operator).
 */
export function receiptReport(reference: string, receipt: RecordedReceipt | null): GatewayTransaction {
  if (!receipt || receipt.status !== 'CONFIRMED' || receipt.reference !== reference) {
    const waiting = receipt?.status === 'AWAITING_APPROVAL' && receipt.reference === reference;
    return transactionWithoutMoney(
      reference,
      waiting ? 'PENDING' : 'UNKNOWN',
      receipt?.status ?? 'NO_RECEIPT',
    );
  }
  return {
    outcome: 'SUCCEEDED',
    gatewayStatus: 'CONFIRMED',
    reference,
    amountMinor: receipt.amountMinor,
    currency: receipt.currency,
    validationId: String(receipt.id),
    gatewayTransactionId: receipt.bankReference,
    paymentMethod: receipt.method,
    riskLevel: null,
    feeMinor: null,
    raw: { receiptId: receipt.id, receivedOn: receipt.receivedOn, method: receipt.method },
  };
}

/** Where the manual gateway reads receipts: its authority, as an API is another gateway's. */
export interface ReceiptBook {
  byId(id: number): Promise<RecordedReceipt | null>;
  /** The receipt that stands for a payment (waiting or confirmed); null when none does. */
  standingFor(reference: string): Promise<RecordedReceipt | null>;
}
