import type { EntityManager } from '@mikro-orm/postgresql';
import { insertBatch, type NewBatchLine, type PayoutBatch } from '../../db/payouts/payout-batches.js';
import { unmadeBatchLinesTodayMinor } from '../../db/payouts/payout-batches.js';
import { committedTodayMinor, type AppScope } from '../../db/payouts/payouts.js';
import { railsSwitchedOff } from '../../db/payouts/rail-switches.js';
import { deploymentLiveTodayMinor, lockLivePayoutDay, payoutRulesOf } from '../../db/payouts/payout-rules.js';
import { approversForPayout, overDailyCeiling } from '../../domain/payouts/payout-rules.js';
import { newPayoutBatchReference, type BatchLineIssue } from '../../domain/payouts/payout-batches.js';
import { payoutDailyCeilingOf, type PayoutTimings } from '../../domain/payouts/payout-settings.js';
import { companyZone } from '../../domain/shared/company-time.js';
import { ApiError } from '../../domain/shared/errors.js';
import type { PayoutRailRegistry } from '../../gateways/payouts/registry.js';
import {
  batchBreachesLimit,
  checkPayoutGuardrails,
  type Deps as GuardrailDeps,
} from '../apps/guardrail-checks.js';
import { recordBatchEvent } from './payout-batch-bookkeeping.js';
import { judgeBatchLines } from './payout-batch-lines.js';

/**
 * Taking a batch of payouts: its lines judged, then the batch inserted and admitted in one
 * transaction. The API takes an app's batch this way, and the worker an operator's batch file.
 */

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
  em: EntityManager,
  rails: PayoutRailRegistry,
  scope: AppScope,
  rawLines: readonly unknown[],
): Promise<NewBatchLine[]> {
  // A rail an operator switched off for the mode takes no new line (RAIL_SWITCHED_OFF).
  const switchedOff = await railsSwitchedOff(em, scope.mode);
  const { lines, issues } = judgeBatchLines(rails, scope.mode, rawLines, switchedOff);
  if (issues.length > 0) refuseInvalidLines(issues);
  return lines;
}

export interface BatchOrigin {
  source: 'API' | 'UPLOAD';
  uploadedBy: number | null;
  fileName: string | null;
}

/** What taking a batch needs: the API's, or the worker's when it reads an operator's batch file. */
export interface BatchTaking extends GuardrailDeps {
  timings: PayoutTimings;
  /** PAYOUT_DAILY_CEILING_MINOR; its default when left out. */
  payoutDailyCeilingMinor?: number | undefined;
}

/**
 * The transaction of requestPayoutBatch, without starting the batch's workflow: the caller starts
 * it (the API once taken; the worker's upload reading as its next step).
 */
export async function takePayoutBatch(
  deps: BatchTaking,
  scope: AppScope,
  lines: readonly NewBatchLine[],
  idempotencyKey: string | null,
  origin: BatchOrigin,
): Promise<PayoutBatch> {
  await checkPayoutGuardrails(deps, scope);
  const { timings } = deps;
  const now = (deps.clock ?? (() => new Date()))();
  const currency = lines[0]!.currency;
  const total = lines.reduce((sum, line) => sum + line.amountMinor, 0);
  const em = deps.orm.em.fork() as EntityManager;
  const batch = await em.transactional(async (tx) => {
    const t = tx as EntityManager;
    // Serialises an app's batch admissions so two batches racing cannot each judge without the other.
    await t.execute('select pg_advisory_xact_lock(?, ?)', [4343, scope.appId]);
    // The app's payout rules: a LIVE batch of an app whose payouts are off is refused, nothing stored.
    const rules = await payoutRulesOf(t, scope.appId, scope.mode);
    if (!rules.enabled) throw new ApiError('PAYOUTS_NOT_ENABLED', undefined, { mode: scope.mode });
    // LIVE admissions take their turn, so a batch and a payout racing cannot both slip under the ceiling.
    if (scope.mode === 'LIVE') await lockLivePayoutDay(t);
    const zone = companyZone(deps.companyTimeZone);
    const unmadeTodayMinor = await unmadeBatchLinesTodayMinor(t, scope, currency, null, zone);
    const today = (await committedTodayMinor(t, scope, currency, zone)) + unmadeTodayMinor;
    // Over one of the app's guardrail limits, the batch waits for an approver rather than failing.
    const largestLineMinor = Math.max(...lines.map((line) => line.amountMinor));
    const overLimit = await batchBreachesLimit(
      t,
      scope,
      { currency, largestLineMinor, totalMinor: total, unmadeTodayMinor },
      now,
      zone,
    );
    // So does a LIVE batch that takes the deployment's day over the daily payout ceiling.
    const overCeiling =
      scope.mode === 'LIVE' &&
      overDailyCeiling(
        { amountMinor: total, currency },
        await deploymentLiveTodayMinor(t, currency, zone),
        payoutDailyCeilingOf({ PAYOUT_DAILY_CEILING_MINOR: deps.payoutDailyCeilingMinor }),
      );
    // A limit cannot be split: the batch is judged by its whole total (alone, and with today's)
    // under the app's payout rules. An operator's upload always waits for a second operator,
    // whatever its amount.
    const approvers = Math.max(
      origin.source === 'UPLOAD' || overLimit || overCeiling ? 1 : 0,
      approversForPayout(rules, { amountMinor: total, currency }, today),
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
  return batch;
}
