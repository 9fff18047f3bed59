import { continueAsNew, patched, sleep } from '@temporalio/workflow';
import type { MadeLinePayout } from '../../activities/payouts/payout-batch-activities.js';
import {
  chunkOfLine,
  followDelayMs,
  LINES_PER_CHUNK,
  PAYOUT_LINES_WORKFLOW_TYPE,
  payoutLinesWorkflowId,
  type PayoutBatchWorkflowInput,
  type PayoutLinesWorkflowInput,
} from '../../domain/payouts/payout-batch-workflow-contract.js';
import {
  PAYOUT_WORKFLOW_TYPE,
  payoutWorkflowId,
  type PayoutWorkflowInput,
} from '../../domain/payouts/payout-workflow-contract.js';
import { followRow } from './row-follower.js';
import { startOwnedChild } from './owned-child.js';
import { payoutBatchChangedSignal } from './messages.js';
import { batchBooks } from './payout-options.js';

/** Follow rounds in one run before it continues as new. */
const ROUNDS_PER_RUN = 200;

export interface PayoutBatchRun extends PayoutBatchWorkflowInput {
  /**
   * The first line whose payout this run expects to make (1 on the first run): a hint only. The
   * activity starts at the first line PostgreSQL holds without a payout when that is earlier, and
   * the run finishes making lines only once PostgreSQL counts none left.
   */
  fromLine?: number;
}

/** Starts a line's payout workflow, which outlives the batch's run; one started already is left alone. */
async function startLinePayout(line: MadeLinePayout): Promise<void> {
  const input: PayoutWorkflowInput = { payoutId: line.payoutId, reference: line.reference };
  await startOwnedChild(PAYOUT_WORKFLOW_TYPE, {
    workflowId: payoutWorkflowId(line.reference),
    input,
    owner: line,
  });
}

/**
 * Starts the workflow of each chunk the lines just made belong to (`payoutLinesWorkflow`); one
 * started already is left alone, and it reads every line of its chunk from PostgreSQL, so a line
 * made after its chunk's workflow started is carried too.
 */
async function startLineChunks(batch: PayoutBatchRun, made: readonly MadeLinePayout[]): Promise<void> {
  const chunks = [...new Set(made.map((line) => chunkOfLine(line.lineNumber)))];
  await Promise.all(
    chunks.map((chunk) => {
      const input: PayoutLinesWorkflowInput = {
        batchId: batch.batchId,
        batchReference: batch.reference,
        chunk,
      };
      return startOwnedChild(PAYOUT_LINES_WORKFLOW_TYPE, {
        workflowId: payoutLinesWorkflowId(batch.reference, chunk),
        input,
        owner: made[0]!,
      });
    }),
  );
}

/**
 * Batches this release starts carry their lines in chunks; a batch started by an earlier release
 * replays as it ran, one workflow per line.
 */
export const LINES_IN_CHUNKS_PATCH = 'payout-lines-in-chunks';

/**
 * One workflow per batch (`payout-batch-<reference>`): waits for its approvers (until the window
 * ends) and its cancel window, then makes its lines' payouts LINES_PER_CHUNK at a time, starting
 * the workflow that carries each chunk's lines and continuing as new after each chunk so its
 * history stays small, then follows the lines (counting terminal ones in PostgreSQL) until the
 * batch is COMPLETED. Signals only wake it; every step is decided on what PostgreSQL says.
 */
export async function payoutBatchWorkflow(input: PayoutBatchRun): Promise<{ status: string }> {
  const { deliver, waitFor } = followRow(payoutBatchChangedSignal);

  const fromLine = input.fromLine ?? 1;
  let round = 0;
  for (let turn = 0; ; turn += 1) {
    if (turn >= ROUNDS_PER_RUN) await continueAsNew<typeof payoutBatchWorkflow>(input);
    const state = await batchBooks.payoutBatchState({ batchId: input.batchId });
    await deliver(state.eventIds);
    switch (state.status) {
      case 'COMPLETED':
      case 'CANCELLED':
        return { status: state.status };
      case 'WAITING_APPROVAL': {
        const left = (state.approvalExpiresAtMs ?? 0) - Date.now();
        if (left <= 0) await batchBooks.expirePayoutBatchApproval({ batchId: input.batchId });
        else await waitFor(left);
        break;
      }
      case 'SCHEDULED': {
        const left = (state.sendAfterMs ?? 0) - Date.now();
        if (left > 0) await waitFor(left);
        else await batchBooks.beginPayoutBatchLines({ batchId: input.batchId });
        break;
      }
      case 'CREATING': {
        // The lines still without a payout, as PostgreSQL counts them. An answer recorded by an
        // earlier release has no count: its history replays by the line it carried, as it ran.
        const linesToMake = state.linesToMake ?? state.lineCount - fromLine + 1;
        if (linesToMake <= 0) {
          await batchBooks.finishMakingPayoutBatchLines({ batchId: input.batchId });
          break;
        }
        const made = await batchBooks.makePayoutBatchLines({
          batchId: input.batchId,
          fromLine,
          count: LINES_PER_CHUNK,
        });
        if (patched(LINES_IN_CHUNKS_PATCH)) {
          if (made.length > 0) await startLineChunks(input, made);
        } else {
          await Promise.all(made.map(startLinePayout));
        }
        // The next chunk in a fresh run: a 5,000-line batch never holds more than one chunk's history.
        await continueAsNew<typeof payoutBatchWorkflow>({ ...input, fromLine: fromLine + LINES_PER_CHUNK });
        break;
      }
      case 'PROCESSING': {
        const settled = await batchBooks.settlePayoutBatchIfDone({ batchId: input.batchId });
        await deliver(settled.eventIds);
        if (settled.status !== 'PROCESSING') break;
        await sleep(followDelayMs(round));
        round += 1;
        break;
      }
    }
  }
}
