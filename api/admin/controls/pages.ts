import Router from '@koa/router';
import type { Context } from 'koa';
import type { ControlDecision, ControlValue } from '../../../domain/operators/control-changes.js';
import { MODES, type Mode } from '../../../domain/shared/mode.js';
import { can } from '../../../domain/operators/permissions.js';
import type { RouteDeps } from '../../deps.js';
import { html } from '../../pages/html.js';
import { zodIssues } from '../../validation.js';
import { pathId, pathMode } from '../apps/schemas.js';
import {
  admin,
  decideFromForm,
  formAction,
  formProblem,
  redirectWith,
  render,
  renderStepUp,
  returnPath,
  viewPermission,
} from '../pages/page-context.js';
import { auditActor } from '../session.js';
import { rulesFromForm } from './rules-form.js';
import {
  approvalRulesBody,
  controlChangesQuery,
  guardrailsBody,
  payoutApprovalBody,
  receiptApprovalsBody,
} from './schemas.js';
import { payoutRulesFromForm } from './payout-rules-views.js';
import { guardrailsFromForm } from './guardrail-views.js';
import { showAppPage } from '../apps/pages.js';
import { ApiError } from '../../../domain/shared/errors.js';
import { canonicalGuardrails } from '../../../domain/apps/guardrails.js';
import {
  appControls,
  controlledAppName,
  controlChangeList,
  decideControlChange,
  proposeControl,
} from './service.js';
import { changeTable, modeControlsCard, statusFilter, type ChangeActions } from './views.js';

/** Where a decision returns: the page it came from (the queue, or an app's controls). */
const backTo = (value: string | undefined) =>
  returnPath(value, '/admin/controls', returnPath(value, '/admin/apps/', '/admin/controls'));

function changeActionsFor(ctx: Context): ChangeActions {
  const { operator, session } = admin(ctx);
  return {
    csrfToken: session.csrfToken,
    operatorId: operator.id,
    canDecide: can(operator.role, 'controls.decide'),
    returnTo: ctx.originalUrl,
  };
}

/** The app's controls page, named by a valid app id only. */
const controlsPage = (ctx: Context) => `/admin/apps/${pathId(ctx.params.id, 'APP_NOT_FOUND')}/controls`;

/**
 * /admin/controls: the queue of proposals to loosen a control (PENDING by default), decided by an
 * ADMIN other than the proposer; /admin/apps/{id}/controls: an app's controls and their forms.
 */
