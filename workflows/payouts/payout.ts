import { continueAsNew, defineSignal, proxyActivities, sleep } from '@temporalio/workflow';
import type { createPayoutActivities, PayoutState } from '../../activities/payouts/payout-activities.js';
import { confirmationDelayMs } from '../../domain/payouts/payouts.js';
import { PAYOUT_MESSAGES, type PayoutWorkflowInput } from '../../domain/payouts/payout-workflow-contract.js';
import { followRow } from './row-follower.js';

type PayoutActivities = ReturnType<typeof createPayoutActivities>;

/** Reading and writing the payout's row: retried until the database is back. */
const books = proxyActivities<PayoutActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * Talking to the rail must eventually get an answer: an outage delays the payout, never fails it,
 * and every retry of the send asks the rail by our reference before it sends.
 */
const rail = proxyActivities<PayoutActivities>({
  startToCloseTimeout: '60 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** "Look at the payout again": a decision, a cancellation or a top-up was written to PostgreSQL. */
export const payoutChangedSignal = defineSignal(PAYOUT_MESSAGES.changed);

/** Turns in one run before it continues as new. */
const TURNS_PER_RUN = 300;

/**
 * One workflow per payout (`payout-<reference>`), from its admission to a terminal status. Every
 * turn reads the payout's row and does what its status asks: wait for approvers (until the window
 * ends), wait out the cancel window, check the beneficiary, send once, wait in the queue for the
 * rail's balance, follow a transfer the rail holds. Signals only wake it; it moves money only on
 * what PostgreSQL says.
 */
export async function payoutWorkflow(input: PayoutWorkflowInput): Promise<{ status: string }> {
  const { deliver, waitFor } = followRow(payoutChangedSignal);

  let asked = 0;
  for (let turn = 0; ; turn += 1) {
    // A payout that waits days in the queue keeps a short history: the row holds all it needs.
    if (turn >= TURNS_PER_RUN) await continueAsNew<typeof payoutWorkflow>(input);
    const state: PayoutState = await books.payoutState({ payoutId: input.payoutId });
    await deliver(state.eventIds);
    switch (state.status) {
      case 'SUCCEEDED':
      case 'FAILED':
      case 'CANCELLED':
      case 'RETURNED':
        return { status: state.status };
      case 'CREATED':
        // Admitted by the API in the transaction that made it; a row still CREATED is read again.
        await waitFor(5_000);
        break;
      case 'WAITING_APPROVAL': {
        const left = (state.approvalExpiresAtMs ?? 0) - Date.now();
        if (left <= 0)
          await deliver((await books.expirePayoutApproval({ payoutId: input.payoutId })).eventIds);
        else await waitFor(left);
        break;
      }
      case 'SCHEDULED': {
        const left = (state.sendAfterMs ?? 0) - Date.now();
        if (left > 0) {
          await waitFor(left);
          break;
        }
        const checked = await rail.checkPayoutBeneficiary({ payoutId: input.payoutId });
        await deliver(checked.eventIds);
        if (checked.status !== 'SCHEDULED') break;
        await deliver((await rail.dispatchPayout({ payoutId: input.payoutId })).eventIds);
        break;
      }
      case 'QUEUED':
        await waitFor(state.queueRecheckMs);
        await deliver((await rail.dispatchPayout({ payoutId: input.payoutId })).eventIds);
        break;
      case 'SENDING':
        // A send this workflow started and did not see finish (a worker died): the step asks first.
        await deliver((await rail.dispatchPayout({ payoutId: input.payoutId })).eventIds);
        break;
      case 'PROCESSING':
        await sleep(confirmationDelayMs(asked));
        asked += 1;
        await deliver((await rail.confirmPayout({ payoutId: input.payoutId })).eventIds);
        break;
    }
  }
}
