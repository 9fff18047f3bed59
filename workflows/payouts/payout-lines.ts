import { continueAsNew, workflowInfo } from '@temporalio/workflow';
import type { PayoutStep } from '../../activities/payouts/payout-activities.js';
import {
  linesOfChunk,
  type PayoutLinesWorkflowInput,
} from '../../domain/payouts/payout-batch-workflow-contract.js';
import {
  afterLineStep,
  newLineClock,
  planChunkTurn,
  type LineAction,
} from '../../domain/payouts/payout-lines.js';
import { followRow } from './row-follower.js';
import { payoutLinesChangedSignal } from './messages.js';
import { payoutBooks, payoutRail } from './payout-options.js';

/** Turns in one run before it continues as new (a chunk mostly ends in three or four). */
const TURNS_PER_RUN = 100;

const stepOf = (payoutId: number, action: LineAction): Promise<PayoutStep> =>
  action === 'SEND' ? payoutRail.dispatchPayout({ payoutId }) : payoutRail.confirmPayout({ payoutId });

/**
 * One workflow per chunk of a batch's lines (`payout-batch-<reference>-lines-<chunk>`), from the
 * lines' making to a terminal status for each: where every line had a workflow of its own, with
 * its start, timers and row reads, a chunk's lines are read together, sent together and followed
 * on one timer. Each turn reads the chunk's lines from PostgreSQL, sends or confirms the ones
 * due, delivers their events, and waits for the next one due. Signals only wake it.
 */
export async function payoutLinesWorkflow(input: PayoutLinesWorkflowInput): Promise<{ lines: number }> {
  const { deliverTogether: deliver, waitFor } = followRow(payoutLinesChangedSignal);
  const { fromLine, toLine } = linesOfChunk(input.chunk);
  const clock = newLineClock();
  let woken = false;
  for (let turn = 0; ; turn += 1) {
    if (turn >= TURNS_PER_RUN || workflowInfo().continueAsNewSuggested)
      await continueAsNew<typeof payoutLinesWorkflow>(input);
    const { lines, queueRecheckMs } = await payoutBooks.linePayoutStates({
      batchId: input.batchId,
      fromLine,
      toLine,
    });
    await deliver(lines.flatMap((line) => line.eventIds));
    const plan = planChunkTurn(lines, clock, Date.now(), { woken });
    woken = false;
    if (plan.done) return { lines: lines.length };
    const steps = await Promise.all(
      plan.act.map(async ({ payoutId, action }) => ({
        payoutId,
        action,
        step: await stepOf(payoutId, action),
      })),
    );
    const now = Date.now();
    const after = new Map(steps.map(({ payoutId, step }) => [payoutId, step.status]));
    for (const { payoutId, action, step } of steps)
      afterLineStep(clock, { payoutId, action, status: step.status }, now, queueRecheckMs);
    await deliver(steps.flatMap(({ step }) => step.eventIds));
    // The lines as the steps left them: read again at once when one is due now or all ended,
    // else wait (a signal cuts it short) until the next falls due.
    const next = planChunkTurn(
      lines.map((line) => ({ ...line, status: (line.payoutId && after.get(line.payoutId)) || line.status })),
      clock,
      now,
    );
    if (!next.done && next.act.length === 0) woken = await waitFor((next.nextDueMs ?? now + 60_000) - now);
  }
}
