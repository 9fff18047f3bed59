import { ApplicationFailure } from '@temporalio/activity';
import { loadTies } from '../../db/operators/operator-ties.js';
import { independenceRefusal } from '../../db/approvals/independence.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '../../platform/orm/orm.js';
import {
  findPaymentById,
  lockPayment,
  resolvePaymentAttention,
  transitionPayment,
} from '../../db/payments/payments.js';
import type { Payment } from '../../platform/orm/entities.js';
import { UNKNOWN_GATEWAY } from '../../domain/ledger/ledger.js';
import { postJournalEntry } from '../../db/ledger/ledger.js';
import { recordEvent } from '../../db/webhooks/events.js';
import { checkoutUrlFor, paymentView } from '../../db/payments/payment-view.js';
import { refundView } from '../../db/refunds/refund-view.js';
import { appendAudit, type AuditActor, systemActor } from '../../db/operators/audit.js';
import {
  expireRefundApproval,
  findRefundById,
  finishRefund,
  recordGatewayRefundId,
  recordConfirmedGatewayRefundId,
  recordRefundDecision,
  requestRefundConfirmation,
  type Refund,
} from '../../db/refunds/refunds.js';
import type { RefundStatus } from '../../domain/refunds/refunds.js';
import {
  finalGatewayAnswerOf,
  latestGatewayAnswerOf,
  recordRefundGatewayAnswer,
  type RefundGatewayAnswer,
  type RefundGatewayQuestion,
} from '../../db/refunds/refund-gateway-answers.js';
import {
  confirmationPlan,
  type ConfirmationOutcome,
  type RefundConfirmationInput,
} from '../../domain/refunds/refund-confirmation.js';
import {
  judgeRecordedDecision,
  type DecisionStage,
  type RecordedDecision,
  type RecordedDecisionRefusal,
} from '../../domain/refunds/refund-decisions.js';
import { FAILURE_TYPES } from '../../domain/shared/failure-types.js';
import {
  appliedApproverIds,
  lockDecision,
  operatorNow,
  settleDecision,
} from '../../db/refunds/refund-decisions.js';
import { refundEntry } from '../../domain/ledger/ledger.js';
import { paysOutByDestination } from '../../domain/refunds/refund-rails.js';
import { hasRefundPayout } from '../../db/refunds/refund-payouts.js';
import type { ReconDay } from '../../db/reconciliation/recon-runs.js';
import { wakeReconciliation } from '../reconciliation/reconciliation-starts.js';
import { resolveExceptionsRefundedBy } from '../reconciliation/recon-resolutions.js';
import type { Currency } from '../../domain/shared/money.js';
import {
  paymentRefundEvent,
  paymentStatusAfterRefunds,
  type GatewayRefundOutcome,
} from '../../domain/refunds/refunds.js';
import type { GatewayRegistry } from '../../gateways/registry.js';
import { GatewayError, type RefundResult } from '../../gateways/types.js';
import type { WorkflowStarter } from '../../platform/temporal/starting.js';
import { wakeReconciliationsFor } from '../reconciliation/reconciliation-wakeups.js';

export interface RefundActivityDeps {
  orm: Orm;
  gateways: GatewayRegistry;
  publicUrl: string;
  /** Tells settlement days of a refund that succeeded: those reconciled already, and those whose
   * exception it settled; absent: none are told. */
  temporal?: WorkflowStarter;
}

/** Where a refund stands with its gateway, as the workflow needs to know it. */
export interface RefundProgress {
  outcome: GatewayRefundOutcome;
  /** The gateway's id to ask about the refund by; null when it cannot be asked. */
  gatewayRefundId: string | null;
  reason: string | null;
  /** The gateway refused because the payment is past its refund window. */
  refundWindowClosed?: boolean;
  /**
   * The refund goes out by a payout to its destination (its gateway cannot refund it, or refused
   * past its window): the workflow makes the payout and waits for it instead of the gateway.
   */
  payOut?: boolean;
}

/** Where the approval step left a refund, and the events it owes the app. */
export interface DecidedRefund {
  status: RefundStatus;
  eventIds: string[];
}

