import type { EntityManager } from '@mikro-orm/postgresql';
import type { CheckResult } from './ledger-verify.js';

/** What one run of the ledger's checks found: rows breaking each check (a sample of at most 20). */
export interface LedgerVerifyRun {
  startedAt: Date;
  finishedAt: Date;
  checks: Array<{ name: string; breaches: number }>;
}

/** How long runs are kept: enough to see when a breach first appeared. */
const KEPT_DAYS = 30;

/** Records a run and drops runs older than the kept period, in one transaction. */
export async function recordLedgerVerifyRun(
  em: EntityManager,
  startedAt: Date,
  finishedAt: Date,
  results: readonly CheckResult[],
): Promise<LedgerVerifyRun> {
  const checks = results.map((check) => ({ name: check.name, breaches: check.breaches.length }));
  const breaches = checks.reduce((sum, check) => sum + check.breaches, 0);
  await em.transactional(async (tx) => {
    await tx.execute(
      `insert into ledger_verify_runs (started_at, finished_at, breaches, checks) values (?, ?, ?, ?::jsonb)`,
      [startedAt, finishedAt, breaches, JSON.stringify(checks)],
    );
    await tx.execute(`delete from ledger_verify_runs where finished_at < now() - make_interval(days => ?)`, [
      KEPT_DAYS,
    ]);
  });
  return { startedAt, finishedAt, checks };
}

/** The most recent run, or null before the first. */
export async function latestLedgerVerifyRun(
  query: <T>(sql: string) => Promise<T[]>,
): Promise<LedgerVerifyRun | null> {
  const [row] = await query<{
    started_at: Date | string;
    finished_at: Date | string;
    checks: Array<{ name: string; breaches: number }> | string;
  }>(
    `select started_at, finished_at, checks from ledger_verify_runs order by finished_at desc, id desc limit 1`,
  );
  if (!row) return null;
  return {
    startedAt: new Date(row.started_at),
    finishedAt: new Date(row.finished_at),
    checks: typeof row.checks === 'string' ? JSON.parse(row.checks) : row.checks,
  };
}
