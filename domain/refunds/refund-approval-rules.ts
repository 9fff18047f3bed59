import { LIVE_REFUND_BANDS, TEST_REFUND_BANDS, type AmountBand } from '../approvals/rule-book.js';
import { companyDayOf } from '../shared/company-day.js';
import type { Mode } from '../shared/mode.js';
import type { Strictness } from '../shared/strictness.js';
import type { ApprovalPolicy } from './refund-approval.js';

/**
 * How many approvers a refund needs, as a small table finance keeps per app and mode. Each rule
 * covers an amount band (from and to, in minor units, both inclusive; no upper end when `toMinor`
 * is null) and optionally one currency, gateway, payment method type and kind of requester (the
 * app's key or an operator), and says how many approvers (0, 1 or 2) a refund it covers needs.
 *
 * The strictest rule that covers a refund applies, and a refund no rule covers waits for one
 * approver: a missing or mistyped rule makes refunds ask, never pass. The amount judged is not the
 * refund alone but what it adds up to (see `judgedAmounts`), so a limit cannot be split.
 * Pure: the refund's admission, the controls API and the tests ask these functions.
 */

export const REQUESTER_KINDS = ['APP', 'OPERATOR'] as const;
/** Who asks for a refund: the app with its key, or an operator in the dashboard or admin API. */
export type RequesterKind = (typeof REQUESTER_KINDS)[number];

export const APPROVER_COUNTS = [0, 1, 2] as const;
export type ApproverCount = (typeof APPROVER_COUNTS)[number];

export interface RefundApprovalRule {
  fromMinor: number;
  /** Inclusive; null: no upper end. */
  toMinor: number | null;
  /** Null: any currency. */
  currency: string | null;
  /** Null: any gateway. */
  gateway: string | null;
  /** The payment's method type (domain/payments/payment-method-type.ts); null: any. */
  paymentMethod: string | null;
  /** Null: whoever asks. */
  requester: RequesterKind | null;
  approvers: ApproverCount;
}

/** What a rule is matched against; `amountMinor` is the amount judged. */
export interface RefundFacts {
  amountMinor: number;
  currency: string;
  gateway: string | null;
  paymentMethod: string | null;
  requester: RequesterKind;
}

/** Approvers a refund needs when no rule covers it. */
export const UNCOVERED_APPROVERS: ApproverCount = 1;

function covers(rule: RefundApprovalRule, facts: RefundFacts): boolean {
  return (
    facts.amountMinor >= rule.fromMinor &&
    (rule.toMinor === null || facts.amountMinor <= rule.toMinor) &&
    (rule.currency === null || rule.currency === facts.currency) &&
    (rule.gateway === null || rule.gateway === facts.gateway) &&
    (rule.paymentMethod === null || rule.paymentMethod === facts.paymentMethod) &&
    (rule.requester === null || rule.requester === facts.requester)
  );
}

/** The approvers the strictest covering rule asks for; one when no rule covers the refund. */
export function approversFor(rules: readonly RefundApprovalRule[], facts: RefundFacts): ApproverCount {
  let needed: ApproverCount | null = null;
  for (const rule of rules) {
    if (covers(rule, facts) && (needed === null || rule.approvers > needed)) needed = rule.approvers;
  }
  return needed ?? UNCOVERED_APPROVERS;
}

/**
 * The day a requester's refunds add up over (their day total, judged by the rules beside the
 * payment's total): midnight to midnight where the company works, COMPANY_TIME_ZONE, Asia/Dhaka
 * when unset. A requester in London whose day ends at midnight there starts a fresh total then,
 * not at 18:00 UTC when Dhaka's day turns.
 */
export function requesterDayOf(at: Date, companyTimeZone?: string | undefined) {
  return companyDayOf(at, companyTimeZone);
}

/**
 * What a refund adds up to, each judged against the rules: the payment's refunds that still hold
 * or moved money (waiting, processing or succeeded) plus this one, and the requester's refunds of
 * the company day in the same currency plus this one. Three refunds of 10.00 under a 25.00 band
 * are judged at 10.00, 20.00 and 30.00.
 */
export function judgedAmounts(amountMinor: number, paymentSoFarMinor: number, requesterTodayMinor: number) {
  return [paymentSoFarMinor + amountMinor, requesterTodayMinor + amountMinor];
}

/** The approvers a refund needs: the most that any of its judged amounts asks for. */
export function approversForRefund(
  rules: readonly RefundApprovalRule[],
  facts: Omit<RefundFacts, 'amountMinor'>,
  amounts: readonly number[],
): ApproverCount {
  return amounts.reduce<ApproverCount>((most, amountMinor) => {
    const needed = approversFor(rules, { ...facts, amountMinor });
    return needed > most ? needed : most;
  }, 0);
}

