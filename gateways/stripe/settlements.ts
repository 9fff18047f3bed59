import type Stripe from 'stripe';
import type { Mode } from '../../domain/shared/mode.js';
import { isCurrency } from '../../domain/shared/money.js';
import {
  settlementLineKey,
  settlementLineKeys,
  type SettlementLineDraft,
  type SettlementLineType,
} from '../../domain/reconciliation/settlements.js';
import { credentialsFromEnvironment } from '../environment.js';
import type { GatewayEnvironment } from '../module.js';
import { callStripe } from './errors.js';
import { stripeSdk } from './sdk.js';
import { stripeApiHost } from './module.js';

/**
 * Stripe's settlements through its API: the payouts that reach the bank, and for each the balance
 * transactions it swept, read with the official SDK and turned into settlement lines. A payment's
 * line names its PaymentIntent (what we store as the payment's gateway transaction id), a refund's
 * its refund id, a chargeback the PaymentIntent disputed; the payout's own transaction is not a line.
 */

export interface StripePayoutSummary {
  id: string;
  /** 'YYYY-MM-DD' (UTC) of the day it reaches the bank: its lines' settlement date. */
  settlementDate: string;
  amount: number;
  currency: string;
  status: string;
}

export interface StripeSettlementSource {
  /** Payouts arriving on the days from `fromDate` to `toDate` inclusive ('YYYY-MM-DD', UTC), oldest first. */
  payoutsArriving(fromDate: string, toDate: string): Promise<StripePayoutSummary[]>;
  /** The settlement lines of one payout. */
  payoutLines(payoutId: string, mode: Mode): Promise<SettlementLineDraft[]>;
}

export interface StripeSettlementOptions {
  secretKey: string;
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
  timeoutMs?: number;
  maxNetworkRetries?: number;
}

const DAY_SECONDS = 24 * 3600;
const PAGE = 100;

const unixOf = (date: string) => Date.parse(`${date}T00:00:00Z`) / 1000;
const dateOf = (unix: number) => new Date(unix * 1000).toISOString().slice(0, 10);

const idOf = (value: string | { id: string } | null | undefined): string | null =>
  value === null || value === undefined ? null : typeof value === 'string' ? value : value.id;

/** What a balance transaction is, as a settlement line's type; null for the payout's own. */
export function lineTypeOf(reportingCategory: string): SettlementLineType | null {
  switch (reportingCategory) {
    case 'payout':
    case 'payout_reversal':
      return null;
    case 'charge':
      return 'PAYMENT';
    case 'refund':
    case 'refund_failure':
      return 'REFUND';
    case 'dispute':
    case 'dispute_reversal':
      return 'CHARGEBACK';
    default:
      return 'ADJUSTMENT';
  }
}

/** The transaction a line is about, and our reference where Stripe carries it. */
function subjectOf(txn: Stripe.BalanceTransaction): { id: string; reference: string | null } {
  const source = txn.source;
  if (source === null || typeof source === 'string') return { id: source ?? txn.id, reference: null };
  switch (source.object) {
    case 'charge':
      return {
        id: idOf((source as Stripe.Charge).payment_intent) ?? source.id,
        reference: (source as Stripe.Charge).metadata?.reference ?? null,
      };
    case 'refund':
      return { id: source.id, reference: (source as Stripe.Refund).metadata?.refundReference ?? null };
    case 'dispute':
      return {
        id:
          idOf((source as Stripe.Dispute).payment_intent) ??
          idOf((source as Stripe.Dispute).charge) ??
          source.id,
        reference: null,
      };
    default:
      return { id: source.id, reference: null };
  }
}

/**
 * A payout's balance transactions (their `source` expanded), as Stripe lists them, as settlement
 * lines oldest first; identical lines are counted so that a transaction settled twice stays two lines.
 */
export function settlementLinesOfPayout(
  payout: { id: string; arrival_date: number },
  transactions: readonly Stripe.BalanceTransaction[],
  mode: Mode,
): SettlementLineDraft[] {
  const seen = new Map<string, number>();
  const lines: SettlementLineDraft[] = [];
  // Stripe lists newest first: oldest first here, in the order Stripe recorded them.
  for (const txn of [...transactions].reverse()) {
    const type = lineTypeOf(txn.reporting_category);
    if (type === null) continue;
    const currency = txn.currency.toUpperCase();
    if (!isCurrency(currency))
      throw new Error(`balance transaction ${txn.id} is in ${currency}, which we do not keep`);
    const subject = subjectOf(txn);
    const identity = {
      gateway: 'stripe',
      mode,
      gatewayTransactionId: subject.id,
      type,
      settlementDate: dateOf(payout.arrival_date),
      payoutBatch: payout.id,
      grossMinor: txn.amount,
    };
    const first = settlementLineKey(identity);
    const occurrence = (seen.get(first) ?? 0) + 1;
    seen.set(first, occurrence);
    lines.push({
      ...identity,
      reference: subject.reference,
      currency,
      feeMinor: txn.fee,
      netMinor: txn.net,
      ...settlementLineKeys(identity, occurrence),
    });
  }
  return lines;
}

export function createStripeSettlementSource(options: StripeSettlementOptions): StripeSettlementSource {
  const stripe = new (stripeSdk())(options.secretKey, {
    host: options.host,
    port: options.port,
    protocol: options.protocol,
    timeout: options.timeoutMs ?? 30_000,
    maxNetworkRetries: options.maxNetworkRetries ?? 2,
    appInfo: { name: 'oi-payments' },
  });
  return {
    async payoutsArriving(fromDate, toDate) {
      const payouts: StripePayoutSummary[] = [];
      await callStripe('payout', async () => {
        const listed = stripe.payouts.list({
          arrival_date: { gte: unixOf(fromDate), lt: unixOf(toDate) + DAY_SECONDS },
          limit: PAGE,
        });
        for await (const payout of listed) {
          payouts.push({
            id: payout.id,
            settlementDate: dateOf(payout.arrival_date),
            amount: payout.amount,
            currency: payout.currency,
            status: payout.status,
          });
        }
      });
      return payouts.sort(
        (a, b) => a.settlementDate.localeCompare(b.settlementDate) || a.id.localeCompare(b.id),
      );
    },

    async payoutLines(payoutId, mode) {
      const payout = await callStripe('payout', () => stripe.payouts.retrieve(payoutId));
      const transactions: Stripe.BalanceTransaction[] = [];
      await callStripe('balance_transaction', async () => {
        const listed = stripe.balanceTransactions.list({
          payout: payoutId,
          limit: PAGE,
          expand: ['data.source'],
        });
        for await (const txn of listed) transactions.push(txn);
      });
      return settlementLinesOfPayout(payout, transactions, mode);
    },
  };
}

/**
 * The deployment's own Stripe account for a mode (STRIPE_<MODE>_SECRET_KEY; STRIPE_API_URL for
 * TEST): where its settlements are read. Null when the mode has no account configured.
 */
export function stripeSettlementSourceFromEnvironment(
  env: GatewayEnvironment,
  mode: Mode,
): StripeSettlementSource | null {
  const credentials = credentialsFromEnvironment(env, 'STRIPE', mode, { secretKey: 'SECRET_KEY' });
  if (!credentials) return null;
  return createStripeSettlementSource({ secretKey: credentials.secretKey, ...stripeApiHost(env, mode) });
}
