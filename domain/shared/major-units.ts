import { exponentOf, formatMoney, isCurrency, type Currency } from './money.js';

/**
 * Amounts as people type them: in the currency's major unit ("10,000.00", "10000.5 BDT"),
 * converted to integer minor units exactly (string arithmetic, no floating point).
 */

export type MajorUnitsReading = { ok: true; amountMinor: number } | { ok: false; problem: string };

const WHOLE = /^(?:\d{1,3}(?:,\d{3})+|\d+)$/;

/**
 * Reads `typed` as an amount of `currency`: digits with optional thousands commas, at most as many
 * decimals as the currency has (none for JPY), optionally followed or preceded by the currency's
 * code. Anything else, a negative amount, or another currency's code is refused with a reason.
 */
export function readMajorUnits(typed: string, currency: Currency): MajorUnitsReading {
  let text = typed.trim();
  const before = /^([A-Za-z]{3})\s*(.*)$/.exec(text);
  const after = before ? null : /^(.*?)\s*([A-Za-z]{3})$/.exec(text);
  const named = before?.[1] ?? after?.[2];
  const rest = (before?.[2] ?? after?.[1] ?? '').trim();
  // Three letters and nothing else ("abc") is no amount at all, not an amount in another currency.
  if (named !== undefined && !rest && named.toUpperCase() !== currency) return notAnAmount(currency);
  if (named !== undefined) {
    if (named.toUpperCase() !== currency) {
      return { ok: false, problem: `the amount is in ${currency}, not ${named.toUpperCase()}` };
    }
    text = rest;
  }
  if (!text) return { ok: false, problem: 'enter an amount' };
  const [whole = '', fraction, extra] = text.split('.');
  const exponent = exponentOf(currency);
  if (extra !== undefined || !WHOLE.test(whole) || (fraction !== undefined && !/^\d+$/.test(fraction))) {
    return notAnAmount(currency);
  }
  if ((fraction ?? '').length > exponent) {
    return {
      ok: false,
      problem:
        exponent === 0
          ? `${currency} has no decimals`
          : `${currency} has ${exponent} decimal${exponent === 1 ? '' : 's'} at most`,
    };
  }
  const digits = whole.replace(/,/g, '') + (fraction ?? '').padEnd(exponent, '0');
  const amountMinor = Number(digits);
  if (!Number.isSafeInteger(amountMinor)) return { ok: false, problem: 'the amount is too large' };
  return { ok: true, amountMinor };
}

/** "not an amount: write it as 10,000.50 BDT", with an example in the currency's own decimals. */
function notAnAmount(currency: Currency): MajorUnitsReading {
  const exponent = exponentOf(currency);
  const example = formatMoney(10_000 * 10 ** exponent + (exponent ? 5 * 10 ** (exponent - 1) : 0), currency);
  return { ok: false, problem: `not an amount: write it as ${example}` };
}

/** Minor units as a person types them back: "10,000.00" (no currency code); '' when there is none. */
export function majorUnitsText(amountMinor: number | null | undefined, currency: string): string {
  if (amountMinor === null || amountMinor === undefined || !isCurrency(currency)) return '';
  return formatMoney(amountMinor, currency).replace(/ [A-Z]{3}$/, '');
}
