import type { EntityManager } from '@mikro-orm/postgresql';
import {
  PAYMENT_WORKFLOW_TYPES,
  type PaymentWorkflow,
} from '../../domain/payments/payment-workflow-contract.js';
import {
  WEBHOOK_WORKFLOW_TYPES,
  type WebhookDeliveryWorkflow,
} from '../../domain/webhooks/webhook-workflow-contract.js';
import {
  CUSTOMER_EMAIL_WORKFLOW_TYPE,
  type CustomerEmailWorkflow,
} from '../../domain/customer-emails/customer-email-workflow-contract.js';
import type { Orm } from '../../platform/orm/orm.js';
import {
  advanceSweep,
  callbacksAwaitingHandOver,
  callbacksDueRememberedCheck,
  paymentsPastDeadline,
  sweptUntil,
  undeliveredEvents,
} from '../../db/payments/sweeps.js';
import { handOverCallback } from './payment-starts.js';
import { refundsAwaitingWorkflow } from '../../db/refunds/refunds.js';
import { refreshBalanceSnapshots } from '../../db/ledger/ledger-balances.js';
import { customerEmailWorkflowStart } from '../customer-emails/customer-email-starts.js';
import { deliveryWorkflowStart } from '../webhooks/webhook-starts.js';
import { paymentWorkflowStart } from './payment-starts.js';
import { emailsAwaitingWorkflow } from '../../db/customer-emails/customer-emails.js';
import {
  PRUNE_BATCH,
  REJECTED_CALLBACK_RETENTION_SECONDS,
  SIGN_IN_FAILURE_RETENTION_SECONDS,
  pruneRejectedCallbacks,
  pruneIdempotencyKeys,
  pruneRateLimits,
  pruneSignInFailures,
  pruneEvents,
  pruneSignInThrottles,
} from '../../db/payments/pruning.js';
import { DEFAULT_EVENT_RETENTION_DAYS, eventRetentionCutoff } from '../../domain/webhooks/event-retention.js';
import { IDEMPOTENCY_REPLAY_SECONDS } from '../../domain/shared/idempotency.js';
import { pruneRequestLog } from '../../db/apps/request-log.js';
import { requestLogCutoff } from '../../domain/apps/request-log.js';
import { invoicesAwaitingWorkflow } from '../../db/invoices/invoices.js';
import { startInvoiceWorkflow } from '../invoices/invoice-starts.js';
import { startOnce, type WorkflowStarter } from '../../platform/temporal/starting.js';
import { startRefundWorkflow } from '../refunds/refund-starts.js';
import { payoutsAwaitingWorkflow } from '../../db/payouts/payouts.js';
import { batchesAwaitingWorkflow } from '../../db/payouts/payout-batches.js';
import { startPayoutBatchWorkflow, startPayoutWorkflow } from '../payouts/payout-starts.js';
import { startApprovalWorkflow } from '../approvals/approval-starts.js';
import { openWindowedActs } from '../../db/approvals/approval-windows.js';
import { schedulesAwaitingWorkflow } from '../../db/reports/report-schedules.js';
import { deleteExpiredReportRuns } from '../../db/reports/report-runs.js';
import { startReportScheduleWorkflow } from '../reports/report-starts.js';

export interface SweeperActivityDeps {
  orm: Orm;
  /** Starts the workflows of stranded rows, on the worker's own task queue. */
  temporal: WorkflowStarter;
  /** Days events are kept for apps to read back (EVENT_RETENTION_DAYS); older ones are pruned. */
  eventRetentionDays?: number;
}

export interface SweepResult {
  /** CREATED payments past their deadline whose workflow the sweep started (or found running). */
  paymentsExpiring: number;
  eventsRedriven: number;
  /** Refunds taken whose workflow the API did not get to start. */
  refundsStarted?: number;
  /** Invoices issued whose workflow the API did not get to start. */
  invoicesStarted?: number;
  /** Payouts taken whose workflow the API did not get to start. */
  payoutsStarted?: number;
  /** Payout batches taken whose workflow the API did not get to start. */
  payoutBatchesStarted?: number;
  /** Report schedules whose workflow the API did not get to start. */
  reportSchedulesStarted?: number;
  /** Acts waiting for a second person whose approvals workflow (which keeps their window) was asked to run. */
  approvalsWatched?: number;
  /** Ledger accounts whose balance snapshot moved forward. */
  ledgerSnapshotsMoved?: number;
  /** Customer emails still to send whose workflow never started, or stopped. */
  emailsStarted?: number;
  /** Stored callbacks (a confirmed receipt, a notification) handed to their workflow again. */
  callbacksHandedOver?: number;
  /** Remembered repeats of unconfirmed callbacks checked now that their spacing has ended. */
  callbacksCheckedAgain?: number;
  /** Rows pruned: rate-limit counters, failed sign-ins, idempotency keys, events, refused callbacks and request log entries past their time. */
  pruned?: {
    rateLimits: number;
    signInFailures: number;
    signInThrottles?: number;
    idempotencyKeys: number;
    events?: number;
    rejectedCallbacks?: number;
    /** Request log entries past their week. */
    requestLog?: number;
    /** Report runs (and their files) past their 90 days. */
    reportRuns?: number;
  };
}

