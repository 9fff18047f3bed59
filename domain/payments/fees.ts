import type { Currency } from '../shared/money.js';
import type { Mode } from '../shared/mode.js';

/**
 * What a gateway charges for a capture when it does not say so itself: a percentage (in basis
 * points, 1.85 % = 185) plus a fixed amount, per gateway, mode, currency and payment method. The
 * settlement line later corrects the estimate with what the gateway really kept.
 */
export interface FeeSchedule {
  gateway: string;
  mode: Mode;
  currency: Currency;
  /** The payment method it applies to (as the gateway reports it: `bKash`, `visa`); null for any. */
  method: string | null;
  percentBasisPoints: number;
  fixedMinor: number;
}

/** 100 % in basis points: no schedule keeps more than the whole amount. */
export const MAX_BASIS_POINTS = 10_000;

/**
 * The fee a schedule takes of `amountMinor`: its percentage rounded half-up to the minor unit,
 * plus its fixed part, never more than the amount itself. Integer arithmetic throughout (BigInt
 * for the product, which can pass 2^53).
 */
export function feeFor(
  schedule: Pick<FeeSchedule, 'percentBasisPoints' | 'fixedMinor'>,
  amountMinor: number,
): number {
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0)
    throw new RangeError(`amount ${amountMinor} is not a non-negative count of minor units`);
  const { percentBasisPoints: bp, fixedMinor } = schedule;
  if (!Number.isSafeInteger(bp) || bp < 0 || bp > MAX_BASIS_POINTS)
    throw new RangeError(`percentage ${bp} bp is outside 0..${MAX_BASIS_POINTS}`);
  if (!Number.isSafeInteger(fixedMinor) || fixedMinor < 0)
    throw new RangeError(`fixed fee ${fixedMinor} is not a non-negative count of minor units`);
  const basis = BigInt(MAX_BASIS_POINTS);
  const percentPart = (BigInt(amountMinor) * BigInt(bp) + basis / 2n) / basis;
  const fee = percentPart + BigInt(fixedMinor);
  return fee > BigInt(amountMinor) ? amountMinor : Number(fee);
}

/**
 * The schedule that applies to a capture: the one for its payment method (compared without
 * regard to case), else the one for any method of its gateway, mode and currency; null when none.
 */
export function scheduleFor<S extends FeeSchedule>(
  schedules: readonly S[],
  capture: { gateway: string; mode: Mode; currency: string; method: string | null },
): S | null {
  const candidates = schedules.filter(
    (s) => s.gateway === capture.gateway && s.mode === capture.mode && s.currency === capture.currency,
  );
  const method = capture.method?.trim().toLowerCase() || null;
  return (
    (method && candidates.find((s) => s.method?.toLowerCase() === method)) ||
    candidates.find((s) => s.method === null) ||
    null
  );
}

/** A schedule's rate as people read it: "1.85 % + 0.30". */
export function describeRate(percentBasisPoints: number, fixedDecimal: string | null): string {
  const whole = Math.floor(percentBasisPoints / 100);
  const fraction = String(percentBasisPoints % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  const percent = `${whole}${fraction ? `.${fraction}` : ''} %`;
  return fixedDecimal ? `${percent} + ${fixedDecimal}` : percent;
}

/**
 * The fee booked with a capture: what the gateway reported with it (SSLCOMMERZ's store amount,
 * Stripe's balance transaction), else the schedule's estimate; null when neither says (no fee
 * entry). The settlement line corrects either later.
 */
export function captureFee(input: {
  /** False for money paid outside any gateway (its module's `chargesNoFees`): never a fee. */
  chargesFees: boolean;
  amountMinor: number;
  reportedFeeMinor: number | null;
  schedule: Pick<FeeSchedule, 'percentBasisPoints' | 'fixedMinor'> | null;
}): number | null {
  if (!input.chargesFees) return null;
  if (input.reportedFeeMinor !== null) return input.reportedFeeMinor;
  if (!input.schedule || !Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0) return null;
  return feeFor(input.schedule, input.amountMinor);
}
