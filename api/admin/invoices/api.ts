import Router from '@koa/router';
import type { RouteDeps } from '../../deps.js';
import { sendData, sendList } from '../../envelope.js';
import { readJson } from '../../middleware/body.js';
import { parseWith } from '../../validation.js';
import { auditActor, requirePermission, type AdminState } from '../session.js';
import { issueInvoiceBody } from '../../invoices/invoice-schemas.js';
import { adminInvoicesQuery, operatorInvoiceBody, voidInvoiceBody } from './schemas.js';
import {
  invoiceDetail,
  invoiceList,
  operatorCreateInvoice,
  operatorIssueInvoice,
  operatorVoidInvoice,
} from './service.js';

/** /api/v1/admin/invoices: every app's invoices, overdue first; operators write, issue and void them. */
export function invoicesJsonRoutes(deps: RouteDeps): Router {
  const router = new Router();

  router.get('/invoices', requirePermission(deps, 'payments.read'), async (ctx) => {
    const query = parseWith(adminInvoicesQuery, ctx.query);
    const result = await invoiceList(deps, query);
    sendList(ctx, { items: result.items }, { page: query.page, size: query.size, totalItems: result.total });
  });

  router.get('/invoices/:id', requirePermission(deps, 'payments.read'), async (ctx) => {
    sendData(ctx, 200, await invoiceDetail(deps, ctx.params.id!));
  });

  router.post('/invoices', requirePermission(deps, 'invoices.manage'), async (ctx) => {
    const body = parseWith(operatorInvoiceBody, await readJson(ctx));
    sendData(
      ctx,
      201,
      await operatorCreateInvoice(deps, ctx.state.admin as AdminState, auditActor(ctx), body),
    );
  });

  router.post('/invoices/:id/issue', requirePermission(deps, 'invoices.manage'), async (ctx) => {
    parseWith(issueInvoiceBody, await readJson(ctx));
    sendData(ctx, 200, await operatorIssueInvoice(deps, auditActor(ctx), ctx.params.id!));
  });

  router.post('/invoices/:id/void', requirePermission(deps, 'invoices.void'), async (ctx) => {
    const body = parseWith(voidInvoiceBody, await readJson(ctx));
    sendData(ctx, 200, await operatorVoidInvoice(deps, auditActor(ctx), ctx.params.id!, body.reason ?? null));
  });

  return router;
}
