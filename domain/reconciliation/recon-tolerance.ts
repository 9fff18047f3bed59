import { CURRENCIES, isCurrency, type Currency } from '../shared/money.js';
import type { Mode } from '../shared/mode.js';

/**
 * How much an adjustment or an accepted fee difference on a reconciliation exception may post on
 * one operator's word: a rounding difference. Beyond it (or whenever the operator uploaded the
 * report the exception came from) the action is a proposal another FINANCE or ADMIN operator
 * approves before anything is posted. Pure.
 */

/** Minor units per currency, with a value for the currencies not named. */
export interface PerCurrency {
  other: number;
  currencies: Readonly<Partial<Record<Currency, number>>>;
}

/** Per mode; null: that mode's days post on one operator's word whatever the amount. */
export interface RoundingTolerance {
  LIVE: PerCurrency;
  TEST: PerCurrency | null;
}

/** One taka, and one minor unit of any other currency. */
export const DEFAULT_ROUNDING_TOLERANCE_TEXT = 'BDT:100,1';
/** The largest tolerance a deployment may set: beyond it a "rounding" difference is money. */
export const MAX_ROUNDING_TOLERANCE_MINOR = 10_000;

/**
 * Reads `<n>` for every currency, or comma-separated `<CUR>:<n>` entries with at most one bare
 * `<n>` for the currencies not named (`BDT:100,USD:1,1`); currencies not named and no bare number:
 * 0. Answers the problems instead when there are any.
 */
export function parsePerCurrency(
  text: string,
): { ok: true; value: PerCurrency } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  let other: number | null = null;
  const currencies: Partial<Record<Currency, number>> = {};
  const number = (raw: string, where: string): number | null => {
    if (!/^\d+$/.test(raw)) {
      problems.push(`${where}: "${raw}" is not a whole number of minor units`);
      return null;
    }
    const n = Number(raw);
    if (n > MAX_ROUNDING_TOLERANCE_MINOR) {
      problems.push(`${where}: ${n} is more than ${MAX_ROUNDING_TOLERANCE_MINOR}`);
      return null;
    }
    return n;
  };
  for (const entry of text.split(',').map((e) => e.trim())) {
    const named = /^([^:]*):(.*)$/.exec(entry);
    if (!named) {
      if (other !== null) problems.push(`"${entry}": a number for every currency is given twice`);
      other = number(entry, 'every currency') ?? other;
      continue;
    }
    const currency = named[1]!.trim().toUpperCase();
    if (!isCurrency(currency)) {
      problems.push(`"${entry}": ${currency || 'no currency'} is not one of ${CURRENCIES.join(', ')}`);
      continue;
    }
    if (Object.hasOwn(currencies, currency)) problems.push(`"${entry}": ${currency} is given twice`);
    const n = number(named[2]!.trim(), currency);
    if (n !== null) currencies[currency] = n;
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, value: { other: other ?? 0, currencies } };
}

const parsedDefault = parsePerCurrency(DEFAULT_ROUNDING_TOLERANCE_TEXT);
export const DEFAULT_ROUNDING_TOLERANCE: RoundingTolerance = {
  LIVE: parsedDefault.ok ? parsedDefault.value : { other: 0, currencies: {} },
  TEST: parsedDefault.ok ? parsedDefault.value : { other: 0, currencies: {} },
};

/** The tolerance of a mode's days in a currency; null when that mode asks for no second operator. */
export function roundingToleranceFor(
  tolerance: RoundingTolerance | undefined,
  mode: Mode,
  currency: string,
): number | null {
  const perCurrency = (tolerance ?? DEFAULT_ROUNDING_TOLERANCE)[mode];
  if (perCurrency === null) return null;
  return isCurrency(currency) && Object.hasOwn(perCurrency.currencies, currency)
    ? perCurrency.currencies[currency]!
    : perCurrency.other;
}

/**
 * Whether an action that posts needs a second operator: beyond the tolerance either way, or
 * decided by whoever uploaded the report its line came from (their own evidence, however small:
 * many small lines add up).
 */
export function needsSecondOperator(input: {
  postingMinor: number;
  toleranceMinor: number | null;
  deciderId: number;
  uploaderId: number | null;
}): boolean {
  if (input.toleranceMinor === null) return false;
  if (input.uploaderId !== null && input.uploaderId === input.deciderId) return true;
  return Math.abs(input.postingMinor) > input.toleranceMinor;
}
