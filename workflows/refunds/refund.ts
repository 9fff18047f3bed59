import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  continueAsNew,
  executeChild,
  ParentClosePolicy,
  setHandler,
  sleep,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import {
  PAYOUT_WORKFLOW_TYPE,
  payoutWorkflowId,
  type PayoutWorkflowInput,
} from '../../domain/payouts/payout-workflow-contract.js';
import type {
  ConfirmedRefund,
  DecidedRefund,
  RefundProgress,
} from '../../activities/refunds/refund-activities.js';
import { approvalStageRefusal, type ApprovalStage } from '../../domain/refunds/refund-approval.js';
import {
  confirmationStageRefusal,
  type ConfirmationStage,
} from '../../domain/refunds/refund-confirmation.js';
import { judgeDecisionMessage } from '../../domain/refunds/refund-decisions.js';
import { refundPollDelayMs, type RefundStatus } from '../../domain/refunds/refunds.js';
import { startDelivery } from '../webhooks/delivery.js';
import { approveRefundUpdate, confirmRefundUpdate, rejectRefundUpdate } from './messages.js';
import { searchAttributes } from '../../platform/temporal/search-attributes.js';
import type {
  DecisionMessage,
  RefundApprovalInput,
  RefundDecisionResult,
  RefundWorkflowInput,
} from '../../domain/refunds/refund-workflow-contract.js';
import { askGateway, recordRefund } from './refund-options.js';

/** Questions asked in one run before it continues as new, so a refund a bank takes weeks over keeps a short history. */
const QUESTIONS_PER_RUN = 200;

/**
 * One workflow per refund (`refund-<reference>`): waits for an approver when the app's policy asks
 * for one, asks the gateway to refund, follows a refund still processing on a durable backoff
 * until the gateway's final word, then records it in one transaction and delivers its webhooks.
 */
export async function refundWorkflow(
  input: RefundWorkflowInput & { progress?: RefundProgress; asked?: number },
): Promise<{ status: RefundStatus }> {
  const setStatus = (status: RefundStatus) =>
    upsertSearchAttributes([{ key: searchAttributes.RefundStatus, value: status }]);

  const approval = input.progress ? undefined : input.approval;
  // Registered in every run, so a decision sent after the wait gets a clear refusal, not a hang.
  const decisions = awaitDecision(input, approval);
  const confirmation = awaitConfirmation(input);
  if (input.createdEventId && !input.progress) await startDelivery(input.createdEventId);
  if (approval) {
    const status = await decisions.wait();
    if (status !== 'PROCESSING') {
      setStatus(status);
      return { status };
    }
    setStatus('PROCESSING');
  }
  let progress = input.progress ?? (await askGateway.submitRefund({ refundId: input.refundId }));
  if (progress.payOut) {
    const status = await payOut(input);
    setStatus(status);
    return { status };
  }
  let asked = input.asked ?? 0;
  let askedThisRun = 0;
  while (progress.outcome === 'PROCESSING') {
    let askBy = progress.gatewayRefundId;
    if (!askBy) {
      // The gateway holds a refund under our reference but gave no id to ask about it by (an
      // earlier try's answer was lost): finance finds it in the gateway's panel and says.
      const confirmed = await confirmation.wait(progress.reason);
      if (confirmed.kind === 'FINISHED') {
        setStatus(confirmed.status);
        return { status: confirmed.status };
      }
      askBy = confirmed.gatewayRefundId;
      progress = { outcome: 'PROCESSING', gatewayRefundId: askBy, reason: null };
    }
    if (askedThisRun >= QUESTIONS_PER_RUN) {
      await continueAsNew<typeof refundWorkflow>({ ...input, createdEventId: null, progress, asked });
    }
    await sleep(refundPollDelayMs(asked));
    asked += 1;
    askedThisRun += 1;
    progress = await askGateway.checkRefund({
      refundId: input.refundId,
      gatewayRefundId: askBy,
    });
  }

  // Finished by its id alone: the activity books the gateway's answer recorded in the database,
  // never what this run's input or history carry.
  const finished = await recordRefund.finishRefund({ refundId: input.refundId });
  setStatus(finished.status);
  for (const eventId of finished.eventIds) await startDelivery(eventId);
  return { status: finished.status };
}

/**
 * The refund goes out as a payout to its destination: the activity makes the one payout of the
 * refund (approved by the refund's own decision, read from PostgreSQL), its workflow runs as this
 * one's child until the payout is final, and the refund is finished by the payout's row, never by
 * the child's answer.
 */
