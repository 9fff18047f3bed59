import { SettlementFaultBindings } from '../../simulator-kit/settlement.js';

/** In-memory records of everything the simulated Stripe account holds; times are Unix seconds unless named Ms. */

export type SessionStatus = 'open' | 'complete' | 'expired';
export type IntentStatus = 'requires_payment_method' | 'processing' | 'succeeded' | 'canceled';
export type RefundStatus = 'pending' | 'succeeded' | 'failed';
export type AsyncOutcome = 'succeeded' | 'failed';

export interface SimSession {
  id: string;
  created: number;
  expiresAt: number;
  clientReferenceId: string | null;
  /** What the line items add up to. */
  amountMinor: number;
  /** What the session reports as amount_total: the order's, unless a fault changed it at completion. */
  amountTotal: number;
  /** Lower case, as Stripe writes currencies. */
  currency: string;
  productName: string;
  successUrl: string | null;
  cancelUrl: string | null;
  customerEmail: string | null;
  metadata: Record<string, string>;
  intentMetadata: Record<string, string>;
  status: SessionStatus;
  paymentStatus: 'paid' | 'unpaid';
  paymentIntentId: string | null;
  /** A delayed payment method's result and when the bank reports it. */
  asyncSettlement: { outcome: AsyncOutcome; atMs: number } | null;
}

export interface PaymentError {
  type: 'card_error';
  code: string;
  decline_code?: string;
  message: string;
}

export interface SimPaymentIntent {
  id: string;
  created: number;
  sessionId: string;
  amount: number;
  currency: string;
  status: IntentStatus;
  metadata: Record<string, string>;
  latestChargeId: string | null;
  lastPaymentError: PaymentError | null;
  canceledAt: number | null;
}

export interface SimCharge {
  id: string;
  created: number;
  paymentIntentId: string;
  amount: number;
  currency: string;
  status: 'pending' | 'succeeded' | 'failed';
  /** A card pays at once; a US bank account debit is a delayed method. */
  method: 'card' | 'us_bank_account';
  /** Recorded once it succeeds. */
  balanceTransactionId: string | null;
}

export interface SimRefund {
  id: string;
  created: number;
  chargeId: string;
  paymentIntentId: string;
  amount: number;
  currency: string;
  status: RefundStatus;
  reason: string | null;
  metadata: Record<string, string>;
  failureReason: string | null;
  /** When the bank answers, on the simulator's clock, and what it answers. */
  settlesAtMs: number;
  settlesTo: 'succeeded' | 'failed';
  /** Recorded once it succeeds. */
  balanceTransactionId: string | null;
}

export interface SimDispute {
  id: string;
  created: number;
  chargeId: string;
  paymentIntentId: string;
  amount: number;
  currency: string;
  reason: string;
  status: 'needs_response' | 'under_review' | 'won' | 'lost';
  /** The withdrawal, and the reinstatement of a won dispute. */
  balanceTransactionIds: string[];
}

export type ReportingCategory = 'charge' | 'refund' | 'dispute' | 'dispute_reversal' | 'payout';
export type BalanceType = 'charge' | 'refund' | 'adjustment' | 'payout';

export interface SimBalanceTransaction {
  id: string;
  /** Order of creation, for lists: `created` is only to the second. */
  sequence: number;
  created: number;
  /** Unix seconds; a settlementLate fault pushes it days on. */
  availableOn: number;
  amount: number;
  currency: string;
  fee: number;
  net: number;
  type: BalanceType;
  reportingCategory: ReportingCategory;
  /** The charge, refund, dispute or payout it records. */
  source: string;
  description: string | null;
  /** The payout that swept it (a payout's own transaction names its payout). */
  payoutId: string | null;
  /** Never paid out (the settlementOmit fault). */
  withheld: boolean;
  /** The settlement faults bound to its charge have been applied to it. */
  faultsApplied: boolean;
}

export interface SimPayout {
  id: string;
  created: number;
  /** Midnight UTC of the day it reaches the bank. */
  arrivalDate: number;
  amount: number;
  currency: string;
  balanceTransactionId: string;
  automatic: boolean;
}

export interface WebhookDelivery {
  attempt: number;
  /** The endpoint's HTTP status, or null when it could not be reached. */
  status: number | null;
  error?: string;
  signature: string;
  at: string;
}

export interface SimEvent {
  id: string;
  type: string;
  /** The client_reference_id of the session the event is about, for per-payment faults. */
  reference: string | null;
  /** The Event object exactly as delivered (data.object is a snapshot at the event's time). */
  body: Record<string, unknown>;
  deliveries: WebhookDelivery[];
  /**
   * The delivery attempt still owed to the endpoint, kept with the event so that a restarted
   * account resumes it: `retry` -1 is the first attempt, else the index of the retry delay waited
   * for; `dueAtMs` on the simulator's clock. Null once one attempt succeeded, the retries ran out,
   * or the event is not to be sent (held, or a fault says none).
   */
  nextAttempt: { retry: number; dueAtMs: number } | null;
}

/** A stored answer to an idempotent request. */
export interface IdempotentAnswer {
  method: string;
  path: string;
  body: string;
  status: number;
  answer: unknown;
  requestId: string;
}

export class SimulatorState {
  readonly sessions = new Map<string, SimSession>();
  readonly intents = new Map<string, SimPaymentIntent>();
  readonly charges = new Map<string, SimCharge>();
  readonly refunds = new Map<string, SimRefund>();
  readonly disputes = new Map<string, SimDispute>();
  readonly balanceTransactions = new Map<string, SimBalanceTransaction>();
  readonly payouts = new Map<string, SimPayout>();
  /** The UTC day (days since the epoch) of the last automatic payout; null before the first request. */
  payoutDay: number | null = null;
  /** Settlement faults bound to charges and refunds (by their ids). */
  readonly settlementFaults = new SettlementFaultBindings();
  readonly events: SimEvent[] = [];
  /** Events the `held` fault keeps back until the control API releases them. */
  readonly heldEvents: SimEvent[] = [];
  /** Keyed by API key and Idempotency-Key: keys are scoped to the account that sent them. */
  readonly idempotency = new Map<string, IdempotentAnswer>();

  latestSession(reference: string): SimSession | undefined {
    return [...this.sessions.values()].filter((session) => session.clientReferenceId === reference).at(-1);
  }

  refundsOf(chargeId: string): SimRefund[] {
    return [...this.refunds.values()].filter((refund) => refund.chargeId === chargeId);
  }

  /** Pending refunds count: their money is already on its way back. */
  refundedMinor(chargeId: string): number {
    return this.refundsOf(chargeId)
      .filter((refund) => refund.status !== 'failed')
      .reduce((sum, refund) => sum + refund.amount, 0);
  }

  event(id: string): SimEvent | undefined {
    return this.events.find((event) => event.id === id);
  }

  clear(): void {
    this.sessions.clear();
    this.intents.clear();
    this.charges.clear();
    this.refunds.clear();
    this.disputes.clear();
    this.balanceTransactions.clear();
    this.payouts.clear();
    this.payoutDay = null;
    this.settlementFaults.clear();
    this.events.length = 0;
    this.heldEvents.length = 0;
    this.idempotency.clear();
  }
}
