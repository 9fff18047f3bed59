import type { EntityManager } from '@mikro-orm/postgresql';
import {
  markBatchWorkflowStarted,
  type NewBatchLine,
  type PayoutBatch,
} from '../../db/payouts/payout-batches.js';
import type { AppScope } from '../../db/payouts/payouts.js';
import {
  takePayoutBatch,
  validBatchLines as validLinesFor,
  type BatchOrigin,
} from '../../activities/payouts/payout-batch-taking.js';
import { guardrailDepsOf } from '../../activities/apps/guardrail-checks.js';
import type { RouteDeps } from '../deps.js';
import { apiPayoutTimings, payoutRailsOf } from './payout-rails.js';
import { startOrLeaveToSweeper } from '../sweeper-backed-start.js';

export { refuseInvalidLines, type BatchOrigin } from '../../activities/payouts/payout-batch-taking.js';

/** Judges raw lines for `scope`'s mode with the API's rails: the valid lines, or 422 PAYOUT_BATCH_LINES_INVALID. */
export function validBatchLines(
  deps: Pick<RouteDeps, 'payoutRails' | 'orm'>,
  scope: AppScope,
  rawLines: readonly unknown[],
): Promise<NewBatchLine[]> {
  return validLinesFor(deps.orm.em.fork() as EntityManager, payoutRailsOf(deps), scope, rawLines);
}

/**
 * Takes a batch of valid lines in one transaction: inserts it with its lines (once per
 * Idempotency-Key), refuses it when the app's payouts are off for the mode, judges its whole
 * total (with what the app committed today) by the app's payout rules and the deployment's daily
 * ceiling, so it waits for approvers or is scheduled for the end of its cancel window, and records
 * `payout_batch.created`; then starts its workflow. No line's payout exists yet.
 */
export async function requestPayoutBatch(
  deps: RouteDeps,
  scope: AppScope,
  lines: readonly NewBatchLine[],
  idempotencyKey: string | null,
  origin: BatchOrigin,
): Promise<PayoutBatch> {
  const batch = await takePayoutBatch(
    {
      ...guardrailDepsOf(deps),
      timings: apiPayoutTimings(deps),
      payoutDailyCeilingMinor: deps.config.PAYOUT_DAILY_CEILING_MINOR,
    },
    scope,
    lines,
    idempotencyKey,
    origin,
  );
  await startTakenBatch(deps, batch);
  return batch;
}

/**
 * Starts a committed batch's workflow and marks it started. When Temporal cannot be reached the
 * request still answers with the batch: the sweeper starts it, as does a retry of the request.
 */
export async function startTakenBatch(deps: RouteDeps, batch: PayoutBatch): Promise<void> {
  await startOrLeaveToSweeper(
    deps,
    { kind: 'payout batch', reference: batch.reference },
    () => deps.orchestrator.startPayoutBatch(batch),
    (em) => markBatchWorkflowStarted(em, batch.id),
  );
}
