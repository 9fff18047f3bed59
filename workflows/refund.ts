import { continueAsNew, proxyActivities, sleep, upsertSearchAttributes } from '@temporalio/workflow';
import type { createRefundActivities, RefundProgress } from '../activities/refund-activities.js';
import { refundPollDelayMs, type RefundStatus } from '../domain/refunds.js';
import { startDelivery } from './delivery.js';
import { searchAttributes, type RefundWorkflowInput } from './messages.js';

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
 * One workflow per refund (`refund-<reference>`): asks the gateway to refund, follows a refund
 * still processing on a durable backoff until the gateway's final word, then records it in one
 * transaction and delivers its webhooks.
 */
export async function refundWorkflow(
  input: RefundWorkflowInput & { progress?: RefundProgress; asked?: number },
): Promise<{ status: RefundStatus }> {
  const setStatus = (status: RefundStatus) =>
    upsertSearchAttributes([{ key: searchAttributes.RefundStatus, value: status }]);

  if (input.createdEventId && !input.progress) await startDelivery(input.createdEventId);
  let progress = input.progress ?? (await gateway.submitRefund({ refundId: input.refundId }));
  let asked = input.asked ?? 0;
  let askedThisRun = 0;
  while (progress.outcome === 'PROCESSING') {
    if (!progress.gatewayRefundId) {
      // The gateway holds a refund under our reference but gave no id to ask about it by (an
      // earlier try's answer was lost): it stays PROCESSING for an operator to settle.
      return { status: 'PROCESSING' };
    }
    if (askedThisRun >= QUESTIONS_PER_RUN) {
      await continueAsNew<typeof refundWorkflow>({ ...input, createdEventId: null, progress, asked });
    }
    await sleep(refundPollDelayMs(asked));
    asked += 1;
    askedThisRun += 1;
    progress = await gateway.checkRefund({
      refundId: input.refundId,
      gatewayRefundId: progress.gatewayRefundId,
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
