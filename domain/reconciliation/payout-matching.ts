import type { Currency } from '../shared/money.js';

/**
 * Payouts against the bank: each payout batch of a settlement day (the sum of the nets of the
 * day's lines in that batch and currency) is expected on the bank account its gateway settles to
 * in that mode, on the settlement date or within `windowDays` after it.
 *
 * A payout is matched by reference first: every credit in its window that names its batch (in
 * the credit's batch column, or as a word of its description) is the payout's, so a payout the
 * gateway sent in two transfers adds up. A payout no credit names is then matched by amount and
 * date to one credit that names no batch of the payouts in view: the same currency and amount, on
 * a day inside the payout's window. A credit that names a batch is never taken by amount for
 * another payout. Pure, and decided in one canonical order: the order payouts and credits arrive
 * in changes nothing.
 */

export const DEFAULT_PAYOUT_WINDOW_DAYS = 3;

/** What a settlement day's lines say a payout batch pays into the bank. */
export interface ExpectedPayout {
  settlementDate: string;
  /** The gateway's batch id; null for the day's lines that name none (one payout per currency). */
  payoutBatch: string | null;
  currency: Currency;
  /** Sum of the batch's line nets. */
  amountMinor: number;
}

/** A credit on the bank account, as its statement says. */
export interface BankCredit {
  id: number;
  lineKey: string;
  valueDate: string;
  amountMinor: number;
  currency: Currency;
  description: string;
  payoutBatch: string | null;
}

export interface PayoutMatch {
  payoutKey: string;
  creditId: number;
  by: 'REFERENCE' | 'AMOUNT';
}

export interface PayoutMatchResult {
  matches: PayoutMatch[];
  /** Payouts no credit matched, by payoutKey(). */
  unmatchedPayouts: string[];
  /** Credits no payout matched, by id. */
  unmatchedCredits: number[];
}

/** A payout's identity: its day, batch and currency. */
export const payoutKey = (p: Pick<ExpectedPayout, 'settlementDate' | 'payoutBatch' | 'currency'>) =>
  `${p.settlementDate}|${p.payoutBatch ?? ''}|${p.currency}`;

const DAY_MS = 86_400_000;

/** `date` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whether a credit's value date falls in a payout's window: its day up to `windowDays` after. */
export function inWindow(settlementDate: string, valueDate: string, windowDays: number): boolean {
  return valueDate >= settlementDate && valueDate <= addDays(settlementDate, windowDays);
}

