import type { Outcome } from './outcome.js';
import { isCheckoutOpen, type PaymentStatus } from './payment-status.js';

/**
 * Whether closing a checkout with `outcome` must first hear the gateway's answer. A close on our
 * own clock (the deadline passed, or the customer cancelled on our page) says nothing about the
 * money: once the customer reached the gateway they may have paid there, and a paid payment must
 * never end EXPIRED with its capture refunded. Whether they reached it is the payment's row's
 * word (PENDING, or a session recorded), never the memory of the run asking to close it: a run
 * started directly on Temporal never opened the checkout, yet the customer may have paid through
 * the real run's session. An outcome applied from a callback is the gateway's answer to it; a
 * gateway's own CANCELLED is asked about once more, which only repeats its answer.
 */
export function closingNeedsGatewayAnswer(
  payment: { status: PaymentStatus; gatewaySessionKey: string | null; gatewayPageUrl: string | null },
  outcome: Outcome,
  callbackId: number | null | undefined,
): boolean {
  if (callbackId) return false;
  if (outcome.kind !== 'EXPIRED' && outcome.kind !== 'CANCELLED') return false;
  if (!isCheckoutOpen(payment.status)) return false;
  return (
    payment.status === 'PENDING' || payment.gatewaySessionKey !== null || payment.gatewayPageUrl !== null
  );
}
