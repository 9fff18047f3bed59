import Router from '@koa/router';
import type { EntityManager } from '@mikro-orm/postgresql';
import { appNames } from '../../../db/payments/payment-admin.js';
import { payoutsWaitingForApproval } from '../../../db/payouts/payout-list.js';
import {
  allQueuedPayouts,
  findPayoutForOperators,
  railBalances,
  type Payout,
} from '../../../db/payouts/payouts.js';
import { can } from '../../../domain/operators/permissions.js';
import { ApiError } from '../../../domain/shared/errors.js';
import type { RouteDeps } from '../../deps.js';
import { html } from '../../pages/html.js';
import { decidePayout } from '../../payouts/payout-changes.js';
import { admin, decideFromForm, formAction, render, viewPermission } from '../pages/page-context.js';
import { auditActor } from '../session.js';
import { requireStepUpToApprove } from './approval-step-up.js';
import { decideRailSwitchChange, railSwitchBoard, switchRail, wakeRailQueue } from './rail-switch-service.js';
import { railRecheckParams } from './schemas.js';
import { payoutDetailBody } from './progress-views.js';
import { beneficiaryView } from '../../../db/payouts/payout-view.js';
import { balancesTable, queueTable, railsTable, waitingTable, type MoneyOutPayoutRow } from './views.js';

const PAGE = '/admin/payouts';

/**
 * /admin/payouts, money out: each rail's balance per mode as it last said, each rail's switch and
 * queue (with the recheck after a top-up), and the payouts waiting for approval. Every button is a
 * form the server checks again (role, step-up, four eyes).
 */
export function payoutsPageRoutes(deps: RouteDeps): Router {
  const router = new Router();
  const em = () => deps.orm.em.fork() as EntityManager;

  const rowsOf = async (payouts: readonly Payout[], since: (payout: Payout) => Date) => {
    const names = await appNames(
      em(),
      payouts.map((payout) => payout.appId),
    );
    return payouts.map((payout): MoneyOutPayoutRow => ({
      reference: payout.reference,
      rail: payout.rail,
      mode: payout.mode,
      appId: payout.appId,
      appName: names.get(payout.appId) ?? null,
      amountMinor: payout.amountMinor,
      currency: payout.currency,
      since: since(payout),
      approvalsRequired: payout.approvalsRequired,
    }));
  };

  router.get('/payouts', viewPermission(deps, 'payments.read'), async (ctx) => {
    const { operator, session } = admin(ctx);
    const queued = await allQueuedPayouts(em());
    const counts = new Map<string, number>();
    for (const payout of queued) {
      const key = `${payout.rail} ${payout.mode}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const viewer = {
      csrfToken: session.csrfToken,
      operatorId: operator.id,
      canDecide: can(operator.role, 'payouts.approve'),
      canDecideControls: can(operator.role, 'controls.decide'),
    };
    render(ctx, {
      title: 'Money out',
      active: 'payouts',
      body: html`<h1>Money out</h1>
        <h2>Balances</h2>
        ${balancesTable(await railBalances(em()))}
        <h2>Rails</h2>
        <p class="muted">
          A rail switched off refuses new payouts and holds the ones it took in its queue. Switching a LIVE
          rail back on waits for a second ADMIN.
        </p>
        ${railsTable(await railSwitchBoard(deps), counts, viewer)}
        <h2>Queued</h2>
        ${queueTable(await rowsOf(queued, (payout) => payout.updatedAt))}
        <h2>Waiting for approval</h2>
        ${waitingTable(
          await rowsOf(await payoutsWaitingForApproval(em()), (payout) => payout.createdAt),
          viewer,
        )}`,
    });
  });

  /** One payout (a refund's payout is linked from its refund's page): its facts and progress. */
  router.get('/payouts/:reference', viewPermission(deps, 'payments.read'), async (ctx) => {
    const reference = ctx.params.reference!;
    const payout = /^po_[0-9a-z]{20}$/.test(reference) ? await findPayoutForOperators(em(), reference) : null;
    if (!payout) {
      return render(ctx, {
        title: 'Payout not found',
        active: 'payouts',
        status: 404,
        body: html`<div class="card" data-testid="not-found">
          <h1>Payout not found</h1>
          <p>No payout has the reference ${reference}.</p>
          <p><a href="${PAGE}">Back to money out</a></p>
        </div>`,
      });
    }
    const names = await appNames(em(), [payout.appId]);
    render(ctx, {
      title: `Payout ${payout.reference}`,
      active: 'payouts',
      body: payoutDetailBody(payout, names.get(payout.appId) ?? null, beneficiaryView(payout.beneficiary)),
    });
  });

  const railOf = (params: Record<string, string | undefined>) => {
    const parsed = railRecheckParams.safeParse(params);
    if (!parsed.success) throw new ApiError('NOT_FOUND', 'No such rail or mode');
    return parsed.data;
  };

  router.post(
    '/payouts/rails/:rail/:mode/switch',
    formAction(deps, 'payouts.approve', async (ctx, fields) => {
      await decideFromForm(ctx, PAGE, fields, async () => {
        const target = railOf(ctx.params);
        const outcome = await switchRail(
          deps,
          admin(ctx),
          auditActor(ctx),
          target,
          fields.on === 'true',
          null,
        );
        if (!outcome.applied) {
          return `Switching ${target.rail} ${target.mode} on is proposed; another ADMIN approves it`;
        }
        return `${target.rail} ${target.mode} is ${outcome.on ? 'on' : 'off'}${
          outcome.woken ? `; ${outcome.woken} queued payout(s) woken` : ''
        }`;
      });
    }),
  );

  router.post(
    '/payouts/rails/:rail/:mode/recheck',
    formAction(deps, 'payouts.approve', async (ctx, fields) => {
      await decideFromForm(ctx, PAGE, fields, async () => {
        const target = railOf(ctx.params);
        const woken = await wakeRailQueue(deps, target.rail, target.mode);
        return `${woken} queued payout(s) on ${target.rail} ${target.mode} ask the rail's balance again`;
      });
    }),
  );

  for (const [verb, decision, action] of [
    ['approve', 'APPROVE', 'controls.decide'],
    ['reject', 'REJECT', 'controls.decide'],
    ['withdraw', 'WITHDRAW', 'payouts.approve'],
  ] as const) {
    router.post(
      `/payouts/rail-switch-changes/:id/${verb}`,
      formAction(deps, action, async (ctx, fields) => {
        await decideFromForm(ctx, PAGE, fields, async () => {
          const change = await decideRailSwitchChange(
            deps,
            admin(ctx),
            auditActor(ctx),
            ctx.params.id!,
            decision,
            null,
          );
          return `Switching ${change.rail} ${change.mode} on: ${change.status}`;
        });
      }),
    );
  }

  for (const [verb, verdict] of [
    ['approve', 'APPROVE'],
    ['reject', 'REJECT'],
  ] as const) {
    router.post(
      `/payouts/:reference/${verb}`,
      formAction(deps, 'payouts.approve', async (ctx, fields) => {
        await decideFromForm(ctx, PAGE, fields, async () => {
          const payout = await findPayoutForOperators(em(), ctx.params.reference!);
          if (!payout) throw new ApiError('PAYOUT_NOT_FOUND');
          const state = admin(ctx);
          requireStepUpToApprove(deps, state, verdict, payout);
          const decided = await decidePayout(
            deps,
            payout.id,
            { id: state.operator.id, email: state.operator.email },
            verdict,
            null,
          );
          return `Payout ${decided.reference} ${verb === 'approve' ? 'approved' : 'rejected'}: now ${decided.status}`;
        });
      }),
    );
  }

  return router;
}