/** Where a finance operator's confirmation left a refund: asked about by the gateway's id, or finished. */
export interface ConfirmedRefund {
  status: RefundStatus;
  gatewayRefundId: string | null;
  eventIds: string[];
}

/** Events a finished refund owes the app, for the workflow to deliver. */
export interface FinishedRefund {
  status: 'SUCCEEDED' | 'FAILED';
  eventIds: string[];
}

const progressOf = (result: RefundResult, known: string | null): RefundProgress => ({
  outcome: result.status,
  gatewayRefundId: result.gatewayRefundId ?? known,
  reason: result.reason,
  ...(result.refundWindowClosed && { refundWindowClosed: true }),
});

/** What a gateway needs to find a refund: its id, and the payment it refunds. */
const refundKey = (payment: Payment, gatewayRefundId: string) => ({
  gatewayRefundId,
  gatewayTransactionId: payment.gatewayTransactionId ?? '',
  sessionKey: payment.gatewaySessionKey,
});

export function createRefundActivities(deps: RefundActivityDeps) {
  const em = () => deps.orm.em.fork() as EntityManager;

  async function load(refundId: number) {
    const refund = await findRefundById(em(), refundId);
    if (!refund) throw ApplicationFailure.nonRetryable(`refund ${refundId} does not exist`, 'REFUND_MISSING');
    const payment = (await findPaymentById(em(), refund.paymentId))!;
    const gateway = payment.gateway
      ? await deps.gateways.forPayment({ ...payment, gateway: payment.gateway })
      : null;
    if (!gateway) {
      // Configuration, not the refund: retried until the gateway is configured again.
      throw new Error(`${payment.gateway} is not configured for ${payment.mode}`);
    }
    return { refund, payment, gateway };
  }

  /** A gateway's refusal is its answer; only an outage or a protocol error is retried. */
  async function ask(call: () => Promise<RefundResult>, known: string | null): Promise<RefundProgress> {
    try {
      return progressOf(await call(), known);
    } catch (error) {
      if (error instanceof GatewayError && error.code === 'GATEWAY_REJECTED') {
        return { outcome: 'FAILED', gatewayRefundId: known, reason: error.message };
      }
      throw error;
    }
  }

  async function recordAnswer(refundId: number, asked: RefundGatewayQuestion, progress: RefundProgress) {
    await recordRefundGatewayAnswer(em(), {
      refundId,
      asked,
      outcome: progress.outcome,
      gatewayRefundId: progress.gatewayRefundId,
      reason: progress.reason,
      refundWindowClosed: progress.refundWindowClosed === true,
    });
  }

  /**
   * The gateway's final word on a PROCESSING refund, as recorded; when none is (a run that asked
   * before answers were recorded), the gateway is asked once more by the id the refund's row holds.
   */
  async function recordedFinalAnswer(refund: Refund): Promise<RefundGatewayAnswer | null> {
    const recorded = await finalGatewayAnswerOf(em(), refund.id);
    if (recorded || !refund.gatewayRefundId) return recorded;
    const { gateway, payment } = await load(refund.id);
    const gatewayRefundId = refund.gatewayRefundId;
    const progress = await ask(
      () => gateway.queryRefund(refundKey(payment, gatewayRefundId)),
      gatewayRefundId,
    );
    await recordAnswer(refund.id, 'FINISH', progress);
    return finalGatewayAnswerOf(em(), refund.id);
  }

  /** Nothing is booked: the attempt is audited, and the run fails for good with the rule's type. */
  async function refuseBooking(refund: Refund, type: string, message: string): Promise<never> {
    await appendAudit(em(), systemActor('refund workflow'), {
      action: 'refund.booking_refused',
      targetType: 'refund',
      targetId: refund.reference,
      before: { status: refund.status },
      after: { code: type, message },
    });
    throw ApplicationFailure.nonRetryable(message, type);
  }

  return {
    /**
     * Asks the gateway to refund, once per refund: the refund's reference is the gateway's
     * refund id on our side, so a retried submission is recognised, and a refund that already
     * has the gateway's id is only asked about.
     */
    async submitRefund(input: { refundId: number }): Promise<RefundProgress> {
      const { refund, payment, gateway } = await load(input.refundId);
      if (refund.status !== 'PROCESSING') {
        return {
          outcome: refund.status === 'SUCCEEDED' ? 'SUCCEEDED' : 'FAILED',
          gatewayRefundId: refund.gatewayRefundId,
          reason: refund.failureReason,
        };
      }
      if (refund.route === 'PAYOUT' || (await hasRefundPayout(em(), refund.id))) {
        return { outcome: 'PROCESSING', gatewayRefundId: null, reason: null, payOut: true };
      }
      if (refund.gatewayRefundId) {
        return ask(
          () => gateway.queryRefund(refundKey(payment, refund.gatewayRefundId!)),
          refund.gatewayRefundId,
        );
      }
      const progress = await ask(
        () =>
          gateway.refund({
            gatewayTransactionId: payment.gatewayTransactionId ?? '',
            sessionKey: payment.gatewaySessionKey,
            refundReference: refund.reference,
            amountMinor: refund.amountMinor,
            currency: refund.currency as Currency,
            remarks: refund.reason ?? 'Refund',
          }),
        null,
      );
      if (progress.gatewayRefundId) await recordGatewayRefundId(em(), refund.id, progress.gatewayRefundId);
      await recordAnswer(refund.id, 'SUBMIT', progress);
      const payOut = paysOutByDestination({
        gatewayRefunds: gateway.describe().refunds,
        hasDestination: refund.destination !== null,
        refundWindowClosed: progress.outcome === 'FAILED' && progress.refundWindowClosed === true,
      });
      return payOut ? { ...progress, outcome: 'PROCESSING', payOut: true } : progress;
    },

    /**
     * Asks the gateway where a submitted refund stands, by the gateway's id the refund's row holds
     * (an id in the message is not used: it could name another refund), and records the answer.
     */
    async checkRefund(input: { refundId: number; gatewayRefundId?: string }): Promise<RefundProgress> {
      const { refund, gateway, payment } = await load(input.refundId);
      if (refund.status === 'SUCCEEDED' || refund.status === 'FAILED') {
        return {
          outcome: refund.status,
          gatewayRefundId: refund.gatewayRefundId,
          reason: refund.failureReason,
        };
      }
      const gatewayRefundId = refund.gatewayRefundId;
      if (refund.status !== 'PROCESSING' || !gatewayRefundId) {
        throw ApplicationFailure.nonRetryable(
          `refund ${refund.reference} is ${refund.status} with no gateway id on record: there is nothing to ask about`,
          FAILURE_TYPES.refundOutcomeUnrecorded,
        );
      }
      const progress = await ask(
        () => gateway.queryRefund(refundKey(payment, gatewayRefundId)),
        gatewayRefundId,
      );
      await recordAnswer(refund.id, 'CHECK', progress);
      return progress;
    },

    /**
     * Applies an approver's decision recorded by the API, in ONE transaction: the decision row is
     * read and judged here (this refund's, an approver role then and now, still ACTIVE, not the
     * refund's requester, not one who approved it already, not taken into account before), then
     * the refund's new status, its `refund.approved` or `refund.rejected` event and the audit
     * entry naming the approver. A refund that needs two approvals counts the approvals recorded
     * in PostgreSQL: the first is kept (with its audit entry) and the refund waits on, still
     * PENDING_APPROVAL; any rejection rejects it. A refused decision moves nothing and fails for
     * good with the rule's code. A retry finds its decision applied and returns what the first try
     * recorded.
     */
    async applyRefundDecision(input: {
      refundId: number;
      decisionId: number;
      approve: boolean;
    }): Promise<DecidedRefund> {
      const result = await em().transactional(async (tx): Promise<DecidedRefund | Refused> => {
        // The refund's row first: approvals of one refund are counted one after another.
        await tx.execute('select id from refunds where id = ? for update', [input.refundId]);
        const refund = await findRefundById(tx, input.refundId);
        if (!refund) {
          throw ApplicationFailure.nonRetryable(`refund ${input.refundId} does not exist`, 'REFUND_MISSING');
        }
        const decision = await lockDecision(tx, input.decisionId);
        if (isRetryOf(decision, refund.id, 'APPROVAL')) return approvalOutcome(tx, refund.id);
        const earlierApprovers = input.approve ? await appliedApproverIds(tx, refund.id) : [];
        const refusal = judgeRecordedDecision({
          decision,
          refundId: refund.id,
          stage: 'APPROVAL',
          verdict: input.approve ? 'APPROVE' : 'REJECT',
          refundWaits: refund.status === 'PENDING_APPROVAL',
          requestedByOperatorId: refund.requestedByOperatorId,
          earlierApproverIds: earlierApprovers,
          operatorNow: decision ? await operatorNow(tx, decision.operator.operatorId) : null,
          ...(decision && {
            ties: await loadTies(tx, refund.requestedByOperatorId, decision.operator.operatorId),
          }),
        });
        if (refusal) return refuse(tx, refund, decision, 'APPROVAL', refusal);
        const tiedApprovers = await independenceRefusal(tx, {
          requesterId: refund.requestedByOperatorId,
          approverId: decision!.operator.operatorId,
          earlierApproverIds: earlierApprovers,
        });
        if (tiedApprovers) return refuse(tx, refund, decision, 'APPROVAL', tiedApprovers);
        const { operator, comment } = decision!;
        const approvals = earlierApprovers.length + 1;
        if (input.approve && approvals < refund.approvalsRequired) {
          await settleDecision(tx, decision!.id, 'APPLIED');
          await appendAudit(
            tx,
            { type: 'OPERATOR', id: String(operator.operatorId), label: operator.email, ip: operator.ip },
            {
              action: 'refund.approval_recorded',
              targetType: 'refund',
              targetId: refund.reference,
              before: { status: 'PENDING_APPROVAL', approvals: earlierApprovers.length },
              after: {
                status: 'PENDING_APPROVAL',
                approvals,
                approvalsRequired: refund.approvalsRequired,
                comment,
                decisionId: decision!.id,
              },
            },
          );
          return { status: 'PENDING_APPROVAL', eventIds: [] };
        }
        const decided = await recordRefundDecision(tx, refund.id, {
          approve: input.approve,
          operatorId: operator.operatorId,
          by: operator.email,
          comment,
        });
        if (!decided) {
          return refuse(tx, refund, decision, 'APPROVAL', {
            code: 'REFUND_NOT_PENDING_APPROVAL',
            message: 'This refund has already been decided',
          });
        }
        await settleDecision(tx, decision!.id, 'APPLIED');
        return closeApprovalStep(
          tx,
          decided,
          input.approve ? 'refund.approved' : 'refund.rejected',
          { type: 'OPERATOR', id: String(operator.operatorId), label: operator.email, ip: operator.ip },
          { comment, decisionId: decision!.id },
        );
      });
      return settled(result);
    },

    /** Nobody decided in time: the refund EXPIRES and releases its amount, in ONE transaction. */
    async expireRefundApproval(input: { refundId: number }): Promise<DecidedRefund> {
      return em().transactional(async (tx) => {
        // The window is the row's, never the run's: a run started with an earlier deadline
        // expires nothing before it.
        const refund = await expireRefundApproval(tx, input.refundId);
        if (!refund) {
          const current = await findRefundById(tx, input.refundId);
          if (current?.status === 'PENDING_APPROVAL' && current.approvalExpiresAt) {
            const openForMs = current.approvalExpiresAt.getTime() - Date.now();
            const message = `refund ${input.refundId} waits for its approver until ${current.approvalExpiresAt.toISOString()}`;
            // Within a minute: the two clocks disagree a little; asked again, it expires.
            if (openForMs <= 60_000) throw new Error(message);
            throw ApplicationFailure.nonRetryable(message, FAILURE_TYPES.refundApprovalWindowOpen);
          }
          return approvalOutcome(tx, input.refundId);
        }
        return closeApprovalStep(tx, refund, 'refund.expired', {
          type: 'SYSTEM',
          id: null,
          label: 'refund approval window',
          ip: null,
        });
      });
    },

    /**
     * Records the gateway's final word in ONE transaction. A success moves the payment to
     * PARTIALLY_REFUNDED or REFUNDED, posts the refund's balanced ledger entry and records
     * `refund.succeeded` and the payment's event; a failure releases the amount (a FAILED refund
     * holds nothing) and records `refund.failed`. A retry finds the refund final and returns the
     * events the first try recorded.
     */
    async finishRefund(input: { refundId: number }): Promise<FinishedRefund> {
      const refund = await findRefundById(em(), input.refundId);
      if (!refund) {
        throw ApplicationFailure.nonRetryable(`refund ${input.refundId} does not exist`, 'REFUND_MISSING');
      }
      if (refund.status === 'SUCCEEDED' || refund.status === 'FAILED') {
        return em().transactional((tx) => alreadyFinished(tx, refund));
      }
      if (refund.status !== 'PROCESSING') {
        return refuseBooking(
          refund,
          FAILURE_TYPES.refundOutcomeUnrecorded,
          `refund ${refund.reference} is ${refund.status}: it was never submitted to its gateway`,
        );
      }
      const answer = await recordedFinalAnswer(refund);
      if (!answer) {
        return refuseBooking(
          refund,
          FAILURE_TYPES.refundOutcomeUnrecorded,
          `refund ${refund.reference}: its gateway has given no final answer on record; nothing is booked`,
        );
      }
      const days: ReconDay[] = [];
      const recorded = {
        refundId: refund.id,
        outcome: answer.outcome as 'SUCCEEDED' | 'FAILED',
        reason: answer.reason,
      };
      const finished = await em().transactional((tx) =>
        finishInTransaction(tx, deps.publicUrl, recorded, undefined, days),
      );
      if (finished.status === 'SUCCEEDED') await wakeReconciliationsFor(deps, { refundId: input.refundId });
      // A day counts its open exceptions when it matches: one this refund settled lets it close.
      // Its daily wake-up would find that anyway, so a signal that fails here is no loss.
      for (const day of deps.temporal ? days : []) {
        await wakeReconciliation(deps.temporal!.client, day, 'a refund settled an exception').catch(
          () => false,
        );
      }
      return finished;
    },

    /**
     * The refund waits for finance to confirm it: the gateway holds it but gave no id to ask
     * about it by. Marks it for the attention queue, once; nothing else changes.
     */
    async awaitRefundConfirmation(input: { refundId: number; reason?: string | null }): Promise<void> {
      const refund = await findRefundById(em(), input.refundId);
      if (!refund) {
        throw ApplicationFailure.nonRetryable(`refund ${input.refundId} does not exist`, 'REFUND_MISSING');
      }
      // Only the gateway's own recorded answer sends a refund to finance, with the gateway's reason.
      const answer = await latestGatewayAnswerOf(em(), refund.id);
      const founded = answer?.outcome === 'PROCESSING' && answer.gatewayRefundId === null;
      if (!founded) {
        if (refund.status !== 'PROCESSING' || refund.gatewayRefundId !== null) return;
        return refuseBooking(
          refund,
          FAILURE_TYPES.refundConfirmationUnfounded,
          `refund ${refund.reference}: its gateway has not answered that it holds the refund without an id`,
        );
      }
      await requestRefundConfirmation(em(), refund.id, answer.reason);
    },

    /**
     * Applies a finance operator's confirmation recorded by the API, in ONE transaction with its
     * audit entry, once the decision row is judged here (this refund's, a finance role then and
     * now, still ACTIVE, not the refund's requester, not taken into account before): the
     * gateway's id for the refund (the run then asks the gateway as usual), or the outcome the
     * operator saw, which finishes the refund as the gateway's word would. A refused confirmation
     * moves nothing and fails for good with the rule's code. A retry finds it applied and answers
     * the same.
     */
    async applyRefundConfirmation(input: { refundId: number; decisionId: number }): Promise<ConfirmedRefund> {
      const result = await em().transactional(async (tx): Promise<ConfirmedRefund | Refused> => {
        const before = await findRefundById(tx, input.refundId);
        if (!before) {
          throw ApplicationFailure.nonRetryable(`refund ${input.refundId} does not exist`, 'REFUND_MISSING');
        }
        // The payment's row first, as admission and finishing take it.
        await lockPayment(tx, before.paymentId);
        const decision = await lockDecision(tx, input.decisionId);
        if (isRetryOf(decision, before.id, 'CONFIRMATION')) {
          const now = (await findRefundById(tx, before.id))!;
          if (now.status === 'PROCESSING')
            return { status: now.status, gatewayRefundId: now.gatewayRefundId, eventIds: [] };
          return { ...(await alreadyFinished(tx, now)), gatewayRefundId: null };
        }
        const refusal = judgeRecordedDecision({
          decision,
          refundId: before.id,
          stage: 'CONFIRMATION',
          verdict: null,
          // The workflow opens its wait before the row is marked: what counts is that the gateway
          // gave no id and the refund is not final.
          refundWaits: before.status === 'PROCESSING' && before.gatewayRefundId === null,
          requestedByOperatorId: before.requestedByOperatorId,
          operatorNow: decision ? await operatorNow(tx, decision.operator.operatorId) : null,
          ...(decision && {
            ties: await loadTies(tx, before.requestedByOperatorId, decision.operator.operatorId),
          }),
        });
        if (refusal) return refuse(tx, before, decision, 'CONFIRMATION', refusal);
        const confirmation: RefundConfirmationInput = {
          operator: decision!.operator,
          outcome: decision!.verdict as ConfirmationOutcome,
          gatewayRefundId: decision!.gatewayRefundId,
          note: decision!.comment ?? '',
        };
        await settleDecision(tx, decision!.id, 'APPLIED');
        return applyConfirmation(tx, deps.publicUrl, before, confirmation, decision!.id);
      });
      if (!('refused' in result) && result.status === 'SUCCEEDED') {
        await wakeReconciliationsFor(deps, { refundId: input.refundId });
      }
      return settled(result);
    },
  };
}

