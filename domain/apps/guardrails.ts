import { formatMoney, isCurrency } from '../shared/money.js';
import type { Strictness } from '../shared/strictness.js';

/**
 * An app's guardrails on money movement in one mode, and the four-eyes order among settings. Pure:
 * the admin API, the dashboard and the checks on each request ask these functions.
 *
 * Kinds of movement share one shape so payouts take the same limits as payments and refunds.
 */
export const MOVEMENT_KINDS = ['PAYMENT', 'REFUND', 'PAYOUT'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

export interface MoneyLimit {
  kind: MovementKind;
  currency: string;
  /** The most one payment, refund or payout may be, in minor units; null: no limit. */
  perTransactionMinor: number | null;
  /** The most the app's movements of this kind may add up to in a company day; null: no limit. */
  perDayMinor: number | null;
}

export interface Guardrails {
  /** The app's kill switch: no new payment, refund or payout while on. */
  moneyMovementStopped: boolean;
  /** Gateways switched off for this app: not offered at checkout, refused when named. */
  stoppedGateways: string[];
  /** Requests that create money movement (payments, refunds, payouts) per minute; null: no cap. */
  velocityPerMinute: number | null;
  /** The day's refunds over its sales, in percent, above which operators are alarmed; null: none. */
  refundRatioAlarmPercent: number | null;
  limits: MoneyLimit[];
}

export const NO_GUARDRAILS: Guardrails = {
  moneyMovementStopped: false,
  stoppedGateways: [],
  velocityPerMinute: null,
  refundRatioAlarmPercent: null,
  limits: [],
};

/** A cap where null is "none": a lower number is stricter, none is the loosest of all. */
function compareCap(current: number | null, proposed: number | null): Strictness {
  if (current === proposed) return 'EQUAL';
  if (proposed === null) return 'LOOSER';
  if (current === null) return 'STRICTER';
  return proposed < current ? 'STRICTER' : 'LOOSER';
}

const limitKey = (limit: Pick<MoneyLimit, 'kind' | 'currency'>) => `${limit.kind} ${limit.currency}`;

/**
 * Whether a proposed set of guardrails guards as much as the current one. One dimension loosened
 * makes the whole proposal LOOSER, even if others tighten: resuming money movement, switching a
 * gateway back on, raising or removing a cap or limit, all wait for a second ADMIN.
 */
export function compareGuardrails(current: Guardrails, proposed: Guardrails): Strictness {
  const steps: Strictness[] = [];
  if (current.moneyMovementStopped !== proposed.moneyMovementStopped) {
    steps.push(proposed.moneyMovementStopped ? 'STRICTER' : 'LOOSER');
  }
  if (current.stoppedGateways.some((gateway) => !proposed.stoppedGateways.includes(gateway))) {
    steps.push('LOOSER');
  }
  if (proposed.stoppedGateways.some((gateway) => !current.stoppedGateways.includes(gateway))) {
    steps.push('STRICTER');
  }
  steps.push(compareCap(current.velocityPerMinute, proposed.velocityPerMinute));
  steps.push(compareCap(current.refundRatioAlarmPercent, proposed.refundRatioAlarmPercent));
  const keys = new Set([...current.limits, ...proposed.limits].map(limitKey));
  for (const key of keys) {
    const before = current.limits.find((limit) => limitKey(limit) === key);
    const after = proposed.limits.find((limit) => limitKey(limit) === key);
    steps.push(compareCap(before?.perTransactionMinor ?? null, after?.perTransactionMinor ?? null));
    steps.push(compareCap(before?.perDayMinor ?? null, after?.perDayMinor ?? null));
  }
  if (steps.includes('LOOSER')) return 'LOOSER';
  return steps.includes('STRICTER') ? 'STRICTER' : 'EQUAL';
}

export function sameGuardrails(a: Guardrails, b: Guardrails): boolean {
  return compareGuardrails(a, b) === 'EQUAL' && compareGuardrails(b, a) === 'EQUAL';
}

/** A stored or proposed setting in one canonical order, so equal settings compare and print alike. */
export function canonicalGuardrails(guardrails: Guardrails): Guardrails {
  return {
    moneyMovementStopped: guardrails.moneyMovementStopped,
    stoppedGateways: [...new Set(guardrails.stoppedGateways)].sort(),
    velocityPerMinute: guardrails.velocityPerMinute,
    refundRatioAlarmPercent: guardrails.refundRatioAlarmPercent,
    limits: guardrails.limits
      .filter((limit) => limit.perTransactionMinor !== null || limit.perDayMinor !== null)
      .sort((a, b) => limitKey(a).localeCompare(limitKey(b))),
  };
}

export interface LimitBreach {
  kind: MovementKind;
  limit: 'PER_TRANSACTION' | 'PER_DAY';
  limitMinor: number;
  currency: string;
}

/**
 * The limit a movement of `amountMinor` would break, given what the app's movements of its kind
 * already add up to today; null when it is within every limit.
 */
export function limitBreached(
  guardrails: Guardrails,
  movement: { kind: MovementKind; currency: string; amountMinor: number; dayTotalMinor: number },
): LimitBreach | null {
  const limit = guardrails.limits.find(
    (candidate) => candidate.kind === movement.kind && candidate.currency === movement.currency,
  );
  if (!limit) return null;
  const base = { kind: movement.kind, currency: movement.currency };
  if (limit.perTransactionMinor !== null && movement.amountMinor > limit.perTransactionMinor) {
    return { ...base, limit: 'PER_TRANSACTION', limitMinor: limit.perTransactionMinor };
  }
  if (limit.perDayMinor !== null && movement.dayTotalMinor + movement.amountMinor > limit.perDayMinor) {
    return { ...base, limit: 'PER_DAY', limitMinor: limit.perDayMinor };
  }
  return null;
}

/** Whether the day's refunds over its sales are above the alarm's threshold (no sales: any refund is). */
export function refundRatioAbove(
  thresholdPercent: number | null,
  day: { refundsMinor: number; salesMinor: number },
): boolean {
  if (thresholdPercent === null || day.refundsMinor === 0) return false;
  return day.refundsMinor * 100 > thresholdPercent * day.salesMinor;
}

/** One line for operators: what a setting guards (the queue of control changes shows it). */
export function guardrailsText(guardrails: Guardrails): string {
  const parts: string[] = [guardrails.moneyMovementStopped ? 'Money movement STOPPED' : 'Money movement on'];
  if (guardrails.stoppedGateways.length) parts.push(`gateways off: ${guardrails.stoppedGateways.join(', ')}`);
  parts.push(
    guardrails.velocityPerMinute === null ? 'no velocity cap' : `at most ${guardrails.velocityPerMinute}/min`,
  );
  if (guardrails.refundRatioAlarmPercent !== null) {
    parts.push(`refund alarm above ${guardrails.refundRatioAlarmPercent}% of sales`);
  }
  for (const limit of guardrails.limits) {
    // In the currency's major unit ("10,000.00 BDT"), as operators type and read amounts.
    const amount = (minor: number) =>
      isCurrency(limit.currency) ? formatMoney(minor, limit.currency) : `${minor} ${limit.currency}`;
    const each = limit.perTransactionMinor === null ? '' : ` each ≤ ${amount(limit.perTransactionMinor)}`;
    const day = limit.perDayMinor === null ? '' : ` day ≤ ${amount(limit.perDayMinor)}`;
    parts.push(`${limit.kind}${each}${day}`);
  }
  return parts.join('; ');
}
