import Router from '@koa/router';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from 'koa';
import { listAppChoices } from '../../../db/payments/payment-admin.js';
import { can } from '../../../domain/operators/permissions.js';
import type { RouteDeps } from '../../deps.js';
import { html } from '../../pages/html.js';
import { zodIssues } from '../../validation.js';
import {
  admin,
  decideFromForm,
  filterValues,
  formAction,
  formProblem,
  redirectWith,
  render,
  returnPath,
  viewPermission,
  withRequestedPage,
} from '../pages/page-context.js';
import { pager } from '../payments/views.js';
import { pagination } from '../payments/service.js';
import { auditActor } from '../session.js';
import {
  attentionDecisionBody,
  attentionQuery,
  attentionRefundBody,
  attentionResolveBody,
} from './schemas.js';
import { attentionList, decideAttentionRequest, refundFlagged, resolveFlagged } from './service.js';
import { refundList } from '../refunds/service.js';
import { attentionFilters, attentionTable, waitingRefundsNotice, type ActionForm } from './views.js';

const FILTER_FIELDS = ['appId', 'mode', 'state'] as const;

/** Where an action returns: the queue page it came from. */
const queuePath = (value: string | undefined) => returnPath(value, '/admin/attention', '/admin/attention');

/** /admin/attention: payments whose captured money could not be applied, and finance's decisions. */
export function attentionPageRoutes(deps: RouteDeps): Router {
  const router = new Router();
  const em = () => deps.orm.em.fork() as EntityManager;

  const actionFormFor = (ctx: Context): ActionForm | null => {
    const { operator, session } = admin(ctx);
    // Refunding parked money and applying it are one rule-book action, `parked.release`.
    const canRelease = can(operator.role, 'attention.resolve');
    if (!canRelease) return null;
    return {
      csrfToken: session.csrfToken,
      operatorId: operator.id,
      canRefund: canRelease,
      canResolve: canRelease,
      canApproveRefunds: can(operator.role, 'refunds.approve'),
      returnTo: queuePath(ctx.originalUrl),
    };
  };

  router.get('/attention', viewPermission(deps, 'payments.read'), async (ctx) => {
    const form = filterValues(ctx, FILTER_FIELDS);
    // What waits for a decision is what operators come for.
    form.state ??= 'OPEN';
    form.mode ??= 'TEST';
    const parsed = attentionQuery.safeParse(withRequestedPage(ctx, form));
    const apps = await listAppChoices(em());
    let body = html``;
    let problem: string | null = null;
    if (parsed.success) {
      const result = await attentionList(deps, parsed.data);
      const totalPages = pagination(parsed.data, result.total).totalPages;
      const waiting = await refundList(deps, {
        mode: parsed.data.mode,
        awaitingConfirmation: 'true',
        page: 1,
        size: 1,
      });
      body = html`${waitingRefundsNotice(waiting.total, parsed.data.mode)}
        <p class="muted" data-testid="total">
          ${result.total} ${parsed.data.state.toLowerCase()} flagged payment(s) in ${parsed.data.mode}
        </p>
        ${attentionTable(result.items, actionFormFor(ctx))}
        ${pager('/admin/attention', form, parsed.data.page, totalPages)}`;
    } else {
      const issues = zodIssues(parsed.error);
      problem = `Check the filters: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`;
    }
    render(ctx, {
      title: 'Attention',
      active: 'attention',
      status: problem ? 400 : 200,
      ...(problem && { flash: { kind: 'error' as const, message: problem } }),
      body: html`<h1>Needs attention</h1>
        <p class="muted">
          Payments whose captured money could not be applied: it stays parked until it is refunded to the
          customer or applied to the app.
        </p>
        ${attentionFilters(form, apps)} ${body}`,
    });
  });

  const decide = (ctx: Context, fields: Record<string, string>, run: () => Promise<string>) =>
    decideFromForm(ctx, queuePath(fields.returnTo), fields, run);

  router.post(
    '/payments/:reference/attention/refund',
    formAction(deps, 'attention.resolve', async (ctx, fields) => {
      const body = attentionRefundBody.safeParse({ note: fields.note ?? '' });
      if (!body.success) {
        return redirectWith(ctx, queuePath(fields.returnTo), { error: formProblem(zodIssues(body.error)) });
      }
      await decide(ctx, fields, async () => {
        const reference = ctx.params.reference!;
        const item = await refundFlagged(deps, admin(ctx), auditActor(ctx), reference, body.data.note);
        const refund = item.parkedRefunds.at(-1);
        if (!refund) return `Refund of ${item.reference}'s parked money asked for`;
        return refund.status === 'PENDING_APPROVAL'
          ? `Refund ${refund.reference} of ${item.reference}'s parked money: waits for another operator's approval`
          : `Refund ${refund.reference} of ${item.reference}'s parked money: now ${refund.status}`;
      });
    }),
  );

  router.post(
    '/payments/:reference/attention/resolve',
    formAction(deps, 'attention.resolve', async (ctx, fields) => {
      const body = attentionResolveBody.safeParse({
        resolution: fields.resolution ?? '',
        note: fields.note ?? '',
      });
      if (!body.success) {
        return redirectWith(ctx, queuePath(fields.returnTo), { error: formProblem(zodIssues(body.error)) });
      }
      await decide(ctx, fields, async () => {
        const reference = ctx.params.reference!;
        const item = await resolveFlagged(
          deps,
          admin(ctx),
          auditActor(ctx),
          reference,
          body.data.resolution,
          body.data.note,
        );
        return item.resolution
          ? `${item.reference} resolved: ${item.resolution}`
          : `Applying ${item.reference}'s parked money waits for another operator's approval`;
      });
    }),
  );

  for (const [verb, decision, action, done] of [
    ['approve', 'APPROVE', 'attention.resolve', 'approved'],
    ['reject', 'REJECT', 'attention.resolve', 'rejected'],
    ['withdraw', 'WITHDRAW', 'payments.read', 'withdrawn'],
  ] as const) {
    router.post(
      `/payments/:reference/attention/requests/:requestId/${verb}`,
      formAction(deps, action, async (ctx, fields) => {
        const body = attentionDecisionBody.safeParse(
          fields.comment?.trim() ? { comment: fields.comment } : {},
        );
        if (!body.success) {
          return redirectWith(ctx, queuePath(fields.returnTo), { error: formProblem(zodIssues(body.error)) });
        }
        // Approving asks for the password on the spot when the session needs a step-up, and keeps the comment.
        await decide(ctx, fields, async () => {
          const item = await decideAttentionRequest(
            deps,
            admin(ctx),
            auditActor(ctx),
            ctx.params.reference!,
            ctx.params.requestId!,
            decision,
            body.data.comment ?? null,
          );
          return decision === 'APPROVE'
            ? `${item.reference} resolved: ${item.resolution}`
            : `Request to apply ${item.reference}'s parked money ${done}`;
        });
      }),
    );
  }

  return router;
}
