import { SettlementFaultBindings } from '../../simulator-kit/settlement.js';
import type { RefundApi, TransactionStatus } from '../protocol.js';

/** In-memory records of everything the simulated bKash has seen. */

export interface SimToken {
  username: string;
  appKey: string;
  expiresAtMs: number;
}

export interface SimRefund {
  refundTrxID: string;
  originalTrxID: string;
  paymentID: string;
  /** The refund API it was asked through. */
  api: RefundApi;
  /** As the merchant sent it; bKash echoes amounts as given. */
  amount: string;
  amountMinor: number;
  sku: string;
  reason: string;
  /** Completed, or Initiated while the refundPending fault holds it in progress. */
  status: TransactionStatus;
  completedAtMs: number;
}

export interface SimPayment {
  paymentID: string;
  /** The bkashURL's `hash`: the page answers only a link bKash itself handed out. */
  pageHash: string;
  appKey: string;
  mode: string;
  payerReference: string;
  callbackURL: string;
  amount: string;
  amountMinor: number;
  currency: string;
  intent: string;
  merchantInvoiceNumber: string;
  createdAtMs: number;
  status: TransactionStatus;
  /** The wallet whose owner entered OTP and PIN on the page; null until then. */
  approvedBy: string | null;
  /** Every execute call, refused ones included. */
  executeCalls: number;
  /** Every payment/status call about it. */
  statusCalls: number;
  /** An execute got past the state checks; any further one is refused with 2117. */
  executed: boolean;
  /** The executeUnavailableOnce fault has answered its one 503 for this payment. */
  executeUnavailableSpent: boolean;
  /**
   * The customer cancelled or failed on the page while the cancelKeepsInitiated fault kept the
   * status `Initiated`: the page is decided all the same.
   */
  declinedAs: 'cancel' | 'failure' | null;
  trxID: string | null;
  executedAtMs: number | null;
  refunds: SimRefund[];
}

export class SimulatorState {
  readonly payments = new Map<string, SimPayment>();
  readonly paymentsByTrxId = new Map<string, SimPayment>();
  readonly idTokens = new Map<string, SimToken>();
  readonly refreshTokens = new Map<string, SimToken>();
  /** Every token issued, in order: tests count grants and refreshes. */
  readonly tokenIssues: Array<{ username: string; kind: 'grant' | 'refresh'; atMs: number }> = [];
  /** Settlement faults bound to payments (by trxID) and refunds (by refundTrxID). */
  readonly settlementFaults = new SettlementFaultBindings();

  latestPaymentFor(merchantInvoiceNumber: string): SimPayment | undefined {
    let latest: SimPayment | undefined;
    for (const payment of this.payments.values()) {
      if (payment.merchantInvoiceNumber === merchantInvoiceNumber) latest = payment;
    }
    return latest;
  }

  grantCount(username: string): number {
    return this.tokenIssues.filter((issue) => issue.username === username && issue.kind === 'grant').length;
  }

  /** Every id_token expires now; refresh tokens stay good. */
  expireTokens(nowMs: number): void {
    for (const token of this.idTokens.values()) token.expiresAtMs = Math.min(token.expiresAtMs, nowMs);
  }

  clear(): void {
    this.payments.clear();
    this.paymentsByTrxId.clear();
    this.idTokens.clear();
    this.refreshTokens.clear();
    this.tokenIssues.length = 0;
    this.settlementFaults.clear();
  }
}
