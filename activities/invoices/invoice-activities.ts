import { ApplicationFailure } from '@temporalio/activity';
import type { EntityManager } from '@mikro-orm/postgresql';
import { queueCustomerEmail } from '../customer-emails/customer-email-queueing.js';
import { recordEvent } from '../../db/webhooks/events.js';
import { invoiceView } from '../../db/invoices/invoice-view.js';
import { findInvoiceById, markInstallmentNotice, type Invoice } from '../../db/invoices/invoices.js';
import type { Orm } from '../../platform/orm/orm.js';
import type { InvoiceSchedule } from '../../domain/invoices/invoice-schedule.js';
import { companyZone } from '../../domain/shared/company-time.js';

export interface InvoiceActivityDeps {
  orm: Orm;
  publicUrl: string;
  /** The company's time zone (COMPANY_TIME_ZONE): installments' due dates are its days. */
  companyTimeZone?: string | undefined;
}

/** The events an installment's notices send, in the order they come. */
export const INSTALLMENT_NOTICES = {
  DUE: { type: 'invoice.installment_due', column: 'reminded_at' },
  OVERDUE: { type: 'invoice.installment_overdue', column: 'overdue_at' },
} as const;
export type InstallmentNotice = keyof typeof INSTALLMENT_NOTICES;

/** An installment's events are its own source, so each is recorded once however often asked. */
export const installmentSource = (invoice: Pick<Invoice, 'reference'>, sequence: number) => ({
  type: 'invoice_installment',
  id: `${invoice.reference}#${sequence}`,
});

export function createInvoiceActivities(deps: InvoiceActivityDeps) {
  const em = () => deps.orm.em.fork() as EntityManager;

  async function load(tx: EntityManager, invoiceId: number): Promise<Invoice> {
    const invoice = await findInvoiceById(tx, invoiceId);
    if (!invoice) {
      throw ApplicationFailure.nonRetryable(`invoice ${invoiceId} does not exist`, 'INVOICE_MISSING');
    }
    return invoice;
  }

  return {
    /** The invoice as its workflow plans from it: status, reminder setting, installments and notices sent. */
    async invoiceSchedule(input: {
      invoiceId: number;
    }): Promise<InvoiceSchedule & { number: string | null }> {
      const db = em();
      const invoice = await load(db, input.invoiceId);
      const [app] = await db.execute<Array<{ invoice_reminder_days: number }>>(
        'select invoice_reminder_days from apps where id = ?',
        [invoice.appId],
      );
      return {
        status: invoice.status,
        companyTimeZone: companyZone(deps.companyTimeZone),
        number: invoice.number,
        reminderDays: Number(app?.invoice_reminder_days ?? 3),
        installments: invoice.installments.map((installment) => ({
          sequence: installment.sequence,
          amountMinor: installment.amountMinor,
          paidMinor: installment.paidMinor,
          dueDate: installment.dueDate,
          reminded: installment.remindedAt !== null,
          overdueNoticeSent: installment.overdueAt !== null,
        })),
      };
    },

    /**
     * Records an installment's reminder or overdue notice in ONE transaction: the mark on the
     * installment, its event and the customer's email (when the app sends them). Once: a retry
     * returns the event the first try recorded. The payload is the invoice with the installment
     * it is about.
     */
    async sendInstallmentNotice(input: {
      invoiceId: number;
      sequence: number;
      notice: InstallmentNotice;
    }): Promise<{ eventId: string; emailQueued: boolean }> {
      const { type, column } = INSTALLMENT_NOTICES[input.notice];
      return em().transactional(async (tx) => {
        await markInstallmentNotice(tx, input.invoiceId, input.sequence, column);
        const invoice = await load(tx, input.invoiceId);
        const view = invoiceView(invoice, deps.publicUrl, new Date(), deps.companyTimeZone);
        const event = await recordEvent(tx, {
          appId: invoice.appId,
          mode: invoice.mode,
          type,
          sourceType: installmentSource(invoice, input.sequence).type,
          sourceId: installmentSource(invoice, input.sequence).id,
          data: {
            ...view,
            installment: view.installments.find((i) => i.sequence === input.sequence) ?? null,
          },
        });
        const emailQueued = await queueCustomerEmail(
          tx,
          { ...event, type, appId: invoice.appId, mode: invoice.mode },
          invoice.customer.email,
          { invoiceNumber: invoice.number, installment: input.sequence },
        );
        return { eventId: event.eventId, emailQueued };
      });
    },
  };
}