/**
 * Records a refund's final word inside the caller's transaction (see `finishRefund`); `audit`
 * records who gave it when a person did, in the same transaction.
 */
export async function finishInTransaction(
  tx: EntityManager,
  publicUrl: string,
  input: {
    refundId: number;
    outcome: 'SUCCEEDED' | 'FAILED';
    reason: string | null;
    /** The payout rail that paid it back, when its payout did. */
    paidByRail?: string | null;
  },
  audit?: (refund: Refund) => Promise<unknown>,
  /** Collects the settlement days whose exceptions the refund resolved. */
  reconDays: ReconDay[] = [],
): Promise<FinishedRefund> {
  const target = await findRefundById(tx, input.refundId);
  if (!target) {
    throw ApplicationFailure.nonRetryable(`refund ${input.refundId} does not exist`, 'REFUND_MISSING');
  }
  // The payment's row first, as admission takes it: refunds of one payment finish one at a time.
  const locked = (await lockPayment(tx, target.paymentId))!;
  const refund = await finishRefund(
    tx,
    input.refundId,
    input.outcome,
    input.outcome === 'FAILED' ? input.reason : null,
  );
  if (!refund) return alreadyFinished(tx, target);
  await audit?.(refund);
  const eventIds: string[] = [];
  const record = async (type: string, data: Record<string, unknown>) => {
    eventIds.push(await recordRefundEvent(tx, refund, type, data));
  };
  if (refund.status === 'FAILED') {
    await record('refund.failed', refundView(refund));
    return { status: 'FAILED', eventIds };
  }
  await postJournalEntry(
    tx,
    refundEntry({
      refundReference: refund.reference,
      appId: String(refund.appId),
      mode: refund.mode,
      gateway: locked.gateway ?? UNKNOWN_GATEWAY,
      currency: refund.currency as Currency,
      amountMinor: refund.amountMinor,
      funds: refund.funds,
      paidByRail: input.paidByRail ?? null,
    }),
  );
  await record('refund.succeeded', refundView(refund));
  // A refund finance asked for on a reconciliation exception settles that exception with it.
  reconDays.push(...(await resolveExceptionsRefundedBy(tx, refund)));
  if (refund.funds === 'UNAPPLIED') {
    // Parked money is not the payment's: its status stays; the flag closes once all of it is back.
    await closeAttentionWhenRefunded(tx, locked);
    return { status: 'SUCCEEDED', eventIds };
  }
  const refundedMinor = locked.refundedMinor + refund.amountMinor;
  const nextStatus = paymentStatusAfterRefunds(locked.amountMinor, refundedMinor);
  const moved = await transitionPayment(tx, {
    paymentId: locked.id,
    from: [locked.status],
    to: nextStatus,
    reason: `refund ${refund.reference}`,
    patch: { refundedMinor },
  });
  if (!moved) throw new Error(`payment ${locked.id} did not move to ${nextStatus}`);
  await record(
    paymentRefundEvent(nextStatus),
    paymentView(moved, checkoutUrlFor(publicUrl, moved.reference)),
  );
  return { status: 'SUCCEEDED', eventIds };
}

