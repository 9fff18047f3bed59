import type { GatewayTransaction } from './gateway-transaction.js';

/**
 * How long after a checkout's deadline a confirming call that did not get through (a 503, a
 * timeout) is still made again before the payment closes without it. Long enough that one failed
 * call, or a gateway's brief outage, at the deadline strands no payment the customer approved;
 * short enough that a gateway down for good cannot hold a checkout open for ever.
 */
export const CONFIRMATION_PATIENCE_AFTER_DEADLINE_MS = 10 * 60_000;

/**
 * What the gateway's own API (validation or query) says about a payment, reduced to a decision.
 * Only this decides a payment's outcome: never a callback's own word, never a browser redirect.
 */
export type ConfirmationDecision =
  | { kind: 'SUCCEEDED'; transaction: GatewayTransaction }
  | { kind: 'FAILED' | 'CANCELLED'; reason: string }
  /** The gateway captured money, but not the money we asked for: never SUCCEEDED. */
  | { kind: 'CAPTURED_MISMATCH'; reason: string; transaction: GatewayTransaction }
  /** Nothing confirmed; the payment stays as it is. */
  | { kind: 'UNCONFIRMED'; reason: string };

export interface ExpectedPayment {
  reference: string;
  amountMinor: number;
  currency: string;
}

/** Judge one transaction the gateway reported as captured against the payment we expect. */
export function judgeCapture(expected: ExpectedPayment, tx: GatewayTransaction): ConfirmationDecision {
  if (tx.outcome !== 'SUCCEEDED') {
    return { kind: 'UNCONFIRMED', reason: `gateway reports ${tx.gatewayStatus || 'no status'}` };
  }
  if (tx.reference !== expected.reference) {
    return { kind: 'UNCONFIRMED', reason: `REFERENCE_MISMATCH: gateway transaction is for ${tx.reference}` };
  }
  if (tx.currency !== expected.currency) {
    return {
      kind: 'CAPTURED_MISMATCH',
      reason: `CURRENCY_MISMATCH: expected ${expected.currency}, gateway captured ${tx.currency ?? 'unknown'}`,
      transaction: tx,
    };
  }
  if (tx.amountMinor !== expected.amountMinor) {
    return {
      kind: 'CAPTURED_MISMATCH',
      reason: `AMOUNT_MISMATCH: expected ${expected.amountMinor}, gateway captured ${tx.amountMinor ?? 'unknown'}`,
      transaction: tx,
    };
  }
  if (tx.riskLevel !== null && tx.riskLevel > 0) {
    return {
      kind: 'CAPTURED_MISMATCH',
      reason: 'RISK_FLAGGED: gateway marked the transaction risky',
      transaction: tx,
    };
  }
  return { kind: 'SUCCEEDED', transaction: tx };
}

/** Judge every attempt the gateway knows for a reference (transaction query). */
export function judgeAttempts(
  expected: ExpectedPayment,
  attempts: GatewayTransaction[],
): ConfirmationDecision {
  const captured = attempts.filter((tx) => tx.outcome === 'SUCCEEDED');
  if (captured.length > 0) {
    const decisions = captured.map((tx) => judgeCapture(expected, tx));
    return decisions.find((d) => d.kind === 'SUCCEEDED') ?? decisions[0]!;
  }
  if (attempts.some((tx) => tx.outcome === 'PENDING')) {
    return { kind: 'UNCONFIRMED', reason: 'gateway reports the payment still in progress' };
  }
  const latest = attempts[0];
  if (latest?.outcome === 'CANCELLED')
    return { kind: 'CANCELLED', reason: `gateway reports ${latest.gatewayStatus}` };
  if (latest?.outcome === 'FAILED' || latest?.outcome === 'EXPIRED') {
    return { kind: 'FAILED', reason: `gateway reports ${latest.gatewayStatus}` };
  }
  return { kind: 'UNCONFIRMED', reason: 'gateway knows no attempt for this payment' };
}

/**
 * Judge what the gateway's authority reports of one payment: a capture is judged against what we
 * asked for; anything else says whether it failed, was cancelled, or is still open.
 */
export function judgeReport(expected: ExpectedPayment, tx: GatewayTransaction): ConfirmationDecision {
  if (tx.outcome === 'SUCCEEDED') return judgeCapture(expected, tx);
  if (tx.outcome !== 'UNKNOWN' && tx.reference !== expected.reference) {
    return { kind: 'UNCONFIRMED', reason: `REFERENCE_MISMATCH: gateway transaction is for ${tx.reference}` };
  }
  return judgeAttempts(expected, tx.outcome === 'UNKNOWN' ? [] : [tx]);
}
