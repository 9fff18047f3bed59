import type { BatchStatusCount } from '../../domain/payouts/payout-batches.js';
import type { BatchLine, PayoutBatch } from './payout-batches.js';
import { beneficiaryView } from './payout-view.js';

/** A batch as the API answers it and its webhooks carry it, with its counts and amounts by payout status. */
export function payoutBatchView(batch: PayoutBatch, progress: BatchStatusCount[]) {
  return {
    id: batch.id,
    reference: batch.reference,
    status: batch.status,
    source: batch.source,
    currency: batch.currency,
    lineCount: batch.lineCount,
    totalMinor: batch.totalMinor,
    approvalsRequired: batch.approvalsRequired,
    approvalExpiresAt: batch.approvalExpiresAt?.toISOString() ?? null,
    cancellableUntil:
      batch.status === 'SCHEDULED' || batch.status === 'WAITING_APPROVAL'
        ? (batch.sendAfter?.toISOString() ?? null)
        : null,
    cancelledBy: batch.cancelledBy,
    progress,
    createdAt: batch.createdAt.toISOString(),
    updatedAt: batch.updatedAt.toISOString(),
    completedAt: batch.completedAt?.toISOString() ?? null,
  };
}

export type PayoutBatchView = ReturnType<typeof payoutBatchView>;

/** One line: what the app asked for, and its payout once made. */
export function batchLineView(line: BatchLine) {
  return {
    line: line.lineNumber,
    lineReference: line.lineReference,
    rail: line.rail,
    amountMinor: line.amountMinor,
    currency: line.currency,
    beneficiary: beneficiaryView(line.beneficiary),
    narrative: line.narrative,
    metadata: line.metadata,
    payoutReference: line.payoutReference,
    status: line.payoutStatus ?? 'NOT_CREATED',
  };
}
