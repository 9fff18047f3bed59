import { runRollingUpgrade } from './rolling-upgrade.js';

/**
 * `npm run drill:upgrade`: a rolling upgrade from the previous release
 * (scripts/release/previous-release.json) to this checkout on real processes and a Temporal dev
 * server of its own, against the PostgreSQL at DRILL_DATABASE_ADMIN_URL (a superuser's URL; the
 * machine's 127.0.0.1:5432 as postgres by default). Exits 1 unless every step held.
 */
async function main(): Promise<void> {
  const result = await runRollingUpgrade({
    adminUrl: process.env.DRILL_DATABASE_ADMIN_URL,
    log: (line) => console.log(line),
  });
  const problems = [
    result.paidByPrevious.statusUnderPrevious !== 'PARTIALLY_REFUNDED' &&
      'the previous release did not take and refund a payment on the new schema',
    (result.inFlight.statusUnderCurrent !== 'SUCCEEDED' || result.inFlight.workflowStatus !== 'COMPLETED') &&
      'the payment the previous release left in flight did not complete under this checkout',
    result.inFlight.workersAfter.every((worker) => result.inFlight.workersBefore.includes(worker)) &&
      "no worker of this checkout took the in-flight payment's workflow",
    result.paidByCurrent.status !== 'PARTIALLY_REFUNDED' && 'this checkout did not take and refund a payment',
    result.overlap.pollers.length < 2 && "the two releases' workers never polled at once",
    result.overlap.payments.some(
      (p) => p.status !== 'PARTIALLY_REFUNDED' || p.workflowStatus !== 'COMPLETED',
    ) && 'a payment taken while both releases served did not reach its end',
    result.ledgerBreaches.length > 0 && `ledger:verify found ${result.ledgerBreaches.join('; ')}`,
  ].filter(Boolean);
  console.log(
    problems.length
      ? `rolling upgrade FAILED: ${problems.join('; ')}`
      : `rolling upgrade from ${result.previous.version} passed in ${result.seconds.total.toFixed(0)} s`,
  );
  process.exit(problems.length ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
