import { toDecimalString, type Currency } from '../shared/money.js';
import { DEFAULT_PAYOUT_WINDOW_DAYS } from './payout-matching.js';
import type { RoundingTolerance } from './recon-tolerance.js';
import type { SettlementLineDraft } from './settlements.js';

/**
 * Matching a gateway's settlement lines to our payments and refunds: pure, so the workflow's
 * activity, the tests and the benchmark all decide the same way. A line is matched by the
 * gateway's transaction id, else by our reference; what cannot be matched cleanly becomes an
 * exception for finance. Every line handed in ends in exactly one of the two.
 *
 * Decisions already recorded (a line matched earlier, a payment a line of another day claims) are
 * facts the matcher is given and never revisits: a line is settled in the ledger at most once.
 */

export const RECON_EXCEPTION_KINDS = [
  /** A captured payment expected on the day that no line settled, once the day's grace is over. */
  'UNSETTLED_PAYMENT',
  /** A line for no payment or refund we know (or a gateway's own adjustment). */
  'UNKNOWN_LINE',
  /** The line's gross (or currency) is not the payment's or refund's amount. */
  'AMOUNT_MISMATCH',
  /** The line's fee differs from the fee booked by more than the tolerance. */
  'FEE_MISMATCH',
  /** A payment or refund another line already settled. */
  'DUPLICATE_LINE',
  /** The gateway took a payment back: handed to disputes. */
  'CHARGEBACK',
  /** A payout batch whose net did not reach the bank: no credit within its window. */
  'PAYOUT_MISSING',
  /** Credits came for a payout batch, adding up to another amount than its net. */
  'PAYOUT_MISMATCH',
  /** A credit on the settlement bank account that no payout explains. */
  'UNKNOWN_CREDIT',
  /** A payout rail's statement shows money sent (or returned) for a payout we hold as not sent, or for none. */
  'RAIL_UNEXPECTED_TRANSFER',
  /** A payout we hold as paid that the rail's statements do not show, once the day's grace is over. */
  'RAIL_TRANSFER_MISSING',
  /** The rail's statement sent another amount than the payout's. */
  'RAIL_AMOUNT_MISMATCH',
  /** The rail charged another fee than the payout booked. */
  'RAIL_FEE_MISMATCH',
  /** A payout the rail's statements show sent twice. */
  'RAIL_DUPLICATE_LINE',
] as const;
export type ReconExceptionKind = (typeof RECON_EXCEPTION_KINDS)[number];

export const RECON_ACTIONS = [
  'POST_ADJUSTMENT',
  'ACCEPT_FEE_DIFFERENCE',
  'REFUND',
  'ESCALATE',
  'MARK_RESOLVED',
] as const;
export type ReconAction = (typeof RECON_ACTIONS)[number];

export function isReconAction(value: unknown): value is ReconAction {
  return typeof value === 'string' && (RECON_ACTIONS as readonly string[]).includes(value);
}

/** Actions that post money: they need a finance role and a fresh second proof of identity. */
export const POSTING_ACTIONS: ReadonlySet<ReconAction> = new Set([
  'POST_ADJUSTMENT',
  'ACCEPT_FEE_DIFFERENCE',
  'REFUND',
]);

