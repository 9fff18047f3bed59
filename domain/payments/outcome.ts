import type { ConfirmationDecision } from './confirmation.js';
import { OUTCOME_EVENT, canTransition, type CheckoutOutcome, type PaymentStatus } from './payment-status.js';

/** Outcomes a payment workflow can apply: a gateway's decision, or closing on our own clock. */
export type Outcome = ConfirmationDecision | { kind: 'EXPIRED'; reason: string };

/** What the callback that led to an outcome is recorded as. */
export type OutcomeVerdict =
  CheckoutOutcome | 'CAPTURED_MISMATCH' | 'UNCONFIRMED' | 'DUPLICATE' | 'NO_CHANGE' | 'CAPTURED_AFTER_CLOSE';

/**
 * Everything applying an outcome to a payment in `current` status does, decided without I/O.
 * The activity carries it out in one transaction.
 */
export interface OutcomePlan {
  /** The status to move to (guarded by `current`), or null to leave it. */
  moveTo: CheckoutOutcome | null;
  /**
   * CAPTURE: the payment's amount is now owed to the app. UNAPPLIED: money the gateway captured
   * that this payment cannot keep, parked for an operator to refund.
   */
  ledger: 'CAPTURE' | 'UNAPPLIED' | null;
  /** Why an operator must look at the payment, or null. */
  attention: string | null;
  /**
   * The parked money goes straight back to the customer (reason LATE_CAPTURE, no approval): a
   * payment confirmed only after it closed was one the app already gave up on.
   */
  autoRefund: boolean;
  /**
   * The event the app must receive for this outcome: recorded with the move, or, when an
   * earlier try already made the move, the one that try recorded (so a retried step still
   * hands its delivery on).
   */
  event: string | null;
  verdict: OutcomeVerdict;
  reason: string;
}

const SETTLED: readonly PaymentStatus[] = ['SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED'];

function reasonOf(outcome: Outcome): string {
  return 'reason' in outcome ? outcome.reason : 'confirmed by the gateway';
}

/** Decides what applying `outcome` to a payment currently in `current` changes. */
export function planOutcome(current: PaymentStatus, outcome: Outcome): OutcomePlan {
  const reason = reasonOf(outcome);
  const none = {
    moveTo: null,
    ledger: null,
    attention: null,
    autoRefund: false,
    event: null,
    reason,
  } as const;
  switch (outcome.kind) {
    case 'UNCONFIRMED':
      return { ...none, verdict: 'UNCONFIRMED' };
    case 'SUCCEEDED': {
      if (canTransition(current, 'SUCCEEDED')) {
        return {
          ...none,
          moveTo: 'SUCCEEDED',
          ledger: 'CAPTURE',
          event: OUTCOME_EVENT.SUCCEEDED,
          verdict: 'SUCCEEDED',
        };
      }
      if (current === 'SUCCEEDED') return { ...none, event: OUTCOME_EVENT.SUCCEEDED, verdict: 'DUPLICATE' };
      if (SETTLED.includes(current)) return { ...none, verdict: 'DUPLICATE' };
      return {
        ...none,
        ledger: 'UNAPPLIED',
        attention: `CAPTURED_AFTER_CLOSE: gateway confirmed payment after it was ${current}`,
        autoRefund: true,
        verdict: 'CAPTURED_AFTER_CLOSE',
      };
    }
    case 'CAPTURED_MISMATCH': {
      const moves = canTransition(current, 'FAILED');
      return {
        ...none,
        moveTo: moves ? 'FAILED' : null,
        ledger: 'UNAPPLIED',
        attention: outcome.reason,
        event: moves || current === 'FAILED' ? OUTCOME_EVENT.FAILED : null,
        verdict: 'CAPTURED_MISMATCH',
      };
    }
    case 'FAILED':
    case 'CANCELLED':
    case 'EXPIRED': {
      if (canTransition(current, outcome.kind)) {
        return { ...none, moveTo: outcome.kind, event: OUTCOME_EVENT[outcome.kind], verdict: outcome.kind };
      }
      return {
        ...none,
        event: current === outcome.kind ? OUTCOME_EVENT[outcome.kind] : null,
        verdict: 'NO_CHANGE',
      };
    }
  }
}
