import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from 'koa';
import { findApp } from '../db/apps.js';
import { invoiceView } from '../db/invoice-view.js';
import type { Invoice } from '../db/invoices.js';
import { appBrand } from '../documents/app-brand.js';
import { renderInvoicePdf } from '../documents/invoice-pdf.js';
import type { RouteDeps } from './deps.js';
import { nowOf } from './invoice-service.js';

/**
 * Answers an invoice as its PDF, branded as its app: for the app's API and for the dashboard's
 * Download link alike. A draft renders too, stamped DRAFT, so it can be previewed before issue.
 */
export async function sendInvoicePdf(ctx: Context, deps: RouteDeps, invoice: Invoice): Promise<void> {
  // Apps are never deleted, and every invoice belongs to one.
  const app = (await findApp(deps.orm.em.fork() as EntityManager, invoice.appId))!;
  const view = invoiceView(invoice, deps.config.PUBLIC_URL, nowOf(deps));
  const pdf = await renderInvoicePdf(view, await appBrand(app));
  ctx.status = 200;
  ctx.type = 'application/pdf';
  ctx.set('Content-Disposition', `inline; filename="${invoice.number ?? invoice.reference}.pdf"`);
  // It names a customer and what they owe: no shared cache keeps it.
  ctx.set('Cache-Control', 'private, no-store');
  ctx.body = pdf;
}
