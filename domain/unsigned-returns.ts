import { isCheckoutOpen, type PaymentStatus } from './payment-status.js';

/**
 * What an unsigned browser return (bKash, Nagad, Stripe) claims, in the few words every gateway
 * shares. Anyone who knows a payment's reference can send one, as often as they like.
 */
export type ClaimedOutcome = 'SUCCEEDED' | 'FAILED' | 'CANCELLED' | 'OTHER';

/**
 * Unsigned returns are kept once per payment, claimed outcome, and whether they name the gateway
 * session we opened: a return naming another session (or none) cannot shadow the customer's own,
 * which names ours. So however many arrive, a payment keeps at most eight such rows, each handed to
 * its workflow once (one gateway confirmation each); a repeat only counts.
 */
export function unsignedReturnKey(input: {
  paymentId: number;
  outcome: ClaimedOutcome;
  namesSession: boolean;
}): string {
  return `${input.paymentId}:return:${input.outcome}:${input.namesSession ? 'session' : 'other'}`;
}

/**
 * Whether an unsigned return is worth a workflow. While the checkout is open, yes: the workflow
 * asks the gateway. Once the payment has closed, only a claimed success naming our own session,
 * for a payment that closed without money (EXPIRED, CANCELLED, FAILED): money a gateway without
 * server notifications captured late is found that way, once, through the late-capture path. Any
 * other return for a closed payment is recorded and starts nothing.
 */
export function unsignedReturnDecision(input: {
  status: PaymentStatus;
  outcome: ClaimedOutcome;
  namesSession: boolean;
}): { handOver: true } | { handOver: false; reason: string } {
  if (isCheckoutOpen(input.status)) return { handOver: true };
  const closedWithoutMoney = ['EXPIRED', 'CANCELLED', 'FAILED'].includes(input.status);
  if (closedWithoutMoney && input.outcome === 'SUCCEEDED' && input.namesSession) return { handOver: true };
  return {
    handOver: false,
    reason: `payment is ${input.status}: an unsigned return for it is not checked with the gateway`,
  };
}
