import type { EntityManager } from '@mikro-orm/postgresql';
import { independenceRefusal } from '../../db/approvals/independence.js';
import {
  batchDecisionsOf,
  lockBatch,
  moveBatch,
  recordBatchDecision,
  type PayoutBatch,
} from '../../db/payouts/payout-batches.js';
import { judgePayoutDecision, type PayoutVerdict } from '../../domain/payouts/payout-approval.js';
import { isBatchCancellable } from '../../domain/payouts/payout-batches.js';
import { ApiError } from '../../domain/shared/errors.js';
import { currentTime, type RouteDeps } from '../deps.js';
import { apiPayoutTimings } from './payout-rails.js';

/**
 * Changes made to a batch from outside its workflow, each in one transaction on the locked row
 * (so the workflow's own move to CREATING and this change cannot both win), then the workflow is
 * woken to read the row again.
 */

/**
 * Cancels a batch within its cancel window (or while it waits for approvers): no line's payout
 * has been made, so every line is cancelled and nothing is sent.
 */
export async function cancelPayoutBatch(
  deps: RouteDeps,
  batchId: number,
  by: 'APP' | 'OPERATOR',
): Promise<PayoutBatch> {
  const now = currentTime(deps);
  const em = deps.orm.em.fork() as EntityManager;
  const cancelled = await em.transactional(async (tx) => {
    const batch = await lockBatch(tx as EntityManager, batchId);
    if (!batch) throw new ApiError('PAYOUT_BATCH_NOT_FOUND');
    if (batch.status === 'CANCELLED') return batch;
    const windowOver = batch.status === 'SCHEDULED' && batch.sendAfter !== null && batch.sendAfter <= now;
    if (!isBatchCancellable(batch.status) || windowOver) {
      throw new ApiError(
        'PAYOUT_BATCH_NOT_CANCELLABLE',
        `The batch is ${batch.status}${windowOver || !isBatchCancellable(batch.status) ? ' and its cancel window is over' : ''}; cancel its lines' payouts one by one`,
      );
    }
    return (await moveBatch(tx as EntityManager, batch.id, 'CANCELLED', { cancelledBy: by }))!;
  });
  await deps.orchestrator.nudgePayoutBatch(cancelled.reference);
  return cancelled;
}

/**
 * An approver's decision on a waiting batch, judged on what PostgreSQL holds now with the payouts'
 * rules: only while it waits, one approval per person, approvals from people independent of each
 * other and of the operator who uploaded it. The last approval it needs schedules it (its cancel
 * window starts then); a rejection cancels it.
 */
export async function decidePayoutBatch(
  deps: RouteDeps,
  batchId: number,
  operator: { id: number; email: string },
  verdict: PayoutVerdict,
  comment: string | null,
): Promise<PayoutBatch> {
  const timings = apiPayoutTimings(deps);
  const now = currentTime(deps);
  const em = deps.orm.em.fork() as EntityManager;
  const decided = await em.transactional(async (tx) => {
    const t = tx as EntityManager;
    const batch = await lockBatch(t, batchId);
    if (!batch) throw new ApiError('PAYOUT_BATCH_NOT_FOUND');
    const approvedBy = (await batchDecisionsOf(t, batch.id))
      .filter((decision) => decision.verdict === 'APPROVE')
      .map((decision) => decision.operatorId);
    const outcome = judgePayoutDecision({
      status: batch.status,
      approvalsRequired: batch.approvalsRequired,
      approvedBy,
      operatorId: operator.id,
      verdict,
    });
    if (outcome.kind === 'REFUSED') {
      throw new ApiError(
        outcome.code === 'ALREADY_APPROVED'
          ? 'APPROVER_ALREADY_APPROVED'
          : 'PAYOUT_BATCH_NOT_WAITING_APPROVAL',
        outcome.code === 'ALREADY_APPROVED'
          ? 'You have already approved this batch; another approver must'
          : `The batch is ${batch.status}, not waiting for approval`,
      );
    }
    if (outcome.kind === 'APPROVED' && batch.uploadedBy === operator.id) {
      throw new ApiError(
        'SELF_APPROVAL_FORBIDDEN',
        'You uploaded this batch; another operator must approve it',
      );
    }
    if (outcome.kind === 'APPROVED') {
      // Four eyes: whoever uploaded the file asked for the batch.
      const tied = await independenceRefusal(t, {
        requesterId: batch.uploadedBy,
        approverId: operator.id,
        earlierApproverIds: approvedBy,
      });
      if (tied) throw new ApiError(tied.code, tied.message);
    }
    await recordBatchDecision(t, {
      batchId: batch.id,
      operatorId: operator.id,
      operatorEmail: operator.email,
      verdict,
      comment,
    });
    if (outcome.kind === 'APPROVED' && !outcome.complete) return batch;
    if (outcome.kind === 'APPROVED') {
      return (await moveBatch(t, batch.id, 'SCHEDULED', {
        sendAfter: new Date(now.getTime() + timings.cancelWindowMs),
      }))!;
    }
    return (await moveBatch(t, batch.id, 'CANCELLED', { cancelledBy: 'APPROVER' }))!;
  });
  await deps.orchestrator.nudgePayoutBatch(decided.reference);
  return decided;
}
