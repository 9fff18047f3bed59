import type { EntityManager } from '@mikro-orm/postgresql';
import { recordLedgerVerifyRun } from '../../db/ledger/ledger-verify-runs.js';
import { verifyLedger } from '../../db/ledger/ledger-verify.js';
import type { Orm } from '../../platform/orm/orm.js';

export interface LedgerVerifyActivityDeps {
  orm: Orm;
}

/**
 * The ledger's checks run once for the whole deployment (workflows/ledger/ledger-verify.ts) and
 * their result recorded, for /metrics and its alert to read. A retried run records another row:
 * each is what the ledger looked like when it ran, never a change to money.
 */
export function createLedgerVerifyActivities({ orm }: LedgerVerifyActivityDeps) {
  return {
    async verifyLedgerAndRecord(): Promise<{ breaches: number }> {
      const startedAt = new Date();
      const results = await verifyLedger(orm.em.fork() as EntityManager);
      const run = await recordLedgerVerifyRun(orm.em.fork() as EntityManager, startedAt, new Date(), results);
      return { breaches: run.checks.reduce((sum, check) => sum + check.breaches, 0) };
    },
  };
}
