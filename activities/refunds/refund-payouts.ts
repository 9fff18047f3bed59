import { ApplicationFailure } from '@temporalio/activity';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '../../platform/orm/orm.js';
import { appendAudit, systemActor } from '../../db/operators/audit.js';
import {
  findPayoutById,
  insertPayout,
  movePayout,
  selectPayouts,
  type Payout,
} from '../../db/payouts/payouts.js';
import { findRefundPayout, insertRefundPayout } from '../../db/refunds/refund-payouts.js';
import { findRefundById, type Refund } from '../../db/refunds/refunds.js';
import { finalGatewayAnswerOf } from '../../db/refunds/refund-gateway-answers.js';
import { isFinal } from '../../domain/payouts/payouts.js';
import { FAILURE_TYPES } from '../../domain/shared/failure-types.js';
import { newPayoutReference } from '../../domain/shared/ids.js';
import {
  payoutDueOnRecord,
  payoutReturnedReason,
  refundNarrative,
} from '../../domain/refunds/refund-rails.js';
import { notPayerApprovalMissing } from '../../domain/refunds/refund-destination.js';
import {
  createPayoutRailRegistry,
  RAIL_FOR_BENEFICIARY,
  type PayoutRailRegistry,
} from '../../gateways/payouts/registry.js';
import type { WorkflowStarter } from '../../platform/temporal/starting.js';
import { wakeReconciliationsFor } from '../reconciliation/reconciliation-wakeups.js';
import { finishInTransaction, type FinishedRefund } from './refund-activities.js';

export interface RefundPayoutDeps {
  orm: Orm;
  publicUrl: string;
  /** The payout rails; from the process's environment when left out (as the payout core's). */
  payoutRails?: PayoutRailRegistry;
  temporal?: WorkflowStarter;
}

/** The payout a refund goes out by, or why none can be made (the refund then fails). */
export type RefundPayoutMade =
  { kind: 'PAYOUT'; payoutId: number; reference: string } | { kind: 'UNAVAILABLE'; reason: string };

const REFUND_MISSING = 'REFUND_MISSING';

/**
 * What a final payout makes of its refund: SUCCEEDED by its rail when it was paid; FAILED with the
 * payout's code and reason when it failed or was cancelled, or PAYOUT_RETURNED when the bank sent
 * it back before the refund was finished.
 */
function refundOutcomeOf(payout: Payout): {
  outcome: 'SUCCEEDED' | 'FAILED';
  reason: string | null;
  paidByRail: string | null;
} {
  if (payout.status === 'SUCCEEDED') return { outcome: 'SUCCEEDED', reason: null, paidByRail: payout.rail };
  if (payout.status === 'RETURNED') {
    return { outcome: 'FAILED', reason: payoutReturnedReason(payout), paidByRail: null };
  }
  return {
    outcome: 'FAILED',
    reason: `${payout.failureCode ?? payout.status}: ${payout.failureReason ?? `payout ${payout.status.toLowerCase()}`}`,
    paidByRail: null,
  };
}

/** Who approved the refund, as its row says: the approver's decision, or the app's policy asking none. */
function approvalOf(refund: Refund): { approvedBy: string; approvedAt: Date } | null {
  if (refund.decision) return { approvedBy: refund.decision.by, approvedAt: refund.decision.at };
  if (refund.approvalsRequired > 0) return null;
  return { approvedBy: 'NOT_REQUIRED', approvedAt: new Date() };
}

/**
 * Whether the refund's rows say it goes out by a payout: its recorded route, or its gateway's
 * recorded refusal past the refund window (never a run's input, which anyone can forge).
 */
async function payoutDue(em: EntityManager, refund: Refund): Promise<boolean> {
  return payoutDueOnRecord({
    route: refund.route,
    hasDestination: refund.destination !== null,
    firstFinalAnswer: await finalGatewayAnswerOf(em, refund.id),
  });
}

