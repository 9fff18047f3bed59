import { batchBreachesLimit, checkPayoutGuardrails } from '../apps/guardrail-checks.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { insertBatch, type NewBatchLine, type PayoutBatch } from '../../db/payouts/payout-batches.js';
import { committedTodayMinor, type AppScope } from '../../db/payouts/payouts.js';
import { railsSwitchedOff } from '../../db/payouts/rail-switches.js';
import { approvalRulesOf } from '../../db/refunds/refund-policies.js';
import { recordBatchEvent } from '../../activities/payouts/payout-batch-bookkeeping.js';
import { approversForPayout } from '../../domain/payouts/payout-approval.js';
import { newPayoutBatchReference, type BatchLineIssue } from '../../domain/payouts/payout-batches.js';
import { ApiError } from '../../domain/shared/errors.js';
import { unmadeBatchLinesTodayMinor } from '../../db/payouts/payout-batches.js';
import { currentTime, type RouteDeps } from '../deps.js';
import { apiPayoutTimings, payoutRailsOf } from './payout-rails.js';
import { judgeBatchLines } from './payout-batch-lines.js';

/** Every invalid line, with its line number and code: nothing is created. */
export function refuseInvalidLines(issues: readonly BatchLineIssue[]): never {
  throw new ApiError(
    'PAYOUT_BATCH_LINES_INVALID',
    `${issues.length} problem(s) in the batch's lines; nothing was created`,
    {
      lines: issues.slice(0, 1000),
      issueCount: issues.length,
    },
  );
}

/** Judges raw lines for `scope`'s mode: the valid lines, or 422 PAYOUT_BATCH_LINES_INVALID naming each bad line. */
export async function validBatchLines(
  deps: RouteDeps,
  scope: AppScope,
  rawLines: readonly unknown[],
): Promise<NewBatchLine[]> {
  const switchedOff = await railsSwitchedOff(deps.orm.em.fork() as EntityManager, scope.mode);
  const { lines, issues } = judgeBatchLines(payoutRailsOf(deps), scope.mode, rawLines, switchedOff);
  if (issues.length > 0) refuseInvalidLines(issues);
  return lines;
}

export interface BatchOrigin {
  source: 'API' | 'UPLOAD';
  uploadedBy: number | null;
  fileName: string | null;
}

/**
 * Takes a batch of valid lines in one transaction: inserts it with its lines (once per
 * Idempotency-Key), judges its whole total (with what the app committed today) by the approval
 * bands, so it waits for approvers or is scheduled for the end of its cancel window, and records
 * `payout_batch.created`; then starts its workflow. No line's payout exists yet.
 */
export async function requestPayoutBatch(
  deps: RouteDeps,
  scope: AppScope,
  lines: readonly NewBatchLine[],
  idempotencyKey: string | null,
  origin: BatchOrigin,
): Promise<PayoutBatch> {
  await checkPayoutGuardrails(deps, scope);
  const timings = apiPayoutTimings(deps);
  const now = currentTime(deps);
  const currency = lines[0]!.currency;
  const total = lines.reduce((sum, line) => sum + line.amountMinor, 0);
  const em = deps.orm.em.fork() as EntityManager;
  const batch = await em.transactional(async (tx) => {
    const t = tx as EntityManager;
    // Serialises an app's batch admissions so two batches racing cannot each judge without the other.
    await t.execute('select pg_advisory_xact_lock(?, ?)', [4343, scope.appId]);
    const rules = await approvalRulesOf(t, scope.appId, scope.mode);
    const unmadeTodayMinor = await unmadeBatchLinesTodayMinor(t, scope, currency, null);
    const today = (await committedTodayMinor(t, scope, currency)) + unmadeTodayMinor;
    // Over one of the app's guardrail limits, the batch waits for an approver rather than failing.
    const largestLineMinor = Math.max(...lines.map((line) => line.amountMinor));
    const overLimit = await batchBreachesLimit(
      t,
      scope,
      { currency, largestLineMinor, totalMinor: total, unmadeTodayMinor },
      now,
    );
    // A limit cannot be split: the batch is judged by its whole total (alone, and with today's),
    // under each of its rails' rules, the strictest winning. An operator's upload always waits
    // for a second operator, whatever its amount.
    const rails = [...new Set(lines.map((line) => line.rail))];
    const approvers = Math.max(
      origin.source === 'UPLOAD' || overLimit ? 1 : 0,
      ...rails.map((rail) => approversForPayout(rules, { amountMinor: total, currency, rail }, today)),
    );
    const { batch: inserted, created } = await insertBatch(t, {
      reference: newPayoutBatchReference(),
      appId: scope.appId,
      mode: scope.mode,
      status: approvers > 0 ? 'WAITING_APPROVAL' : 'SCHEDULED',
      ...origin,
      currency,
      idempotencyKey,
      approvalsRequired: approvers,
      approvalExpiresAt: approvers > 0 ? new Date(now.getTime() + timings.approvalWindowMs) : null,
      sendAfter: approvers > 0 ? null : new Date(now.getTime() + timings.cancelWindowMs),
      lines,
    });
    if (created) await recordBatchEvent(t, inserted, 'payout_batch.created');
    return inserted;
  });
  await deps.orchestrator.startPayoutBatch(batch);
  return batch;
}
