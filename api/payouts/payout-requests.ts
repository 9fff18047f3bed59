import type { EntityManager } from '@mikro-orm/postgresql';
import { recordPayoutEvent } from '../../activities/payouts/payout-bookkeeping.js';
import { approvalRulesOf } from '../../db/refunds/refund-policies.js';
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
import { approversForPayout } from '../../domain/payouts/payout-approval.js';
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
 * then in one transaction inserts it (once per Idempotency-Key), admits it (waits for approvers
 * under the app's approval rules, else scheduled for the end of its cancel window) and records
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
    const { payout: inserted, created } = await insertPayout(tx as EntityManager, {
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
    const rules = await approvalRulesOf(tx as EntityManager, scope.appId, scope.mode);
    const today = await committedTodayMinor(tx as EntityManager, scope, inserted.currency, zone);
    const banded = approversForPayout(rules, inserted, today);
    // A payout over one of the app's guardrail limits waits for an approver rather than failing.
    const overLimit = await payoutBreachesLimit(tx as EntityManager, scope, inserted, now, zone);
    const approvers = overLimit ? Math.max(banded, 1) : banded;
    const admitted =
      approvers > 0
        ? await movePayout(tx as EntityManager, inserted.id, 'WAITING_APPROVAL', {
            approvalsRequired: approvers,
            approvalExpiresAt: new Date(now.getTime() + timings.approvalWindowMs),
          })
        : await movePayout(tx as EntityManager, inserted.id, 'SCHEDULED', {
            sendAfter: new Date(now.getTime() + timings.cancelWindowMs),
          });
    await recordPayoutEvent(tx as EntityManager, admitted!, 'payout.created');
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