/** Which actions resolve which kinds of exception. */
const ACTIONS_BY_KIND: Record<ReconExceptionKind, readonly ReconAction[]> = {
  UNSETTLED_PAYMENT: ['POST_ADJUSTMENT', 'ESCALATE', 'MARK_RESOLVED'],
  UNKNOWN_LINE: ['POST_ADJUSTMENT', 'ESCALATE', 'MARK_RESOLVED'],
  AMOUNT_MISMATCH: ['POST_ADJUSTMENT', 'REFUND', 'ESCALATE', 'MARK_RESOLVED'],
  FEE_MISMATCH: ['ACCEPT_FEE_DIFFERENCE', 'POST_ADJUSTMENT', 'ESCALATE', 'MARK_RESOLVED'],
  DUPLICATE_LINE: ['POST_ADJUSTMENT', 'REFUND', 'ESCALATE', 'MARK_RESOLVED'],
  CHARGEBACK: ['POST_ADJUSTMENT', 'ESCALATE', 'MARK_RESOLVED'],
  PAYOUT_MISSING: ['ESCALATE', 'MARK_RESOLVED'],
  PAYOUT_MISMATCH: ['ESCALATE', 'MARK_RESOLVED'],
  // The bank's money is outside the ledger's clearing accounts: nothing to post, finance follows it up.
  UNKNOWN_CREDIT: ['ESCALATE', 'MARK_RESOLVED'],
  // Money left (or came back to) the rail's disbursement balance without the ledger knowing: an
  // adjustment books it against recon adjustments.
  RAIL_UNEXPECTED_TRANSFER: ['POST_ADJUSTMENT', 'ESCALATE', 'MARK_RESOLVED'],
  // The ledger booked what the rail does not show: finance follows it up with the rail.
  RAIL_TRANSFER_MISSING: ['ESCALATE', 'MARK_RESOLVED'],
  RAIL_AMOUNT_MISMATCH: ['POST_ADJUSTMENT', 'ESCALATE', 'MARK_RESOLVED'],
  RAIL_FEE_MISMATCH: ['ACCEPT_FEE_DIFFERENCE', 'ESCALATE', 'MARK_RESOLVED'],
  RAIL_DUPLICATE_LINE: ['POST_ADJUSTMENT', 'ESCALATE', 'MARK_RESOLVED'],
};

/** The kinds a payout rail's statement raises (domain/reconciliation/rail-statement-matching.ts). */
export const RAIL_EXCEPTION_KINDS: ReadonlySet<ReconExceptionKind> = new Set([
  'RAIL_UNEXPECTED_TRANSFER',
  'RAIL_TRANSFER_MISSING',
  'RAIL_AMOUNT_MISMATCH',
  'RAIL_FEE_MISMATCH',
  'RAIL_DUPLICATE_LINE',
]);

export function actionsFor(kind: ReconExceptionKind): readonly ReconAction[] {
  return ACTIONS_BY_KIND[kind];
}

/** `rex_` + 20 characters of the ids' alphabet. */
export const RECON_EXCEPTION_REFERENCE_PATTERN = /^rex_[0-9a-hjkmnp-tv-z]{20}$/;

/** A settlement line as stored: the draft plus its row id. */
export interface ReconLine extends SettlementLineDraft {
  id: number;
}

/** A payment a line may settle, as the ledger knows it. */
export interface PaymentCandidate {
  id: number;
  reference: string;
  gatewayTransactionId: string | null;
  amountMinor: number;
  /** The fee booked at capture (0 when none was). */
  feeBookedMinor: number;
  currency: Currency;
  status: string;
  /** When its capture was posted; null when the gateway holds nothing for it. */
  capturedAt: string | null;
  /** The settlement date its capture is expected on (the day after it, where the gateway is). */
  expectedSettlementDate: string | null;
}

export interface RefundCandidate {
  id: number;
  reference: string;
  gatewayRefundId: string | null;
  amountMinor: number;
  currency: Currency;
  status: string;
}

/** What a settlement line is matched to: one of our payments or refunds. */
export type MatchTarget = { type: 'payment'; id: number } | { type: 'refund'; id: number };

export const targetKey = (target: MatchTarget) => `${target.type}:${target.id}`;

export interface MatchInput {
  settlementDate: string;
  /** The day's lines not matched yet (a matched line is a fact, not handed in again). */
  lines: readonly ReconLine[];
  payments: readonly PaymentCandidate[];
  refunds: readonly RefundCandidate[];
  /**
   * Payments and refunds already claimed by a line that is not handed in (matched before, or a
   * fee difference waiting in another day), by targetKey(): another line for them is a duplicate.
   */
  claimed: ReadonlySet<string>;
  /**
   * Of the claimed, the payments finance settled by an adjustment when no line had come for them
   * (their clearing is emptied already): a line for one is a duplicate that says so.
   */
  settledByAdjustment?: ReadonlySet<string>;
  /** A fee within this many minor units of the booked one is corrected without asking anyone. */
  feeToleranceMinor: number;
  /** The day is past its grace period: a payment still without a line is an exception now. */
  pastGrace: boolean;
}

