import type { Currency } from '../../../domain/shared/money.js';
import { SettlementFaultBindings } from '../../simulator-kit/settlement.js';
import type { IpnStatus } from '../protocol.js';

/** In-memory records of everything the simulated gateway has seen. */

export const OUTCOMES = ['VALID', 'VALID_RISKY', 'FAILED', 'CANCELLED', 'UNATTEMPTED', 'EXPIRED'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface IpnDelivery {
  status: number | null;
  error?: string;
}

export interface SimSession {
  sessionkey: string;
  storeId: string;
  tranId: string;
  amountMinor: number;
  currency: Currency;
  productName: string;
  successUrl: string;
  failUrl: string;
  cancelUrl: string;
  ipnUrl: string | null;
  passThrough: Record<string, string>;
  gatewayPageUrl: string;
  createdAt: Date;
  transaction: SimTransaction | null;
}

export interface SimTransaction {
  sessionkey: string;
  storeId: string;
  tranId: string;
  status: IpnStatus;
  /** Only VALID payments get one; the validator knows nothing else. */
  valId: string | null;
  bankTranId: string;
  /** The gateway-side amount, which faults can make differ from the session's. */
  amountMinor: number;
  /** The currency the amount's digits follow, whatever currency a fault makes the gateway report. */
  amountCurrency: Currency;
  /** Fields shared by the IPN, the validator and the transaction query, without signature. */
  record: Record<string, string>;
  /** The IPN exactly as first sent (faults included), kept so it can be sent again. */
  ipnFields: Record<string, string>;
  ipnUrl: string | null;
  completedAt: Date;
  sequence: number;
  validatedOn: string | null;
  refundedMinor: number;
}

export interface SimRefund {
  refundRefId: string;
  refundTransId: string;
  storeId: string;
  bankTranId: string;
  tranId: string;
  amountMinor: number;
  remarks: string;
  /** On the simulator's clock, in milliseconds. */
  initiatedAtMs: number;
  initiatedOn: string;
  /** How long after initiation the bank moves the money: the refundSettlesAfterMs fault then in force, else 0. */
  settlesAfterMs: number;
  cancelled: boolean;
}

export class SimulatorState {
  private sequence = 0;
  readonly sessions = new Map<string, SimSession>();
  private readonly sessionsByTranId = new Map<string, SimSession[]>();
  readonly transactionsByValId = new Map<string, SimTransaction>();
  readonly transactionsByBankTranId = new Map<string, SimTransaction>();
  private readonly transactionsByTranId = new Map<string, SimTransaction[]>();
  readonly refunds = new Map<string, SimRefund>();
  /** refund_trans_id is unique per store. */
  private readonly refundTransIds = new Set<string>();
  /** Settlement faults bound to transactions (by bank_tran_id) and refunds (by refund_ref_id). */
  readonly settlementFaults = new SettlementFaultBindings();

  addSession(session: SimSession): void {
    this.sessions.set(session.sessionkey, session);
    const list = this.sessionsByTranId.get(session.tranId) ?? [];
    list.push(session);
    this.sessionsByTranId.set(session.tranId, list);
  }

  latestSession(tranId: string): SimSession | undefined {
    return this.sessionsByTranId.get(tranId)?.at(-1);
  }

  nextSequence(): number {
    this.sequence += 1;
    return this.sequence;
  }

  addTransaction(session: SimSession, transaction: SimTransaction): void {
    session.transaction = transaction;
    if (transaction.valId !== null) this.transactionsByValId.set(transaction.valId, transaction);
    this.transactionsByBankTranId.set(transaction.bankTranId, transaction);
    const list = this.transactionsByTranId.get(transaction.tranId) ?? [];
    list.push(transaction);
    this.transactionsByTranId.set(transaction.tranId, list);
  }

  /** Newest first, as the transaction query reports them. */
  transactionsFor(storeId: string, tranId: string): SimTransaction[] {
    return (this.transactionsByTranId.get(tranId) ?? [])
      .filter((transaction) => transaction.storeId === storeId)
      .sort((a, b) => b.sequence - a.sequence);
  }

  latestTransaction(tranId: string): SimTransaction | undefined {
    return (this.transactionsByTranId.get(tranId) ?? []).reduce<SimTransaction | undefined>(
      (latest, transaction) => (!latest || transaction.sequence > latest.sequence ? transaction : latest),
      undefined,
    );
  }

  isPaid(storeId: string, tranId: string): boolean {
    return this.transactionsFor(storeId, tranId).some((transaction) => transaction.status === 'VALID');
  }

  hasRefundTransId(storeId: string, refundTransId: string): boolean {
    return this.refundTransIds.has(`${storeId}\u0000${refundTransId}`);
  }

  addRefund(refund: SimRefund): void {
    this.refunds.set(refund.refundRefId, refund);
    this.refundTransIds.add(`${refund.storeId}\u0000${refund.refundTransId}`);
  }

  clear(): void {
    this.sequence = 0;
    this.sessions.clear();
    this.sessionsByTranId.clear();
    this.transactionsByValId.clear();
    this.transactionsByBankTranId.clear();
    this.transactionsByTranId.clear();
    this.refunds.clear();
    this.refundTransIds.clear();
    this.settlementFaults.clear();
  }
}
