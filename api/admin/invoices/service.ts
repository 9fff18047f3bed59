import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditActor } from '../../../db/operators/audit.js';
import { findApp } from '../../../db/apps/apps.js';
import { invoiceView } from '../../../db/invoices/invoice-view.js';
import { findInvoice, listInvoices, paymentsOfInvoice, type Invoice } from '../../../db/invoices/invoices.js';
import { appNames, invoiceEvents } from '../../../db/payments/payment-admin.js';
import { ApiError } from '../../../domain/shared/errors.js';
import { workflowIds } from '../../../domain/shared/workflow-ids.js';
import type { RouteDeps } from '../../deps.js';
import { invoiceIdParam } from '../../invoices/invoice-schemas.js';
import { createInvoice, issueInvoice, nowOf, voidInvoice } from '../../invoices/invoice-service.js';
import { temporalWorkflowUrl } from '../payments/service.js';
import type { AdminState } from '../session.js';
import type { AdminInvoicesQuery, OperatorInvoiceBody } from './schemas.js';

/** What the JSON API and the dashboard pages both do with invoices: one place each. */

const em = (deps: Pick<RouteDeps, 'orm'>) => deps.orm.em.fork() as EntityManager;

/** An invoice as operators see it: the app's view plus whose it is, who wrote it, and its workflow. */
export function adminInvoiceView(deps: RouteDeps, invoice: Invoice, appName: string | null) {
  return {
    ...invoiceView(invoice, deps.config.PUBLIC_URL, nowOf(deps), deps.config.COMPANY_TIME_ZONE),
    appId: invoice.appId,
    appName,
    createdByOperatorId: invoice.createdByOperatorId,
    temporalUrl: invoice.number
      ? temporalWorkflowUrl(deps, workflowIds.invoice(invoice.appId, invoice.number))
      : null,
  };
}

export type AdminInvoice = ReturnType<typeof adminInvoiceView>;

export async function invoiceList(deps: RouteDeps, query: AdminInvoicesQuery) {
  const db = em(deps);
  const result = await listInvoices(db, {
    mode: query.mode,
    ...(query.appId !== undefined && { appId: query.appId }),
    ...(query.status && { status: query.status }),
    ...(query.customer && { customer: query.customer }),
    ...(query.overdue && { overdue: query.overdue === 'true' }),
    ...(query.from && { from: query.from }),
    ...(query.to && { to: query.to }),
    overdueFirst: true,
    now: nowOf(deps),
    companyTimeZone: deps.config.COMPANY_TIME_ZONE,
    page: query.page,
    size: query.size,
  });
  const names = await appNames(
    db,
    result.items.map((invoice) => invoice.appId),
  );
  return {
    items: result.items.map((invoice) => adminInvoiceView(deps, invoice, names.get(invoice.appId) ?? null)),
    total: result.total,
  };
}

export async function invoiceOr404(deps: Pick<RouteDeps, 'orm'>, idOrReference: string): Promise<Invoice> {
  const key = invoiceIdParam.safeParse(idOrReference);
  const invoice = key.success
    ? await findInvoice(em(deps), /^\d+$/.test(key.data) ? Number(key.data) : key.data)
    : null;
  if (!invoice) throw new ApiError('INVOICE_NOT_FOUND');
  return invoice;
}

/** One invoice with its payments and every event it sent, oldest first. */
export async function invoiceDetail(deps: RouteDeps, idOrReference: string) {
  const invoice = await invoiceOr404(deps, idOrReference);
  const db = em(deps);
  const [names, payments] = await Promise.all([
    appNames(db.fork(), [invoice.appId]),
    paymentsOfInvoice(db.fork(), invoice),
  ]);
  const events = await invoiceEvents(
    db,
    invoice.reference,
    payments.map((payment) => payment.reference),
  );
  return {
    invoice: adminInvoiceView(deps, invoice, names.get(invoice.appId) ?? null),
    payments: payments.map((payment) => ({
      ...payment,
      createdAt: payment.createdAt.toISOString(),
      settledAt: payment.settledAt?.toISOString() ?? null,
    })),
    events,
  };
}

export type InvoiceDetail = Awaited<ReturnType<typeof invoiceDetail>>;

/** An operator writes an invoice for an app (and issues it, if asked), audited as theirs. */
export async function operatorCreateInvoice(
  deps: RouteDeps,
  admin: AdminState,
  actor: AuditActor,
  body: OperatorInvoiceBody,
): Promise<AdminInvoice> {
  const { appId, mode, issue, ...request } = body;
  const app = await findApp(em(deps), appId);
  if (!app) throw new ApiError('APP_NOT_FOUND');
  const draft = await createInvoice(deps, { appId, mode }, request, {
    idempotencyKey: null,
    operatorId: admin.operator.id,
    auditAs: actor,
  });
  const invoice = issue ? await issueInvoice(deps, draft, actor) : draft;
  return adminInvoiceView(deps, invoice, app.name);
}

export async function operatorIssueInvoice(
  deps: RouteDeps,
  actor: AuditActor,
  idOrReference: string,
): Promise<AdminInvoice> {
  const issued = await issueInvoice(deps, await invoiceOr404(deps, idOrReference), actor);
  const names = await appNames(em(deps), [issued.appId]);
  return adminInvoiceView(deps, issued, names.get(issued.appId) ?? null);
}

export async function operatorVoidInvoice(
  deps: RouteDeps,
  actor: AuditActor,
  idOrReference: string,
  reason: string | null,
): Promise<AdminInvoice> {
  const voided = await voidInvoice(deps, await invoiceOr404(deps, idOrReference), reason, actor);
  const names = await appNames(em(deps), [voided.appId]);
  return adminInvoiceView(deps, voided, names.get(voided.appId) ?? null);
}