const anyRule = { currency: null, gateway: null, paymentMethod: null, requester: null } as const;

/** The same approval expressed as rules: what an app's policy (rule and threshold) becomes. */
export function rulesFromPolicy(policy: ApprovalPolicy): RefundApprovalRule[] {
  switch (policy.rule) {
    case 'NEVER':
      return [{ ...anyRule, fromMinor: 0, toMinor: null, approvers: 0 }];
    case 'ALWAYS':
      return [{ ...anyRule, fromMinor: 0, toMinor: null, approvers: 1 }];
    case 'ABOVE_AMOUNT': {
      const threshold = policy.thresholdMinor ?? 0;
      // Other currencies are covered by no rule, so they wait: as the policy had it.
      return [
        { ...anyRule, currency: policy.currency, fromMinor: 0, toMinor: threshold, approvers: 0 },
        { ...anyRule, currency: policy.currency, fromMinor: threshold + 1, toMinor: null, approvers: 1 },
      ];
    }
  }
}

/** LIVE refunds above 10,000.00 BDT wait for one approver, above 100,000.00 BDT for two. */
export const LIVE_DEFAULT_ONE_APPROVER_ABOVE_MINOR = LIVE_REFUND_BANDS[0]!.toMinor!;
export const LIVE_DEFAULT_TWO_APPROVERS_ABOVE_MINOR = LIVE_REFUND_BANDS[1]!.toMinor!;

/** The rule book's bands as an app's rules: any gateway, method and requester. */
export const rulesFromBands = (bands: readonly AmountBand[]): RefundApprovalRule[] =>
  bands.map((band) => ({ ...anyRule, ...band }));

/**
 * What an app has in each mode until finance sets its rules: the rule book's refund defaults
 * (domain/approvals/rule-book.ts). TEST refunds go straight through; LIVE refunds wait above
 * 10,000.00 BDT (two approvers above 100,000.00 BDT), and every LIVE refund in another currency
 * waits for one (no rule covers it).
 */
export const DEFAULT_APPROVAL_RULES: Readonly<Record<Mode, readonly RefundApprovalRule[]>> = {
  TEST: rulesFromBands(TEST_REFUND_BANDS),
  LIVE: rulesFromBands(LIVE_REFUND_BANDS),
};

/** A value of one matching dimension that no rule names: "anything else". */
const OTHER = '\u0000other';

/**
 * How a proposed rule set compares with the current one: STRICTER when every refund needs at
 * least as many approvers and some need more, EQUAL when every refund needs the same, LOOSER as
 * soon as one refund would need fewer. Exact: the number of approvers only changes at a band's
 * edge or at a value some rule names, so comparing at every edge and every named value (and one
 * value no rule names) compares every refund there can be.
 */
export function compareRuleSets(
  current: readonly RefundApprovalRule[],
  proposed: readonly RefundApprovalRule[],
): Strictness {
  const all = [...current, ...proposed];
  const valuesOf = <K extends 'currency' | 'gateway' | 'paymentMethod'>(key: K) => [
    ...new Set([OTHER, ...all.map((rule) => rule[key]).filter((value): value is string => value !== null)]),
  ];
  // A refund, and so any amount judged, is at least one minor unit.
  const amounts = new Set<number>([1]);
  for (const rule of all) {
    const edges = [
      rule.fromMinor - 1,
      rule.fromMinor,
      rule.toMinor,
      rule.toMinor === null ? null : rule.toMinor + 1,
    ];
    for (const edge of edges) if (edge !== null && edge >= 1) amounts.add(edge);
  }
  let stricter = false;
  for (const currency of valuesOf('currency'))
    for (const gateway of valuesOf('gateway'))
      for (const paymentMethod of valuesOf('paymentMethod'))
        for (const requester of REQUESTER_KINDS)
          for (const amountMinor of amounts) {
            const facts = { amountMinor, currency, gateway, paymentMethod, requester };
            const before = approversFor(current, facts);
            const after = approversFor(proposed, facts);
            if (after < before) return 'LOOSER';
            if (after > before) stricter = true;
          }
  return stricter ? 'STRICTER' : 'EQUAL';
}

/** Whether two rule sets are written the same (the stale check of a proposal), order included. */
export function sameRules(a: readonly RefundApprovalRule[], b: readonly RefundApprovalRule[]): boolean {
  const key = (rule: RefundApprovalRule) =>
    JSON.stringify([
      rule.fromMinor,
      rule.toMinor,
      rule.currency,
      rule.gateway,
      rule.paymentMethod,
      rule.requester,
      rule.approvers,
    ]);
  return a.length === b.length && a.every((rule, i) => key(rule) === key(b[i]!));
}
