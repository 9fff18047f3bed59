import Router from '@koa/router';
import type { EntityManager } from '@mikro-orm/postgresql';
import { decisionsOf } from '../../../db/payouts/payout-decisions.js';
import { payoutsWaitingForApproval } from '../../../db/payouts/payout-list.js';
import { payoutView } from '../../../db/payouts/payout-view.js';
import { findPayoutForOperators, queuedPayouts, railBalances } from '../../../db/payouts/payouts.js';
import { ApiError } from '../../../domain/shared/errors.js';
import type { RouteDeps } from '../../deps.js';
import { sendData, sendList } from '../../envelope.js';
import { readJson } from '../../middleware/body.js';
import { cancelPayout, decidePayout } from '../../payouts/payout-changes.js';
import { parseWith } from '../../validation.js';
import { auditActor, requirePermission, type AdminState } from '../session.js';
import { requireStepUpToApprove } from './approval-step-up.js';
import { decideRailSwitchChange, railSwitchBoard, switchRail, wakeRailQueue } from './rail-switch-service.js';
import {
  payoutDecisionBody,
  railRecheckParams,
  railSwitchBody,
  railSwitchDecisionBody,
  waitingPayoutsQuery,
} from './schemas.js';

/**
 * /api/v1/admin/payouts: the payouts waiting for approvers and their decisions (the refunds'
 * approvers and four-eyes rule), the rails' balances and queues, a nudge after a top-up, and each
 * rail's kill switch per mode.
 */
export function payoutsJsonRoutes(deps: RouteDeps): Router {
  const router = new Router();
  const em = () => deps.orm.em.fork() as EntityManager;
  const payoutOr404 = async (id: string) => {
    const payout = await findPayoutForOperators(em(), id);
    if (!payout) throw new ApiError('PAYOUT_NOT_FOUND');
    return payout;
  };

  router.get('/payouts/waiting', requirePermission(deps, 'payments.read'), async (ctx) => {
    const query = parseWith(waitingPayoutsQuery, ctx.query);
    const items = (await payoutsWaitingForApproval(em(), query.mode)).map((payout) => ({
      ...payoutView(payout),
      appId: payout.appId,
      mode: payout.mode,
    }));
    sendList(ctx, { items }, { page: 1, size: Math.max(items.length, 1), totalItems: items.length });
  });

  /** Each rail's balance per mode as it last said, and how many payouts wait in its queue. */
  router.get('/payouts/rails', requirePermission(deps, 'payments.read'), async (ctx) => {
    const balances = await railBalances(em());
    const items = await Promise.all(
      balances.map(async (balance) => ({
        ...balance,
        queued: (await queuedPayouts(em(), balance.rail, balance.mode)).length,
      })),
    );
    sendData(ctx, 200, { items });
  });

  /** After a top-up: every payout in that rail's queue asks the rail's balance again now. */
  router.post(
    '/payouts/rails/:rail/:mode/recheck',
    requirePermission(deps, 'payouts.approve'),
    async (ctx) => {
      const params = parseWith(railRecheckParams, ctx.params);
      const woken = await wakeRailQueue(deps, params.rail, params.mode);
      sendData(ctx, 200, { rail: params.rail, mode: params.mode, woken });
    },
  );

  /** Every rail's switch per mode, with a proposal to switch it back on waiting for a second ADMIN. */
  router.get('/payouts/rail-switches', requirePermission(deps, 'payments.read'), async (ctx) => {
    sendData(ctx, 200, { items: await railSwitchBoard(deps) });
  });

  /** Off applies at once (200); back on in LIVE is a proposal (202) until another ADMIN approves it. */
  router.put('/payouts/rails/:rail/:mode/switch', requirePermission(deps, 'payouts.approve'), async (ctx) => {
    const params = parseWith(railRecheckParams, ctx.params);
    const body = parseWith(railSwitchBody, await readJson(ctx));
    const outcome = await switchRail(
      deps,
      ctx.state.admin as AdminState,
      auditActor(ctx),
      params,
      body.on,
      body.comment ?? null,
    );
    if (outcome.applied) {
      sendData(ctx, 200, { rail: outcome.rail, mode: outcome.mode, on: outcome.on, woken: outcome.woken });
    } else sendData(ctx, 202, outcome.change);
  });

  for (const [verb, decision, action] of [
    ['approve', 'APPROVE', 'controls.decide'],
    ['reject', 'REJECT', 'controls.decide'],
    // Withdrawing only cancels a proposal; the rule lets nobody but its proposer do it.
    ['withdraw', 'WITHDRAW', 'payouts.approve'],
  ] as const) {
    router.post(`/payouts/rail-switch-changes/:id/${verb}`, requirePermission(deps, action), async (ctx) => {
      const body = parseWith(railSwitchDecisionBody, await readJson(ctx));
      sendData(
        ctx,
        200,
        await decideRailSwitchChange(
          deps,
          ctx.state.admin as AdminState,
          auditActor(ctx),
          ctx.params.id!,
          decision,
          body.comment ?? null,
        ),
      );
    });
  }

  router.get('/payouts/:id', requirePermission(deps, 'payments.read'), async (ctx) => {
    const payout = await payoutOr404(ctx.params.id!);
    const decisions = await decisionsOf(em(), payout.id);
    sendData(ctx, 200, {
      ...payoutView(payout),
      appId: payout.appId,
      mode: payout.mode,
      decisions: decisions.map((decision) => ({
        verdict: decision.verdict,
        by: decision.operatorEmail,
        comment: decision.comment,
        at: decision.createdAt.toISOString(),
      })),
    });
  });

  for (const [verb, verdict] of [
    ['approve', 'APPROVE'],
    ['reject', 'REJECT'],
  ] as const) {
    router.post(`/payouts/:id/${verb}`, requirePermission(deps, 'payouts.approve'), async (ctx) => {
      const body = parseWith(payoutDecisionBody, await readJson(ctx));
      const admin = ctx.state.admin as AdminState;
      const payout = await payoutOr404(ctx.params.id!);
      requireStepUpToApprove(deps, admin, verdict, payout);
      const decided = await decidePayout(
        deps,
        payout.id,
        { id: admin.operator.id, email: admin.operator.email },
        verdict,
        body.comment ?? null,
      );
      sendData(ctx, 200, payoutView(decided));
    });
  }

  router.post('/payouts/:id/cancel', requirePermission(deps, 'payouts.approve'), async (ctx) => {
    const body = parseWith(payoutDecisionBody, await readJson(ctx));
    const payout = await payoutOr404(ctx.params.id!);
    sendData(ctx, 200, payoutView(await cancelPayout(deps, payout.id, 'OPERATOR', body.comment ?? null)));
  });

  return router;
}