/**
 * Closes a payment's attention flag as REFUNDED once its refunds of parked money have returned
 * all of it (the late-capture refund, or an operator's from the attention queue).
 */
async function closeAttentionWhenRefunded(tx: EntityManager, payment: Payment): Promise<void> {
  const [row] = await tx.execute<Array<{ refunded: string }>>(
    `select coalesce(sum(amount_minor), 0) as refunded from refunds
      where payment_id = ? and funds = 'UNAPPLIED' and status = 'SUCCEEDED'`,
    [payment.id],
  );
  if (Number(row?.refunded ?? 0) < payment.unappliedMinor) return;
  const resolved = await resolvePaymentAttention(tx, payment.id, {
    kind: 'REFUNDED',
    note: 'Parked funds refunded in full',
    by: 'SYSTEM',
  });
  if (resolved) {
    await appendAudit(tx, systemActor('parked funds refunded'), {
      action: 'payment.attention_resolved',
      targetType: 'payment',
      targetId: payment.reference,
      before: { attentionReason: payment.attentionReason },
      after: { resolution: 'REFUNDED', unappliedMinor: payment.unappliedMinor },
    });
  }
}

/** The events a refund finished by an earlier try recorded, for a retry to deliver again. */
async function alreadyFinished(tx: EntityManager, earlier: Refund): Promise<FinishedRefund> {
  const refund = (await findRefundById(tx, earlier.id))!;
  const rows = await tx.execute<Array<{ id: string }>>(
    `select id from events where source_type = 'refund' and source_id = ? and type in ('refund.succeeded', 'refund.failed', 'payment.partially_refunded', 'payment.refunded') order by created_at, id`,
    [refund.reference],
  );
  return {
    status: refund.status === 'SUCCEEDED' ? 'SUCCEEDED' : 'FAILED',
    eventIds: rows.map((row) => row.id),
  };
}

