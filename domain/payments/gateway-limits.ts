import type { Currency } from '../shared/money.js';

/** What a gateway accepts, as it describes itself. */
export interface GatewayLimits {
  name: string;
  currencies: readonly Currency[];
  minAmountMinor: number;
  maxAmountMinor: number;
  currencyLimits?: Partial<Record<Currency, { minAmountMinor: number; maxAmountMinor: number }>>;
}

export type LimitCheck = { ok: true } | { ok: false; field: 'currency' | 'amountMinor'; message: string };

/** Whether a gateway takes this amount, so an app learns at creation, not at checkout, that it cannot pay. */
export function checkGatewayLimits(
  gateway: GatewayLimits,
  currency: Currency,
  amountMinor: number,
): LimitCheck {
  if (!gateway.currencies.includes(currency)) {
    return { ok: false, field: 'currency', message: `${gateway.name} does not accept ${currency}` };
  }
  const limit = gateway.currencyLimits?.[currency] ?? gateway;
  if (amountMinor < limit.minAmountMinor || amountMinor > limit.maxAmountMinor) {
    return {
      ok: false,
      field: 'amountMinor',
      message: `${gateway.name} accepts ${limit.minAmountMinor} to ${limit.maxAmountMinor} minor units of ${currency}`,
    };
  }
  return { ok: true };
}
