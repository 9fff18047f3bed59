import { defineSignal } from '@temporalio/workflow';
import { PAYOUT_MESSAGES } from '../../domain/payouts/payout-workflow-contract.js';
import {
  PAYOUT_BATCH_MESSAGES,
  PAYOUT_LINES_MESSAGES,
} from '../../domain/payouts/payout-batch-workflow-contract.js';

/*
 * Each signal only says "look again": what the workflow does next is decided on the row it reads
 * from PostgreSQL, never on the message.
 */

/** A payout's row changed: a decision, a cancellation or a top-up. */
export const payoutChangedSignal = defineSignal(PAYOUT_MESSAGES.changed);

/** A batch's rows changed: a decision or a cancellation. */
export const payoutBatchChangedSignal = defineSignal(PAYOUT_BATCH_MESSAGES.changed);

/** A chunk's lines may move again: a top-up, or the rail switched back on. */
export const payoutLinesChangedSignal = defineSignal(PAYOUT_LINES_MESSAGES.changed);
