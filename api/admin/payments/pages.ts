import Router from '@koa/router';
import { receiptSectionFor } from '../receipts/pages.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from 'koa';
import { listAppChoices } from '../../../db/payments/payment-admin.js';
import { ApiError } from '../../../domain/shared/errors.js';
import { encodeTextCursor } from '../../../domain/shared/list-cursor.js';
import { can } from '../../../domain/operators/permissions.js';
import { safeReturnPath } from '../../../domain/operators/return-path.js';
import type { RouteDeps } from '../../deps.js';
import { html } from '../../pages/html.js';
import { zodIssues } from '../../validation.js';
import {
  admin,
  filterValues,
  formAction,
  formProblem,
  redirectWith,
  render,
  resumedForm,
  viewPermission,
  withRequestedPage,
} from '../pages/page-context.js';
import { auditActor } from '../session.js';
import { stepUpAsks } from '../step-up.js';
import { readForm } from '../../middleware/body.js';
import { minorUnitsFromForm } from '../pages/major-units-field.js';
import { operatorRefundBody } from '../refunds/schemas.js';
import { operatorRefund, type AdminRefund } from '../refunds/service.js';
import { newRefundFormToken, paymentRefunds } from './refund-service.js';
import { paymentRefundSection, type RefundAttempt, type RefundFormAccess } from './refund-views.js';
import { DESTINATION_FIELD_LABELS, destinationAskFromForm } from './refund-destinations.js';
import { adminEventsQuery, adminPaymentsQuery, eventIdParam } from './queries.js';
import { eventList, pagination, paymentDetail, paymentList, resendEvent } from './service.js';
import { downloadLink } from '../exports/views.js';
import { paymentQueryFromForm } from './queries.js';
import {
  cursorPager,
  money,
  eventFilters,
  eventTable,
  pager,
  pageTooDeep,
  paymentDetailBody,
  requestedCursor,
  paymentFilters,
  paymentTable,
  summaryTable,
  type ResendForm,
} from './views.js';

const PAYMENT_FORM_FIELDS = [
  'appId',
  'mode',
  'status',
  'customerReference',
  'reference',
  'orderId',
  'paymentMethod',
  'paymentMethodType',
  'gateway',
  'from',
  'to',
  'amountFrom',
  'amountTo',
] as const;
const EVENT_FORM_FIELDS = ['appId', 'mode', 'type', 'deliveryStatus'] as const;

/** Zod's complaint about a filter, in one line an operator can act on. */
function problemText(error: unknown): string {
  if (error instanceof ApiError) {
    const details = Array.isArray(error.details) ? error.details : [];
    return details.length
      ? `Check the filters: ${details.map((d) => `${d.field}: ${d.message}`).join('; ')}`
      : error.message;
  }
  throw error;
}

/** What became of a refund asked for from a payment's page, in the words the refund's page opens with. */
function refundOutcome(refund: AdminRefund): string {
  if (refund.status === 'PENDING_APPROVAL') {
    return `Refund ${refund.reference} of ${refund.amountFormatted} is waiting for approval: another FINANCE or ADMIN operator decides it before any money moves`;
  }
  if (refund.route === 'PAYOUT') {
    return `Refund ${refund.reference} of ${refund.amountFormatted} goes back by the ${refund.rail} rail: now ${refund.status}. ${refund.expectedArrival.description}`;
  }
  if (refund.route === 'FINANCE') {
    return `Refund ${refund.reference} of ${refund.amountFormatted} waits for finance to pay the customer back and confirm it: now ${refund.status}`;
  }
  return `Refund ${refund.reference} of ${refund.amountFormatted} is on its way to the gateway: now ${refund.status}`;
}

/** A refused refund in the payment's currency ("at most 400.00 BDT"), not in minor units. */
function refusalText(error: ApiError, currency: string): string {
  const details = error.details as
    { refundableMinor?: number; rail?: string; minAmountMinor?: number; maxAmountMinor?: number } | undefined;
  if (
    error.code === 'RAIL_NOT_AVAILABLE' &&
    typeof details?.minAmountMinor === 'number' &&
    typeof details.maxAmountMinor === 'number'
  ) {
    return `The ${details.rail ?? 'payout'} rail pays from ${money(details.minAmountMinor, currency)} to ${money(details.maxAmountMinor, currency)}: choose another amount or destination`;
  }
  if (error.code === 'REFUND_EXCEEDS_REFUNDABLE' && typeof details?.refundableMinor === 'number') {
    return details.refundableMinor === 0
      ? 'Nothing is left to refund on this payment'
      : `At most ${money(details.refundableMinor, currency)} can still be refunded on this payment`;
  }
  return error.message;
}

