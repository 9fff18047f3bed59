import type { EntityManager } from '@mikro-orm/postgresql';
import { applyPayment } from '../../domain/invoices/installments.js';
import {
  invoicePaymentEvent,
  judgeInvoicePayment,
  statusAfterPayment,
  type InvoiceApplication,
  type InvoiceRefusal,
} from '../../domain/invoices/invoices.js';
import { workflowIds } from '../../domain/shared/workflow-ids.js';
import type { Payment } from '../../platform/orm/entities.js';
import { recordEvent } from '../webhooks/events.js';
import { invoiceView } from './invoice-view.js';
import { decidePay, type PayDecision } from '../../domain/invoices/pay-page.js';
import {
  invoicePaymentsInFlight,
  listInvoicePaymentsInFlight,
  lockInvoice,
  lockScopedInvoice,
  recordInvoicePayment,
  type Invoice,
} from './invoices.js';
import { insertPayment, type AppScope, type NewPayment } from '../payments/payments.js';

/**
 * The two places a payment meets its invoice: admission (creating a payment for it never takes
 * more than it lacks) and application (a succeeded payment pays its installments), each inside
 * the invoice's row lock.
 */

export type InvoicePaymentRefusal =
  | InvoiceRefusal
  | {
      code: 'INVOICE_NOT_FOUND' | 'INVOICE_CURRENCY_MISMATCH';
      message: string;
      details?: Record<string, unknown>;
    };

/**
 * Creates a payment for an invoice in one transaction under the invoice's lock, so racing
 * creates are admitted one by one against what the invoice lacks, counting the payments still in
 * flight for it (each may yet succeed).
 */
export async function insertInvoicePayment(
  em: EntityManager,
  scope: AppScope,
  invoiceIdOrReference: string | number,
  payment: NewPayment,
): Promise<{ payment: Payment; invoice: Invoice } | InvoicePaymentRefusal> {
  return em.transactional(async (tx) => {
    const invoice = await lockScopedInvoice(tx, scope, invoiceIdOrReference);
    if (!invoice) return { code: 'INVOICE_NOT_FOUND', message: 'No such invoice' };
    if (payment.currency !== invoice.currency) {
      return {
        code: 'INVOICE_CURRENCY_MISMATCH',
        message: `The invoice is in ${invoice.currency}; pay it in ${invoice.currency}`,
      };
    }
    const inFlight = await invoicePaymentsInFlight(tx, invoice);
    const refusal = judgeInvoicePayment(
      { status: invoice.status, totalMinor: invoice.totals.totalMinor, paidMinor: invoice.paidMinor },
      inFlight.amountMinor,
      payment.amountMinor,
    );
    if (refusal) return refusal;
    const created = await insertPayment(tx, { ...payment, invoiceId: invoice.reference });
    return { payment: created, invoice };
  });
}

/** What Pay did: made the payment, or what it decided instead. */
export type PayOutcome = Exclude<PayDecision, { kind: 'CREATE' }> | { kind: 'CREATED'; reference: string };

/**
 * The pay page's Pay, decided and carried out under the invoice's lock, so racing presses see
 * each other's payment: the first makes the payment for what is due now, the rest continue to it.
 */
export async function payInvoiceDueNow(
  em: EntityManager,
  invoiceId: number,
  now: Date,
  paymentFor: (invoice: Invoice, amountMinor: number, installment: number) => NewPayment,
): Promise<PayOutcome> {
  return em.transactional(async (tx) => {
    const invoice = await lockInvoice(tx, invoiceId);
    if (!invoice) return { kind: 'REFUSE', reason: 'NOT_PAYABLE' };
    const decision = decidePay(invoice, await listInvoicePaymentsInFlight(tx, invoice), now);
    if (decision.kind !== 'CREATE') return decision;
    const created = await insertPayment(tx, paymentFor(invoice, decision.amountMinor, decision.installment));
    return { kind: 'CREATED', reference: created.reference };
  });
}

const paymentSource = (payment: Pick<Payment, 'reference'>) => ({
  sourceType: 'invoice_payment',
  sourceId: payment.reference,
});

/**
 * Applies a payment that just succeeded to its invoice, in the payment's transaction: its
 * installments in due order, the invoice PARTIALLY_PAID or PAID, and `invoice.partially_paid` or
 * `invoice.paid`. Once per payment (`invoice_applied`); a retry gets the events the first try
 * recorded. A payment whose invoice cannot take it (gone, void, paid, another currency) is left
 * unapplied and logged by the caller: admission and the void rule make that impossible in practice.
 */
export async function applyPaymentToInvoice(
  tx: EntityManager,
  payment: Payment,
  publicUrl: string,
  /** The company's time zone (COMPANY_TIME_ZONE): the days the invoice's due dates are. */
  companyTimeZone: string | undefined,
): Promise<InvoiceApplication | null> {
  if (!payment.invoiceId) return null;
  const invoice = await lockScopedInvoice(tx, payment, payment.invoiceId);
  if (!invoice?.number) return null;
  const workflowId = workflowIds.invoice(invoice.appId, invoice.number!);
  // The payment's row is locked by the caller's transaction: this read and the mark below are one step.
  const [applied] = await tx.execute<Array<{ invoice_applied: boolean }>>(
    'select invoice_applied from payments where id = ?',
    [payment.id],
  );
  if (applied?.invoice_applied) {
    const rows = await tx.execute<Array<{ id: string }>>(
      'select id from events where source_type = ? and source_id = ? order by created_at, id',
      [paymentSource(payment).sourceType, paymentSource(payment).sourceId],
    );
    return { eventIds: rows.map((row) => row.id), workflowId };
  }
  const refused =
    payment.currency !== invoice.currency ||
    judgeInvoicePayment(
      { status: invoice.status, totalMinor: invoice.totals.totalMinor, paidMinor: invoice.paidMinor },
      0,
      payment.amountMinor,
    ) !== null;
  if (refused) return null;
  await tx.execute('update payments set invoice_applied = true where id = ?', [payment.id]);
  const paid = applyPayment(invoice.installments, payment.amountMinor);
  const status = statusAfterPayment(invoice.totals.totalMinor, invoice.paidMinor + payment.amountMinor);
  const updated = await recordInvoicePayment(tx, invoice, paid, status);
  const { eventId } = await recordEvent(tx, {
    appId: invoice.appId,
    mode: invoice.mode,
    type: invoicePaymentEvent(status),
    ...paymentSource(payment),
    data: {
      ...invoiceView(updated, publicUrl, new Date(), companyTimeZone),
      payment: { reference: payment.reference, amountMinor: payment.amountMinor },
    },
  });
  return { eventIds: [eventId], workflowId };
}
