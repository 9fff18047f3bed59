import { judgeDecider, type ProposalDecision } from '../operators/proposals.js';
import { NO_TIES, type TieFacts } from '../operators/second-person.js';
import type { ExistingRefund } from '../refunds/refunds.js';

/**
 * Payments flagged for an operator: the gateway captured money the payment could not keep, or a
 * gateway the payment left at checkout says something about it. The flag's reason starts with one
 * of these kinds (see domain/payments/confirmation.ts, outcome.ts and abandoned-gateways.ts).
 */
export const ATTENTION_KINDS = [
  'CAPTURED_AFTER_CLOSE',
  'AMOUNT_MISMATCH',
  'CURRENCY_MISMATCH',
  'RISK_FLAGGED',
  'ABANDONED_GATEWAY_CALLBACK',
] as const;
export type AttentionKind = (typeof ATTENTION_KINDS)[number] | 'OTHER';

export function attentionKindOf(reason: string): AttentionKind {
  const prefix = reason.split(':', 1)[0]!.trim();
  return (ATTENTION_KINDS as readonly string[]).includes(prefix) ? (prefix as AttentionKind) : 'OTHER';
}

/**
 * What finance may do with a flagged payment: send its parked money back (REFUND), decide it
 * belongs to the app after all (APPLY: posted from unapplied funds to the app's payable), or close
 * a flag that parked nothing (ACKNOWLEDGE).
 */
export const ATTENTION_ACTIONS = ['REFUND', 'APPLY', 'ACKNOWLEDGE'] as const;
export type AttentionAction = (typeof ATTENTION_ACTIONS)[number];

export interface FlaggedPayment {
  attentionReason: string | null;
  attentionResolvedAt: Date | null;
  unappliedMinor: number;
}

export type AttentionRefusal =
  | 'PAYMENT_NOT_FLAGGED'
  | 'ATTENTION_FUNDS_PARKED'
  | 'ATTENTION_NOTHING_PARKED'
  | 'ATTENTION_REFUND_IN_FLIGHT';

/** Whether `action` may be taken now, given the payment and the refunds of its parked money. */
export function judgeAttentionAction(
  payment: FlaggedPayment,
  parkedRefunds: readonly ExistingRefund[],
  action: AttentionAction,
): { allowed: true } | { allowed: false; code: AttentionRefusal } {
  if (payment.attentionReason === null || payment.attentionResolvedAt !== null) {
    return { allowed: false, code: 'PAYMENT_NOT_FLAGGED' };
  }
  // A refund waiting for its approver holds its amount as surely as one on its way.
  const holding = parkedRefunds.some(
    (r) => r.status === 'PENDING_APPROVAL' || r.status === 'PROCESSING' || r.status === 'SUCCEEDED',
  );
  switch (action) {
    case 'REFUND':
      // Admission (admitUnappliedRefund) decides how much; here only whether there is money at all.
      return payment.unappliedMinor > 0
        ? { allowed: true }
        : { allowed: false, code: 'ATTENTION_NOTHING_PARKED' };
    case 'APPLY':
      if (payment.unappliedMinor <= 0) return { allowed: false, code: 'ATTENTION_NOTHING_PARKED' };
      return holding ? { allowed: false, code: 'ATTENTION_REFUND_IN_FLIGHT' } : { allowed: true };
    case 'ACKNOWLEDGE':
      return payment.unappliedMinor > 0
        ? { allowed: false, code: 'ATTENTION_FUNDS_PARKED' }
        : { allowed: true };
  }
}

/**
 * Four eyes on parked money. Applying it to the app releases money to the merchant, so an
 * operator's APPLY is a request until a different FINANCE or ADMIN operator approves it; refunding
 * it goes through the refund approval step (an operator's parked-funds refund always waits there).
 */
export const ATTENTION_REQUEST_STATUSES = [
  'PENDING',
  'APPROVED',
  'REJECTED',
  'WITHDRAWN',
  'SUPERSEDED',
  /** Nobody decided it within its window (domain/approvals/approval-windows.ts). */
  'EXPIRED',
] as const;
export type AttentionRequestStatus = (typeof ATTENTION_REQUEST_STATUSES)[number];

export interface AttentionRequest {
  id: number;
  paymentId: number;
  kind: 'APPLY';
  /** The parked amount and currency the request was made against: approving is refused once they changed. */
  amountMinor: number;
  currency: string;
  note: string;
  status: AttentionRequestStatus;
  proposedByOperatorId: number;
  proposedByEmail: string | null;
  proposedAt: Date;
  decidedByOperatorId: number | null;
  decidedByEmail: string | null;
  decidedAt: Date | null;
  comment: string | null;
}

export type AttentionDecision = ProposalDecision;

export interface ParkedNow extends FlaggedPayment {
  unappliedCurrency: string;
}

export type AttentionDecisionRefusal =
  | 'ATTENTION_REQUEST_NOT_PENDING'
  | 'ATTENTION_REQUEST_STALE'
  | 'SELF_APPROVAL_FORBIDDEN'
  | 'FORBIDDEN'
  | 'ATTENTION_REFUND_IN_FLIGHT';

/** Whether the flag and its parked money are no longer what the request was made against. */
export function attentionRequestStale(request: AttentionRequest, payment: ParkedNow): boolean {
  return (
    payment.attentionReason === null ||
    payment.attentionResolvedAt !== null ||
    payment.unappliedMinor !== request.amountMinor ||
    payment.unappliedCurrency !== request.currency
  );
}

/**
 * Whether an operator may decide a request now. Only a pending one is decided; its proposer may
 * withdraw it and no one else may; anyone else (FINANCE or ADMIN, by the permission table)
 * approves or rejects it, never the proposer. Approving also needs the flag open with the same
 * parked money and no refund holding part of it.
 */
export function judgeAttentionDecision(
  request: AttentionRequest,
  decision: AttentionDecision,
  operatorId: number,
  payment: ParkedNow,
  parkedRefunds: readonly ExistingRefund[],
  ties: TieFacts = NO_TIES,
): AttentionDecisionRefusal | null {
  if (request.status !== 'PENDING') return 'ATTENTION_REQUEST_NOT_PENDING';
  const decider = judgeDecider(request.proposedByOperatorId, decision, operatorId, ties);
  if (decider || decision === 'WITHDRAW') return decider;
  if (decision === 'REJECT') return null;
  if (attentionRequestStale(request, payment)) return 'ATTENTION_REQUEST_STALE';
  const verdict = judgeAttentionAction(payment, parkedRefunds, 'APPLY');
  if (verdict.allowed) return null;
  return verdict.code === 'ATTENTION_REFUND_IN_FLIGHT' ? verdict.code : 'ATTENTION_REQUEST_STALE';
}
