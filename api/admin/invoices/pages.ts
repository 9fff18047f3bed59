import Router from '@koa/router';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from 'koa';
import { listAppChoices } from '../../../db/payments/payment-admin.js';
import { ApiError } from '../../../domain/shared/errors.js';
import { can } from '../../../domain/operators/permissions.js';
import type { RouteDeps } from '../../deps.js';
import { sendInvoicePdf } from '../../invoices/invoice-pdf-response.js';
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
  viewPermission,
  withRequestedPage,
} from '../pages/page-context.js';
import { auditActor } from '../session.js';
import { pagination } from '../payments/service.js';
import { pager } from '../payments/views.js';
import { invoiceRequestFromForm, priceProblems } from './form.js';
import { adminInvoicesQuery, operatorInvoiceBody, voidInvoiceBody } from './schemas.js';
import {
  invoiceDetail,
  invoiceList,
  invoiceOr404,
  operatorCreateInvoice,
  operatorIssueInvoice,
  operatorVoidInvoice,
} from './service.js';
import { invoiceDetailBody, invoiceFilters, invoiceForm, invoiceTable } from './views.js';

const FILTER_FIELDS = ['appId', 'mode', 'status', 'customer', 'overdue'] as const;

/** null for an invoice that does not exist, which the pages answer with their own 404. */
const unlessNotFound = <T>(lookup: Promise<T>): Promise<T | null> =>
  lookup.catch((error: unknown) => {
    if (error instanceof ApiError && error.code === 'INVOICE_NOT_FOUND') return null;
    throw error;
  });

const renderNotFound = (ctx: Context) =>
  render(ctx, {
    title: 'Invoice not found',
    active: 'invoices',
    status: 404,
    body: html`<h1>Invoice not found</h1>
      <p><a href="/admin/invoices">All invoices</a></p>`,
  });

/** /admin/invoices: every app's invoices (overdue first), one invoice's story, and writing one. */
export function invoicesPageRoutes(deps: RouteDeps): Router {
  const router = new Router();
  const em = () => deps.orm.em.fork() as EntityManager;

  router.get('/invoices', viewPermission(deps, 'payments.read'), async (ctx) => {
    const form = filterValues(ctx, FILTER_FIELDS);
    form.mode ??= 'TEST';
    const parsed = adminInvoicesQuery.safeParse(withRequestedPage(ctx, form));
    const apps = await listAppChoices(em());
    let body = html``;
    let problem: string | null = null;
    if (parsed.success) {
      const result = await invoiceList(deps, parsed.data);
      body = html`<p class="muted" data-testid="total">${result.total} invoice(s) in ${parsed.data.mode}</p>
        ${invoiceTable(result.items)}
        ${pager('/admin/invoices', form, parsed.data.page, pagination(parsed.data, result.total).totalPages)}`;
    } else {
      problem = formProblem(zodIssues(parsed.error));
    }
    const canWrite = can(admin(ctx).operator.role, 'invoices.manage');
    render(ctx, {
      title: 'Invoices',
      active: 'invoices',
      status: problem ? 400 : 200,
      ...(problem && { flash: { kind: 'error' as const, message: problem } }),
      body: html`<div class="row" style="justify-content:space-between">
          <h1>Invoices</h1>
          ${canWrite ? html`<a class="button" href="/admin/invoices/new" data-testid="new-invoice">New invoice</a>` : ''}
        </div>
        ${invoiceFilters(form, apps)} ${body}`,
    });
  });

  const renderForm = async (ctx: Context, values: Record<string, string>, problem: string | null) => {
    render(ctx, {
      title: 'New invoice',
      active: 'invoices',
      status: problem ? 400 : 200,
      ...(problem && { flash: { kind: 'error' as const, message: problem } }),
      body: html`<h1>New invoice</h1>
        ${invoiceForm(await listAppChoices(em()), values, admin(ctx).session.csrfToken)}`,
    });
  };

  router.get('/invoices/new', viewPermission(deps, 'invoices.manage'), async (ctx) => {
    await renderForm(ctx, { mode: 'TEST', quantity_1: '1' }, null);
  });

  router.post(
    '/invoices',
    formAction(deps, 'invoices.manage', async (ctx, fields) => {
      const prices = priceProblems(fields);
      if (prices.length) return renderForm(ctx, fields, `Check the form: ${prices.join('; ')}`);
      const body = operatorInvoiceBody.safeParse(invoiceRequestFromForm(fields));
      if (!body.success) return renderForm(ctx, fields, formProblem(zodIssues(body.error)));
      try {
        const invoice = await operatorCreateInvoice(deps, admin(ctx), auditActor(ctx), body.data);
        const what = invoice.number ? `Invoice ${invoice.number} issued` : `Draft ${invoice.reference} saved`;
        redirectWith(ctx, `/admin/invoices/${invoice.reference}`, { ok: what });
      } catch (error) {
        if (error instanceof ApiError && error.status < 500) return renderForm(ctx, fields, error.message);
        throw error;
      }
    }),
  );

  router.get('/invoices/:reference', viewPermission(deps, 'payments.read'), async (ctx) => {
    const detail = await unlessNotFound(invoiceDetail(deps, ctx.params.reference!));
    if (!detail) return renderNotFound(ctx);
    const { operator, session } = admin(ctx);
    render(ctx, {
      title: detail.invoice.number ?? 'Draft invoice',
      active: 'invoices',
      body: invoiceDetailBody(detail, {
        csrfToken: session.csrfToken,
        canManage: can(operator.role, 'invoices.manage'),
        canVoid: can(operator.role, 'invoices.void'),
      }),
    });
  });

  router.get('/invoices/:reference/pdf', viewPermission(deps, 'payments.read'), async (ctx) => {
    const invoice = await unlessNotFound(invoiceOr404(deps, ctx.params.reference!));
    if (!invoice) return renderNotFound(ctx);
    await sendInvoicePdf(ctx, deps, invoice);
  });

  router.post(
    '/invoices/:reference/issue',
    formAction(deps, 'invoices.manage', async (ctx, fields) => {
      const back = `/admin/invoices/${ctx.params.reference}`;
      await decideFromForm(ctx, back, fields, async () => {
        const issued = await operatorIssueInvoice(deps, auditActor(ctx), ctx.params.reference!);
        return `Invoice ${issued.number} issued`;
      });
    }),
  );

  router.post(
    '/invoices/:reference/void',
    formAction(deps, 'invoices.void', async (ctx, fields) => {
      const back = `/admin/invoices/${ctx.params.reference}`;
      const body = voidInvoiceBody.safeParse(fields.reason?.trim() ? { reason: fields.reason.trim() } : {});
      if (!body.success) return redirectWith(ctx, back, { error: formProblem(zodIssues(body.error)) });
      await decideFromForm(ctx, back, fields, async () => {
        const voided = await operatorVoidInvoice(
          deps,
          auditActor(ctx),
          ctx.params.reference!,
          body.data.reason ?? null,
        );
        return `Invoice ${voided.number ?? voided.reference} voided`;
      });
    }),
  );

  return router;
}
