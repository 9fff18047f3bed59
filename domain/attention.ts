import type { ExistingRefund } from './refunds.js';

/**
 * Payments flagged for an operator: the gateway captured money the payment could not keep. The
 * flag's reason starts with one of these kinds (see domain/confirmation.ts and outcome.ts).
 */
export const ATTENTION_KINDS = [
  'CAPTURED_AFTER_CLOSE',
  'AMOUNT_MISMATCH',
  'CURRENCY_MISMATCH',
  'RISK_FLAGGED',
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
  const holding = parkedRefunds.some((r) => r.status === 'PROCESSING' || r.status === 'SUCCEEDED');
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
