import type { EntityManager } from '@mikro-orm/postgresql';
import { IsolationLevel } from '@mikro-orm/core';
import { breachSampleSql, LEDGER_CHECKS } from './ledger-checks.js';

export { LEDGER_CHECKS, type LedgerCheck } from './ledger-checks.js';

export interface CheckResult {
  name: string;
  rule: string;
  breaches: Array<{ subject: string; problem: string }>;
}

/** Runs every check in one consistent snapshot of the database. */
export async function verifyLedger(em: EntityManager): Promise<CheckResult[]> {
  return em.transactional(
    async (db) => {
      const tx = db as EntityManager;
      const results: CheckResult[] = [];
      for (const check of LEDGER_CHECKS) {
        const breaches = await tx.execute<Array<{ subject: string; problem: string }>>(
          breachSampleSql(check),
        );
        results.push({ name: check.name, rule: check.rule, breaches });
      }
      return results;
    },
    { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true },
  );
}

export async function ledgerTotals(em: EntityManager) {
  const [row] = await em.execute<Array<{ entries: string; postings: string; accounts: string }>>(
    `select (select count(*) from journal_entries) as entries, (select count(*) from postings) as postings,
            (select count(*) from ledger_accounts) as accounts`,
  );
  return { entries: Number(row!.entries), postings: Number(row!.postings), accounts: Number(row!.accounts) };
}
