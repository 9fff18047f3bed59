import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from 'koa';
import { findApp } from '../../db/apps/apps.js';
import { findInvoicePdf, storeInvoicePdf } from '../../db/invoices/document-store.js';
import { invoiceView } from '../../db/invoices/invoice-view.js';
import type { Invoice } from '../../db/invoices/invoices.js';
import type { DocumentBrand } from '../../platform/documents/brand.js';
import { renderInvoicePdf } from '../../platform/documents/invoice-pdf.js';
import { companyZone, DEFAULT_COMPANY_TIME_ZONE } from '../../domain/shared/company-time.js';
import { appLogo } from '../apps/app-logo.js';
import type { RouteDeps } from '../deps.js';
import { nowOf } from './invoice-service.js';

/** Raised whenever the invoice PDF's layout changes, so no PDF of the old layout is served again. */
const INVOICE_PDF_LAYOUT = 1;

const sha256 = (value: string | Buffer) => createHash('sha256').update(value).digest('hex');

/**
 * Everything a rendering is made of: the invoice as its view shows it (its lines, payments,
 * status and dates, as of now), the app's brand, the zone its days are printed in and the layout.
 * The same fingerprint renders the same PDF.
 */
function fingerprintOf(view: unknown, brand: DocumentBrand, zone: string): string {
  return sha256(
    JSON.stringify({
      layout: INVOICE_PDF_LAYOUT,
      view,
      // Left out for the default zone, so the PDFs stored before the zone was configurable still serve.
      ...(zone !== DEFAULT_COMPANY_TIME_ZONE && { zone }),
      brand: { name: brand.name, color: brand.color, logo: brand.logo ? sha256(brand.logo) : null },
    }),
  );
}

/**
 * Answers an invoice as its PDF, branded as its app: for the app's API, the public pay page and
 * the dashboard's Download link alike. A draft renders too, stamped DRAFT, so it can be previewed
 * before issue. The PDF is rendered once per version of the invoice and brand, then served from
 * PostgreSQL (one stored PDF per invoice).
 */
export async function sendInvoicePdf(ctx: Context, deps: RouteDeps, invoice: Invoice): Promise<void> {
  const em = deps.orm.em.fork() as EntityManager;
  // Apps are never deleted, and every invoice belongs to one.
  const app = (await findApp(em, invoice.appId))!;
  const view = invoiceView(invoice, deps.config.PUBLIC_URL, nowOf(deps), deps.config.COMPANY_TIME_ZONE);
  const brand: DocumentBrand = {
    name: app.displayName,
    color: app.brandColor,
    logo: await appLogo(em, app.logoUrl),
  };
  const zone = companyZone(deps.config.COMPANY_TIME_ZONE);
  const fingerprint = fingerprintOf(view, brand, zone);
  let pdf = await findInvoicePdf(em, invoice.id, fingerprint);
  if (!pdf) {
    pdf = await renderInvoicePdf(view, brand, zone);
    await storeInvoicePdf(em, invoice.id, fingerprint, pdf);
  }
  ctx.status = 200;
  ctx.type = 'application/pdf';
  ctx.set('Content-Disposition', `inline; filename="${invoice.number ?? invoice.reference}.pdf"`);
  // It names a customer and what they owe: no shared cache keeps it.
  ctx.set('Cache-Control', 'private, no-store');
  ctx.body = pdf;
}
