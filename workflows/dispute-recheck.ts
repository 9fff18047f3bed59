import { ActivityFailure, proxyActivities } from '@temporalio/workflow';
import type { createDisputeRecheckActivities } from '../activities/dispute-recheck-activities.js';
import { DISPUTE_RECHECK_QUIET_SECONDS } from '../domain/disputes.js';

const db = proxyActivities<ReturnType<typeof createDisputeRecheckActivities>>({
  startToCloseTimeout: '1 minute',
  // The database away only delays the run.
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

const gateway = proxyActivities<ReturnType<typeof createDisputeRecheckActivities>>({
  startToCloseTimeout: '2 minutes',
  // A gateway away for one dispute must not hold up the others: the next run asks again.
  retry: {
    initialInterval: '10 seconds',
    backoffCoefficient: 2,
    maximumInterval: '2 minutes',
    maximumAttempts: 4,
  },
});

export interface DisputeRecheckInput {
  /** Disputes heard of more recently than this are left alone; default DISPUTE_RECHECK_QUIET_SECONDS. */
  quietSeconds?: number;
}

export interface DisputeRecheckResult {
  checked: number;
  /** Disputes whose status the gateway's answer changed (closed won or lost). */
  changed: number;
  /** Disputes the gateway could not be asked about this time, or disowned. */
  failed: number;
  /** Kept notices that became their payment's dispute this run. */
  applied: number;
  /** Kept notices still waiting for a payment (or that could not be applied this time). */
  waiting: number;
}

const PAGE = 100;

/**
 * Run by the `dispute-rechecks-<task queue>` schedule: each kept notice whose transaction a
 * payment has taken since becomes that payment's dispute; then each open dispute nothing was
 * heard of for a while is asked about at its gateway, and what the gateway says is recorded as
 * its notice would have been. A dispute whose closing notice was lost therefore closes within a
 * run or two.
 */
export async function disputeRecheckWorkflow(input: DisputeRecheckInput = {}): Promise<DisputeRecheckResult> {
  const quietSeconds = input.quietSeconds ?? DISPUTE_RECHECK_QUIET_SECONDS;
  const result: DisputeRecheckResult = { checked: 0, changed: 0, failed: 0, applied: 0, waiting: 0 };
  // Notices kept for a transaction no payment had: a payment may have taken it since.
  for (let afterId = 0; ;) {
    const ids = await db.waitingDisputeNotices({ afterId, limit: PAGE });
    if (ids.length === 0) break;
    for (const noticeId of ids) {
      try {
        const outcome = await gateway.applyDisputeNotice({ noticeId });
        if (outcome.applied) result.applied += 1;
        else result.waiting += 1;
      } catch (error) {
        if (!(error instanceof ActivityFailure)) throw error;
        result.waiting += 1;
      }
    }
    afterId = ids[ids.length - 1]!;
  }
  for (let afterId = 0; ;) {
    const ids = await db.quietOpenDisputes({ quietSeconds, afterId, limit: PAGE });
    if (ids.length === 0) break;
    for (const disputeId of ids) {
      try {
        const recheck = await gateway.recheckDispute({ disputeId });
        result.checked += 1;
        if (recheck.changed) result.changed += 1;
      } catch (error) {
        if (!(error instanceof ActivityFailure)) throw error;
        result.failed += 1;
      }
    }
    afterId = ids[ids.length - 1]!;
  }
  return result;
}
