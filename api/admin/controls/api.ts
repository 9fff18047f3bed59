import Router from '@koa/router';
import type { Context } from 'koa';
import type { ControlValue } from '../../../domain/operators/control-changes.js';
import { canonicalGuardrails } from '../../../domain/apps/guardrails.js';
import { MODES, type Mode } from '../../../domain/shared/mode.js';
import type { RouteDeps } from '../../deps.js';
import { sendData, sendList } from '../../envelope.js';
import { readJson } from '../../middleware/body.js';
import { parseWith } from '../../validation.js';
import { pathId, pathMode } from '../apps/schemas.js';
import { auditActor, requirePermission, type AdminState } from '../session.js';
import {
  controlChangesQuery,
  controlDecisionBody,
  guardrailsBody,
  payoutApprovalBody,
  receiptApprovalsBody,
  refundApprovalBody,
  rulesFromBody,
} from './schemas.js';
import {
  appControls,
  appGuardrails,
  controlChangeDetail,
  controlChangeList,
  decideControlChange,
  proposeControl,
  settingOf,
} from './service.js';

/**
 * /api/v1/admin/apps/{id}/… controls and /api/v1/admin/control-changes: setting an app's money
 * controls (200 when the change applies at once, 202 with the proposal when it loosens one and
 * waits for a second ADMIN), and the queue of proposals with their decisions.
 */
export function controlsJsonRoutes(deps: RouteDeps): Router {
  const router = new Router();

  const propose = async (ctx: Context, mode: Mode, value: ControlValue) => {
    const outcome = await proposeControl(
      deps,
      ctx.state.admin as AdminState,
      auditActor(ctx),
      { appId: pathId(ctx.params.id, 'APP_NOT_FOUND'), mode },
      value,
    );
    if (outcome.applied) sendData(ctx, 200, settingOf(outcome.value));
    else sendData(ctx, 202, outcome.change);
  };

  router.get('/apps/:id/controls', requirePermission(deps, 'apps.read'), async (ctx) => {
    sendData(ctx, 200, await appControls(deps, pathId(ctx.params.id, 'APP_NOT_FOUND')));
  });

  router.get('/apps/:id/refund-approval', requirePermission(deps, 'apps.read'), async (ctx) => {
    const controls = await appControls(deps, pathId(ctx.params.id, 'APP_NOT_FOUND'));
    sendData(ctx, 200, Object.fromEntries(MODES.map((mode) => [mode, controls[mode].refundApproval])));
  });

  router.put('/apps/:id/refund-approval/:mode', requirePermission(deps, 'refunds.policy'), async (ctx) => {
    const mode = pathMode(ctx.params.mode);
    const body = parseWith(refundApprovalBody, await readJson(ctx));
    await propose(ctx, mode, { kind: 'REFUND_APPROVAL', rules: rulesFromBody(body) });
  });

  router.get('/apps/:id/payout-approval', requirePermission(deps, 'apps.read'), async (ctx) => {
    const controls = await appControls(deps, pathId(ctx.params.id, 'APP_NOT_FOUND'));
    sendData(ctx, 200, Object.fromEntries(MODES.map((mode) => [mode, controls[mode].payoutRules])));
  });

  // Payout rules are their own, apart from the refund rules; turning LIVE payouts on, a lower
  // floor or a band asking fewer approvers waits for an ADMIN (202), the rest applies at once.
  router.put('/apps/:id/payout-approval/:mode', requirePermission(deps, 'refunds.policy'), async (ctx) => {
    const mode = pathMode(ctx.params.mode);
    const body = parseWith(payoutApprovalBody, await readJson(ctx));
    await propose(ctx, mode, { kind: 'PAYOUT_APPROVAL', payoutRules: body });
  });

  router.put('/apps/:id/receipt-approvals/:mode', requirePermission(deps, 'receipts.policy'), async (ctx) => {
    const mode = pathMode(ctx.params.mode);
    const body = parseWith(receiptApprovalsBody, await readJson(ctx));
    await propose(ctx, mode, { kind: 'RECEIPT_APPROVALS', approvals: body.approvals });
  });

  router.get('/apps/:id/guardrails', requirePermission(deps, 'apps.read'), async (ctx) => {
    sendData(ctx, 200, await appGuardrails(deps, pathId(ctx.params.id, 'APP_NOT_FOUND')));
  });

  router.put('/apps/:id/guardrails/:mode', requirePermission(deps, 'guardrails.propose'), async (ctx) => {
    const mode = pathMode(ctx.params.mode);
    const body = parseWith(guardrailsBody, await readJson(ctx));
    await propose(ctx, mode, { kind: 'GUARDRAILS', guardrails: canonicalGuardrails(body) });
  });

  router.get('/control-changes', requirePermission(deps, 'apps.read'), async (ctx) => {
    const query = parseWith(controlChangesQuery, ctx.query);
    const result = await controlChangeList(deps, query);
    sendList(ctx, { items: result.items }, { page: query.page, size: query.size, totalItems: result.total });
  });

  router.get('/control-changes/:id', requirePermission(deps, 'apps.read'), async (ctx) => {
    sendData(ctx, 200, await controlChangeDetail(deps, ctx.params.id!));
  });

  for (const [verb, decision, action] of [
    ['approve', 'APPROVE', 'controls.decide'],
    ['reject', 'REJECT', 'controls.decide'],
    // Withdrawing only cancels a proposal; the rule lets nobody but its proposer do it.
    ['withdraw', 'WITHDRAW', 'apps.read'],
  ] as const) {
    router.post(`/control-changes/:id/${verb}`, requirePermission(deps, action), async (ctx) => {
      const body = parseWith(controlDecisionBody, await readJson(ctx));
      sendData(
        ctx,
        200,
        await decideControlChange(
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

  return router;
}
