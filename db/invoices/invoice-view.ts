import { currentInstallment, overdueAt } from '../../domain/invoices/installments.js';
import { overdueSince, PAYABLE_INVOICE_STATUSES } from '../../domain/invoices/invoices.js';
import { formatMoney, type Currency } from '../../domain/shared/money.js';
import type { Invoice, InvoiceInstallment } from './invoices.js';

/** Where an installment stands, as apps and customers read it. */
export type InstallmentState = 'PAID' | 'PARTIALLY_PAID' | 'OVERDUE' | 'DUE' | 'UPCOMING' | 'VOID';

export function installmentState(
  invoice: Invoice,
  installment: InvoiceInstallment,
  now: Date,
  companyTimeZone: string | undefined,
): InstallmentState {
  if (installment.paidMinor >= installment.amountMinor) return 'PAID';
  if (invoice.status === 'VOID') return 'VOID';
  if (installment.paidMinor > 0) return 'PARTIALLY_PAID';
  if (now >= overdueAt(installment.dueDate, companyTimeZone)) return 'OVERDUE';
  return currentInstallment(invoice.installments)?.sequence === installment.sequence ? 'DUE' : 'UPCOMING';
}

/** The payable link a customer opens; null until the invoice is issued. */
export function payableUrlFor(publicUrl: string, invoice: Pick<Invoice, 'payableToken'>): string | null {
  return invoice.payableToken ? `${publicUrl}/pay/${invoice.payableToken}` : null;
}

/**
 * The invoice as apps see it, in API responses and webhook payloads alike: overdue as of `now`,
 * its due dates being days in the company's time zone (COMPANY_TIME_ZONE).
 */
export function invoiceView(
  invoice: Invoice,
  publicUrl: string,
  now: Date,
  companyTimeZone: string | undefined,
) {
  const currency = invoice.currency as Currency;
  const money = (amountMinor: number) => formatMoney(amountMinor, currency);
  const outstandingMinor = invoice.status === 'VOID' ? 0 : invoice.totals.totalMinor - invoice.paidMinor;
  const owed = PAYABLE_INVOICE_STATUSES.includes(invoice.status)
    ? currentInstallment(invoice.installments)
    : null;
  const since = overdueSince(invoice.status, invoice.installments, now, companyTimeZone);
  return {
    id: invoice.id,
    reference: invoice.reference,
    number: invoice.number,
    status: invoice.status,
    mode: invoice.mode,
    currency: invoice.currency,
    customer: {
      customerReference: invoice.customer.reference,
      name: invoice.customer.name,
      email: invoice.customer.email,
      phone: invoice.customer.phone,
      address: invoice.customer.address,
    },
    lines: invoice.lines.map((line) => ({
      position: line.position,
      description: line.description,
      quantity: line.quantity,
      unitAmountMinor: line.unitAmountMinor,
      taxRateBasisPoints: line.taxRateBasisPoints,
      discount: line.discount,
      grossMinor: line.grossMinor,
      discountMinor: line.discountMinor,
      taxMinor: line.taxMinor,
      totalMinor: line.totalMinor,
    })),
    totals: {
      ...invoice.totals,
      paidMinor: invoice.paidMinor,
      outstandingMinor,
      totalFormatted: money(invoice.totals.totalMinor),
      outstandingFormatted: money(outstandingMinor),
    },
    dueDate: invoice.dueDate,
    installments: invoice.installments.map((installment) => ({
      sequence: installment.sequence,
      amountMinor: installment.amountMinor,
      dueDate: installment.dueDate,
      paidMinor: installment.paidMinor,
      state: installmentState(invoice, installment, now, companyTimeZone),
      paidAt: installment.paidAt?.toISOString() ?? null,
    })),
    dueNow: owed && {
      installment: owed.sequence,
      amountMinor: owed.amountMinor - owed.paidMinor,
      dueDate: owed.dueDate,
    },
    overdue: since ? { since } : null,
    installmentPlan: invoice.plan,
    notes: invoice.notes,
    metadata: invoice.metadata,
    payableUrl: payableUrlFor(publicUrl, invoice),
    issuedAt: invoice.issuedAt?.toISOString() ?? null,
    paidAt: invoice.paidAt?.toISOString() ?? null,
    voidedAt: invoice.voidedAt?.toISOString() ?? null,
    voidReason: invoice.voidReason,
    createdAt: invoice.createdAt.toISOString(),
    updatedAt: invoice.updatedAt.toISOString(),
  };
}

export type InvoiceView = ReturnType<typeof invoiceView>;
