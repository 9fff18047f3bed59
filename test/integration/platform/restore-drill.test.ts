import { runRestoreDrill } from '../../../scripts/drill/restore.js';
import { requireEnv, testEnv } from '../../helpers/test-env.js';

/**
 * `npm run drill:restore` as CI runs it: back up a running service's database with pg_dump,
 * lose it, restore it into a fresh database, and the service on the restored one carries on
 * (docs/operations/backups-and-restore.md).
 */
describe('the restore drill', () => {
  it('restores into a fresh database where waiting payments complete, ledger:verify is clean, and other SEALING_KEYS are named', async () => {
    const lines: string[] = [];
    const result = await runRestoreDrill({
      adminUrl: requireEnv(testEnv.adminUrl),
      log: (line) => lines.push(line),
      // The workflows global set-up bundled, as a deployment loads `npm run build`'s.
      workflowBundle: requireEnv(testEnv.workflowBundle),
    });
    console.log(lines.join('\n'));
    expect(result.waiting).toMatchObject({ statusAtBackup: 'PENDING', statusAfterRestore: 'SUCCEEDED' });
    expect(result.paidBefore.statusAfterRestore).toBe('PARTIALLY_REFUNDED');
    expect(result.ledgerVerify.exitCode).toBe(0);
    expect(result.ledgerVerify.summary).toMatch(/^[1-9]\d* entries, \d+ postings, \d+ accounts checked\.$/);
    expect(result.wrongKeys.exitCode).toBe(1);
    expect(result.wrongKeys.line).toMatch(
      /^does not open: .*webhook_endpoints\.secret_sealed.*SEALING_KEYS does not hold$/,
    );
  }, 900_000);
});