export interface ReconMatch {
  lineId: number;
  lineKey: string;
  target: MatchTarget;
  /** The line's fee minus the fee booked: posted as a fee adjustment (0: none). */
  feeDifferenceMinor: number;
}

export interface ReconExceptionDraft {
  kind: ReconExceptionKind;
  /** What the exception is about, unique per run and kind: `line:<key>`, `payment:<id>`, `payout:<batch>`. */
  subject: string;
  lineId: number | null;
  lineKey: string | null;
  paymentId: number | null;
  refundId: number | null;
  payoutBatch: string | null;
  /** Rail kinds: the payout and the rail statement line the exception is about. */
  payoutId?: number | null;
  railLineId?: number | null;
  currency: Currency;
  /**
   * What the ledger expected, always a net (what the line should have paid out, after fees) for
   * every kind but FEE_MISMATCH, which compares fees; null when nothing was expected.
   */
  expectedMinor: number | null;
  /** What the gateway reported, on the same footing: the line's net (its fee for FEE_MISMATCH). */
  actualMinor: number | null;
  detail: string;
}

export interface MatchResult {
  matches: ReconMatch[];
  exceptions: ReconExceptionDraft[];
}

/** Lines in one canonical order, so the order they arrive in changes nothing. */
function canonicalOrder(a: ReconLine, b: ReconLine): number {
  if (a.settlementDate !== b.settlementDate) return a.settlementDate < b.settlementDate ? -1 : 1;
  return a.lineKey < b.lineKey ? -1 : a.lineKey > b.lineKey ? 1 : 0;
}

function indexBy<T, K>(items: readonly T[], key: (item: T) => K | null): Map<K, T> {
  const map = new Map<K, T>();
  for (const item of items) {
    const k = key(item);
    if (k !== null && !map.has(k)) map.set(k, item);
  }
  return map;
}

const lineSubject = (line: ReconLine) => `line:${line.lineKey}`;

/** An amount as finance reads it in an exception's detail: `100.00 BDT`. */
const amountText = (minor: number, currency: Currency) => `${toDecimalString(minor, currency)} ${currency}`;

