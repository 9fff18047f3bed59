import type { EntityManager } from '@mikro-orm/postgresql';
import { recordLastVerification, takeLedgerVerification } from '../../db/ledger/ledger-verify-gate.js';
import { recordLedgerVerifyRun } from '../../db/ledger/ledger-verify-runs.js';
import { ledgerTotals, verifyLedger } from '../../db/ledger/ledger-verify.js';
import type { Orm } from '../../platform/orm/orm.js';

export interface LedgerVerifyActivityDeps {
  orm: Orm;
}

/** What a run did: verified (and how many rows broke a rule), or waited for the interval. */
export type LedgerVerifyOutcome = { ran: true; breaches: number } | { ran: false; retryAfterSeconds: number };

/**
 * The ledger's checks run once for the whole deployment (workflows/ledger/ledger-verify.ts) and
 * their result recorded, for /metrics and its alert to read. A retried run records another row:
 * each is what the ledger looked like when it ran, never a change to money. Like the dashboard and
 * the admin API, a run passes the deployment's verification gate in PostgreSQL first: a run
 * within the interval of the last verification (a second schedule, a trigger, a run started
 * directly on Temporal) reads nothing.
 */
export function createLedgerVerifyActivities({ orm }: LedgerVerifyActivityDeps) {
  const em = () => orm.em.fork() as EntityManager;
  return {
    async verifyLedgerAndRecord(): Promise<LedgerVerifyOutcome> {
      const startedAt = new Date();
      const gate = await takeLedgerVerification(em(), startedAt);
      if (!gate.taken) return { ran: false, retryAfterSeconds: Math.ceil(gate.retryAfterMs / 1000) };
      const results = await verifyLedger(em());
      const run = await recordLedgerVerifyRun(em(), startedAt, new Date(), results);
      // The dashboard shows it as the last verification while the interval runs.
      await recordLastVerification(em(), {
        ok: results.every((check) => check.breaches.length === 0),
        checkedAt: new Date().toISOString(),
        totals: await ledgerTotals(em()),
        checks: results,
      });
      return { ran: true, breaches: run.checks.reduce((sum, check) => sum + check.breaches, 0) };
    },
  };
}
