import type { EntityManager } from '@mikro-orm/postgresql';
import { appendAudit, type AuditActor } from '../../db/operators/audit.js';
import { queueCustomerEmail } from '../../activities/customer-emails/customer-email-queueing.js';
import { recordEvent } from '../../db/webhooks/events.js';
import { invoiceView } from '../../db/invoices/invoice-view.js';
import {
  findInvoiceByIdempotencyKey,
  insertInvoice,
  invoicePaymentsInFlight,
  lockInvoice,
  markInvoiceWorkflowStarted,
  markIssued,
  markVoided,
  replaceDraft,
  type Invoice,
  type InvoiceContent,
} from '../../db/invoices/invoices.js';
import type { AppScope } from '../../db/payments/payments.js';
import { ApiError } from '../../domain/shared/errors.js';
import { newInvoiceReference, newPayableToken } from '../../domain/shared/ids.js';
import { InvoiceArithmeticError, priceInvoice } from '../../domain/invoices/invoice-arithmetic.js';
import { InstallmentPlanError, planInstallments } from '../../domain/invoices/installments.js';
import { companyDayOf } from '../../domain/shared/company-day.js';
import {
  invoiceNumber,
  judgeEdit,
  judgeIssue,
  judgeVoid,
  type InvoiceRefusal,
} from '../../domain/invoices/invoices.js';
import type { CreateInvoiceBody, UpdateInvoiceBody } from './invoice-schemas.js';
import { currentTime, type RouteDeps } from '../deps.js';
import { startOrLeaveToSweeper } from '../sweeper-backed-start.js';

/**
 * What the app API, the dashboard and the pay page do with invoices, in one place each: price a
 * request, create and edit drafts, issue, void. Every change is one transaction with its event.
 */

type Deps = Pick<RouteDeps, 'orm' | 'orchestrator' | 'logger' | 'config' | 'clock'>;

const em = (deps: Pick<Deps, 'orm'>) => deps.orm.em.fork() as EntityManager;
export const nowOf = currentTime;

export function refuse(refusal: InvoiceRefusal | null): void {
  if (refusal) throw new ApiError(refusal.code, refusal.message, refusal.details);
}

/** Prices a request's lines and splits its total; a request the arithmetic refuses is a 422. */
export function priceRequest(body: CreateInvoiceBody): InvoiceContent {
  try {
    const { lines, totals } = priceInvoice(body.lines);
    const plan = body.installmentPlan ?? null;
    const installments = planInstallments(totals.totalMinor, body.dueDate, plan);
    if (plan && 'schedule' in plan && installments[0]!.dueDate !== body.dueDate) {
      throw new InstallmentPlanError(
        'INSTALLMENT_DATES_NOT_ASCENDING',
        "dueDate is the first installment's due date",
      );
    }
    return {
      currency: body.currency,
      customer: {
        reference: body.customer.customerReference,
        name: body.customer.name ?? null,
        email: body.customer.email ?? null,
        phone: body.customer.phone ?? null,
        address: body.customer.address ?? null,
      },
      dueDate: body.dueDate,
      notes: body.notes ?? null,
      metadata: body.metadata ?? {},
      plan,
      lines,
      totals,
      installments,
    };
  } catch (error) {
    if (error instanceof InvoiceArithmeticError || error instanceof InstallmentPlanError) {
      throw new ApiError(
        error.code === 'INVOICE_OVERPAYMENT' ? 'PAYMENT_EXCEEDS_OUTSTANDING' : error.code,
        error.message,
      );
    }
    throw error;
  }
}

export async function createInvoice(
  deps: Deps,
  scope: AppScope,
  body: CreateInvoiceBody,
  options: { idempotencyKey: string | null; operatorId: number | null; auditAs?: AuditActor },
): Promise<Invoice> {
  const content = priceRequest(body);
  if (options.idempotencyKey) {
    // A retry that took over a crashed request's key answers with the invoice it created.
    const earlier = await findInvoiceByIdempotencyKey(em(deps), scope, options.idempotencyKey);
    if (earlier) return earlier;
  }
  return em(deps).transactional(async (tx) => {
    const invoice = await insertInvoice(tx, scope, {
      ...content,
      reference: newInvoiceReference(),
      idempotencyKey: options.idempotencyKey,
      createdByOperatorId: options.operatorId,
    });
    if (options.auditAs) {
      await appendAudit(tx, options.auditAs, {
        action: 'invoice.created',
        targetType: 'invoice',
        targetId: invoice.reference,
        after: { appId: scope.appId, mode: scope.mode, totalMinor: invoice.totals.totalMinor },
      });
    }
    return invoice;
  });
}

/** A stored draft as the request that would create it again, for an edit to change field by field. */
function requestOf(invoice: Invoice): CreateInvoiceBody {
  const present = <T extends object>(fields: T) =>
    Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null)) as {
      [K in keyof T]: Exclude<T[K], null>;
    };
  return {
    customer: {
      customerReference: invoice.customer.reference,
      ...present({
        name: invoice.customer.name,
        email: invoice.customer.email,
        phone: invoice.customer.phone,
        address: invoice.customer.address,
      }),
    },
    currency: invoice.currency as CreateInvoiceBody['currency'],
    lines: invoice.lines.map((line) => ({
      description: line.description,
      quantity: line.quantity,
      unitAmountMinor: line.unitAmountMinor,
      taxRateBasisPoints: line.taxRateBasisPoints,
      ...present({ discount: line.discount }),
    })),
    dueDate: invoice.dueDate,
    metadata: invoice.metadata as CreateInvoiceBody['metadata'],
    ...present({ notes: invoice.notes, installmentPlan: invoice.plan }),
  };
}

