import { runRestoreDrill } from './restore.js';

/**
 * `npm run drill:restore`: the restore drill (scripts/drill/restore.ts) on a small dataset, against
 * the PostgreSQL at DRILL_DATABASE_ADMIN_URL (a superuser's URL; the machine's 127.0.0.1:5432 as
 * postgres by default). Exits 1 unless every step held.
 */
async function main(): Promise<void> {
  const result = await runRestoreDrill({
    adminUrl: process.env.DRILL_DATABASE_ADMIN_URL,
    log: (line) => console.log(line),
  });
  const problems = [
    result.waiting.statusAfterRestore !== 'SUCCEEDED' && 'the payment waiting at the backup did not complete',
    result.refund.paymentStatus !== 'PARTIALLY_REFUNDED' &&
      'the refund on the restored database did not complete',
    result.ledgerVerify.exitCode !== 0 && `ledger:verify failed: ${result.ledgerVerify.summary}`,
    (result.wrongKeys.exitCode === 0 || !result.wrongKeys.line) &&
      'other SEALING_KEYS were not refused with a line naming the setting',
  ].filter(Boolean);
  console.log(
    problems.length
      ? `restore drill FAILED: ${problems.join('; ')}`
      : `restore drill passed in ${result.seconds.total.toFixed(0)} s (backup ${result.seconds.backup.toFixed(1)} s, restore ${result.seconds.restore.toFixed(1)} s)`,
  );
  process.exit(problems.length ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
