import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import {
  PAYOUT_MESSAGES,
  PAYOUT_WORKFLOW_TYPE,
  payoutWorkflowId,
} from '../../domain/payouts/payout-workflow-contract.js';
import { payoutWorkflowStart } from '../../activities/payouts/payout-starts.js';
import { startOnce } from '../../platform/temporal/starting.js';
import { DEFERRABLE_START_DEADLINE_MS } from '../workflow-failures.js';
import type { Mode } from '../../domain/shared/mode.js';

/** The API's side of the payout workflow: start an admitted payout's, and wake it after a change. */
export interface PayoutWorkflows {
  /** Starts `payout-<reference>`; starting it again finds the one running, and a finished one stays finished. */
  startPayout(payout: { id: number; reference: string; appId: number; mode: Mode }): Promise<void>;
  /** Tells the payout's workflow to read its row again (a decision, a cancellation, a top-up); a finished one is left alone. */
  nudgePayout(reference: string): Promise<void>;
}

export function createPayoutWorkflows(client: Client, taskQueue: string): PayoutWorkflows {
  return {
    async startPayout(payout) {
      // The payout is committed: past the deadline the sweeper starts it, and the request answers.
      await startOnce(() =>
        client.withDeadline(Date.now() + DEFERRABLE_START_DEADLINE_MS, () =>
          client.workflow.start(PAYOUT_WORKFLOW_TYPE, payoutWorkflowStart(payout, taskQueue)),
        ),
      );
    },
    async nudgePayout(reference) {
      try {
        await client.workflow.getHandle(payoutWorkflowId(reference)).signal(PAYOUT_MESSAGES.changed);
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
    },
  };
}
