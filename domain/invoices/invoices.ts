import { currentInstallment, overdueAt, type InstallmentBalance } from './installments.js';

/**
 * An invoice's life, decided in one place: which states it moves through, what may be paid on it,
 * when it may be voided and when it is overdue. Pure; the API, the workflow's activities and the
 * tests ask these functions.
 */

export const INVOICE_STATUSES = ['DRAFT', 'OPEN', 'PARTIALLY_PAID', 'PAID', 'VOID'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** States in which an invoice is issued and may still take payments. */
export const PAYABLE_INVOICE_STATUSES: readonly InvoiceStatus[] = ['OPEN', 'PARTIALLY_PAID'];

export type InvoiceRefusal = {
  code:
    | 'INVOICE_NOT_EDITABLE'
    | 'INVOICE_NOT_DRAFT'
    | 'INVOICE_NOT_PAYABLE'
    | 'INVOICE_PAYMENT_IN_FLIGHT'
    | 'PAYMENT_EXCEEDS_OUTSTANDING';
  message: string;
  details?: Record<string, unknown>;
};

/** Drafts are edited freely; an issued invoice is a document someone may already hold. */
export function judgeEdit(status: InvoiceStatus): InvoiceRefusal | null {
  if (status === 'DRAFT') return null;
  return {
    code: 'INVOICE_NOT_EDITABLE',
    message: `An ${status} invoice cannot be changed; void it and issue another`,
  };
}

export function judgeIssue(status: InvoiceStatus): InvoiceRefusal | null {
  if (status === 'DRAFT') return null;
  return { code: 'INVOICE_NOT_DRAFT', message: `This invoice is ${status}: only a DRAFT is issued` };
}

/**
 * An invoice is voided only while nothing is in flight: a payment a customer may still complete
 * would otherwise land on a void invoice. A PAID invoice stays paid (refund its payments instead).
 */
export function judgeVoid(status: InvoiceStatus, paymentsInFlight: number): InvoiceRefusal | null {
  if (status === 'PAID' || status === 'VOID') {
    return { code: 'INVOICE_NOT_PAYABLE', message: `This invoice is ${status} and cannot be voided` };
  }
  if (paymentsInFlight > 0) {
    return {
      code: 'INVOICE_PAYMENT_IN_FLIGHT',
      message: 'A payment for this invoice is still in progress; void it once that payment has settled',
      details: { paymentsInFlight },
    };
  }
  return null;
}

export interface InvoiceBalance {
  status: InvoiceStatus;
  totalMinor: number;
  paidMinor: number;
}

/**
 * Admits a payment of `amountMinor` for an invoice: only an issued, unpaid invoice, and never
 * more than it lacks once the payments already in flight for it are counted (each may still
 * succeed). The caller holds the invoice's row lock, so racing admissions are decided one by one.
 */
export function judgeInvoicePayment(
  invoice: InvoiceBalance,
  inFlightMinor: number,
  amountMinor: number,
): InvoiceRefusal | null {
  if (!PAYABLE_INVOICE_STATUSES.includes(invoice.status)) {
    return { code: 'INVOICE_NOT_PAYABLE', message: `This invoice is ${invoice.status} and cannot be paid` };
  }
  const payableMinor = Math.max(0, invoice.totalMinor - invoice.paidMinor - inFlightMinor);
  if (amountMinor > payableMinor) {
    return {
      code: 'PAYMENT_EXCEEDS_OUTSTANDING',
      message:
        inFlightMinor > 0
          ? 'The amount is more than the invoice lacks, counting payments still in progress'
          : 'The amount is more than the invoice lacks',
      details: { payableMinor, outstandingMinor: invoice.totalMinor - invoice.paidMinor, inFlightMinor },
    };
  }
  return null;
}

/** Where paying moves an issued invoice. */
export function statusAfterPayment(totalMinor: number, paidMinor: number): InvoiceStatus {
  if (paidMinor >= totalMinor) return 'PAID';
  return paidMinor > 0 ? 'PARTIALLY_PAID' : 'OPEN';
}

/** The event an invoice's payment sends the app. */
export function invoicePaymentEvent(status: InvoiceStatus): 'invoice.paid' | 'invoice.partially_paid' {
  return status === 'PAID' ? 'invoice.paid' : 'invoice.partially_paid';
}

/**
 * The due date of the oldest installment still owed once it has passed, else null: an overdue
 * invoice is a flag on an issued one, not a state of its own.
 */
export function overdueSince<T extends InstallmentBalance & { dueDate: string }>(
  status: InvoiceStatus,
  installments: T[],
  now: Date,
  companyTimeZone: string | undefined,
): string | null {
  if (!PAYABLE_INVOICE_STATUSES.includes(status)) return null;
  const owed = currentInstallment(installments);
  if (!owed) return null;
  return now >= overdueAt(owed.dueDate, companyTimeZone) ? owed.dueDate : null;
}

/**
 * An issued invoice's number, sequential per app, mode and year: `INV-2026-000123`. TEST
 * invoices are numbered apart and say so (`TEST-INV-2026-000007`), so a test document can never
 * pass for a real one.
 */
export function invoiceNumber(mode: 'TEST' | 'LIVE', year: number, sequence: number): string {
  const number = `INV-${year}-${String(sequence).padStart(6, '0')}`;
  return mode === 'TEST' ? `TEST-${number}` : number;
}

/** What applying a payment to its invoice owes: events to deliver, and the invoice's workflow to tell. */
export interface InvoiceApplication {
  eventIds: string[];
  workflowId: string;
}