/** Matches lines to payments and refunds; see the module's comment. */
export function matchSettlement(input: MatchInput): MatchResult {
  const paymentsByTxn = indexBy(input.payments, (p) => p.gatewayTransactionId);
  const paymentsByRef = indexBy(input.payments, (p) => p.reference);
  const refundsByTxn = indexBy(input.refunds, (r) => r.gatewayRefundId);
  const refundsByRef = indexBy(input.refunds, (r) => r.reference);
  const claimed = new Set(input.claimed);
  const matches: ReconMatch[] = [];
  const exceptions: ReconExceptionDraft[] = [];

  const exception = (
    line: ReconLine,
    kind: ReconExceptionKind,
    target: MatchTarget | null,
    expectedMinor: number | null,
    actualMinor: number | null,
    detail: string,
  ) =>
    exceptions.push({
      kind,
      subject: lineSubject(line),
      lineId: line.id,
      lineKey: line.lineKey,
      paymentId: target?.type === 'payment' ? target.id : null,
      refundId: target?.type === 'refund' ? target.id : null,
      payoutBatch: line.payoutBatch,
      currency: line.currency,
      expectedMinor,
      actualMinor,
      detail,
    });

  /** A line whose amount fits its target: settled once, its fee checked against the booked one. */
  const claim = (line: ReconLine, target: MatchTarget, expectedNet: number, feeBooked: number) => {
    const key = targetKey(target);
    if (claimed.has(key)) {
      exception(line, 'DUPLICATE_LINE', target, 0, line.netMinor, 'Already settled by another line');
      return;
    }
    claimed.add(key);
    const feeDifferenceMinor = line.feeMinor - feeBooked;
    if (Math.abs(feeDifferenceMinor) > input.feeToleranceMinor) {
      exception(
        line,
        'FEE_MISMATCH',
        target,
        feeBooked,
        line.feeMinor,
        `Fee ${amountText(line.feeMinor, line.currency)} against ${amountText(feeBooked, line.currency)} booked (expected net ${amountText(expectedNet, line.currency)})`,
      );
      return;
    }
    matches.push({ lineId: line.id, lineKey: line.lineKey, target, feeDifferenceMinor });
  };

  for (const line of [...input.lines].sort(canonicalOrder)) {
    if (line.type === 'PAYMENT') {
      const payment =
        paymentsByTxn.get(line.gatewayTransactionId) ??
        (line.reference ? paymentsByRef.get(line.reference) : undefined);
      if (!payment || payment.capturedAt === null) {
        exception(
          line,
          'UNKNOWN_LINE',
          payment ? { type: 'payment', id: payment.id } : null,
          null,
          line.netMinor,
          payment ? `Payment ${payment.reference} was never captured` : 'No payment for this line',
        );
        continue;
      }
      const target: MatchTarget = { type: 'payment', id: payment.id };
      if (input.settledByAdjustment?.has(targetKey(target))) {
        // Whatever its amount: settling it, or adjusting it to the payment, empties clearing twice.
        exception(
          line,
          'DUPLICATE_LINE',
          target,
          0,
          line.netMinor,
          `Payment ${payment.reference} was already settled by an adjustment posted when no line had settled it`,
        );
        continue;
      }
      const expectedNet = payment.amountMinor - payment.feeBookedMinor;
      if (payment.amountMinor !== line.grossMinor || payment.currency !== line.currency) {
        // Nets on both sides, as every kind reports them: what the ledger expected to be paid out
        // for the payment, and what the line paid out. The gross amounts are in the detail.
        exception(
          line,
          'AMOUNT_MISMATCH',
          target,
          expectedNet,
          line.netMinor,
          `Payment ${payment.reference} is ${amountText(payment.amountMinor, payment.currency)}; the line says ${amountText(line.grossMinor, line.currency)} (gross, before fees)`,
        );
        continue;
      }
      claim(line, target, expectedNet, payment.feeBookedMinor);
    } else if (line.type === 'REFUND') {
      const refund =
        refundsByTxn.get(line.gatewayTransactionId) ??
        (line.reference ? refundsByRef.get(line.reference) : undefined);
      if (!refund || refund.status !== 'SUCCEEDED') {
        exception(
          line,
          'UNKNOWN_LINE',
          refund ? { type: 'refund', id: refund.id } : null,
          null,
          line.netMinor,
          refund ? `Refund ${refund.reference} is ${refund.status}` : 'No refund for this line',
        );
        continue;
      }
      const target: MatchTarget = { type: 'refund', id: refund.id };
      if (-refund.amountMinor !== line.grossMinor || refund.currency !== line.currency) {
        exception(
          line,
          'AMOUNT_MISMATCH',
          target,
          -refund.amountMinor,
          line.netMinor,
          `Refund ${refund.reference} is ${amountText(refund.amountMinor, refund.currency)}; the line says ${amountText(line.grossMinor, line.currency)} (gross, before fees)`,
        );
        continue;
      }
      claim(line, target, -refund.amountMinor, 0);
    } else if (line.type === 'CHARGEBACK') {
      const payment =
        paymentsByTxn.get(line.gatewayTransactionId) ??
        (line.reference ? paymentsByRef.get(line.reference) : undefined);
      exception(
        line,
        'CHARGEBACK',
        payment ? { type: 'payment', id: payment.id } : null,
        null,
        line.netMinor,
        payment ? `Chargeback of ${payment.reference}` : 'Chargeback of a payment we do not know',
      );
    } else {
      exception(line, 'UNKNOWN_LINE', null, null, line.netMinor, "The gateway's own adjustment");
    }
  }

  if (input.pastGrace) {
    for (const payment of input.payments) {
      if (payment.expectedSettlementDate !== input.settlementDate || payment.capturedAt === null) continue;
      if (claimed.has(targetKey({ type: 'payment', id: payment.id }))) continue;
      exceptions.push({
        kind: 'UNSETTLED_PAYMENT',
        subject: `payment:${payment.id}`,
        lineId: null,
        lineKey: null,
        paymentId: payment.id,
        refundId: null,
        payoutBatch: null,
        currency: payment.currency,
        expectedMinor: payment.amountMinor - payment.feeBookedMinor,
        actualMinor: null,
        detail: `Payment ${payment.reference} was captured but no line settled it`,
      });
    }
  }

  return { matches, exceptions };
}

