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

/**
 * A batch's lines are carried, from their making to a terminal status, by one workflow per chunk
 * of LINES_PER_CHUNK lines (`payout-batch-<reference>-lines-<chunk>`), not one per line: line k
 * belongs to chunk floor((k - 1) / LINES_PER_CHUNK), so every line has exactly one workflow that
 * may send it.
 */
export const PAYOUT_LINES_WORKFLOW_TYPE = 'payoutLinesWorkflow';
export const payoutLinesWorkflowId = (batchReference: string, chunk: number) =>
  `payout-batch-${batchReference}-lines-${chunk}`;
export const PAYOUT_LINES_MESSAGES = {
  /** Something about one of the chunk's payouts changed in PostgreSQL (a top-up, a rail back on). */
  changed: 'payoutLinesChanged',
} as const;

export interface PayoutLinesWorkflowInput {
  batchId: number;
  batchReference: string;
  chunk: number;
}

/** The chunk a line belongs to. */
export const chunkOfLine = (lineNumber: number) => Math.floor((lineNumber - 1) / LINES_PER_CHUNK);

/** The line numbers a chunk holds (the last chunk's may run past the batch's last line). */
export const linesOfChunk = (chunk: number) => ({
  fromLine: chunk * LINES_PER_CHUNK + 1,
  toLine: (chunk + 1) * LINES_PER_CHUNK,
});

export interface PayoutBatchWorkflowInput {
  batchId: number;
  reference: string;
}
