import { ActivityFailure } from '@temporalio/workflow';
import { askGatewayAboutDispute } from './dispute-question-options.js';

/** One question to a gateway about one dispute: a kept notice to apply, or an open dispute to recheck. */
export type DisputeQuestion = { kind: 'NOTICE'; noticeId: number } | { kind: 'RECHECK'; disputeId: number };

export type DisputeAnswer =
  | { kind: 'NOTICE'; outcome: 'APPLIED' | 'WAITING' | 'REFUSED' }
  | { kind: 'RECHECK'; outcome: 'CHANGED' | 'UNCHANGED' | 'REFUSED' };

/**
 * Asks the gateway one question and records its answer, started by a recheck pass
 * (workflows/disputes/dispute-recheck.ts) as a run of its own. A refusal (a dispute the gateway disowns,
 * a notice naming another payment) is an answer, not a failed run: the activity marked it asked.
 */
export async function disputeQuestionWorkflow(question: DisputeQuestion): Promise<DisputeAnswer> {
  try {
    if (question.kind === 'NOTICE') {
      const { applied } = await askGatewayAboutDispute.applyDisputeNotice({ noticeId: question.noticeId });
      return { kind: 'NOTICE', outcome: applied ? 'APPLIED' : 'WAITING' };
    }
    const { changed } = await askGatewayAboutDispute.recheckDispute({ disputeId: question.disputeId });
    return { kind: 'RECHECK', outcome: changed ? 'CHANGED' : 'UNCHANGED' };
  } catch (error) {
    // Only a non-retryable failure ends the retries above.
    if (!(error instanceof ActivityFailure)) throw error;
    return { kind: question.kind, outcome: 'REFUSED' } as DisputeAnswer;
  }
}
