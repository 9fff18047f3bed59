import Router from '@koa/router';
import type { EntityManager } from '@mikro-orm/postgresql';
import { invoiceView } from '../../db/invoices/invoice-view.js';
import { findScopedInvoice, listInvoices, type Invoice } from '../../db/invoices/invoices.js';
import type { AppScope } from '../../db/payments/payments.js';
import { ApiError } from '../../domain/shared/errors.js';
import type { RouteDeps } from '../deps.js';
import { sendData, sendList } from '../envelope.js';
import { sendInvoicePdf } from './invoice-pdf-response.js';
import {
  createInvoiceBody,
  invoiceIdParam,
  issueInvoiceBody,
  listInvoicesQuery,
  updateInvoiceBody,
  voidInvoiceBody,
} from './invoice-schemas.js';
import { createInvoice, issueInvoice, nowOf, updateDraft, voidInvoice } from './invoice-service.js';
import { readJson } from '../middleware/body.js';
import { idempotency } from '../middleware/idempotency.js';
import { parseWith } from '../validation.js';

/** A path's invoice id: its numeric id or `inv_…` reference. */
export function invoiceKey(raw: string | undefined): string | number | null {
  const id = invoiceIdParam.safeParse(raw);
  if (!id.success) return null;
  return /^\d+$/.test(id.data) ? Number(id.data) : id.data;
}

/** /api/v1/invoices: an app's invoices in its credential's mode. */
export function invoiceRoutes(deps: RouteDeps): Router {
  const router = new Router();
  const em = () => deps.orm.em.fork() as EntityManager;
  const view = (invoice: Invoice) =>
    invoiceView(invoice, deps.config.PUBLIC_URL, nowOf(deps), deps.config.COMPANY_TIME_ZONE);

  const scopedOr404 = async (scope: AppScope, raw: string | undefined): Promise<Invoice> => {
    const key = invoiceKey(raw);
    const invoice = key === null ? null : await findScopedInvoice(em(), scope, key);
    if (!invoice) throw new ApiError('INVOICE_NOT_FOUND');
    return invoice;
  };

  router.post('/invoices', idempotency(deps), async (ctx) => {
    const body = parseWith(createInvoiceBody, await readJson(ctx));
    const invoice = await createInvoice(deps, ctx.state.scope as AppScope, body, {
      idempotencyKey: (ctx.state.idempotencyClaim as string | undefined) ?? null,
      operatorId: null,
    });
    sendData(ctx, 201, view(invoice));
  });

  router.get('/invoices', async (ctx) => {
    const query = parseWith(listInvoicesQuery, ctx.query);
    const scope = ctx.state.scope as AppScope;
    const result = await listInvoices(em(), {
      appId: scope.appId,
      mode: scope.mode,
      ...(query.status && { status: query.status }),
      ...(query.customer && { customer: query.customer }),
      ...(query.overdue && { overdue: query.overdue === 'true' }),
      companyTimeZone: deps.config.COMPANY_TIME_ZONE,
      ...(query.from && { from: query.from }),
      ...(query.to && { to: query.to }),
      now: nowOf(deps),
      page: query.page,
      size: query.size,
    });
    sendList(
      ctx,
      { items: result.items.map(view) },
      { page: query.page, size: query.size, totalItems: result.total },
    );
  });

  router.get('/invoices/:id', async (ctx) => {
    sendData(ctx, 200, view(await scopedOr404(ctx.state.scope as AppScope, ctx.params.id)));
  });

  router.get('/invoices/:id/pdf', async (ctx) => {
    await sendInvoicePdf(ctx, deps, await scopedOr404(ctx.state.scope as AppScope, ctx.params.id));
  });

  router.patch('/invoices/:id', async (ctx) => {
    const body = parseWith(updateInvoiceBody, await readJson(ctx));
    const invoice = await scopedOr404(ctx.state.scope as AppScope, ctx.params.id);
    sendData(ctx, 200, view(await updateDraft(deps, invoice, body)));
  });

  router.post('/invoices/:id/issue', async (ctx) => {
    parseWith(issueInvoiceBody, await readJson(ctx));
    const invoice = await scopedOr404(ctx.state.scope as AppScope, ctx.params.id);
    sendData(ctx, 200, view(await issueInvoice(deps, invoice)));
  });

  router.post('/invoices/:id/void', async (ctx) => {
    const body = parseWith(voidInvoiceBody, await readJson(ctx));
    const invoice = await scopedOr404(ctx.state.scope as AppScope, ctx.params.id);
    sendData(ctx, 200, view(await voidInvoice(deps, invoice, body.reason ?? null)));
  });

  return router;
}
