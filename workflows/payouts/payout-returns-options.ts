import { proxyActivities } from '@temporalio/workflow';
import type { createPayoutReturnCheckActivities } from '../../activities/payouts/payout-return-checks.js';

/**
 * A check asks each paid bank payout of the last days once: minutes at most. A rail or the
 * database away only delays it (the schedule skips the runs due meanwhile); it never gives up.
 */
export const returnChecks = proxyActivities<ReturnType<typeof createPayoutReturnCheckActivities>>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '5 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});
