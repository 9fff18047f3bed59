import { runRollingUpgrade } from '../../../scripts/drill/rolling-upgrade.js';
import { requireEnv, testEnv } from '../../helpers/test-env.js';

/**
 * A rolling upgrade from the previous release (scripts/release/previous-release.json) as
 * docs/operations/upgrades.md describes it: that commit's API and worker serve on its own schema;
 * this checkout's migrations run while they serve; this checkout's API and worker start beside
 * them on the same database and task queue, and payments go through both APIs while both workers
 * poll; then the previous release's stop and the new code finishes the workflow the previous
 * release started. A clone without the release's commit fails.
 */
describe('the previous release beside the new schema', () => {
  it('serves while the schema expands, beside the new release, and its in-flight payment completes under the new code', async () => {
    const lines: string[] = [];
    const result = await runRollingUpgrade({
      adminUrl: requireEnv(testEnv.adminUrl),
      temporalAddress: requireEnv(testEnv.temporalAddress),
      workflowBundlePath: requireEnv(testEnv.workflowBundle),
      log: (line) => lines.push(line),
    }).finally(() => console.log(lines.join('\n')));

    expect(result.paidByPrevious.statusUnderPrevious).toBe('PARTIALLY_REFUNDED');
    expect(result.paidByPrevious.statusUnderCurrent).toBe('REFUNDED');
    expect(result.inFlight).toMatchObject({
      statusAtUpgrade: 'PENDING',
      statusUnderCurrent: 'SUCCEEDED',
      workflowStatus: 'COMPLETED',
    });
    // Started by the previous release's worker, finished by another: the new one replayed its history.
    expect(result.inFlight.workersBefore.length).toBeGreaterThan(0);
    expect(
      result.inFlight.workersAfter.filter((w) => !result.inFlight.workersBefore.includes(w)),
    ).not.toEqual([]);
    expect(result.paidByCurrent.status).toBe('PARTIALLY_REFUNDED');
    // The schema grew while the previous release served.
    expect(result.migrations.previous).toBeGreaterThan(0);
    console.log(
      `migrations applied while the previous release served: ${result.migrations.appliedWhileServing.length}`,
    );
    // Both releases at once: both workers polled, and every payment taken then reached its end.
    expect(result.overlap.pollers.length).toBeGreaterThanOrEqual(2);
    expect(result.overlap.payments.map((p) => p.createdThrough).sort()).toEqual([
      'current',
      'current',
      'previous',
      'previous',
    ]);
    for (const payment of result.overlap.payments) {
      expect(payment).toMatchObject({ status: 'PARTIALLY_REFUNDED', workflowStatus: 'COMPLETED' });
    }
    expect(result.ledgerBreaches).toEqual([]);
  }, 1_200_000);
});
