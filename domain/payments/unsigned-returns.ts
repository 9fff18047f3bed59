import { isCheckoutOpen, type PaymentStatus } from './payment-status.js';

/**
 * What an unsigned browser return (bKash, Nagad, Stripe) claims, in the few words every gateway
 * shares. Anyone who knows a payment's reference can send one, as often as they like.
 */
export type ClaimedOutcome = 'SUCCEEDED' | 'FAILED' | 'CANCELLED' | 'OTHER';

/**
 * Unsigned returns are kept once per payment, claimed outcome, and whether they name the gateway
 * session we opened: a return naming another session (or none) cannot shadow the customer's own,
 * which names ours. So however many arrive, a payment keeps at most eight such rows, each checked
 * with the gateway at once at most `MAX_CALLBACK_CHECKS` times and then at doubling intervals
 * (`domain/payments/callback-checks.ts`); any other repeat only counts.
 */
export function unsignedReturnKey(input: {
  paymentId: number;
  outcome: ClaimedOutcome;
  namesSession: boolean;
}): string {
  return `${input.paymentId}:return:${input.outcome}:${input.namesSession ? 'session' : 'other'}`;
}

/**
 * The claim an unsigned return's stored key records (`unsignedReturnKey`); null for a signed
 * callback's key.
 */
export function claimOfUnsignedReturnKey(
  key: string,
): { outcome: ClaimedOutcome; namesSession: boolean } | null {
  const match = /^\d+:return:(SUCCEEDED|FAILED|CANCELLED|OTHER):(session|other)$/.exec(key);
  if (!match) return null;
  return { outcome: match[1] as ClaimedOutcome, namesSession: match[2] === 'session' };
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

/**
 * Whether a stored callback is still worth checking again for a payment now at `status`: a signed
 * one always (the workflow decides what its confirmation means); an unsigned return by the rule
 * above.
 */
export function worthCheckingAgain(input: { dedupeKey: string | null; status: PaymentStatus }): boolean {
  const claim = input.dedupeKey === null ? null : claimOfUnsignedReturnKey(input.dedupeKey);
  return claim === null || unsignedReturnDecision({ status: input.status, ...claim }).handOver;
}

/** A return naming our own session claimed the customer declined: cancelled or failed. */
export type ClaimedDecline = Extract<ClaimedOutcome, 'CANCELLED' | 'FAILED'>;

/**
 * How a checkout closes when its window ended while the gateway still reported it open. Some
 * gateways keep a checkout the customer cancelled or failed open (bKash answers `Initiated`): the
 * customer's return naming our own session then says how it ended, CANCELLED or FAILED rather
 * than EXPIRED. No money moved either way; the gateway confirmed nothing else.
 */
export function closeAtExpiry(
  expired: { kind: 'EXPIRED'; reason: string },
  declined: ClaimedDecline | null,
): { kind: 'EXPIRED' | ClaimedDecline; reason: string } {
  if (declined === null) return expired;
  const words = declined === 'CANCELLED' ? 'cancelled' : 'failed';
  return {
    kind: declined,
    reason:
      `checkout window ended with the gateway still reporting the checkout open; ` +
      `the customer's return for our session said it ${words}`,
  };
}
