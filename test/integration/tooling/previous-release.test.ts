import { runRollingUpgrade } from '../../../scripts/drill/rolling-upgrade.js';
import { requireEnv, testEnv } from '../../helpers/test-env.js';

/**
 * A rolling upgrade from the previous release (scripts/release/previous-release.json) as
 * docs/operations/upgrades.md describes it: that commit's API and worker serve on the schema this
 * checkout's migrations made, then this checkout's take over the same database and task queue and
 * finish the workflow the previous release started. A clone without the release's commit fails.
 */
describe('the previous release beside the new schema', () => {
  it('serves payments and refunds on the new schema, and its in-flight payment completes under the new code', async () => {
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
    expect(result.seconds.total).toBeLessThan(180);
  }, 240_000);
});