/** Events younger than this belong to a step that may still be starting their delivery. */
export const SWEEP_SETTLE_SECONDS = 60;
const BATCH = 500;
/** A customer email's workflow writes an attempt at least every 12 minutes: silence far past that means it stopped. */
const EMAIL_SILENT_SECONDS = 30 * 60;
/** Workflow starts in flight at once: a backlog drains quickly without flooding the server. */
const START_CONCURRENCY = 16;
const PAYMENT_SWEEP = 'payments-past-deadline';
/**
 * A stored callback no workflow applied is handed over again after this long: long enough for a
 * confirmation waiting out a gateway's outage not to grow its workflow's history much (the
 * workflow confirms a callback once, however often it comes).
 */
const CALLBACK_HAND_OVER_AFTER_SECONDS = 5 * 60;

async function inParallel<T>(items: T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await run(items[next++]!);
  });
  await Promise.all(lanes);
}

/** What unauthenticated traffic, expired keys, old events and old request log entries leave behind, a bounded batch per table. */
async function pruneExpired(
  db: EntityManager,
  eventRetentionDays: number,
): Promise<NonNullable<SweepResult['pruned']>> {
  const now = new Date();
  return {
    rateLimits: await pruneRateLimits(db, { now, limit: PRUNE_BATCH }),
    signInFailures: await pruneSignInFailures(db, {
      before: new Date(now.getTime() - SIGN_IN_FAILURE_RETENTION_SECONDS * 1000),
      limit: PRUNE_BATCH,
    }),
    signInThrottles: await pruneSignInThrottles(db, {
      before: new Date(now.getTime() - SIGN_IN_FAILURE_RETENTION_SECONDS * 1000),
      limit: PRUNE_BATCH,
    }),
    idempotencyKeys: await pruneIdempotencyKeys(db, {
      windowSeconds: IDEMPOTENCY_REPLAY_SECONDS,
      limit: PRUNE_BATCH,
    }),
    events: await pruneEvents(db, {
      before: eventRetentionCutoff(now, eventRetentionDays),
      limit: PRUNE_BATCH,
    }),
    rejectedCallbacks: await pruneRejectedCallbacks(db, {
      before: new Date(now.getTime() - REJECTED_CALLBACK_RETENTION_SECONDS * 1000),
      limit: PRUNE_BATCH,
    }),
    requestLog: await pruneRequestLog(db, { before: requestLogCutoff(now), limit: PRUNE_BATCH }),
    reportRuns: await deleteExpiredReportRuns(db, PRUNE_BATCH),
  };
}

