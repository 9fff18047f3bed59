import { ApplicationFailure } from '@temporalio/activity';
import type { EntityManager } from '@mikro-orm/postgresql';
import { eventsForSource } from '../../db/webhooks/events.js';
import {
  batchProgress,
  findBatchById,
  lineMaking,
  linesBetween,
  lockBatch,
  lockLinesWithoutPayout,
  moveBatch,
  setLinePayout,
  terminalLineCount,
  type PayoutBatch,
} from '../../db/payouts/payout-batches.js';
import { insertPayout, movePayout } from '../../db/payouts/payouts.js';
import { allLinesTerminal, type PayoutBatchStatus } from '../../domain/payouts/payout-batches.js';
import { newPayoutReference } from '../../domain/shared/ids.js';
import type { Mode } from '../../domain/shared/mode.js';
import type { Orm } from '../../platform/orm/orm.js';
import { recordPayoutEvent } from './payout-bookkeeping.js';
import { recordBatchEvent } from './payout-batch-bookkeeping.js';

export interface PayoutBatchActivityDeps {
  orm: Orm;
}

/** Where a batch stands, as its workflow needs it to decide what to wait for. */
export interface PayoutBatchState {
  status: PayoutBatchStatus;
  lineCount: number;
  sendAfterMs: number | null;
  approvalExpiresAtMs: number | null;
  /**
   * While the batch is CREATING: its lines that have no payout yet, counted in PostgreSQL (0 in
   * other states). What the workflow makes next, and whether it may finish, is decided on this,
   * never on a line number its input carries. Absent from answers recorded by earlier releases.
   */
  linesToMake?: number;
  /** Every event the batch owes its app so far, for the workflow to deliver (delivery is keyed by event). */
  eventIds: string[];
}

/** A line's payout, made: what the workflow carrying it is started with. */
export interface MadeLinePayout {
  /** Absent from answers recorded by earlier releases, whose batches start one workflow per line. */
  lineNumber: number;
  payoutId: number;
  reference: string;
  appId: number;
  mode: Mode;
}

const BATCH_MISSING = 'PAYOUT_BATCH_MISSING';