/** Records one of the refund's events (the outbox), about the refund or, for the payment's events, its payment. */
async function recordRefundEvent(
  tx: EntityManager,
  refund: Refund,
  type: string,
  data: Record<string, unknown> = refundView(refund),
): Promise<string> {
  const { eventId } = await recordEvent(tx, {
    appId: refund.appId,
    mode: refund.mode,
    type,
    sourceType: 'refund',
    sourceId: refund.reference,
    data,
  });
  return eventId;
}

/** The end of an approval step, in the caller's transaction: its event and the audit entry naming who ended it. */
async function closeApprovalStep(
  tx: EntityManager,
  refund: Refund,
  type: (typeof APPROVAL_EVENTS)[number],
  actor: AuditActor,
  detail: Record<string, unknown> = {},
): Promise<DecidedRefund> {
  const eventId = await recordRefundEvent(tx, refund, type);
  await appendAudit(tx, actor, {
    action: type,
    targetType: 'refund',
    targetId: refund.reference,
    before: { status: 'PENDING_APPROVAL' },
    after: { status: refund.status, amountMinor: refund.amountMinor, ...detail },
  });
  return { status: refund.status, eventIds: [eventId] };
}

const APPROVAL_EVENTS = ['refund.approved', 'refund.rejected', 'refund.expired'] as const;

