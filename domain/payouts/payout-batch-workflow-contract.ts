/**
 * What the payout batch workflow is started with and told, shared by the workflow and the modules
 * that start and nudge it; free of Node's modules, as the workflow bundle needs. Messages carry
 * nothing but "look again": every decision and cancellation is read back from PostgreSQL.
 */

/** Lines whose payouts one workflow run makes before it continues as new, so its history stays small. */
export const LINES_PER_CHUNK = 100;

/**
 * How long the follow phase waits before counting terminal lines again: every 2 s for its first
 * minute (a batch's lines mostly end within it, and one count is a cheap indexed read), then
 * growing by half each round to 1 min for lines that wait on a queue or a slow rail.
 */
export function followDelayMs(round: number): number {
  const early = 30;
  return round < early ? 2_000 : Math.min(60_000, Math.round(2_000 * 1.5 ** Math.min(round - early, 10)));
}

/** The batch workflow's id: `payout-batch-<reference>`. */
export const payoutBatchWorkflowId = (reference: string) => `payout-batch-${reference}`;
export const PAYOUT_BATCH_WORKFLOW_TYPE = 'payoutBatchWorkflow';
export const PAYOUT_BATCH_MESSAGES = { changed: 'payoutBatchChanged' } as const;

export interface PayoutBatchWorkflowInput {
  batchId: number;
  reference: string;
}