/** No payout is made and the refund stays as it is: the attempt is audited and fails for good. */
async function refusePayout(em: EntityManager, refund: Refund): Promise<never> {
  const message = `refund ${refund.reference} goes out by its gateway (route ${refund.route ?? 'GATEWAY'}): neither its route nor its gateway's recorded answer calls for a payout`;
  await appendAudit(em, systemActor('refund workflow'), {
    action: 'refund.payout_refused',
    targetType: 'refund',
    targetId: refund.reference,
    before: { status: refund.status },
    after: { code: FAILURE_TYPES.refundPayoutUnfounded, message },
  });
  throw ApplicationFailure.nonRetryable(message, FAILURE_TYPES.refundPayoutUnfounded);
}

export function createRefundPayoutActivities(deps: RefundPayoutDeps) {
  const em = () => deps.orm.em.fork() as EntityManager;
  const rails = deps.payoutRails ?? createPayoutRailRegistry(process.env);

  /** Why the destination's rail cannot pay this refund now; null when it can. */
  function unavailability(refund: Refund): string | null {
    const destination = refund.destination!;
    const railName = RAIL_FOR_BENEFICIARY[destination.type];
    if (refund.currency !== 'BDT')
      return `RAIL_NOT_AVAILABLE: payout rails pay BDT only, not ${refund.currency}`;
    const rail = rails.rail(railName, refund.mode);
    if (!rail) return `RAIL_NOT_AVAILABLE: the ${railName} payout rail is not configured for ${refund.mode}`;
    const { minAmountMinor, maxAmountMinor } = rail.describe();
    if (refund.amountMinor < minAmountMinor || refund.amountMinor > maxAmountMinor) {
      return `RAIL_NOT_AVAILABLE: the ${railName} payout rail pays from ${minAmountMinor} to ${maxAmountMinor} minor units`;
    }
    return null;
  }

  return {
    /**
     * Makes the one payout of a refund, in ONE transaction under the refund's row lock: a retry,
     * or a second worker after a crash, finds the payout already linked (refund_payouts is keyed
     * by the refund) and answers it. Only a refund PROCESSING in PostgreSQL (approved, or needing
     * no approver) is paid out, and its payout is SCHEDULED at once with the refund's approval
     * recorded on the link: it does not wait for payout approvers or a cancel window again. The
     * payout must be due on the refund's rows (`payoutDueOnRecord`): otherwise nothing is made,
     * `refund.payout_refused` is audited and the step fails for good with REFUND_PAYOUT_UNFOUNDED.
     */
    async payOutRefund(input: { refundId: number }): Promise<RefundPayoutMade> {
      let refused: Refund | null = null;
      const made = await em().transactional(async (tx): Promise<RefundPayoutMade | null> => {
        await tx.execute('select id from refunds where id = ? for update', [input.refundId]);
        const refund = await findRefundById(tx, input.refundId);
        if (!refund)
          throw ApplicationFailure.nonRetryable(`refund ${input.refundId} does not exist`, REFUND_MISSING);
        const existing = await findRefundPayout(tx, refund.id);
        if (existing) {
          const payout = (await findPayoutById(tx, existing.payoutId))!;
          return { kind: 'PAYOUT', payoutId: payout.id, reference: payout.reference };
        }
        const approval = approvalOf(refund);
        if (refund.status !== 'PROCESSING' || !approval) {
          throw ApplicationFailure.nonRetryable(
            `refund ${refund.reference} is ${refund.status}: only an approved refund is paid out`,
            'REFUND_NOT_APPROVED',
          );
        }
        // A destination that is not the payer's is paid only with its approvals applied on record.
        if (notPayerApprovalMissing(refund)) {
          throw ApplicationFailure.nonRetryable(
            `refund ${refund.reference} goes to a destination that is not the payer and holds ${refund.approvalsGiven} of the approvals it needs: it is not paid out`,
            'REFUND_NOT_APPROVED',
          );
        }
        if (!refund.destination) {
          throw ApplicationFailure.nonRetryable(
            `refund ${refund.reference} has no destination to pay out to`,
            'REFUND_DESTINATION_REQUIRED',
          );
        }
        if (!(await payoutDue(tx, refund))) {
          refused = refund;
          return null;
        }
        const unavailable = unavailability(refund);
        if (unavailable) return { kind: 'UNAVAILABLE', reason: unavailable };
        const rail = RAIL_FOR_BENEFICIARY[refund.destination.type];
        const { payout: inserted } = await insertPayout(tx, {
          reference: newPayoutReference(),
          appId: refund.appId,
          mode: refund.mode,
          rail,
          amountMinor: refund.amountMinor,
          currency: refund.currency,
          beneficiary: refund.destination,
          narrative: refundNarrative(refund.reference),
          metadata: { refund: refund.reference, payment: refund.paymentReference },
          idempotencyKey: null,
        });
        // Approved by the refund's decision: scheduled now, past any payout approval or cancel window.
        const scheduled = await movePayout(tx, inserted.id, 'SCHEDULED', { sendAfter: new Date() }, [
          'CREATED',
        ]);
        if (!scheduled) throw new Error(`payout ${inserted.reference} did not move to SCHEDULED`);
        await insertRefundPayout(tx, { refundId: refund.id, payoutId: inserted.id, rail, ...approval });
        await appendAudit(tx, systemActor('refund workflow'), {
          action: 'refund.payout_made',
          targetType: 'refund',
          targetId: refund.reference,
          after: { payout: inserted.reference, rail, amountMinor: refund.amountMinor, ...approval },
        });
        return { kind: 'PAYOUT', payoutId: inserted.id, reference: inserted.reference };
      });
      // Audited after the refund's lock is let go, in a transaction of its own.
      if (!made) return refusePayout(em(), refused!);
      return made;
    },

    /**
     * Finishes a paid-out refund by its payout's row: SUCCEEDED when the payout succeeded (booked
     * out of the rail's disbursement balance), FAILED with the payout's reason when it failed or was
     * cancelled, PAYOUT_RETURNED when the bank already sent it back; a refund no payout could be
     * made for fails with `unavailableReason`. A payout not yet final is retried, never guessed. A
     * bank return arriving after this fails the refund itself (failRefundOfReturnedPayout).
     */
    async finishRefundByPayout(input: {
      refundId: number;
      unavailableReason?: string | null;
    }): Promise<FinishedRefund> {
      const link = await findRefundPayout(em(), input.refundId);
      if (!link) {
        // No payout was made: the refund fails only if its rows say a payout was due (its rail
        // then could not pay it); a run claiming so of a refund its gateway holds fails nothing.
        const refund = await findRefundById(em(), input.refundId);
        if (!refund)
          throw ApplicationFailure.nonRetryable(`refund ${input.refundId} does not exist`, REFUND_MISSING);
        if (refund.status === 'PROCESSING' && !(await payoutDue(em(), refund)))
          return refusePayout(em(), refund);
      }
      if (link) {
        const payout = (await findPayoutById(em(), link.payoutId))!;
        if (!isFinal(payout.status)) {
          throw ApplicationFailure.retryable(
            `payout ${payout.reference} is ${payout.status}`,
            'PAYOUT_NOT_FINAL',
          );
        }
      }
      const finished = await em().transactional(async (db) => {
        const tx = db as EntityManager;
        // The payout's row is read under its lock, as a bank return takes it: a return either
        // comes first (the refund FAILED here) or finds the refund SUCCEEDED and fails it itself.
        const payout = link
          ? (await selectPayouts(tx, 'where id = ? for update', [link.payoutId]))[0]!
          : null;
        const outcome = payout
          ? refundOutcomeOf(payout)
          : {
              outcome: 'FAILED' as const,
              reason: input.unavailableReason ?? 'RAIL_NOT_AVAILABLE',
              paidByRail: null,
            };
        return finishInTransaction(tx, deps.publicUrl, { refundId: input.refundId, ...outcome });
      });
      if (finished.status === 'SUCCEEDED') await wakeReconciliationsFor(deps, { refundId: input.refundId });
      return finished;
    },
  };
}