/**
 * What the ledger expects a line of an exception to have paid out, so that settling the line and
 * adjusting the difference leaves the gateway's clearing as it should be: the target's amount
 * less its booked fee; 0 for a line nothing expected (unknown or duplicate). A chargeback's line is
 * expected to take back its gross (the dispute took that out of clearing when it was recorded).
 */
export function adjustmentFor(
  kind: ReconExceptionKind,
  line: { netMinor: number } | null,
  expectedNetMinor: number,
): { settleLine: boolean; adjustmentMinor: number } {
  if (line === null) return { settleLine: false, adjustmentMinor: -expectedNetMinor };
  const expected = kind === 'UNKNOWN_LINE' || kind === 'DUPLICATE_LINE' ? 0 : expectedNetMinor;
  return { settleLine: true, adjustmentMinor: line.netMinor - expected };
}

/** Per currency: what the gateway's lines say, and what the ledger expected of the matched ones. */
export interface ReconTotals {
  grossMinor: number;
  feeMinor: number;
  refundsMinor: number;
  chargebacksMinor: number;
  netMinor: number;
  lines: number;
}

export function addToTotals(
  totals: Record<string, ReconTotals>,
  lines: readonly Pick<ReconLine, 'currency' | 'type' | 'grossMinor' | 'feeMinor' | 'netMinor'>[],
): Record<string, ReconTotals> {
  const out: Record<string, ReconTotals> = {};
  for (const [currency, t] of Object.entries(totals)) out[currency] = { ...t };
  for (const line of lines) {
    const t = (out[line.currency] ??= {
      grossMinor: 0,
      feeMinor: 0,
      refundsMinor: 0,
      chargebacksMinor: 0,
      netMinor: 0,
      lines: 0,
    });
    if (line.type === 'REFUND') t.refundsMinor += line.grossMinor;
    else if (line.type === 'CHARGEBACK') t.chargebacksMinor += line.grossMinor;
    else t.grossMinor += line.grossMinor;
    t.feeMinor += line.feeMinor;
    t.netMinor += line.netMinor;
    t.lines += 1;
  }
  return out;
}

/** A day's status, as its search attribute and dashboard say it. */
export type ReconStatus = 'MATCHING' | 'OPEN' | 'WAITING' | 'CLOSED';

/** How long after a settlement date a payment without a line becomes an exception. */
export const DEFAULT_GRACE_DAYS = 2;
export const DEFAULT_FEE_TOLERANCE_MINOR = 100;

/** A number set for every gateway, with a value of its own for some (`other` for the rest). */
export interface PerGateway {
  other: number;
  gateways: Readonly<Record<string, number>>;
}

/**
 * How a deployment reconciles (RECON_GRACE_DAYS, RECON_FEE_TOLERANCE_MINOR): read once at
 * start-up by the API (to show finance a day's window) and by the worker, whose activities resolve
 * it per gateway each time they match a day: a day's workflow input never carries it.
 */
export interface ReconciliationPolicy {
  /** Days after a settlement date before a payment without a line is an exception. */
  graceDays: PerGateway;
  /** A fee this close to the booked one is corrected without asking anyone (minor units). */
  feeToleranceMinor: PerGateway;
  /** Days after a settlement date within which its payouts must reach the bank (RECON_PAYOUT_WINDOW_DAYS). */
  payoutWindowDays?: PerGateway;
  /**
   * What an adjustment may post on one operator's word, per mode and currency
   * (RECON_ROUNDING_TOLERANCE_MINOR, RECON_TEST_ROUNDING_TOLERANCE_MINOR); the defaults when absent.
   */
  roundingTolerance?: RoundingTolerance;
}

