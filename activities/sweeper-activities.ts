import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '../db/orm.js';
import { advanceSweep, paymentsAwaitingCheckout, sweptUntil, undeliveredEvents } from '../db/sweeps.js';
import { deliveryWorkflowStart, paymentWorkflowStart } from '../temporal/workflow-starts.js';

export interface SweeperActivityDeps {
  orm: Orm;
  /** Starts the workflows of stranded rows, on the worker's own task queue. */
  temporal: { client: Client; taskQueue: string };
}

export interface SweepResult {
  paymentsChecked: number;
  eventsRedriven: number;
}

/** Rows younger than this belong to a request or a step that may still be starting their workflow. */
export const SWEEP_SETTLE_SECONDS = 60;
const BATCH = 500;
const PAYMENT_SWEEP = 'payments-awaiting-checkout';

/** Starting a workflow that already ran to its end is refused, and that is the answer we want. */
async function startOnce(start: () => Promise<unknown>): Promise<void> {
  try {
    await start();
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}

export function createSweeperActivities(deps: SweeperActivityDeps) {
  const em = () => deps.orm.em.fork() as EntityManager;
  const { client, taskQueue } = deps.temporal;

  return {
    /**
     * Finds rows a crash left without the workflow that drives them and starts it: a payment
     * saved by a request that died before starting its workflow, an event whose delivery was
     * never started. Every start is idempotent, so sweeping twice changes nothing.
     */
    async sweepStranded(): Promise<SweepResult> {
      const db = em();
      const after = await sweptUntil(db, PAYMENT_SWEEP);
      const payments = await paymentsAwaitingCheckout(db, {
        after,
        settleSeconds: SWEEP_SETTLE_SECONDS,
        limit: BATCH,
      });
      for (const payment of payments) {
        await startOnce(() =>
          client.workflow.start('paymentWorkflow', paymentWorkflowStart(payment, taskQueue)),
        );
      }
      const last = payments.at(-1);
      if (last) {
        // A full batch may have cut through payments made at the same instant: read that
        // instant again next time (starting them twice is harmless).
        await advanceSweep(db, PAYMENT_SWEEP, last.createdAt, { reread: payments.length === BATCH });
      }

      const events = await undeliveredEvents(db, { settleSeconds: SWEEP_SETTLE_SECONDS, limit: BATCH });
      for (const event of events) {
        await startOnce(() =>
          client.workflow.start('webhookDeliveryWorkflow', deliveryWorkflowStart(event, taskQueue)),
        );
      }
      return { paymentsChecked: payments.length, eventsRedriven: events.length };
    },
  };
}