/** Where an earlier try of the approval step left the refund, and the event it recorded. */
async function approvalOutcome(tx: EntityManager, refundId: number): Promise<DecidedRefund> {
  const refund = await findRefundById(tx, refundId);
  if (!refund) throw ApplicationFailure.nonRetryable(`refund ${refundId} does not exist`, 'REFUND_MISSING');
  const rows = await tx.execute<Array<{ id: string }>>(
    `select id from events where source_type = 'refund' and source_id = ? and type in (?, ?, ?)
      order by created_at, id`,
    [refund.reference, ...APPROVAL_EVENTS],
  );
  return { status: refund.status, eventIds: rows.map((row) => row.id) };
}

/** A decision the activity refused: recorded as such, then raised once its transaction committed. */
interface Refused {
  refused: RecordedDecisionRefusal;
}

/** The result of an applied decision, or the refusal raised as a non-retryable failure of the rule's code. */
function settled<T extends object>(result: T | Refused): T {
  if ('refused' in result) {
    throw ApplicationFailure.nonRetryable(result.refused.message, result.refused.code);
  }
  return result;
}

/** The decision was applied to this refund by an earlier try of the same activity. */
function isRetryOf(decision: RecordedDecision | null, refundId: number, stage: DecisionStage): boolean {
  return (
    decision !== null &&
    decision.refundId === refundId &&
    decision.stage === stage &&
    decision.status === 'APPLIED'
  );
}

