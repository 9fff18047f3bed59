import { ActivityFailure, proxyActivities } from '@temporalio/workflow';
import type { createDisputeRecheckActivities } from '../activities/dispute-recheck-activities.js';

/** The gateway's answers about disputes. */
export const disputeGateway = proxyActivities<ReturnType<typeof createDisputeRecheckActivities>>({
  startToCloseTimeout: '2 minutes',
  // Nobody waits on this answer, so it is asked until the gateway gives one: a gateway away for
  // a day delays its disputes by a day and holds up no other dispute (each has its own run).
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' },
});

/** One question to a gateway about one dispute: a kept notice to apply, or an open dispute to recheck. */
export type DisputeQuestion = { kind: 'NOTICE'; noticeId: number } | { kind: 'RECHECK'; disputeId: number };

export type DisputeAnswer =
  | { kind: 'NOTICE'; outcome: 'APPLIED' | 'WAITING' | 'REFUSED' }
  | { kind: 'RECHECK'; outcome: 'CHANGED' | 'UNCHANGED' | 'REFUSED' };

/**
 * Asks the gateway one question and records its answer, started by a recheck pass
 * (workflows/dispute-recheck.ts) as a run of its own. A refusal (a dispute the gateway disowns,
 * a notice naming another payment) is an answer, not a failed run: the activity marked it asked.
 */
export async function disputeQuestionWorkflow(question: DisputeQuestion): Promise<DisputeAnswer> {
  try {
    if (question.kind === 'NOTICE') {
      const { applied } = await disputeGateway.applyDisputeNotice({ noticeId: question.noticeId });
      return { kind: 'NOTICE', outcome: applied ? 'APPLIED' : 'WAITING' };
    }
    const { changed } = await disputeGateway.recheckDispute({ disputeId: question.disputeId });
    return { kind: 'RECHECK', outcome: changed ? 'CHANGED' : 'UNCHANGED' };
  } catch (error) {
    // Only a non-retryable failure ends the retries above.
    if (!(error instanceof ActivityFailure)) throw error;
    return { kind: question.kind, outcome: 'REFUSED' } as DisputeAnswer;
  }
}