export const DEFAULT_RECONCILIATION_POLICY: ReconciliationPolicy = {
  graceDays: { other: DEFAULT_GRACE_DAYS, gateways: {} },
  feeToleranceMinor: { other: DEFAULT_FEE_TOLERANCE_MINOR, gateways: {} },
  payoutWindowDays: { other: DEFAULT_PAYOUT_WINDOW_DAYS, gateways: {} },
};

/** What a gateway's settlement days use of the policy. */
export function reconSettingsFor(
  policy: ReconciliationPolicy,
  gateway: string,
): { graceDays: number; feeToleranceMinor: number; payoutWindowDays: number } {
  const of = (setting: PerGateway) =>
    Object.hasOwn(setting.gateways, gateway) ? setting.gateways[gateway]! : setting.other;
  return {
    graceDays: of(policy.graceDays),
    feeToleranceMinor: of(policy.feeToleranceMinor),
    payoutWindowDays: policy.payoutWindowDays ? of(policy.payoutWindowDays) : DEFAULT_PAYOUT_WINDOW_DAYS,
  };
}

/**
 * Reads a per-gateway number: `<n>` for every gateway, or comma-separated `<gateway>:<n>`
 * entries with at most one bare `<n>` for the gateways not named (`100,stripe:0`); gateways not
 * named and no bare number: `fallback`. Answers the problems instead when there are any.
 */
export function parsePerGateway(
  text: string,
  rule: { gateways: readonly string[]; min: number; max: number; fallback: number },
): { ok: true; value: PerGateway } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  let other: number | null = null;
  const gateways: Record<string, number> = {};
  const number = (raw: string, where: string): number | null => {
    if (!/^\d+$/.test(raw)) {
      problems.push(`${where}: "${raw}" is not a whole number`);
      return null;
    }
    const n = Number(raw);
    if (n < rule.min || n > rule.max) {
      problems.push(`${where}: ${n} is outside ${rule.min}–${rule.max}`);
      return null;
    }
    return n;
  };
  for (const entry of text.split(',').map((e) => e.trim())) {
    const named = /^([^:]*):(.*)$/.exec(entry);
    if (!named) {
      if (other !== null) problems.push(`"${entry}": a number for every gateway is given twice`);
      other = number(entry, 'every gateway') ?? other;
      continue;
    }
    const gateway = named[1]!.trim().toLowerCase();
    if (!rule.gateways.includes(gateway)) {
      problems.push(`"${entry}": ${gateway || 'no gateway'} is not one of ${rule.gateways.join(', ')}`);
      continue;
    }
    if (Object.hasOwn(gateways, gateway)) problems.push(`"${entry}": ${gateway} is given twice`);
    const n = number(named[2]!.trim(), gateway);
    if (n !== null) gateways[gateway] = n;
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, value: { other: other ?? rule.fallback, gateways } };
}

/** The instant a settlement date's grace period ends (UTC end of date + grace days). */
export function graceEndsAt(settlementDate: string, graceDays: number): number {
  return Date.parse(`${settlementDate}T00:00:00Z`) + (graceDays + 1) * 86_400_000;
}

/**
 * The settlement date a capture is expected on: the day after it, in Dhaka's calendar (UTC+6,
 * no daylight saving), as the gateways pay out.
 */
export function expectedSettlementDate(capturedAt: Date): string {
  const dhaka = new Date(capturedAt.getTime() + 6 * 3_600_000);
  const next = new Date(Date.UTC(dhaka.getUTCFullYear(), dhaka.getUTCMonth(), dhaka.getUTCDate() + 1));
  return next.toISOString().slice(0, 10);
}

/** The capture instants whose expected settlement date is `date`: [from, to). */
export function capturesSettlingOn(date: string): { from: Date; to: Date } {
  const start = Date.parse(`${date}T00:00:00Z`) - 86_400_000 - 6 * 3_600_000;
  return { from: new Date(start), to: new Date(start + 86_400_000) };
}

/** What applying finance's action on an exception answers (the `resolveException` update's result). */
export interface ResolveExceptionResult {
  exceptionReference: string;
  status: 'OPEN' | 'RESOLVED';
  action: ReconAction;
  /** Exceptions of the day still open after this one. */
  openExceptions: number;
}