/** Replaces the fields given on a DRAFT; the rest stay as they were (`installmentPlan: null` removes the plan). */
export async function updateDraft(deps: Deps, invoice: Invoice, body: UpdateInvoiceBody): Promise<Invoice> {
  refuse(judgeEdit(invoice.status));
  const { installmentPlan, ...changes } = body;
  const merged: CreateInvoiceBody = { ...requestOf(invoice), ...changes };
  if (installmentPlan === null) delete merged.installmentPlan;
  else if (installmentPlan !== undefined) merged.installmentPlan = installmentPlan;
  const content = priceRequest(merged);
  return em(deps).transactional(async (tx) => {
    const locked = (await lockInvoice(tx, invoice.id))!;
    refuse(judgeEdit(locked.status));
    return replaceDraft(tx, invoice.id, content);
  });
}

/** Records one of an invoice's events in the caller's transaction (the outbox). */
export async function recordInvoiceEvent(
  tx: EntityManager,
  invoice: Invoice,
  type: string,
  data: Record<string, unknown>,
  source: { type: string; id: string } = { type: 'invoice', id: invoice.reference },
): Promise<string> {
  const { eventId } = await recordEvent(tx, {
    appId: invoice.appId,
    mode: invoice.mode,
    type,
    sourceType: source.type,
    sourceId: source.id,
    data,
  });
  return eventId;
}

/**
 * Issues a DRAFT in one transaction: its number, its payable link, OPEN, `invoice.issued` and the
 * customer's email (when the app sends invoices by email). Its workflow starts after the commit,
 * or the sweeper starts it.
 */
export async function issueInvoice(deps: Deps, invoice: Invoice, auditAs?: AuditActor): Promise<Invoice> {
  refuse(judgeIssue(invoice.status));
  const now = nowOf(deps);
  const { issued, eventId, emailQueued } = await em(deps).transactional(async (tx) => {
    const locked = (await lockInvoice(tx, invoice.id))!;
    refuse(judgeIssue(locked.status));
    // The year the company is in where it works: its numbers restart at its own new year.
    const year = Number(companyDayOf(now, deps.config.COMPANY_TIME_ZONE).date.slice(0, 4));
    const issued = (await markIssued(
      tx,
      locked,
      year,
      (n) => invoiceNumber(locked.mode, year, n),
      newPayableToken(),
    ))!;
    const eventId = await recordInvoiceEvent(
      tx,
      issued,
      'invoice.issued',
      invoiceView(issued, deps.config.PUBLIC_URL, now, deps.config.COMPANY_TIME_ZONE),
    );
    const emailQueued = await queueCustomerEmail(
      tx,
      { eventId, created: true, type: 'invoice.issued', appId: issued.appId, mode: issued.mode },
      issued.customer.email,
      { invoiceNumber: issued.number },
    );
    if (auditAs) {
      await appendAudit(tx, auditAs, {
        action: 'invoice.issued',
        targetType: 'invoice',
        targetId: issued.reference,
        after: { number: issued.number, totalMinor: issued.totals.totalMinor },
      });
    }
    return { issued, eventId, emailQueued };
  });
  await startInvoiceWorkflow(deps, issued, eventId, emailQueued);
  return issued;
}

/** Starts an issued invoice's workflow; if it does not start now, the sweeper starts it. */
export async function startInvoiceWorkflow(
  deps: Pick<Deps, 'orm' | 'orchestrator' | 'logger'>,
  invoice: Invoice,
  issuedEventId: string | null,
  issuedEmailQueued = false,
): Promise<void> {
  await startOrLeaveToSweeper(
    deps,
    { kind: 'invoice', reference: invoice.reference },
    () => deps.orchestrator.startInvoice(invoice, issuedEventId, issuedEmailQueued),
    (em) => markInvoiceWorkflowStarted(em, invoice.id),
  );
}

/**
 * Voids an invoice with nothing in flight, in one transaction with `invoice.voided`, then tells
 * its workflow, which ends. Voiding a draft just retires it.
 */
export async function voidInvoice(
  deps: Deps,
  invoice: Invoice,
  reason: string | null,
  auditAs?: AuditActor,
): Promise<Invoice> {
  const now = nowOf(deps);
  const { voided, eventId } = await em(deps).transactional(async (tx) => {
    const locked = (await lockInvoice(tx, invoice.id))!;
    const inFlight = await invoicePaymentsInFlight(tx, locked);
    refuse(judgeVoid(locked.status, inFlight.count));
    const voided = (await markVoided(tx, locked.id, reason))!;
    const eventId =
      locked.status === 'DRAFT'
        ? null
        : await recordInvoiceEvent(
            tx,
            voided,
            'invoice.voided',
            invoiceView(voided, deps.config.PUBLIC_URL, now, deps.config.COMPANY_TIME_ZONE),
          );
    if (auditAs) {
      await appendAudit(tx, auditAs, {
        action: 'invoice.voided',
        targetType: 'invoice',
        targetId: voided.reference,
        before: { status: locked.status },
        after: { status: 'VOID', reason },
      });
    }
    return { voided, eventId };
  });
  if (eventId) {
    try {
      await deps.orchestrator.voidInvoice(voided, eventId);
    } catch (error) {
      // The workflow reads the invoice whenever it wakes: a VOID invoice ends it then.
      deps.logger.warn({ err: error, invoice: voided.reference }, 'invoice workflow not told of the void');
    }
  }
  return voided;
}
