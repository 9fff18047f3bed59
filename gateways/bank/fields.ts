import { BankFileError } from './file-text.js';

/**
 * The fields of a bank file and their rules. Amounts travel in taka with two decimals ("1250.00")
 * and are held here in poisha, as integers; names and narratives are limited to what BEFTN's and
 * NPSB's records carry (Latin letters, digits, spaces and a little punctuation), which leaves out
 * the separator and line breaks by construction.
 */

export const PATTERNS = {
  /** Our payout reference, the end-to-end reference (ISO 20022's 35 characters). */
  reference: /^[A-Za-z0-9_-]{1,35}$/,
  /** Bangladesh Bank's routing number: bank (3), district (2), branch (3), check digit (1). */
  routingNumber: /^\d{9}$/,
  /** A bank account number as BEFTN carries it: digits only, at most 17. */
  accountNumber: /^\d{6,17}$/,
  companyId: /^[A-Z0-9]{1,20}$/,
  fileReference: /^[A-Za-z0-9_-]{1,35}$/,
  /** Taka with exactly two decimals, no sign, no grouping. */
  amount: /^(0|[1-9]\d{0,12})\.\d{2}$/,
  /** UTC, as the bank stamps files: YYYYMMDDHHMMSS. */
  timestamp: /^\d{14}$/,
  name: /^[A-Za-z0-9.,'&()/-](?:[A-Za-z0-9 .,'&()/-]{0,48}[A-Za-z0-9.,'&()/-])?$/,
  narrative: /^(?:[A-Za-z0-9.,'&()/-](?:[A-Za-z0-9 .,'&()/-]{0,33}[A-Za-z0-9.,'&()/-])?)?$/,
  bankTransactionId: /^[A-Z0-9]{1,20}$/,
  reasonText: /^[A-Za-z0-9 .,'&()/:-]{0,100}$/,
  count: /^(0|[1-9]\d{0,5})$/,
} as const;

export const NAME_MAX = 50;
export const NARRATIVE_MAX = 35;

/** The part of a routing number that names the bank. */
export function bankCodeOf(routingNumber: string): string {
  return routingNumber.slice(0, 3);
}

export function isRoutingNumber(value: string): boolean {
  return PATTERNS.routingNumber.test(value) && bankCodeOf(value) !== '000';
}

export function isAccountNumber(value: string): boolean {
  return PATTERNS.accountNumber.test(value);
}

export function isAccountName(value: string): boolean {
  return PATTERNS.name.test(value);
}

/** Poisha as the bank writes taka: 125000 → "1250.00". */
export function takaText(minor: number): string {
  if (!Number.isSafeInteger(minor) || minor < 0)
    throw new BankFileError('MALFORMED', `amount ${minor} is not whole poisha`);
  const taka = Math.floor(minor / 100);
  return `${taka}.${String(minor % 100).padStart(2, '0')}`;
}

/** The bank's taka as poisha: "1250.00" → 125000; undefined when it is not an amount. */
export function poishaOf(text: string): number | undefined {
  if (!PATTERNS.amount.test(text)) return undefined;
  const [taka, poisha] = text.split('.') as [string, string];
  const minor = Number(taka) * 100 + Number(poisha);
  return Number.isSafeInteger(minor) ? minor : undefined;
}

/**
 * A narrative the bank will carry, made from ours: characters it does not take become spaces,
 * runs of spaces one, and the whole is cut to its 35 characters. Our reference travels in its own
 * field, so nothing is lost that matching needs.
 */
export function narrativeFor(text: string): string {
  return text
    .replace(/[^A-Za-z0-9 .,'&()/-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, NARRATIVE_MAX)
    .trim();
}

export function timestampText(at: Date): string {
  return at.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

export function timestampOf(text: string): Date {
  const iso = `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}T${text.slice(8, 10)}:${text.slice(10, 12)}:${text.slice(12, 14)}Z`;
  return new Date(iso);
}
