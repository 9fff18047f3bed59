import { continueAsNew, sleep } from '@temporalio/workflow';
import type { PayoutState, PayoutStep } from '../../activities/payouts/payout-activities.js';
import { confirmationDelayMs } from '../../domain/payouts/payouts.js';
import type { PayoutWorkflowInput } from '../../domain/payouts/payout-workflow-contract.js';
import { followRow } from './row-follower.js';
import { payoutChangedSignal } from './messages.js';
import { payoutBooks, payoutRail } from './payout-options.js';

/** Turns in one run before it continues as new. */
const TURNS_PER_RUN = 300;

/**
 * What a step left the payout as, kept for the next turn when its status is all that turn needs
 * (a transfer the rail holds, or the end): the row is read again for every other status, whose
 * waits are decided on its times.
 */
function carried(step: PayoutStep): PayoutStep | null {
  return step.status === 'PROCESSING' || isTerminal(step.status) ? step : null;
}

const isTerminal = (status: string) =>
  status === 'SUCCEEDED' || status === 'FAILED' || status === 'CANCELLED' || status === 'RETURNED';

/**
 * One workflow per payout (`payout-<reference>`), from its admission to a terminal status. Every
 * turn reads the payout's row (or takes what the last step left it as, when that decides the turn)
 * and does what its status asks: wait for approvers (until the window ends), wait out the cancel
 * window, send once (the send step checks the beneficiary first, once), wait in the queue for the
 * rail's balance, follow a transfer the rail holds. Signals only wake it; it moves money only on
 * what PostgreSQL says.
 */
export async function payoutWorkflow(input: PayoutWorkflowInput): Promise<{ status: string }> {
  const { deliver, waitFor } = followRow(payoutChangedSignal);

  let asked = 0;
  let known: PayoutStep | null = null;
  for (let turn = 0; ; turn += 1) {
    // A payout that waits days in the queue keeps a short history: the row holds all it needs.
    if (turn >= TURNS_PER_RUN) await continueAsNew<typeof payoutWorkflow>(input);
    const step: PayoutStep | PayoutState =
      known ?? (await payoutBooks.payoutState({ payoutId: input.payoutId }));
    known = null;
    await deliver(step.eventIds);
    if (isTerminal(step.status)) return { status: step.status };
    if (step.status === 'PROCESSING') {
      await sleep(confirmationDelayMs(asked));
      asked += 1;
      known = carried(await payoutRail.confirmPayout({ payoutId: input.payoutId }));
      continue;
    }
    const state = step as PayoutState;
    switch (state.status) {
      case 'CREATED':
        // Admitted by the API in the transaction that made it; a row still CREATED is read again.
        await waitFor(5_000);
        break;
      case 'WAITING_APPROVAL': {
        const left = (state.approvalExpiresAtMs ?? 0) - Date.now();
        if (left <= 0)
          await deliver((await payoutBooks.expirePayoutApproval({ payoutId: input.payoutId })).eventIds);
        else await waitFor(left);
        break;
      }
      case 'SCHEDULED': {
        const left = (state.sendAfterMs ?? 0) - Date.now();
        if (left > 0) {
          await waitFor(left);
          break;
        }
        known = carried(await payoutRail.dispatchPayout({ payoutId: input.payoutId }));
        break;
      }
      case 'QUEUED':
        await waitFor(state.queueRecheckMs);
        known = carried(await payoutRail.dispatchPayout({ payoutId: input.payoutId }));
        break;
      case 'SENDING':
        // A send this workflow started and did not see finish (a worker died): the step asks first.
        known = carried(await payoutRail.dispatchPayout({ payoutId: input.payoutId }));
        break;
    }
  }
}
