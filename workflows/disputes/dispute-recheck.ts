import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, sleep, startChild, workflowInfo } from '@temporalio/workflow';
import { DISPUTE_RECHECK_QUIET_SECONDS } from '../../domain/disputes/disputes.js';
import { workflowIds } from '../../domain/shared/workflow-ids.js';
import { disputeQuestionWorkflow, type DisputeAnswer, type DisputeQuestion } from './dispute-question.js';
import { findDisputes } from './dispute-recheck-options.js';

/** How long a pass waits for a page's answers before it goes on; unanswered runs go on asking. */
const ANSWER_WAIT = '2 minutes';
/**
 * Unanswered questions after which a pass starts no more (Temporal bounds the runs one run may
 * have started and not seen end): the rest are asked by the next pass.
 */
const MAX_UNANSWERED = 500;

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
  const result: DisputeRecheckResult = {
    checked: 0,
    changed: 0,
    failed: 0,
    applied: 0,
    waiting: 0,
    stillAsking: 0,
  };
  const tally = (answer: DisputeAnswer) => {
    if (answer.kind === 'NOTICE') {
      if (answer.outcome === 'APPLIED') result.applied += 1;
      else result.waiting += 1;
      return;
    }
    if (answer.outcome === 'REFUSED') {
      result.failed += 1;
      return;
    }
    result.checked += 1;
    if (answer.outcome === 'CHANGED') result.changed += 1;
  };
  let unanswered = 0;
  // Each page's questions are asked at once, each in its own run: one gateway away holds up none.
  const askPages = async (
    page: (afterId: number) => Promise<number[]>,
    question: (id: number) => DisputeQuestion,
  ) => {
    for (let afterId = 0; unanswered < MAX_UNANSWERED;) {
      const ids = await page(afterId);
      if (ids.length === 0) return;
      const runs = await Promise.all(ids.map((id) => ask(question(id))));
      let settled = 0;
      const answers = runs.flatMap((run) =>
        run ? [run.answer.then(tally, () => (result.failed += 1)).finally(() => (settled += 1))] : [],
      );
      await Promise.race([Promise.all(answers), sleep(ANSWER_WAIT)]);
      unanswered += ids.length - settled;
      afterId = ids[ids.length - 1]!;
    }
  };
  await askPages(
    (afterId) => findDisputes.waitingDisputeNotices({ afterId, limit: PAGE }),
    (noticeId) => ({ kind: 'NOTICE', noticeId }),
  );
  await askPages(
    (afterId) => findDisputes.quietOpenDisputes({ quietSeconds, afterId, limit: PAGE }),
    (disputeId) => ({ kind: 'RECHECK', disputeId }),
  );
  result.stillAsking = unanswered;
  return result;
}

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
  /**
   * Questions still being asked when the pass ended (their gateway did not answer in time, or a
   * run of an earlier pass is still asking): each goes on in its own run and records its answer.
   */
  stillAsking?: number;
}

/** The run asking the question, or undefined when a run of an earlier pass is still asking it. */
async function ask(question: DisputeQuestion): Promise<{ answer: Promise<DisputeAnswer> } | undefined> {
  try {
    const run = await startChild(disputeQuestionWorkflow, {
      workflowId: workflowIds.disputeQuestion(workflowInfo().taskQueue, question),
      args: [question],
      // The question outlives the pass: its answer is recorded whenever the gateway gives it.
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
    return { answer: run.result() };
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return undefined;
    throw error;
  }
}
