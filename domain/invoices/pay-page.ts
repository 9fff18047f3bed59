import { currentInstallment, type InstallmentBalance } from './installments.js';
import { PAYABLE_INVOICE_STATUSES, type InvoiceStatus } from './invoices.js';

/** A payment already in flight for the invoice, as the pay page weighs it. */
export interface PaymentInFlight {
  reference: string;
  status: 'CREATED' | 'PENDING';
  amountMinor: number;
  expiresAt: Date;
}

export interface PayPageInvoice {
  status: InvoiceStatus;
  installments: Array<InstallmentBalance & { sequence: number }>;
}

/**
 * What Pay does on an invoice's public page:
 * - CONTINUE: a payment for the amount due now is still open (the page's own, or one the app
 *   made), so the customer goes back to its checkout: a double click or a return from the
 *   gateway never makes a second payment;
 * - CREATE: a payment for what is due now, the unpaid rest of the earliest open installment;
 * - REFUSE: nothing can be paid (paid or void), or another amount is in flight and may succeed.
 */
export type PayDecision =
  | { kind: 'CONTINUE'; reference: string }
  | { kind: 'CREATE'; amountMinor: number; installment: number }
  | { kind: 'REFUSE'; reason: 'NOT_PAYABLE' | 'PAYMENT_IN_PROGRESS' };

export function decidePay(invoice: PayPageInvoice, inFlight: PaymentInFlight[], now: Date): PayDecision {
  if (!PAYABLE_INVOICE_STATUSES.includes(invoice.status)) return { kind: 'REFUSE', reason: 'NOT_PAYABLE' };
  const due = currentInstallment(invoice.installments);
  if (!due) return { kind: 'REFUSE', reason: 'NOT_PAYABLE' };
  const amountMinor = due.amountMinor - due.paidMinor;
  const open = inFlight.find(
    (payment) =>
      payment.amountMinor === amountMinor && (payment.status === 'PENDING' || payment.expiresAt > now),
  );
  if (open) return { kind: 'CONTINUE', reference: open.reference };
  // Whatever is in flight may still succeed: admitting more could take more than the invoice lacks.
  if (inFlight.length > 0) return { kind: 'REFUSE', reason: 'PAYMENT_IN_PROGRESS' };
  return { kind: 'CREATE', amountMinor, installment: due.sequence };
}
