import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '../../platform/orm/orm.js';
import {
  closeSettlementImport,
  findSettlementImportByHash,
  openSettlementImport,
} from '../../db/reconciliation/settlement-imports.js';
import { insertSettlementLines, SETTLEMENT_LINE_BATCH } from '../../db/reconciliation/settlement-lines.js';
import type { Mode } from '../../domain/shared/mode.js';
import type { SettlementLineDraft } from '../../domain/reconciliation/settlements.js';
import type { GatewayEnvironment } from '../../gateways/module.js';
import { startReconciliations, type ReconciliationTemporal } from './reconciliation-starts.js';
import {
  stripeSettlementSourceFromEnvironment,
  type StripePayoutSummary,
  type StripeSettlementSource,
} from '../../gateways/stripe/settlements.js';

/**
 * Stripe's settlements, fetched through its API by the daily import (workflows/reconciliation/stripe-settlement.ts):
 * the payouts arriving on a span of days, then each payout's lines stored as an import of its own.
 * A payout read again with the same lines is the same import; a line stored before is not stored
 * again, so the import can run any number of times. The days that received lines are then
 * reconciled.
 */

export interface StripeSettlementActivityDeps {
  orm: Orm;
  /** Starts the reconciliation of the days that received lines, on the worker's own task queue. */
  temporal: ReconciliationTemporal;
  /** Where the deployment's Stripe account is configured (STRIPE_<MODE>_SECRET_KEY, STRIPE_API_URL): process.env unless given. */
  stripeSettlementEnv?: GatewayEnvironment;
}

export interface StripePayoutImport {
  payoutId: string;
  importId: number;
  /** False when these very lines had been imported before. */
  created: boolean;
  lines: number;
  /** Lines no earlier import had stored. */
  storedLines: number;
  settlementDates: string[];
}

export const STRIPE_PAYOUT_FORMAT = 'stripe-api';

/** The payout's lines, as bytes would identify a file: the same lines give the same import. */
function digestOf(payoutId: string, lines: readonly SettlementLineDraft[]): string {
  const facts = lines.map((line) => [line.lineKey, line.reference, line.feeMinor, line.netMinor]);
  return createHash('sha256')
    .update(JSON.stringify([payoutId, facts]))
    .digest('hex');
}

async function storePayout(
  em: EntityManager,
  mode: Mode,
  payoutId: string,
  lines: readonly SettlementLineDraft[],
): Promise<StripePayoutImport> {
  const sha256 = digestOf(payoutId, lines);
  const where = { gateway: 'stripe', mode, fileSha256: sha256 };
  const earlier = await findSettlementImportByHash(em, where);
  if (earlier) {
    return {
      payoutId,
      importId: earlier.id,
      created: false,
      lines: earlier.lineCount,
      storedLines: 0,
      settlementDates: earlier.settlementDates,
    };
  }
  const dates = [...new Set(lines.map((line) => line.settlementDate))].sort();
  const stored = await em.transactional(async (tx) => {
    const importId = await openSettlementImport(tx, {
      gateway: 'stripe',
      mode,
      fileName: `Stripe payout ${payoutId}`,
      fileSha256: sha256,
      format: STRIPE_PAYOUT_FORMAT,
      importedBy: null,
    });
    // A concurrent run stored the same lines first.
    if (importId === null) return null;
    let storedLines = 0;
    for (let at = 0; at < lines.length; at += SETTLEMENT_LINE_BATCH) {
      storedLines += await insertSettlementLines(tx, importId, lines.slice(at, at + SETTLEMENT_LINE_BATCH));
    }
    await closeSettlementImport(tx, importId, {
      lineCount: lines.length,
      storedLineCount: storedLines,
      settlementDates: dates,
    });
    return { importId, storedLines };
  });
  if (stored === null) return storePayout(em, mode, payoutId, lines);
  return {
    payoutId,
    importId: stored.importId,
    created: true,
    lines: lines.length,
    storedLines: stored.storedLines,
    settlementDates: dates,
  };
}

export function createStripeSettlementActivities(deps: StripeSettlementActivityDeps) {
  const em = () => deps.orm.em.fork() as EntityManager;
  const sourceFor = (mode: Mode): StripeSettlementSource | null =>
    stripeSettlementSourceFromEnvironment(deps.stripeSettlementEnv ?? process.env, mode);

  return {
    /** Payouts arriving from `fromDate` to `toDate` (UTC days); none where the mode has no Stripe account. */
    async listStripePayouts(input: {
      mode: Mode;
      fromDate: string;
      toDate: string;
    }): Promise<StripePayoutSummary[]> {
      const source = sourceFor(input.mode);
      return source ? source.payoutsArriving(input.fromDate, input.toDate) : [];
    },

    /** One payout's balance transactions, stored as settlement lines. */
    async importStripePayout(input: { mode: Mode; payoutId: string }): Promise<StripePayoutImport> {
      const source = sourceFor(input.mode);
      if (!source) throw new Error(`no Stripe account is configured for ${input.mode}`);
      const lines = await source.payoutLines(input.payoutId, input.mode);
      return storePayout(em(), input.mode, input.payoutId, lines);
    },

    /** Starts (or wakes to match again) the reconciliation of each day that received lines. */
    async startStripeReconciliations(input: { mode: Mode; dates: string[] }): Promise<string[]> {
      return startReconciliations(deps.temporal, {
        gateway: 'stripe',
        mode: input.mode,
        dates: input.dates,
        reason: 'Stripe payout lines imported',
      });
    },
  };
}