export function paymentsPageRoutes(deps: RouteDeps): Router {
  const router = new Router();
  const em = () => deps.orm.em.fork() as EntityManager;

  const refundFormFor = (ctx: Context): RefundFormAccess | null => {
    const { operator, session } = admin(ctx);
    return can(operator.role, 'refunds.create')
      ? { csrfToken: session.csrfToken, formToken: newRefundFormToken(), confirmWith: stepUpAsks(admin(ctx)) }
      : null;
  };

  const resendFormFor = (ctx: Context, returnTo: string): ResendForm | null => {
    const { operator, session } = admin(ctx);
    return can(operator.role, 'webhooks.resend') ? { csrfToken: session.csrfToken, returnTo } : null;
  };

  router.get('/payments', viewPermission(deps, 'payments.read'), async (ctx) => {
    const form = filterValues(ctx, PAYMENT_FORM_FIELDS);
    form.mode ??= 'TEST';
    const apps = await listAppChoices(em());
    let problem: string | null = null;
    let body = html``;
    try {
      const raw = paymentQueryFromForm(form, typeof ctx.query.page === 'string' ? ctx.query.page : undefined);
      const parsed = adminPaymentsQuery.safeParse(raw);
      if (!parsed.success) throw new ApiError('VALIDATION_ERROR', undefined, zodIssues(parsed.error));
      const query = parsed.data;
      const result = await paymentList(deps, query);
      const pages = pagination(query, result.total);
      body = html`<p class="muted" data-testid="total">${result.total} payment(s) in ${query.mode}</p>
        ${summaryTable(result.summary)} ${downloadLink('payments.csv', query)}
        <h2>Payments</h2>
        ${paymentTable(result.items)} ${pager('/admin/payments', form, query.page, pages.totalPages)}`;
    } catch (error) {
      problem = problemText(error);
    }
    render(ctx, {
      title: 'Payments',
      active: 'payments',
      status: problem ? 400 : 200,
      ...(problem && { flash: { kind: 'error' as const, message: problem } }),
      body: html`<h1>Payments</h1>
        ${paymentFilters(form, apps)} ${body}`,
    });
  });

  /**
   * A payment's page; with `attempt`, a refund the service refused is drawn again inside its form,
   * with what was typed and why (422), so nothing typed is lost.
   */
  const showPayment = async (ctx: Context, reference: string, attempt: RefundAttempt | null = null) => {
    try {
      const detail = await paymentDetail(deps, admin(ctx), reference);
      const refunds = await paymentRefunds(deps, detail.payment.reference);
      const access = refundFormFor(ctx);
      render(ctx, {
        title: `Payment ${detail.payment.reference}`,
        active: 'payments',
        ...(attempt?.error && { status: 422 }),
        body: html`${paymentDetailBody(
          detail,
          resendFormFor(ctx, `/admin/payments/${detail.payment.reference}`),
          refunds ? paymentRefundSection(refunds, access && { ...access, attempt }) : '',
        )}
        ${await receiptSectionFor(deps, ctx, detail.payment.reference)}`,
      });
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'PAYMENT_NOT_FOUND')) throw error;
      render(ctx, {
        title: 'Payment not found',
        active: 'payments',
        status: 404,
        body: html`<div class="card" data-testid="not-found">
          <h1>Payment not found</h1>
          <p>No payment has the id or reference ${reference}.</p>
          <p><a href="/admin/payments">Back to payments</a></p>
        </div>`,
      });
    }
  };

  router.get('/payments/:reference', viewPermission(deps, 'payments.read'), async (ctx) => {
    // Back from a sign-in at the identity provider: the refund as it was typed, to send again.
    const resumed = resumedForm(ctx);
    await showPayment(ctx, ctx.params.reference!, resumed && { fields: resumed, error: null, code: null });
  });

  /**
   * The refund a form asks for, or the form drawn again with what is wrong (false): run before the
   * operator is asked to confirm it is them, and again with the request itself.
   */
  const readRefundForm = async (ctx: Context, fields: Record<string, string>) => {
    const payment = await paymentRefunds(deps, ctx.params.reference!);
    if (!payment) {
      redirectWith(ctx, '/admin/payments', { error: 'No such payment' });
      return null;
    }
    const refused = async (error: string, code: string | null = null) => {
      await showPayment(ctx, payment.paymentReference, { fields, error, code });
      return null;
    };
    const amount = minorUnitsFromForm(fields.amount, payment.currency, 'Amount');
    if ('problem' in amount) return refused(`Check the form: ${amount.problem}`);
    const body = operatorRefundBody.safeParse({
      ...('amountMinor' in amount && { amountMinor: amount.amountMinor }),
      reason: fields.reason?.trim() ?? '',
      ...destinationAskFromForm(fields, payment.destinations.gatewayRefunds),
    });
    if (!body.success) {
      const issues = zodIssues(body.error).map((issue) => ({
        ...issue,
        field: DESTINATION_FIELD_LABELS[issue.field] ?? issue.field,
      }));
      return refused(formProblem(issues), 'VALIDATION_ERROR');
    }
    return { payment, body: body.data, refused };
  };

  router.post(
    '/payments/:reference/refunds',
    formAction(
      deps,
      'refunds.create',
      async (ctx, fields) => {
        const read = await readRefundForm(ctx, fields);
        if (!read) return;
        const { payment, refused } = read;
        const body = { data: read.body };
        try {
          const refund = await operatorRefund(
            deps,
            admin(ctx),
            auditActor(ctx),
            payment.paymentReference,
            body.data,
            fields.formToken?.trim().slice(0, 64) || null,
          );
          redirectWith(ctx, `/admin/refunds/${refund.reference}`, { ok: refundOutcome(refund) });
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          await refused(refusalText(error, payment.currency), error.code);
        }
      },
      readForm,
      async (ctx, fields) => (await readRefundForm(ctx, fields)) !== null,
    ),
  );

  router.get('/webhooks', viewPermission(deps, 'webhooks.read'), async (ctx) => {
    const form = filterValues(ctx, EVENT_FORM_FIELDS);
    form.mode ??= 'TEST';
    const apps = await listAppChoices(em());
    const after = requestedCursor(ctx.query);
    const parsed = adminEventsQuery.safeParse({ ...withRequestedPage(ctx, form), ...(after && { after }) });
    let problem: string | null = null;
    let body = html``;
    if (parsed.success && pageTooDeep(parsed.data)) {
      problem = pageTooDeep(parsed.data);
    } else if (parsed.success) {
      const result = await eventList(deps, parsed.data);
      const returnTo = safeReturnPath(ctx.originalUrl, '/admin', '/admin/webhooks');
      body = html`<p class="muted" data-testid="total">${result.total} event(s) in ${parsed.data.mode}</p>
        ${eventTable(result.items, () => resendFormFor(ctx, returnTo))}
        ${cursorPager('/admin/webhooks', form, {
          ...parsed.data,
          totalItems: result.total,
          byCursor: after !== undefined,
          nextCursor: result.lastId === null ? null : encodeTextCursor(result.lastId),
        })}`;
    } else {
      problem = problemText(new ApiError('VALIDATION_ERROR', undefined, zodIssues(parsed.error)));
    }
    render(ctx, {
      title: 'Webhook deliveries',
      active: 'webhooks',
      status: problem ? 400 : 200,
      ...(problem && { flash: { kind: 'error' as const, message: problem } }),
      body: html`<h1>Webhook deliveries</h1>
        ${eventFilters(form, apps)} ${body}`,
    });
  });

  router.post(
    '/webhooks/events/:eventId/resend',
    formAction(deps, 'webhooks.resend', async (ctx, fields) => {
      const back = safeReturnPath(fields.returnTo, '/admin', '/admin/webhooks');
      const eventId = eventIdParam.safeParse(ctx.params.eventId);
      if (!eventId.success) return redirectWith(ctx, back, { error: 'No such webhook event' });
      try {
        const result = await resendEvent(deps, auditActor(ctx), eventId.data);
        redirectWith(ctx, back, {
          ok: `Resending ${result.type} (${result.eventId}): attempts continue from #${result.firstAttempt}`,
        });
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        redirectWith(ctx, back, { error: error.message });
      }
    }),
  );

  return router;
}
