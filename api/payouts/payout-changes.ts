import type { EntityManager } from '@mikro-orm/postgresql';
import { independenceRefusal } from '../../db/approvals/independence.js';
import { bookOutcome } from '../../activities/payouts/payout-bookkeeping.js';
import { decisionsOf, recordPayoutDecision } from '../../db/payouts/payout-decisions.js';
import { lockPayout, movePayout, type Payout } from '../../db/payouts/payouts.js';
import { judgePayoutDecision, type PayoutVerdict } from '../../domain/payouts/payout-approval.js';
import { isCancellable } from '../../domain/payouts/payouts.js';
import { ApiError } from '../../domain/shared/errors.js';
import { currentTime, type RouteDeps } from '../deps.js';
import { apiPayoutTimings } from './payout-rails.js';

/**
 * Changes made to a payout from outside its workflow, each in one transaction on the locked row
 * (so the workflow's own move to SENDING and this change cannot both win), then the workflow is
 * woken to read the row again.
 */

/**
 * Cancels a payout nothing has been sent for: while it waits for approvers or in the queue, and
 * while its cancel window lasts.
 */
export async function cancelPayout(
  deps: RouteDeps,
  payoutId: number,
  by: 'APP' | 'OPERATOR',
  reason: string | null,
): Promise<Payout> {
  const now = currentTime(deps);
  const em = deps.orm.em.fork() as EntityManager;
  const cancelled = await em.transactional(async (tx) => {
    const payout = await lockPayout(tx as EntityManager, payoutId);
    if (!payout) throw new ApiError('PAYOUT_NOT_FOUND');
    if (payout.status === 'CANCELLED') return payout;
    const windowOver = payout.status === 'SCHEDULED' && payout.sendAfter !== null && payout.sendAfter <= now;
    if (!isCancellable(payout.status) || windowOver) {
      throw new ApiError(
        'PAYOUT_NOT_CANCELLABLE',
        `The payout is ${payout.status}${windowOver ? ' and its cancel window is over' : ''}`,
      );
    }
    const moved = await movePayout(tx as EntityManager, payout.id, 'CANCELLED', {
      cancelledBy: by,
      failureCode: 'CANCELLED',
      failureReason: reason,
      settled: true,
    });
    await bookOutcome(tx as EntityManager, moved!);
    return moved!;
  });
  await deps.orchestrator.nudgePayout(cancelled.reference);
  return cancelled;
}

/**
 * An approver's decision on a waiting payout, judged on what PostgreSQL holds now: only while it
 * waits, one approval per person, two approvals from independent people (the refunds' four-eyes
 * rule). The last approval it needs schedules it (its cancel window starts then); a rejection
 * cancels it.
 */
export async function decidePayout(
  deps: RouteDeps,
  payoutId: number,
  operator: { id: number; email: string },
  verdict: PayoutVerdict,
  comment: string | null,
): Promise<Payout> {
  const timings = apiPayoutTimings(deps);
  const now = currentTime(deps);
  const em = deps.orm.em.fork() as EntityManager;
  const decided = await em.transactional(async (tx) => {
    const t = tx as EntityManager;
    const payout = await lockPayout(t, payoutId);
    if (!payout) throw new ApiError('PAYOUT_NOT_FOUND');
    const approvedBy = (await decisionsOf(t, payout.id))
      .filter((decision) => decision.verdict === 'APPROVE')
      .map((decision) => decision.operatorId);
    const outcome = judgePayoutDecision({
      status: payout.status,
      approvalsRequired: payout.approvalsRequired,
      approvedBy,
      operatorId: operator.id,
      verdict,
    });
    if (outcome.kind === 'REFUSED') {
      throw new ApiError(
        outcome.code === 'ALREADY_APPROVED' ? 'APPROVER_ALREADY_APPROVED' : 'PAYOUT_NOT_WAITING_APPROVAL',
        outcome.message,
      );
    }
    if (outcome.kind === 'APPROVED') {
      // An app asks for a payout: its approvers are independent of each other.
      const tied = await independenceRefusal(t, {
        requesterId: null,
        approverId: operator.id,
        earlierApproverIds: approvedBy,
      });
      if (tied) throw new ApiError(tied.code, tied.message);
    }
    await recordPayoutDecision(t, {
      payoutId: payout.id,
      operatorId: operator.id,
      operatorEmail: operator.email,
      verdict,
      comment,
    });
    if (outcome.kind === 'APPROVED' && !outcome.complete) return payout;
    if (outcome.kind === 'APPROVED') {
      return (await movePayout(t, payout.id, 'SCHEDULED', {
        sendAfter: new Date(now.getTime() + timings.cancelWindowMs),
      }))!;
    }
    const rejected = await movePayout(t, payout.id, 'CANCELLED', {
      cancelledBy: 'APPROVER',
      failureCode: 'APPROVAL_REJECTED',
      failureReason: comment,
      settled: true,
    });
    await bookOutcome(t, rejected!);
    return rejected!;
  });
  await deps.orchestrator.nudgePayout(decided.reference);
  return decided;
}
