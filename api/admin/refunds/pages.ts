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
  redirectWith,
  render,
  returnPath,
  viewPermission,
  withRequestedPage,
} from '../pages/page-context.js';
import { pager } from '../payments/views.js';
import { pagination } from '../payments/service.js';
import { adminRefundsQuery, confirmationBody } from './schemas.js';
import { confirmRefund, decideRefund, refundList, type AdminRefund } from './service.js';
import { paymentTimelines, refundPage, requestersOf } from './page-service.js';
import { refundDetailBody } from './detail-views.js';
import { ApiError } from '../../../domain/shared/errors.js';
import { downloadLink } from '../exports/views.js';
import { refundFilters, refundTable, type DecisionForm } from './views.js';

const FILTER_FIELDS = ['appId', 'mode', 'status', 'awaitingConfirmation'] as const;

/** Where an action returns: the queue page it came from. */
const queuePath = (value: string | undefined) =>
  returnPath(value, '/admin/refunds', '/admin/refunds?status=PENDING_APPROVAL');

/** /admin/refunds: the approval queue (PENDING_APPROVAL first, by default) and every refund. */
export function refundsPageRoutes(deps: RouteDeps): Router {
  const router = new Router();
  const em = () => deps.orm.em.fork() as EntityManager;

  const decisionFormFor = (ctx: Context): DecisionForm | null => {
    const { operator, session } = admin(ctx);
    const canDecide = can(operator.role, 'refunds.approve');
    const canConfirm = can(operator.role, 'refunds.confirm');
    if (!canDecide && !canConfirm) return null;
    return {
      csrfToken: session.csrfToken,
      operatorId: operator.id,
      returnTo: queuePath(ctx.originalUrl),
      canDecide,
      canConfirm,
    };
  };

  router.get('/refunds', viewPermission(deps, 'payments.read'), async (ctx) => {
    const form = filterValues(ctx, FILTER_FIELDS);
    // The queue is what operators come for; "Any status" is an explicit empty choice.
    if (ctx.query.status === undefined) form.status = 'PENDING_APPROVAL';
    form.mode ??= 'TEST';
    const parsed = adminRefundsQuery.safeParse(withRequestedPage(ctx, form));
    const apps = await listAppChoices(em());
    let body = html``;
    let problem: string | null = null;
    if (parsed.success) {
      const result = await refundList(deps, parsed.data);
      const [requesters, timelines] = await Promise.all([
        requestersOf(deps, result.items),
        paymentTimelines(
          deps,
          result.items.map((r) => r.paymentReference),
        ),
      ]);
      const extras = (refund: AdminRefund) => ({
        requester: requesters[result.items.indexOf(refund)]!,
        paymentTimeline: timelines.get(refund.paymentReference) ?? [],
      });
      body = html`<p class="muted" data-testid="total">${result.total} refund(s) in ${parsed.data.mode}</p>
        ${downloadLink('refunds.csv', parsed.data)} ${refundTable(result.items, decisionFormFor(ctx), extras)}
        ${pager('/admin/refunds', form, parsed.data.page, pagination(parsed.data, result.total).totalPages)}`;
    } else {
      const issues = zodIssues(parsed.error);
      problem = `Check the filters: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`;
    }
    render(ctx, {
      title: 'Refunds',
      active: 'refunds',
      status: problem ? 400 : 200,
      ...(problem && { flash: { kind: 'error' as const, message: problem } }),
      body: html`<h1>Refunds</h1>
        ${refundFilters(form, apps)} ${body}`,
    });
  });

  router.get('/refunds/:reference', viewPermission(deps, 'payments.read'), async (ctx) => {
    try {
      const page = await refundPage(deps, ctx.params.reference!);
      render(ctx, {
        title: `Refund ${page.refund.reference}`,
        active: 'refunds',
        body: refundDetailBody(page, decisionFormFor(ctx)),
      });
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'REFUND_NOT_FOUND')) throw error;
      render(ctx, {
        title: 'Refund not found',
        active: 'refunds',
        status: 404,
        body: html`<div class="card" data-testid="not-found">
          <h1>Refund not found</h1>
          <p>No refund has the id or reference ${ctx.params.reference}.</p>
          <p><a href="/admin/refunds">Back to refunds</a></p>
        </div>`,
      });
    }
  });

  for (const [verb, approve] of [
    ['approve', true],
    ['reject', false],
  ] as const) {
    router.post(
      `/refunds/:reference/${verb}`,
      formAction(deps, 'refunds.approve', async (ctx, fields) => {
        const comment = fields.comment?.trim().slice(0, 500) || null;
        // A large approval asks for the password on the spot and keeps the comment.
        await decideFromForm(ctx, queuePath(fields.returnTo), fields, async () => {
          const refund = await decideRefund(
            deps,
            admin(ctx),
            ctx.ip || null,
            ctx.params.reference!,
            approve,
            comment,
          );
          if (approve && refund.status === 'PENDING_APPROVAL') {
            return `Refund ${refund.reference}: your approval is recorded (${refund.approvalsGiven} of ${refund.approvalsRequired}); it waits for another approver`;
          }
          return `Refund ${refund.reference} ${approve ? 'approved' : 'rejected'}: now ${refund.status}`;
        });
      }),
    );
  }

  router.post(
    '/refunds/:reference/confirm',
    formAction(deps, 'refunds.confirm', async (ctx, fields) => {
      const back = queuePath(fields.returnTo);
      const body = confirmationBody.safeParse({
        outcome: fields.outcome,
        note: fields.note,
        ...(fields.gatewayRefundId?.trim() && { gatewayRefundId: fields.gatewayRefundId.trim() }),
      });
      if (!body.success) {
        const issues = zodIssues(body.error);
        return redirectWith(ctx, back, { error: issues.map((i) => `${i.field}: ${i.message}`).join('; ') });
      }
      await decideFromForm(ctx, back, fields, async () => {
        const refund = await confirmRefund(
          deps,
          admin(ctx),
          ctx.ip || null,
          ctx.params.reference!,
          body.data,
        );
        return `Refund ${refund.reference} confirmed: now ${refund.status}`;
      });
    }),
  );

  return router;
}
