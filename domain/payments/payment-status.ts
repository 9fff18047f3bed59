/** The payment lifecycle: which transitions exist, and which states are final for a checkout. */
export const PAYMENT_STATUSES = [
  'CREATED',
  'PENDING',
  'SUCCEEDED',
  'FAILED',
  'CANCELLED',
  'EXPIRED',
  'PARTIALLY_REFUNDED',
  'REFUNDED',
] as const;

export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Outcomes a checkout can end in. */
export type CheckoutOutcome = 'SUCCEEDED' | 'FAILED' | 'CANCELLED' | 'EXPIRED';

/**
 * What a checkout or a refund's success may move a payment to. A refund undone after it succeeded
 * (its bank payout returned) moves a payment back from REFUNDED or PARTIALLY_REFUNDED by its own
 * rule (paymentAfterReturnedRefund, domain/refunds): no checkout outcome may, so it is not listed.
 */
const TRANSITIONS: Record<PaymentStatus, readonly PaymentStatus[]> = {
  CREATED: ['PENDING', 'CANCELLED', 'EXPIRED'],
  PENDING: ['SUCCEEDED', 'FAILED', 'CANCELLED', 'EXPIRED'],
  SUCCEEDED: ['PARTIALLY_REFUNDED', 'REFUNDED'],
  PARTIALLY_REFUNDED: ['PARTIALLY_REFUNDED', 'REFUNDED'],
  FAILED: [],
  CANCELLED: [],
  EXPIRED: [],
  REFUNDED: [],
};

export function canTransition(from: PaymentStatus, to: PaymentStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The states from which a checkout may still end in `to`. */
export function statusesLeadingTo(to: PaymentStatus): PaymentStatus[] {
  return PAYMENT_STATUSES.filter((from) => canTransition(from, to));
}

export function isCheckoutOpen(status: PaymentStatus): boolean {
  return status === 'CREATED' || status === 'PENDING';
}

/** Event type an app receives for each checkout outcome. */
export const OUTCOME_EVENT: Record<CheckoutOutcome, string> = {
  SUCCEEDED: 'payment.succeeded',
  FAILED: 'payment.failed',
  CANCELLED: 'payment.cancelled',
  EXPIRED: 'payment.expired',
};

/** Whether a customer's click on checkout may still open or cancel it at `now`. */
export function isPayableAt(payment: { status: PaymentStatus; expiresAt: Date }, now: Date): boolean {
  return isCheckoutOpen(payment.status) && payment.expiresAt.getTime() > now.getTime();
}

/**
 * The status a customer is shown. A payment nobody opened stays CREATED in the database until the
 * sweeper expires it, shortly after its deadline; nothing can have been paid (no gateway session
 * exists), so from the deadline on it is shown as the EXPIRED it is about to become.
 */
export function displayedStatusAt(
  payment: { status: PaymentStatus; expiresAt: Date },
  now: Date,
): PaymentStatus {
  return payment.status === 'CREATED' && !isPayableAt(payment, now) ? 'EXPIRED' : payment.status;
}