export function createSweeperActivities(deps: SweeperActivityDeps) {
  const em = () => deps.orm.em.fork() as EntityManager;
  const { client, taskQueue } = deps.temporal;

  return {
    /**
     * Drives the rows that need a workflow and have none: a payment nobody opened by its deadline
     * gets its workflow now, which expires it (and tells the app); an event whose delivery never
     * started (the step that should have started it crashed) gets its delivery, and a customer
     * email still to send whose workflow never started (or stopped) gets it; a stored callback no
     * workflow applied (a confirmed receipt whose hand-over crashed) is handed over again, and an
     * unconfirmed one's remembered repeat is checked once its spacing ends. Every start is
     * idempotent, so sweeping twice changes nothing.
     */
    async sweepStranded(): Promise<SweepResult> {
      const db = em();
      const after = await sweptUntil(db, PAYMENT_SWEEP);
      const payments = await paymentsPastDeadline(db, { after, limit: BATCH });
      await inParallel(payments, START_CONCURRENCY, (payment) =>
        startOnce(() =>
          client.workflow.start<PaymentWorkflow>(
            PAYMENT_WORKFLOW_TYPES.payment,
            paymentWorkflowStart(payment, taskQueue),
          ),
        ),
      );
      const last = payments.at(-1);
      if (last) {
        // A full batch may have cut through payments due at the same instant: read that instant
        // again next time (starting them twice is harmless).
        await advanceSweep(db, PAYMENT_SWEEP, last.expiresAtText, { reread: payments.length === BATCH });
      }

      const events = await undeliveredEvents(db, { settleSeconds: SWEEP_SETTLE_SECONDS, limit: BATCH });
      for (const event of events) {
        await startOnce(() =>
          client.workflow.start<WebhookDeliveryWorkflow>(
            WEBHOOK_WORKFLOW_TYPES.delivery,
            deliveryWorkflowStart(event, taskQueue),
          ),
        );
      }

      const refunds = await refundsAwaitingWorkflow(
        db,
        new Date(Date.now() - SWEEP_SETTLE_SECONDS * 1000),
        BATCH,
      );
      await inParallel(refunds, START_CONCURRENCY, (refund) =>
        startRefundWorkflow(deps.temporal, em(), { refund }),
      );
      const payouts = await payoutsAwaitingWorkflow(
        db,
        new Date(Date.now() - SWEEP_SETTLE_SECONDS * 1000),
        BATCH,
      );
      await inParallel(payouts, START_CONCURRENCY, (payout) =>
        startPayoutWorkflow(deps.temporal, em(), payout),
      );
      const batches = await batchesAwaitingWorkflow(
        db,
        new Date(Date.now() - SWEEP_SETTLE_SECONDS * 1000),
        BATCH,
      );
      await inParallel(batches, START_CONCURRENCY, (batch) =>
        startPayoutBatchWorkflow(deps.temporal, em(), batch),
      );
      const invoices = await invoicesAwaitingWorkflow(
        db,
        new Date(Date.now() - SWEEP_SETTLE_SECONDS * 1000),
        BATCH,
      );
      await inParallel(invoices, START_CONCURRENCY, (invoice) =>
        startInvoiceWorkflow(deps.temporal, em(), invoice),
      );
      const emails = await emailsAwaitingWorkflow(db, {
        settleSeconds: SWEEP_SETTLE_SECONDS,
        silentSeconds: EMAIL_SILENT_SECONDS,
        limit: BATCH,
      });
      await inParallel(emails, START_CONCURRENCY, (email) =>
        startOnce(() =>
          client.workflow.start<CustomerEmailWorkflow>(
            CUSTOMER_EMAIL_WORKFLOW_TYPE,
            customerEmailWorkflowStart(email, taskQueue),
          ),
        ),
      );
      const callbacks = await callbacksAwaitingHandOver(db, {
        settleSeconds: CALLBACK_HAND_OVER_AFTER_SECONDS,
        limit: BATCH,
      });
      // A repeat the spacing of checks held back is checked once it ends: a flood of forged
      // returns delays the customer's own by at most the spacing, never drops it.
      const checkedAgain = await callbacksDueRememberedCheck(db, { limit: BATCH });
      await inParallel(
        [...callbacks, ...checkedAgain],
        START_CONCURRENCY,
        async ({ payment, callbackId, confirmationKey, handOver }) => {
          // One not handed over now is marked anyway: the next sweep after the interval tries again.
          await handOverCallback(client, taskQueue, payment, {
            callbackId,
            confirmationKey,
            ...(handOver > 0 && { handOver }),
          }).catch(() => {});
        },
      );
      // Every act waiting for a second person has the workflow that keeps its window.
      const waiting = await openWindowedActs(db, BATCH);
      await inParallel(waiting, START_CONCURRENCY, (act) => startApprovalWorkflow(deps.temporal, act));
      const schedules = await schedulesAwaitingWorkflow(
        db,
        new Date(Date.now() - SWEEP_SETTLE_SECONDS * 1000),
        BATCH,
      );
      await inParallel(schedules, START_CONCURRENCY, (id) =>
        startReportScheduleWorkflow(deps.temporal, em(), id),
      );
      // Balance reads stay fast however long the ledger grows: snapshots follow it every sweep.
      const ledgerSnapshotsMoved = await refreshBalanceSnapshots(db);
      const pruned = await pruneExpired(db, deps.eventRetentionDays ?? DEFAULT_EVENT_RETENTION_DAYS);
      return {
        paymentsExpiring: payments.length,
        eventsRedriven: events.length,
        refundsStarted: refunds.length,
        ...(payouts.length > 0 && { payoutsStarted: payouts.length }),
        ...(batches.length > 0 && { payoutBatchesStarted: batches.length }),
        ...(invoices.length > 0 && { invoicesStarted: invoices.length }),
        ...(emails.length > 0 && { emailsStarted: emails.length }),
        ...(callbacks.length > 0 && { callbacksHandedOver: callbacks.length }),
        ...(checkedAgain.length > 0 && { callbacksCheckedAgain: checkedAgain.length }),
        ...(waiting.length > 0 && { approvalsWatched: waiting.length }),
        ...(schedules.length > 0 && { reportSchedulesStarted: schedules.length }),
        ledgerSnapshotsMoved,
        ...(Object.values(pruned).some((count) => count > 0) && { pruned }),
      };
    },
  };
}