async function payOut(input: RefundWorkflowInput): Promise<'SUCCEEDED' | 'FAILED'> {
  const made = await recordRefund.payOutRefund({ refundId: input.refundId });
  if (made.kind === 'PAYOUT') {
    const payout: PayoutWorkflowInput = { payoutId: made.payoutId, reference: made.reference };
    await executeChild(PAYOUT_WORKFLOW_TYPE, {
      workflowId: payoutWorkflowId(made.reference),
      args: [payout],
      // The payout is money on its way: it is followed to its end whatever becomes of the refund's run.
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  }
  const finished = await recordRefund.finishRefundByPayout({
    refundId: input.refundId,
    unavailableReason: made.kind === 'UNAVAILABLE' ? made.reason : null,
  });
  for (const eventId of finished.eventIds) await startDelivery(eventId);
  return finished.status;
}

/**
 * A refusal of the activity that applies a decision, as the update's own failure: its type is the
 * rule's error code, which the API answers with. Anything else (cancellation) is raised as it is.
 */
function refusalOf(error: unknown): unknown {
  if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) {
    return ApplicationFailure.nonRetryable(error.cause.message, error.cause.type);
  }
  return error;
}

/**
 * The approval step: `approveRefund` and `rejectRefund` updates naming a decision the API
 * recorded. The validator refuses cheaply what needs no I/O (only while waiting, only a message
 * that names a decision) so such a refusal leaves no trace in history; the activity then judges
 * the decision itself (this refund's, an approver role then and now, never the operator who asked,
 * never an approver twice) and records it, or refuses it and the refund waits on. The decision
 * that settles the refund (the last approval it needs, or any rejection) answers its sender with
 * the refund's new status; an approval that leaves it needing another answers PENDING_APPROVAL.
 * Nobody deciding before the window closes expires the refund.
 */
function awaitDecision(refund: RefundWorkflowInput, approval: RefundApprovalInput | undefined) {
  let stage: ApprovalStage = approval ? 'WAITING' : 'NOT_REQUIRED';
  let decided: RefundStatus | null = null;

  const validate = (message: DecisionMessage) => {
    const refusal = judgeDecisionMessage(approvalStageRefusal(stage), message);
    if (refusal) throw ApplicationFailure.nonRetryable(refusal.message, refusal.code);
  };
  const decide =
    (approve: boolean) =>
    async (message: DecisionMessage): Promise<RefundDecisionResult> => {
      // Synchronously, before any await: a second decision in the same task is refused.
      stage = 'DECIDING';
      let outcome: DecidedRefund;
      try {
        outcome = await recordRefund.applyRefundDecision({
          refundId: refund.refundId,
          decisionId: message.decisionId,
          approve,
        });
      } catch (error) {
        // Refused: nothing was recorded, and the refund waits for a decision that holds.
        stage = 'WAITING';
        throw refusalOf(error);
      }
      if (outcome.status === 'PENDING_APPROVAL') {
        // One approval of two: kept, and the refund waits for the next one in what is left of its window.
        stage = 'WAITING';
        return { reference: refund.reference, status: outcome.status };
      }
      for (const eventId of outcome.eventIds) await startDelivery(eventId);
      decided = outcome.status;
      stage = 'DECIDED';
      return { reference: refund.reference, status: outcome.status };
    };
  setHandler(approveRefundUpdate, decide(true), { validator: validate });
  setHandler(rejectRefundUpdate, decide(false), { validator: validate });

  return {
    async wait(): Promise<RefundStatus> {
      if (approval!.requiredEventId) await startDelivery(approval!.requiredEventId);
      for (;;) {
        const remainingMs = Math.max(0, Date.parse(approval!.expiresAt) - Date.now());
        const acted = await condition(() => stage !== 'WAITING', remainingMs);
        if (!acted) {
          stage = 'EXPIRED';
          const outcome = await recordRefund.expireRefundApproval({ refundId: refund.refundId });
          for (const eventId of outcome.eventIds) await startDelivery(eventId);
          return outcome.status;
        }
        // The handler has recorded the decision and started its deliveries before the run goes
        // on; a refused one puts the step back to waiting, for what is left of the window.
        await condition(() => stage === 'DECIDED' || stage === 'WAITING');
        if (stage === 'DECIDED') return decided!;
      }
    },
  };
}

type Confirmed =
  { kind: 'FINISHED'; status: 'SUCCEEDED' | 'FAILED' } | { kind: 'ASK_GATEWAY'; gatewayRefundId: string };

/**
 * The confirmation step: a `confirmRefund` update naming a confirmation the API recorded,
 * validated cheaply (only while the refund waits, only once, only a message naming a decision),
 * then judged by the activity (this refund's, a finance role then and now, never the operator who
 * asked for the refund) and recorded with its audit entry in one transaction, or refused while the
 * refund waits on. The operator either gave the gateway's id for the refund, which the run then
 * asks about as usual, or the outcome the gateway's panel shows, which finishes the refund.
 */
function awaitConfirmation(refund: RefundWorkflowInput) {
  let stage: ConfirmationStage = 'NOT_AWAITING';
  let confirmed: Confirmed | null = null;

  const validate = (message: DecisionMessage) => {
    const refusal = judgeDecisionMessage(confirmationStageRefusal(stage), message);
    if (refusal) throw ApplicationFailure.nonRetryable(refusal.message, refusal.code);
  };
  setHandler(
    confirmRefundUpdate,
    async (message: DecisionMessage): Promise<RefundDecisionResult> => {
      stage = 'CONFIRMING';
      let outcome: ConfirmedRefund;
      try {
        outcome = await recordRefund.applyRefundConfirmation({
          refundId: refund.refundId,
          decisionId: message.decisionId,
        });
      } catch (error) {
        stage = 'AWAITING';
        throw refusalOf(error);
      }
      for (const eventId of outcome.eventIds) await startDelivery(eventId);
      confirmed =
        outcome.status === 'SUCCEEDED' || outcome.status === 'FAILED'
          ? { kind: 'FINISHED', status: outcome.status }
          : { kind: 'ASK_GATEWAY', gatewayRefundId: outcome.gatewayRefundId! };
      stage = 'CONFIRMED';
      return { reference: refund.reference, status: outcome.status };
    },
    { validator: validate },
  );

  return {
    async wait(reason: string | null): Promise<Confirmed> {
      // Open before the row says so: a confirmation racing the bookkeeping is recorded either way.
      stage = 'AWAITING';
      await recordRefund.awaitRefundConfirmation({ refundId: refund.refundId, reason });
      await condition(() => stage === 'CONFIRMED');
      return confirmed!;
    },
  };
}
