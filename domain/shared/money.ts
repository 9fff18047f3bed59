/**
 * Money is an integer count of a currency's minor unit everywhere in the service.
 * This module is the one place that converts to and from a gateway's decimal string.
 */

/** ISO-4217 currencies we accept, with their number of minor-unit digits. */
export const CURRENCY_EXPONENTS = {
  BDT: 2,
  USD: 2,
  EUR: 2,
  GBP: 2,
  INR: 2,
  SGD: 2,
  MYR: 2,
  AUD: 2,
  CAD: 2,
  JPY: 0,
} as const;

export type Currency = keyof typeof CURRENCY_EXPONENTS;
export const CURRENCIES = Object.keys(CURRENCY_EXPONENTS) as Currency[];

export function isCurrency(value: string): value is Currency {
  return Object.prototype.hasOwnProperty.call(CURRENCY_EXPONENTS, value);
}

export function exponentOf(currency: Currency): number {
  return CURRENCY_EXPONENTS[currency];
}

/** 10000 BDT minor units -> "100.00". Pure integer arithmetic, no floating point. */
export function toDecimalString(amountMinor: number, currency: Currency): string {
  assertSafeMinor(amountMinor);
  const exponent = exponentOf(currency);
  const negative = amountMinor < 0;
  const digits = String(Math.abs(amountMinor)).padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = exponent > 0 ? '.' + digits.slice(digits.length - exponent) : '';
  return (negative ? '-' : '') + whole + fraction;
}

/**
 * "400.00" / "400" / "400.5" -> 40000 / 40000 / 40050 for a 2-digit currency.
 * Throws on anything that is not a plain decimal or has more precision than the currency.
 */
export function fromDecimalString(value: string, currency: Currency): number {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match) throw new RangeError(`not a decimal amount: ${JSON.stringify(value)}`);
  const [, sign, whole, fraction = ''] = match;
  const exponent = exponentOf(currency);
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > exponent) {
    throw new RangeError(`${value} has more precision than ${currency} allows`);
  }
  const minor = Number(whole + fraction.padEnd(exponent, '0').slice(0, exponent));
  assertSafeMinor(minor);
  return sign === '-' ? -minor : minor;
}

/** "100.00 BDT" for people. */
export function formatMoney(amountMinor: number, currency: Currency): string {
  const [whole, fraction] = toDecimalString(amountMinor, currency).split('.');
  const grouped = (whole ?? '0').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${grouped}${fraction ? '.' + fraction : ''} ${currency}`;
}

export function assertSafeMinor(amountMinor: number): void {
  if (!Number.isSafeInteger(amountMinor)) {
    throw new RangeError(`amount must be a safe integer of minor units, got ${amountMinor}`);
  }
}