export function createPayoutBatchActivities(deps: PayoutBatchActivityDeps) {
  const em = () => deps.orm.em.fork() as EntityManager;

  async function load(batchId: number): Promise<PayoutBatch> {
    const batch = await findBatchById(em(), batchId);
    if (!batch)
      throw ApplicationFailure.nonRetryable(`payout batch ${batchId} does not exist`, BATCH_MISSING);
    return batch;
  }

  async function stateOf(batch: PayoutBatch): Promise<PayoutBatchState> {
    return {
      status: batch.status,
      lineCount: batch.lineCount,
      linesToMake: batch.status === 'CREATING' ? (await lineMaking(em(), batch.id)).unmade : 0,
      sendAfterMs: batch.sendAfter?.getTime() ?? null,
      approvalExpiresAtMs: batch.approvalExpiresAt?.getTime() ?? null,
      eventIds: (await eventsForSource(em(), 'payout_batch', batch.reference)).map((event) => event.id),
    };
  }

  return {
    async payoutBatchState(input: { batchId: number }): Promise<PayoutBatchState> {
      return stateOf(await load(input.batchId));
    },

    /** Cancels a batch nobody approved in time (judged on the database's clock); one decided meanwhile is left. */
    async expirePayoutBatchApproval(input: { batchId: number }): Promise<PayoutBatchState> {
      await em().execute(
        `update payout_batches set status = 'CANCELLED', cancelled_by = 'APPROVAL_EXPIRED', updated_at = now()
          where id = ? and status = 'WAITING_APPROVAL' and approval_expires_at <= now()`,
        [input.batchId],
      );
      return stateOf(await load(input.batchId));
    },

    /**
     * The cancel window is over (on the database's clock, under the batch's lock, so an app's
     * cancel racing it either wins or finds it CREATING): lines' payouts may now be made.
     */
    async beginPayoutBatchLines(input: { batchId: number }): Promise<PayoutBatchState> {
      await em().transactional(async (tx) => {
        const t = tx as EntityManager;
        const batch = await lockBatch(t, input.batchId);
        if (batch?.status !== 'SCHEDULED') return;
        const [row] = await t.execute<Array<{ over: boolean }>>(
          'select send_after <= now() as over from payout_batches where id = ?',
          [batch.id],
        );
        if (row?.over) await moveBatch(t, batch.id, 'CREATING');
      });
      return stateOf(await load(input.batchId));
    },

    /**
     * Makes the payouts of the next `count` lines that have none yet, each in the transaction
     * that ties it to its line: a retried activity or a crashed worker finds the line's payout and
     * makes no second one. Each is an ordinary payout, scheduled at once (the batch's cancel
     * window and approval stand for it). The chunk starts at the first line PostgreSQL holds
     * without a payout, or at `fromLine` when that is earlier (a retry of a chunk that was made
     * but whose answer was lost), never later: a run's input cannot skip lines. Answers every
     * line's payout in the chunk, made now or before, for the workflow to start (starting one
     * again finds it).
     */
    async makePayoutBatchLines(input: {
      batchId: number;
      fromLine?: number;
      count: number;
    }): Promise<MadeLinePayout[]> {
      const count = Number.isSafeInteger(input.count) && input.count > 0 ? Math.min(input.count, 1_000) : 1;
      const asked = Number.isSafeInteger(input.fromLine) && input.fromLine! >= 1 ? input.fromLine! : null;
      const fromLine = await em().transactional(async (tx) => {
        const t = tx as EntityManager;
        const batch = await lockBatch(t, input.batchId);
        const { firstUnmade } = await lineMaking(t, input.batchId);
        const from =
          firstUnmade === null ? asked : asked === null ? firstUnmade : Math.min(asked, firstUnmade);
        // Only a batch whose window is over makes payouts; a cancelled one never does.
        if (batch?.status !== 'CREATING' || from === null) return from;
        const toLine = from + count - 1;
        for (const line of await lockLinesWithoutPayout(t, batch.id, from, count)) {
          if (line.lineNumber > toLine) break;
          const { payout } = await insertPayout(t, {
            reference: newPayoutReference(),
            appId: batch.appId,
            mode: batch.mode,
            rail: line.rail,
            amountMinor: line.amountMinor,
            currency: line.currency,
            beneficiary: line.beneficiary,
            narrative: line.narrative,
            metadata: line.metadata,
            idempotencyKey: null,
          });
          const scheduled = await movePayout(t, payout.id, 'SCHEDULED', { sendAfter: new Date() });
          await recordPayoutEvent(t, scheduled!, 'payout.created');
          await setLinePayout(t, batch.id, line.lineNumber, payout.id);
        }
        return from;
      });
      if (fromLine === null) return [];
      const toLine = fromLine + count - 1;
      const batch = await load(input.batchId);
      const lines = await linesBetween(em(), input.batchId, fromLine, toLine);
      return lines
        .filter((line) => line.payoutId !== null)
        .map((line) => ({
          lineNumber: line.lineNumber,
          payoutId: line.payoutId!,
          reference: line.payoutReference!,
          appId: batch.appId,
          mode: batch.mode,
        }));
    },

    /**
     * Every line's payout is made: the batch follows them now. Checked in PostgreSQL under the
     * batch's lock (every one of its lines is there, each with its payout); a batch with a line
     * still to make stays CREATING, and the workflow makes it.
     */
    async finishMakingPayoutBatchLines(input: { batchId: number }): Promise<PayoutBatchState> {
      await em().transactional(async (tx) => {
        const t = tx as EntityManager;
        const batch = await lockBatch(t, input.batchId);
        if (batch?.status !== 'CREATING') return;
        const { lines, unmade } = await lineMaking(t, batch.id);
        if (lines === batch.lineCount && unmade === 0) await moveBatch(t, batch.id, 'PROCESSING');
      });
      return stateOf(await load(input.batchId));
    },

    /**
     * Counts the lines whose payouts are terminal, from PostgreSQL; when all are, completes the
     * batch with its summary and `payout_batch.completed` in one transaction.
     */
    async settlePayoutBatchIfDone(input: {
      batchId: number;
    }): Promise<PayoutBatchState & { terminalLines: number }> {
      const batch = await load(input.batchId);
      const terminalLines = await terminalLineCount(em(), batch.id);
      if (batch.status === 'PROCESSING' && allLinesTerminal(batch.lineCount, terminalLines)) {
        await em().transactional(async (tx) => {
          const t = tx as EntityManager;
          const completed = await moveBatch(t, batch.id, 'COMPLETED', {
            summary: await batchProgress(t, batch.id),
            completed: true,
          });
          if (completed) await recordBatchEvent(t, completed, 'payout_batch.completed');
        });
      }
      return { ...(await stateOf(await load(input.batchId))), terminalLines };
    },
  };
}
