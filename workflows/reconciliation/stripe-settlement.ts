import type { Mode } from '../../domain/shared/mode.js';
import { importFromStripe } from './stripe-settlement-options.js';

export interface StripeSettlementImportInput {
  /** Default both: a mode without a Stripe account has no payouts. */
  modes?: Mode[];
  /** The last arrival day to fetch ('YYYY-MM-DD', UTC); default tomorrow, so payouts on their way come in. */
  toDate?: string;
  /** Days before `toDate` fetched again, for a run that was missed; default 3. */
  lookbackDays?: number;
}

export interface StripeSettlementImportResult {
  mode: Mode;
  payouts: number;
  storedLines: number;
  /** Settlement dates that received new lines. */
  dates: string[];
}

const DAY_MS = 24 * 3_600_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Run daily by the `stripe-settlements-<task queue>` schedule: for each mode, the payouts arriving
 * over the last few days and tomorrow, each payout's lines stored once, then the reconciliation
 * of each day that received lines started (or woken). Answers what it stored.
 */
export async function stripeSettlementImportWorkflow(
  input: StripeSettlementImportInput = {},
): Promise<StripeSettlementImportResult[]> {
  const toDate = input.toDate ?? day(Date.now() + DAY_MS);
  const fromDate = day(Date.parse(`${toDate}T00:00:00Z`) - (input.lookbackDays ?? 3) * DAY_MS);
  const results: StripeSettlementImportResult[] = [];
  for (const mode of input.modes ?? (['TEST', 'LIVE'] as Mode[])) {
    const payouts = await importFromStripe.listStripePayouts({ mode, fromDate, toDate });
    const dates = new Set<string>();
    let storedLines = 0;
    for (const payout of payouts) {
      const imported = await importFromStripe.importStripePayout({ mode, payoutId: payout.id });
      storedLines += imported.storedLines;
      if (imported.storedLines > 0) for (const date of imported.settlementDates) dates.add(date);
    }
    const received = [...dates].sort();
    if (received.length > 0) await importFromStripe.startStripeReconciliations({ mode, dates: received });
    results.push({ mode, payouts: payouts.length, storedLines, dates: received });
  }
  return results;
}
