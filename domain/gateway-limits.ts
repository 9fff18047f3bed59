import type { Currency } from './money.js';

/** What each gateway accepts, so an app learns at creation, not at checkout, that it cannot pay. */
export const GATEWAY_LIMITS: Record<
  string,
  Partial<Record<Currency, { minMinor: number; maxMinor: number }>>
> = {
  // SSLCOMMERZ takes 10.00 to 500,000.00 BDT per transaction; other currencies are converted to BDT.
  sslcommerz: {
    BDT: { minMinor: 10_00, maxMinor: 500_000_00 },
    USD: { minMinor: 1_00, maxMinor: 5_000_00 },
    EUR: { minMinor: 1_00, maxMinor: 5_000_00 },
    GBP: { minMinor: 1_00, maxMinor: 5_000_00 },
  },
};

export type LimitCheck = { ok: true } | { ok: false; field: 'currency' | 'amountMinor'; message: string };

export function checkGatewayLimits(gateway: string, currency: Currency, amountMinor: number): LimitCheck {
  const limit = GATEWAY_LIMITS[gateway]?.[currency];
  if (!limit) return { ok: false, field: 'currency', message: `${gateway} does not accept ${currency}` };
  if (amountMinor < limit.minMinor || amountMinor > limit.maxMinor) {
    return {
      ok: false,
      field: 'amountMinor',
      message: `${gateway} accepts ${limit.minMinor} to ${limit.maxMinor} minor units of ${currency}`,
    };
  }
  return { ok: true };
}