/** Whether a credit names the batch: in its batch column, or as a word of its description. */
export function creditNamesBatch(credit: Pick<BankCredit, 'payoutBatch' | 'description'>, batch: string) {
  if (credit.payoutBatch !== null) return credit.payoutBatch.toLowerCase() === batch.toLowerCase();
  const words = credit.description.toLowerCase().split(/[^0-9a-z_.:/-]+/);
  return words.includes(batch.toLowerCase());
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const payoutOrder = (a: ExpectedPayout, b: ExpectedPayout) => compare(payoutKey(a), payoutKey(b));
const creditOrder = (a: BankCredit, b: BankCredit) =>
  compare(a.valueDate, b.valueDate) || compare(a.lineKey, b.lineKey) || a.id - b.id;

/** Matches payouts to credits; see the module's comment. Debits and empty payouts take no part. */
export function matchPayouts(input: {
  payouts: readonly ExpectedPayout[];
  credits: readonly BankCredit[];
  windowDays: number;
  /**
   * Payouts a credit already brought (by payoutKey): only further credits naming their batch are
   * theirs, never one taken by amount.
   */
  received?: ReadonlySet<string>;
}): PayoutMatchResult {
  const payouts = input.payouts.filter((p) => p.amountMinor > 0).sort(payoutOrder);
  const credits = input.credits.filter((c) => c.amountMinor > 0).sort(creditOrder);
  const received = input.received ?? new Set<string>();
  const taken = new Set<number>();
  const matches: PayoutMatch[] = [];
  const matchedPayouts = new Set<string>();
  const window = (p: ExpectedPayout, c: BankCredit) =>
    c.currency === p.currency && inWindow(p.settlementDate, c.valueDate, input.windowDays);

  for (const payout of payouts) {
    if (payout.payoutBatch === null) continue;
    const key = payoutKey(payout);
    for (const credit of credits) {
      if (taken.has(credit.id) || !window(payout, credit)) continue;
      if (!creditNamesBatch(credit, payout.payoutBatch)) continue;
      taken.add(credit.id);
      matchedPayouts.add(key);
      matches.push({ payoutKey: key, creditId: credit.id, by: 'REFERENCE' });
    }
  }
  const batches = payouts.flatMap((p) => (p.payoutBatch === null ? [] : [p.payoutBatch]));
  const namesABatch = (c: BankCredit) =>
    c.payoutBatch !== null || batches.some((batch) => creditNamesBatch(c, batch));
  for (const payout of payouts) {
    const key = payoutKey(payout);
    if (matchedPayouts.has(key) || received.has(key)) continue;
    const credit = credits.find(
      (c) => !taken.has(c.id) && !namesABatch(c) && window(payout, c) && c.amountMinor === payout.amountMinor,
    );
    if (!credit) continue;
    taken.add(credit.id);
    matchedPayouts.add(key);
    matches.push({ payoutKey: key, creditId: credit.id, by: 'AMOUNT' });
  }
  return {
    matches: matches.sort((a, b) => compare(a.payoutKey, b.payoutKey) || a.creditId - b.creditId),
    unmatchedPayouts: payouts.map(payoutKey).filter((key) => !matchedPayouts.has(key) && !received.has(key)),
    unmatchedCredits: credits.filter((c) => !taken.has(c.id)).map((c) => c.id),
  };
}

/** What the credits matched to each payout add up to, by payoutKey(). */
export function receivedByPayout(
  receipts: ReadonlyArray<
    Pick<ExpectedPayout, 'settlementDate' | 'payoutBatch' | 'currency'> & { receivedMinor: number }
  >,
): Map<string, number> {
  const sums = new Map<string, number>();
  for (const receipt of receipts) {
    const key = payoutKey(receipt);
    sums.set(key, (sums.get(key) ?? 0) + receipt.receivedMinor);
  }
  return sums;
}

export const PAYOUT_STATUSES = ['RECEIVED', 'SHORT', 'OVER', 'MISSING', 'PENDING'] as const;

/** Where a payout stands against the bank (the cash view). */
export type PayoutStatus =
  /** Its credits add up to the whole amount. */
  | 'RECEIVED'
  /** Its credits add up to less. */
  | 'SHORT'
  /** Its credits add up to more. */
  | 'OVER'
  /** The window is over, the statements cover it, and no credit came. */
  | 'MISSING'
  /** The statements do not yet reach the window's end. */
  | 'PENDING';

export interface DaySpan {
  from: string;
  to: string;
}

/**
 * The days the account's statements speak for: their periods, merged where they overlap or meet,
 * in date order. A gap between two statements is not covered: nothing is known of those days.
 */
export interface StatementCoverage {
  spans: readonly DaySpan[];
}

/** The coverage of statements with these periods; null when there are none. */
export function coverageOf(periods: readonly DaySpan[]): StatementCoverage | null {
  const sorted = [...periods].sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to));
  const spans: DaySpan[] = [];
  for (const period of sorted) {
    const last = spans[spans.length - 1];
    if (last && period.from <= addDays(last.to, 1)) {
      if (period.to > last.to) last.to = period.to;
    } else {
      spans.push({ ...period });
    }
  }
  return spans.length === 0 ? null : { spans };
}

const covers = (coverage: StatementCoverage, from: string, to: string) =>
  coverage.spans.some((span) => span.from <= from && span.to >= to);

/** `receivedMinor`: the sum of the credits matched to the payout, null when none was. */
export function payoutStatus(
  payout: ExpectedPayout,
  receivedMinor: number | null,
  coverage: StatementCoverage | null,
  windowDays: number,
): PayoutStatus {
  if (receivedMinor !== null) {
    if (receivedMinor === payout.amountMinor) return 'RECEIVED';
    return receivedMinor < payout.amountMinor ? 'SHORT' : 'OVER';
  }
  const windowEnd = addDays(payout.settlementDate, windowDays);
  if (coverage && covers(coverage, payout.settlementDate, windowEnd)) return 'MISSING';
  return 'PENDING';
}

/**
 * Whether a pending payout holds its day open: only when the account's statements are imported
 * from before the payout's day (the bank's word is on its way). An account whose statements are
 * never imported is not checked, so its days close on their settlement lines alone; a statement
 * that arrives later opens such a day again.
 */
export function holdsDayOpen(payout: ExpectedPayout, coverage: StatementCoverage | null): boolean {
  return coverage !== null && coverage.spans[0]!.from <= payout.settlementDate;
}
