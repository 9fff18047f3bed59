import {
  ApplicationFailure,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { createRefundActivities, RefundProgress } from '../activities/refund-activities.js';
import { judgeDecision, type ApprovalStage } from '../domain/refund-approval.js';
import {
  judgeConfirmation,
  type ConfirmationStage,
  type RefundConfirmationInput,
} from '../domain/refund-confirmation.js';
import { refundPollDelayMs, type RefundStatus } from '../domain/refunds.js';
import { startDelivery } from './delivery.js';
import {
  approveRefundUpdate,
  confirmRefundUpdate,
  rejectRefundUpdate,
  searchAttributes,
  type RefundApprovalInput,
  type RefundDecisionInput,
  type RefundDecisionResult,
  type RefundWorkflowInput,
} from './messages.js';

type RefundActivities = ReturnType<typeof createRefundActivities>;

/**
 * Talking to the gateway must eventually get an answer: an outage of any length delays the
 * refund, never fails it. The gateway's refusal is an answer, not an error.
 */
const gateway = proxyActivities<RefundActivities>({
  startToCloseTimeout: '40 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** The final transaction: retried until the database is back; idempotent. */
const bookkeeping = proxyActivities<RefundActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

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
  let progress = input.progress ?? (await gateway.submitRefund({ refundId: input.refundId }));
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
    progress = await gateway.checkRefund({
      refundId: input.refundId,
      gatewayRefundId: askBy,
    });
  }

  const finished = await bookkeeping.finishRefund({
    refundId: input.refundId,
    outcome: progress.outcome,
    reason: progress.reason,
  });
  setStatus(finished.status);
  for (const eventId of finished.eventIds) await startDelivery(eventId);
  return { status: finished.status };
}

/**
 * The approval step: `approveRefund` and `rejectRefund` updates, validated by the pure rule
 * (only while waiting, only an approver role, never the operator who asked) so a refused decision
 * leaves no trace in history; the first accepted one is recorded and answers its sender with the
 * refund's new status. Nobody deciding before the window closes expires the refund.
 */
function awaitDecision(refund: RefundWorkflowInput, approval: RefundApprovalInput | undefined) {
  let stage: ApprovalStage = approval ? 'WAITING' : 'NOT_REQUIRED';
  let decided: RefundStatus | null = null;

  const validate = (decision: RefundDecisionInput) => {
    const refusal = judgeDecision(stage, decision.approver, approval?.requestedByOperatorId ?? null);
    if (refusal) throw ApplicationFailure.nonRetryable(refusal.message, refusal.code);
  };
  const decide =
    (approve: boolean) =>
    async (decision: RefundDecisionInput): Promise<RefundDecisionResult> => {
      // Synchronously, before any await: a second decision in the same task is refused.
      stage = 'DECIDING';
      const outcome = await bookkeeping.decideRefund({ refundId: refund.refundId, approve, decision });
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
      const remainingMs = Math.max(0, Date.parse(approval!.expiresAt) - Date.now());
      const acted = await condition(() => stage !== 'WAITING', remainingMs);
      if (!acted) {
        stage = 'EXPIRED';
        const outcome = await bookkeeping.expireRefundApproval({ refundId: refund.refundId });
        for (const eventId of outcome.eventIds) await startDelivery(eventId);
        return outcome.status;
      }
      // The handler has recorded the decision and started its deliveries before the run goes on.
      await condition(() => stage === 'DECIDED');
      return decided!;
    },
  };
}

type Confirmed =
  { kind: 'FINISHED'; status: 'SUCCEEDED' | 'FAILED' } | { kind: 'ASK_GATEWAY'; gatewayRefundId: string };

/**
 * The confirmation step: a `confirmRefund` update, validated by the pure rule (only while the
 * refund waits, only once, only a finance role), recorded with its audit entry in one transaction.
 * The operator either gives the gateway's id for the refund, which the run then asks about as
 * usual, or records the outcome the gateway's panel shows, which finishes the refund.
 */
function awaitConfirmation(refund: RefundWorkflowInput) {
  let stage: ConfirmationStage = 'NOT_AWAITING';
  let confirmed: Confirmed | null = null;

  const validate = (input: RefundConfirmationInput) => {
    const refusal = judgeConfirmation(stage, input);
    if (refusal) throw ApplicationFailure.nonRetryable(refusal.message, refusal.code);
  };
  setHandler(
    confirmRefundUpdate,
    async (input: RefundConfirmationInput): Promise<RefundDecisionResult> => {
      stage = 'CONFIRMING';
      const outcome = await bookkeeping.confirmRefund({ refundId: refund.refundId, confirmation: input });
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
      await bookkeeping.awaitRefundConfirmation({ refundId: refund.refundId, reason });
      await condition(() => stage === 'CONFIRMED');
      return confirmed!;
    },
  };
}
