import { proxyActivities } from '@temporalio/workflow';
import type { createLedgerVerifyActivities } from '../../activities/ledger/ledger-verify-activities.js';

/**
 * The checks read the whole journal: a large ledger takes minutes. The database away only delays
 * the run (the schedule skips the runs due meanwhile); it never gives up.
 */
export const ledgerChecks = proxyActivities<ReturnType<typeof createLedgerVerifyActivities>>({
  startToCloseTimeout: '30 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});
