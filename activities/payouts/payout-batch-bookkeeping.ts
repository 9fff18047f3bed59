import type { EntityManager } from '@mikro-orm/postgresql';
import { batchProgress, type PayoutBatch } from '../../db/payouts/payout-batches.js';
import { payoutBatchView } from '../../db/payouts/payout-batch-view.js';
import { recordEvent } from '../../db/webhooks/events.js';
import type { PayoutBatchEventType } from '../../domain/payouts/payout-batches.js';

/** Records a batch's event in the caller's transaction; keyed by batch and type, so recorded once. */
export async function recordBatchEvent(
  tx: EntityManager,
  batch: PayoutBatch,
  type: PayoutBatchEventType,
): Promise<string> {
  const { eventId } = await recordEvent(tx, {
    appId: batch.appId,
    mode: batch.mode,
    type,
    sourceType: 'payout_batch',
    sourceId: batch.reference,
    data: payoutBatchView(batch, await batchProgress(tx, batch.id)),
  });
  return eventId;
}
