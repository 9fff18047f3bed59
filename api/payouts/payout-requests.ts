import type { EntityManager } from '@mikro-orm/postgresql';
import { recordPayoutEvent } from '../../activities/payouts/payout-bookkeeping.js';
import { deploymentLiveTodayMinor, lockLivePayoutDay, payoutRulesOf } from '../../db/payouts/payout-rules.js';
import { railSwitchedOn } from '../../db/payouts/rail-switches.js';
import {
  checkPayoutGuardrails,
  guardrailDepsOf,
  payoutBreachesLimit,
} from '../../activities/apps/guardrail-checks.js';
import {
  committedTodayMinor,
  insertPayout,
  markPayoutWorkflowStarted,
  movePayout,
  type AppScope,
  type Payout,
} from '../../db/payouts/payouts.js';
import { approversForPayout, overDailyCeiling } from '../../domain/payouts/payout-rules.js';
import { payoutDailyCeilingOf } from '../../domain/payouts/payout-settings.js';
import { newPayoutReference } from '../../domain/shared/ids.js';
import { companyZone } from '../../domain/shared/company-time.js';
import { ApiError } from '../../domain/shared/errors.js';
import type { Beneficiary } from '../../gateways/payouts/rail.js';
import { RAIL_FOR_BENEFICIARY } from '../../gateways/payouts/registry.js';
import { currentTime, type RouteDeps } from '../deps.js';
import { apiPayoutTimings, payoutRailsOf } from './payout-rails.js';
import type { CreatePayoutBody } from './payout-schemas.js';
import { startOrLeaveToSweeper } from '../sweeper-backed-start.js';

const beneficiaryOf = (body: CreatePayoutBody['beneficiary']): Beneficiary =>
  body.type === 'BANK_ACCOUNT'
    ? { ...body, bankName: body.bankName ?? null }
    : { type: body.type, walletNumber: body.walletNumber, name: body.name ?? null };

/**
 * Takes a payout: checks its rail takes it (configured, switched on, the amount in its range),
 * then in one transaction refuses it when the app's payouts are off for the mode, inserts it (once
 * per Idempotency-Key), admits it (waits for approvers under the app's payout rules, its
 * guardrail limits and the deployment's daily ceiling, else scheduled for the end of its cancel
 * window) and records
 * `payout.created`; then starts its workflow.
 */
export async function requestPayout(
  deps: RouteDeps,
  scope: AppScope,
  body: CreatePayoutBody,
  idempotencyKey: string | null,
): Promise<Payout> {
  const railName = RAIL_FOR_BENEFICIARY[body.beneficiary.type];
  const rail = payoutRailsOf(deps).rail(railName, scope.mode);
  if (!rail) throw new ApiError('RAIL_NOT_CONFIGURED', undefined, { rail: railName, mode: scope.mode });
  const em = deps.orm.em.fork() as EntityManager;
  // An operator stopped this rail: nothing new is taken for it (what it already took waits in its queue).
  if (!(await railSwitchedOn(em, railName, scope.mode))) {
    throw new ApiError('RAIL_SWITCHED_OFF', undefined, { rail: railName, mode: scope.mode });
  }
  const { minAmountMinor, maxAmountMinor } = rail.describe();
  if (body.amountMinor < minAmountMinor || body.amountMinor > maxAmountMinor) {
    throw new ApiError('PAYOUT_AMOUNT_OUT_OF_RANGE', undefined, {
      rail: railName,
      minAmountMinor,
      maxAmountMinor,
    });
  }
  await checkPayoutGuardrails(guardrailDepsOf(deps), scope);
  const timings = apiPayoutTimings(deps);
  const now = currentTime(deps);
  // The app's day for its approval bands and payout limits: the company's, in its configured zone.
  const zone = companyZone(deps.config.COMPANY_TIME_ZONE);
  const payout = await em.transactional(async (tx) => {
    const t = tx as EntityManager;
    // LIVE admissions take their turn, so two payouts racing cannot both slip under the ceiling.
    if (scope.mode === 'LIVE') await lockLivePayoutDay(t);
    const { payout: inserted, created } = await insertPayout(t, {
      reference: newPayoutReference(),
      appId: scope.appId,
      mode: scope.mode,
      rail: railName,
      amountMinor: body.amountMinor,
      currency: body.currency,
      beneficiary: beneficiaryOf(body.beneficiary),
      narrative: body.narrative ?? null,
      metadata: body.metadata ?? {},
      idempotencyKey,
      workflowStarted: false,
    });
    if (!created) return inserted;
    // The app's payout rules, read in the transaction that admits the payout: a new LIVE payout of
    // an app whose payouts finance has not turned on is refused, and its insert rolled back (a
    // retry of one taken before they were turned off still answers with it).
    const rules = await payoutRulesOf(t, scope.appId, scope.mode);
    if (!rules.enabled) throw new ApiError('PAYOUTS_NOT_ENABLED', undefined, { mode: scope.mode });
    const today = await committedTodayMinor(t, scope, inserted.currency, zone);
    const banded = approversForPayout(rules, inserted, today);
    // A payout over one of the app's guardrail limits waits for an approver rather than failing,
    // as does one that takes the deployment's LIVE day over its ceiling.
    const overLimit = await payoutBreachesLimit(t, scope, inserted, now, zone);
    const overCeiling =
      scope.mode === 'LIVE' &&
      overDailyCeiling(
        inserted,
        await deploymentLiveTodayMinor(t, inserted.currency, zone),
        payoutDailyCeilingOf(deps.config),
      );
    const approvers = overLimit || overCeiling ? Math.max(banded, 1) : banded;
    const admitted =
      approvers > 0
        ? await movePayout(t, inserted.id, 'WAITING_APPROVAL', {
            approvalsRequired: approvers,
            approvalExpiresAt: new Date(now.getTime() + timings.approvalWindowMs),
          })
        : await movePayout(t, inserted.id, 'SCHEDULED', {
            sendAfter: new Date(now.getTime() + timings.cancelWindowMs),
          });
    await recordPayoutEvent(t, admitted!, 'payout.created');
    return admitted!;
  });
  await startTakenPayout(deps, payout);
  return payout;
}

/**
 * Starts a committed payout's workflow and marks it started. When Temporal cannot be reached the
 * request still answers with the payout it took: the sweeper starts it, as does a retry of the
 * request (the start finds a running one).
 */
export async function startTakenPayout(deps: RouteDeps, payout: Payout): Promise<void> {
  await startOrLeaveToSweeper(
    deps,
    { kind: 'payout', reference: payout.reference },
    () => deps.orchestrator.startPayout(payout),
    (em) => markPayoutWorkflowStarted(em, payout.id),
  );
}
