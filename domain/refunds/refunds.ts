import type { PaymentStatus } from '../payments/payment-status.js';

/**
 * A refund's lifecycle. PROCESSING: asked of the gateway, not yet final. SUCCEEDED and FAILED are
 * the gateway's final word (or the payout rail's). PENDING_APPROVAL, REJECTED and EXPIRED belong
 * to the approval step. One change follows a final word: a refund SUCCEEDED by a bank transfer the
 * receiving bank later returns becomes FAILED (PAYOUT_RETURNED), the customer never having been paid.
 */
export const REFUND_STATUSES = [
  'PENDING_APPROVAL',
  'PROCESSING',
  'SUCCEEDED',
  'FAILED',
  'REJECTED',
  'EXPIRED',
] as const;

export type RefundStatus = (typeof REFUND_STATUSES)[number];

/** Refunds that hold part of the captured amount: done, or still on their way. */
const RESERVING: ReadonlySet<RefundStatus> = new Set(['PENDING_APPROVAL', 'PROCESSING', 'SUCCEEDED']);

export const isFinalRefundStatus = (status: RefundStatus) =>
  status === 'SUCCEEDED' || status === 'FAILED' || status === 'REJECTED' || status === 'EXPIRED';

const REFUNDABLE_PAYMENT: ReadonlySet<PaymentStatus> = new Set(['SUCCEEDED', 'PARTIALLY_REFUNDED']);

/** Whether a payment in this status can be refunded at all (whatever is left of it). */
export const isRefundablePaymentStatus = (status: PaymentStatus) => REFUNDABLE_PAYMENT.has(status);

export interface RefundablePayment {
  status: PaymentStatus;
  amountMinor: number;
  /**
   * What open or lost disputes took back (the gateway already returned it to the cardholder):
   * refunding it too would pay the customer twice.
   */
  disputedMinor?: number;
}

export interface ExistingRefund {
  status: RefundStatus;
  amountMinor: number;
}

/** Captured, less refunds that succeeded and refunds still pending or processing. */
export function refundableMinor(payment: RefundablePayment, refunds: readonly ExistingRefund[]): number {
  const reserved = refunds
    .filter((refund) => RESERVING.has(refund.status))
    .reduce((sum, refund) => sum + refund.amountMinor, 0);
  return Math.max(0, payment.amountMinor - (payment.disputedMinor ?? 0) - reserved);
}

export type RefundAdmission =
  | { admitted: true; amountMinor: number }
  | {
      admitted: false;
      code: 'PAYMENT_NOT_REFUNDABLE' | 'REFUND_EXCEEDS_REFUNDABLE';
      message: string;
      refundableMinor: number;
    };

/**
 * Whether a refund of `requestedMinor` (everything still refundable when absent) may be taken
 * for this payment, given its other refunds. Read under the payment's row lock, so concurrent
 * requests are decided one after another and their total never exceeds the capture.
 */
export function admitRefund(
  payment: RefundablePayment,
  refunds: readonly ExistingRefund[],
  requestedMinor?: number,
): RefundAdmission {
  const refundable = refundableMinor(payment, refunds);
  if (!REFUNDABLE_PAYMENT.has(payment.status)) {
    return {
      admitted: false,
      code: 'PAYMENT_NOT_REFUNDABLE',
      message: `Payment is ${payment.status}; only a SUCCEEDED or PARTIALLY_REFUNDED payment can be refunded`,
      refundableMinor: 0,
    };
  }
  const amountMinor = requestedMinor ?? refundable;
  if (amountMinor <= 0 || amountMinor > refundable) {
    return {
      admitted: false,
      code: 'REFUND_EXCEEDS_REFUNDABLE',
      message:
        (refundable === 0
          ? 'Nothing is left to refund on this payment'
          : `At most ${refundable} minor units can still be refunded on this payment`) +
        (payment.disputedMinor
          ? ` (${payment.disputedMinor} minor units went back to the cardholder in a dispute)`
          : ''),
      refundableMinor: refundable,
    };
  }
  return { admitted: true, amountMinor };
}

/** Money parked for a payment (captured after it closed, or not the money asked for). */
export interface ParkedFunds {
  unappliedMinor: number;
  /** An operator already resolved the payment's flag: nothing more is taken from its funds. */
  resolved: boolean;
}

/**
 * Whether a refund of parked funds may be taken: the same arithmetic as a capture's refunds,
 * over the payment's unapplied money and the refunds already taken from it.
 */
export function admitUnappliedRefund(
  parked: ParkedFunds,
  refunds: readonly ExistingRefund[],
  requestedMinor?: number,
): RefundAdmission {
  if (parked.unappliedMinor <= 0 || parked.resolved) {
    return {
      admitted: false,
      code: 'PAYMENT_NOT_REFUNDABLE',
      message: parked.resolved
        ? 'This payment has been resolved; its parked funds are no longer held for refund'
        : 'No captured money is parked for this payment',
      refundableMinor: 0,
    };
  }
  return admitRefund({ status: 'SUCCEEDED', amountMinor: parked.unappliedMinor }, refunds, requestedMinor);
}

/** The payment's status once `refundedMinor` of it has been refunded in all. */
export function paymentStatusAfterRefunds(amountMinor: number, refundedMinor: number): PaymentStatus {
  if (refundedMinor <= 0) return 'SUCCEEDED';
  return refundedMinor >= amountMinor ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
}

/**
 * The payment once a refund that had succeeded is undone (its payout came back): what it had
 * refunded less that refund, and the status that leaves it in, so the amount is refundable again.
 * Only here does a payment move back from REFUNDED or PARTIALLY_REFUNDED; no checkout outcome can.
 */
export function paymentAfterReturnedRefund(
  payment: { amountMinor: number; refundedMinor: number },
  refundMinor: number,
): { status: PaymentStatus; refundedMinor: number } {
  const refundedMinor = Math.max(0, payment.refundedMinor - refundMinor);
  return { status: paymentStatusAfterRefunds(payment.amountMinor, refundedMinor), refundedMinor };
}

/** The event an app receives for its payment when a refund succeeds. */
export const paymentRefundEvent = (status: PaymentStatus) =>
  status === 'REFUNDED' ? 'payment.refunded' : 'payment.partially_refunded';

/** What the gateway's answer about a refund means for it. */
export type GatewayRefundOutcome = 'SUCCEEDED' | 'PROCESSING' | 'FAILED';

/**
 * How long to wait before asking the gateway again about a refund still processing, after
 * `asked` questions: 5 s doubling to at most 1 h, so a refund that completes in seconds is known
 * in seconds, and one a bank settles days later is followed without a flood of queries.
 */
export function refundPollDelayMs(asked: number): number {
  return Math.min(60 * 60_000, 5_000 * 2 ** Math.min(asked, 10));
}

/** The reason on the refund the service itself takes for money captured after its payment closed. */
export const LATE_CAPTURE_REFUND_REASON = 'LATE_CAPTURE';