export function controlsPageRoutes(deps: RouteDeps): Router {
  const router = new Router();

  router.get('/controls', viewPermission(deps, 'apps.read'), async (ctx) => {
    const status = ctx.query.status === undefined ? 'PENDING' : String(ctx.query.status);
    const parsed = controlChangesQuery.safeParse({
      ...(status && { status }),
      ...(typeof ctx.query.page === 'string' && { page: ctx.query.page }),
    });
    if (!parsed.success) {
      return render(ctx, {
        title: 'Control changes',
        active: 'controls',
        status: 400,
        flash: { kind: 'error', message: formProblem(zodIssues(parsed.error)) },
        body: html`<h1>Control changes</h1>
          ${statusFilter(status)}`,
      });
    }
    const result = await controlChangeList(deps, parsed.data);
    render(ctx, {
      title: 'Control changes',
      active: 'controls',
      body: html`<h1>Control changes</h1>
        <p class="muted">
          Loosening a refund approval policy, an app's payout rules (turning payouts on included) or a
          receipt's approvals waits here until an ADMIN other than its proposer approves it; tightening
          applies at once.
        </p>
        ${statusFilter(status)}
        <p class="muted" data-testid="total">${result.total} change(s)</p>
        ${changeTable(result.items, changeActionsFor(ctx))}`,
    });
  });

  router.get('/apps/:id/controls', viewPermission(deps, 'apps.read'), async (ctx) => {
    const appId = pathId(ctx.params.id, 'APP_NOT_FOUND');
    const controls = await appControls(deps, appId);
    const appName = await controlledAppName(deps, appId);
    const { operator, session } = admin(ctx);
    const form = {
      csrfToken: session.csrfToken,
      canSetRefunds: can(operator.role, 'refunds.policy'),
      canSetReceipts: can(operator.role, 'receipts.policy'),
    };
    const pending = MODES.flatMap((mode) => controls[mode].pendingChanges);
    render(ctx, {
      title: 'Controls',
      active: 'apps',
      body: html`<h1>Controls of ${appName ?? `app #${appId}`}</h1>
        <p>
          <a href="/admin/apps/${appId}">Back to the app</a> · <a href="/admin/controls">All proposals</a>
        </p>
        <p class="muted">Tightening a control applies at once; loosening it is proposed to another ADMIN.</p>
        <h2>Waiting for a second ADMIN</h2>
        ${changeTable(pending, changeActionsFor(ctx))}
        ${MODES.map((mode) => modeControlsCard(appId, mode, controls[mode], form))}`,
    });
  });

  const propose = (ctx: Context, mode: Mode, value: ControlValue) =>
    proposeControl(
      deps,
      admin(ctx),
      auditActor(ctx),
      { appId: pathId(ctx.params.id, 'APP_NOT_FOUND'), mode },
      value,
    );

  const proposalMessage = (applied: boolean) =>
    applied
      ? 'Saved: the control applies now.'
      : 'This loosens the control: it waits for another ADMIN to approve it.';

  router.post(
    '/apps/:id/controls/:mode/refund-approval',
    formAction(deps, 'refunds.policy', async (ctx, fields) => {
      const back = controlsPage(ctx);
      const body = approvalRulesBody.safeParse(rulesFromForm(fields));
      if (!body.success) return redirectWith(ctx, back, { error: formProblem(zodIssues(body.error)) });
      await decideFromForm(ctx, back, fields, async () => {
        const outcome = await propose(ctx, pathMode(ctx.params.mode), {
          kind: 'REFUND_APPROVAL',
          rules: body.data.rules,
        });
        return proposalMessage(outcome.applied);
      });
    }),
  );

  router.post(
    '/apps/:id/controls/:mode/payout-approval',
    formAction(deps, 'refunds.policy', async (ctx, fields) => {
      const back = controlsPage(ctx);
      const body = payoutApprovalBody.safeParse(payoutRulesFromForm(fields));
      if (!body.success) return redirectWith(ctx, back, { error: formProblem(zodIssues(body.error)) });
      await decideFromForm(ctx, back, fields, async () => {
        const outcome = await propose(ctx, pathMode(ctx.params.mode), {
          kind: 'PAYOUT_APPROVAL',
          payoutRules: body.data,
        });
        return proposalMessage(outcome.applied);
      });
    }),
  );

  router.post(
    '/apps/:id/controls/:mode/guardrails',
    formAction(deps, 'guardrails.propose', async (ctx, fields) => {
      const back = `/admin/apps/${ctx.params.id}`;
      const mode = MODES.find((m) => m === ctx.params.mode);
      if (!mode) return redirectWith(ctx, back, { error: 'No such mode' });
      // Refused: the app's page again, the form as typed with why, where the operator typed it.
      const refused = (error: string) => showAppPage(deps, ctx, { mode, fields, error });
      const read = guardrailsFromForm(fields);
      if (read.problems.length) return refused(`Check the form: ${read.problems.join('; ')}`);
      const body = guardrailsBody.safeParse(read.body);
      if (!body.success) return refused(formProblem(zodIssues(body.error)));
      try {
        const outcome = await propose(ctx, mode, {
          kind: 'GUARDRAILS',
          guardrails: canonicalGuardrails(body.data),
        });
        redirectWith(ctx, back, { ok: proposalMessage(outcome.applied) });
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        if (error.code === 'STEP_UP_REQUIRED') return renderStepUp(ctx, { ...fields }, null);
        await refused(error.message);
      }
    }),
  );

  router.post(
    '/apps/:id/controls/:mode/receipt-approvals',
    formAction(deps, 'receipts.policy', async (ctx, fields) => {
      const back = controlsPage(ctx);
      const body = receiptApprovalsBody.safeParse({ approvals: Number(fields.approvals) });
      if (!body.success) return redirectWith(ctx, back, { error: formProblem(zodIssues(body.error)) });
      await decideFromForm(ctx, back, fields, async () => {
        const outcome = await propose(ctx, pathMode(ctx.params.mode), {
          kind: 'RECEIPT_APPROVALS',
          approvals: body.data.approvals,
        });
        return proposalMessage(outcome.applied);
      });
    }),
  );

  for (const [verb, decision, action] of [
    ['approve', 'APPROVE', 'controls.decide'],
    ['reject', 'REJECT', 'controls.decide'],
    ['withdraw', 'WITHDRAW', 'apps.read'],
  ] as const satisfies ReadonlyArray<readonly [string, ControlDecision, 'controls.decide' | 'apps.read']>) {
    router.post(
      `/control-changes/:id/${verb}`,
      formAction(deps, action, async (ctx, fields) => {
        const comment = fields.comment?.trim().slice(0, 500) || null;
        await decideFromForm(ctx, backTo(fields.returnTo), fields, async () => {
          const change = await decideControlChange(
            deps,
            admin(ctx),
            auditActor(ctx),
            ctx.params.id!,
            decision,
            comment,
          );
          return `Control change #${change.id}: ${change.status}`;
        });
      }),
    );
  }

  return router;
}