/**
 * Records a refusal in the caller's transaction: the decision is marked REFUSED when it is this
 * refund's (a decision of another refund is left as it is: naming it here must not spoil it), and
 * the audit trail says what was refused and why.
 */
async function refuse(
  tx: EntityManager,
  refund: Refund,
  decision: RecordedDecision | null,
  stage: DecisionStage,
  refusal: RecordedDecisionRefusal,
): Promise<Refused> {
  const own = decision !== null && decision.refundId === refund.id && decision.stage === stage;
  if (own) await settleDecision(tx, decision.id, 'REFUSED', refusal.code);
  await appendAudit(tx, systemActor('refund workflow'), {
    action: 'refund.decision_refused',
    targetType: 'refund',
    targetId: refund.reference,
    after: {
      stage,
      decisionId: decision?.id ?? null,
      decidedBy: own ? decision.operator.email : null,
      code: refusal.code,
      message: refusal.message,
    },
  });
  return { refused: refusal };
}

/**
 * Records a finance operator's confirmation in the caller's transaction with its audit entry: the
 * gateway's id (the refund is then asked about by it) or the outcome seen, which finishes it.
 */
async function applyConfirmation(
  tx: EntityManager,
  publicUrl: string,
  before: Refund,
  confirmation: RefundConfirmationInput,
  decisionId: number,
): Promise<ConfirmedRefund> {
  const plan = confirmationPlan(confirmation);
  const audit = (refund: Refund) =>
    appendAudit(
      tx,
      {
        type: 'OPERATOR',
        id: String(confirmation.operator.operatorId),
        label: confirmation.operator.email,
        ip: confirmation.operator.ip,
      },
      {
        action: 'refund.confirmed',
        targetType: 'refund',
        targetId: refund.reference,
        before: { status: 'PROCESSING', confirmationReason: before.confirmationReason },
        after: {
          outcome: confirmation.outcome,
          gatewayRefundId: confirmation.gatewayRefundId,
          note: confirmation.note,
          status: refund.status,
          decisionId,
        },
      },
    );
  if (plan.kind === 'ASK_GATEWAY') {
    const refund = await recordConfirmedGatewayRefundId(tx, before.id, plan.gatewayRefundId);
    if (refund) await audit(refund);
    const now = refund ?? (await findRefundById(tx, before.id))!;
    return { status: now.status, gatewayRefundId: now.gatewayRefundId, eventIds: [] };
  }
  const finished = await finishInTransaction(
    tx,
    publicUrl,
    { refundId: before.id, outcome: plan.outcome, reason: plan.reason },
    audit,
  );
  return { ...finished, gatewayRefundId: null };
}
